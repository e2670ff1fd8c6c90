/**
 * The checked workbook a bureau sends back to a submitter (data contract
 * section 10.4): a first sheet listing every error and warning, then, per
 * sheet of the submission, its header and every row with an error, at their
 * original row numbers, the cells at fault filled red with the reason in a
 * comment. Submitted text is written as text, never as a formula. Its size
 * is bounded: at most CHECKED_ROWS_KEPT rows per sheet are copied; the
 * errors sheet lists the first ERRORS_LISTED errors and counts the rest.
 */
import ExcelJS from 'exceljs';
import type { RowError } from '../domain/submission-status';
import { cutUnits, safeSheetName, safeText } from '../excel/excel-safety';
import type { CellInput } from './parsing/cell-values';
import { isCellProblem } from './parsing/cell-values';

/**
 * What one checked workbook may hold, whatever the upload: 64 sheets of 2,000 rejected rows made a
 * 15 MB workbook that ran the ingest out of memory. Past a limit it holds what fits and says so.
 */
export const CHECKED_LIMITS = {
  rowsPerSheet: 2_000,
  columns: 200,
  /** Cells copied across all sheets, and the characters of their text. */
  cells: 200_000,
  characters: 4_000_000,
  errorsListed: 10_000,
} as const;

/** The copies one upload's checked workbook may still take; shared by all its sheets. */
export class CheckedBudget {
  private cells = 0;
  private characters = 0;

  /** The row's cells as the workbook will hold them (at most CHECKED_LIMITS.columns), or undefined when it is full. */
  take(cells: readonly CellInput[]): readonly CellInput[] | undefined {
    const kept = cells.length > CHECKED_LIMITS.columns ? cells.slice(0, CHECKED_LIMITS.columns) : cells;
    let characters = 0;
    for (const c of kept) if (typeof c === 'string') characters += c.length;
    if (this.cells + kept.length > CHECKED_LIMITS.cells || this.characters + characters > CHECKED_LIMITS.characters) return undefined;
    this.cells += kept.length;
    this.characters += characters;
    return kept;
  }
}

/** A row that was rejected, as the file held it, with the reasons by column index. */
export interface RejectedRow {
  row: number;
  cells: readonly CellInput[];
  faults: ReadonlyMap<number, string>;
}

export interface CheckedSheet {
  /** The worksheet name for workbooks; undefined for CSV and JSON. */
  name: string | undefined;
  /** The header rows as the file held them, with their row numbers. */
  header: { row: number; cells: readonly CellInput[] }[];
  rejected: readonly RejectedRow[];
  /** Rejected rows beyond those kept. */
  moreRejected: number;
  /** Rows had more columns than CHECKED_LIMITS.columns; only the first are copied. */
  columnsCut: boolean;
  errors: readonly RowError[];
  errorCount: number;
  warnings: readonly string[];
}

const FAULT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const FAULT_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** A value as a cell shows it; text is always a string cell (exceljs never reads a string as a formula). */
function cellValue(cell: CellInput): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (isCellProblem(cell)) return safeText(cell.problem);
  if (cell instanceof Date || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return safeText(cell);
}

/** The first sheet: every error and warning of every sheet, bounded. */
function errorList(wb: ExcelJS.Workbook, sheets: readonly CheckedSheet[]): void {
  const list = wb.addWorksheet('错误清单 Errors', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: '工作表 Sheet', width: 16 },
    { header: '行 Row', width: 8 },
    { header: '列 Column', width: 24 },
    { header: '类别 Kind', width: 12 },
    { header: '说明 Message', width: 90 },
  ];
  list.getRow(1).font = { bold: true };
  list.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 };
  let listed = 0;
  for (const s of sheets) {
    for (const e of s.errors) {
      if (listed++ >= CHECKED_LIMITS.errorsListed) break;
      list.addRow([safeText(s.name ?? ''), e.row || null, safeText(e.column), '错误 error', safeText(e.message)]);
    }
    const more = s.errorCount - s.errors.length;
    if (more > 0) list.addRow([safeText(s.name ?? ''), null, null, '错误 error', `另有 ${more} 条错误未列出 / ${more} more errors not listed`]);
    for (const w of s.warnings) list.addRow([safeText(s.name ?? ''), null, null, '警告 warning', safeText(w)]);
  }
}

/** A sheet name Excel accepts and no other sheet has (Excel compares them without case, after its 31-character cut). */
function uniqueSheetName(wanted: string, index: number, used: Set<string>): string {
  let name = safeSheetName(wanted);
  for (let n = 1; used.has(name.toLowerCase()); n++) name = safeSheetName(`${cutUnits(safeSheetName(wanted), 22)} (${index + 1}-${n})`);
  used.add(name.toLowerCase());
  return name;
}

/** One sheet of the submission: its header and rejected rows at their row numbers, the cells at fault red with the reason. */
function rejectedRowsSheet(wb: ExcelJS.Workbook, s: CheckedSheet, name: string): void {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: s.header.length + 1, xSplit: 1 }] });
  // Wide enough to read a name or a credit code; the row number column narrow.
  const width = Math.max(1, ...s.header.map((h) => h.cells.length), ...s.rejected.map((r) => r.cells.length));
  sheet.columns = [{ width: 10 }, ...Array.from({ length: width }, () => ({ width: 22 }))];
  sheet.getColumn(1).alignment = { horizontal: 'left' };
  sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 };
  const put = (rowNumber: number, cells: readonly CellInput[], faults?: ReadonlyMap<number, string>) => {
    const row = sheet.addRow([rowNumber, ...cells.map(cellValue)]);
    faults?.forEach((message, index) => {
      const cell = row.getCell(index + 2);
      cell.fill = FAULT_FILL;
      cell.font = FAULT_FONT;
      cell.note = safeText(message);
    });
    return row;
  };
  const cut = s.columnsCut ? [`只复制了前 ${CHECKED_LIMITS.columns} 列 / only the first ${CHECKED_LIMITS.columns} columns are copied`] : [];
  sheet.addRow(['原行号 Row', ...cut]).font = { bold: true };
  for (const h of s.header) {
    const row = put(h.row, h.cells);
    row.font = { bold: true };
    row.eachCell((c) => (c.fill = HEAD_FILL));
  }
  for (const r of s.rejected) put(r.row, r.cells, r.faults);
  if (s.moreRejected > 0) sheet.addRow([null, `另有 ${s.moreRejected} 行错误未复制，见错误清单 / ${s.moreRejected} more rows with errors are listed on the Errors sheet only`]);
}

export async function checkedWorkbook(sheets: readonly CheckedSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Torchline';
  errorList(wb, sheets);
  const used = new Set<string>(['错误清单 errors']);
  sheets.forEach((s, i) => {
    if (s.rejected.length > 0) rejectedRowsSheet(wb, s, uniqueSheetName(s.name ?? '数据 Data', i, used));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
