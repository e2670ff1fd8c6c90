/**
 * What the workbook readers (.xlsx, .xls/.et) tell a person, written once:
 * a file past a limit, a file that cannot be opened, a cell that cannot be a
 * value. Both readers use these, so the same fault reads the same whatever
 * the format.
 */
import { bilingual } from '../../domain/bilingual';
import { displayText } from '../../domain/display-text';
import type { CellProblem } from './cell-values';
import { UnreadableFileError } from '../ingest-errors';
import type { ReadLimits } from './workbook-limits';

const fileError = (zh: string, en: string) => new UnreadableFileError(bilingual(zh, en));

export const pastLimit = {
  sheets: (count: number, limits: ReadLimits) =>
    fileError(`工作簿有 ${count} 个工作表，超过上限 ${limits.sheets} 个`, `the workbook has ${count} worksheets, more than the ${limits.sheets} allowed`),
  cells: (limits: ReadLimits) =>
    fileError(`工作簿超过 ${limits.cells} 个单元格，请拆分后上传`, `the workbook has more than ${limits.cells} cells; split it into smaller files`),
  columns: (row: number, limits: ReadLimits) => fileError(`第 ${row} 行超过 ${limits.columns} 列`, `row ${row} has more than ${limits.columns} columns`),
  csvRecord: (line: number | undefined, limits: ReadLimits) =>
    fileError(
      `文件第 ${line ?? '?'} 行附近的一条记录超过 ${limits.csvRecordCharacters} 个字符，不是表格的一行；请检查引号是否成对后重新上传`,
      `a record of the file near line ${line ?? '?'} is longer than ${limits.csvRecordCharacters} characters, which ` +
        `no form's row is; check that its quotes pair up and upload it again`,
    ),
  merges: (limits: ReadLimits) => fileError(`一个工作表的合并单元格超过 ${limits.merges} 处`, `a worksheet has more than ${limits.merges} merged ranges`),
  sharedStrings: (limits: ReadLimits) =>
    fileError(
      `工作簿的共享文本超过 ${limits.sharedStringCharacters} 个字符，请拆分后上传`,
      `the workbook's shared text is longer than ${limits.sharedStringCharacters} characters; split it into smaller files`,
    ),
};

/** A workbook no reader can open; `detail` is what the reader said, shortened. */
export function cannotOpen(detail: string): UnreadableFileError {
  const shown = displayText(detail, 120);
  return fileError(
    `工作簿无法打开（${shown}），请在 Excel 或 WPS 中另存为 .xlsx 后重新上传`,
    `the workbook cannot be opened (${shown}); save it again as .xlsx and upload it again`,
  );
}

export function tooLongCell(limits: ReadLimits): CellProblem {
  return {
    problem: bilingual(
      `单元格超过 Excel 允许的 ${limits.cellCharacters} 个字符`,
      `the cell is longer than the ${limits.cellCharacters} characters Excel allows`,
    ),
  };
}

export function excelErrorCell(text: string): CellProblem {
  return { problem: bilingual(`单元格显示 Excel 错误 ${text}`, `the cell shows the Excel error ${text}`) };
}
