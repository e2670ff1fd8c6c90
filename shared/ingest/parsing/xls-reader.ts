/**
 * Reads Excel 97–2003 (.xls) and WPS (.et) workbooks: both are BIFF records
 * in an OLE compound file. The reader is @e965/xlsx 0.20.3, the fixed
 * SheetJS release (the npm `xlsx` 0.18.5 has a prototype-pollution and a
 * ReDoS CVE that a crafted upload triggers). The format is not streamable,
 * so the file is parsed whole: its size is capped before parsing, and rows
 * past the cell budget are never read.
 */
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { bilingual } from '../../domain/bilingual';
import { cutAtCharacter } from '../../domain/display-text';
import type { CellInput } from './cell-values';
import { excelSerialToDate, isDateFormatCode } from './excel-dates';
import { isEmptyRow, type MergeRange, type RawRow, type TableSheet } from './sheet-rows';
import { UnreadableFileError } from '../ingest-errors';
import { SHEET_NAME_CHARACTERS, type ReadLimits } from './workbook-limits';
import { cannotOpen, excelErrorCell, pastLimit, tooLongCell } from './workbook-messages';
import { excelNumber } from './xlsx-reader';

// Excel 95 files and the 8-bit strings of later ones are in the Windows code page (936 for Chinese).
XLSX.set_cptable(cptable);

const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
};

export const PASSWORD_MESSAGE = bilingual(
  '工作簿设置了打开密码，无法读取：请取消密码后另存，再重新上传',
  'the workbook is password-protected and cannot be read: save it without a password and upload it again',
);

function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean, limits: ReadLimits): CellInput {
  if (!cell) return null;
  switch (cell.t) {
    case 'z':
      return null;
    case 's': {
      const text = String(cell.v ?? '');
      if (text.length > limits.cellCharacters) {
        return tooLongCell(limits);
      }
      return text;
    }
    case 'b':
      return Boolean(cell.v);
    case 'e': {
      const text = ERROR_TEXT[Number(cell.v)] ?? `#${String(cell.v)}`;
      return excelErrorCell(text);
    }
    case 'd':
      return cell.v instanceof Date ? cell.v : new Date(String(cell.v));
    case 'n': {
      const n = Number(cell.v);
      // The same date test as the .xlsx reader, on the cell's number format; the serial is converted in UTC here.
      if (typeof cell.z === 'string' && isDateFormatCode(cell.z)) return excelSerialToDate(n, date1904);
      return excelNumber(n);
    }
    default:
      return cell.v === undefined || cell.v === null ? null : String(cell.v);
  }
}

/** The rows one at a time, so only the parsed workbook, not a second copy of it, is held. */
function* sheetRows(sheet: XLSX.WorkSheet, date1904: boolean, limits: ReadLimits, budget: { cells: number }): Generator<RawRow> {
  const data = (sheet as XLSX.DenseWorkSheet)['!data'] ?? [];
  for (let r = 0; r < data.length; r++) {
    const rowCells = data[r];
    if (!rowCells) continue;
    if (rowCells.length > limits.columns && rowCells.slice(limits.columns).some((c) => c && c.t !== 'z')) {
      throw pastLimit.columns(r + 1, limits);
    }
    const cells: CellInput[] = [];
    for (let c = 0; c < Math.min(rowCells.length, limits.columns); c++) {
      const cell = rowCells[c];
      if (!cell) {
        cells.push(null);
        continue;
      }
      if (++budget.cells > limits.cells) {
        throw pastLimit.cells(limits);
      }
      cells.push(cellValue(cell, date1904, limits));
    }
    if (!isEmptyRow(cells)) yield { row: r + 1, cells };
    // Let the parsed cells go as soon as they are read.
    data[r] = [];
  }
}

function merges(sheet: XLSX.WorkSheet, limits: ReadLimits): MergeRange[] {
  const ranges = sheet['!merges'] ?? [];
  if (ranges.length > limits.merges) {
    throw pastLimit.merges(limits);
  }
  // Clipped to the column limit, as the .xlsx reader does: no row holds a cell past it.
  return ranges
    .filter((m) => m.s.c < limits.columns && (m.e.r > m.s.r || m.e.c > m.s.c))
    .map((m) => ({ top: m.s.r + 1, bottom: m.e.r + 1, left: m.s.c, right: Math.min(m.e.c, limits.columns - 1) }));
}

function parse(bytes: Buffer, limits: ReadLimits): XLSX.WorkBook {
  try {
    return XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellNF: true,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
      bookVBA: false,
      // Rows past the cell budget are never needed: a sheet has at most that many rows with data.
      sheetRows: Math.ceil(limits.cells / 2) + 1,
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (/password|encrypt/i.test(detail)) throw new UnreadableFileError(PASSWORD_MESSAGE);
    throw cannotOpen(detail);
  }
}

export async function* readXls(bytes: Buffer, limits: ReadLimits): AsyncGenerator<TableSheet> {
  if (bytes.length > limits.legacyWorkbookBytes) {
    const mb = (n: number) => Math.round(n / 1048576);
    throw new UnreadableFileError(
      bilingual(
        `.xls/.et 工作簿为 ${mb(bytes.length)} MB，超过上限 ${mb(limits.legacyWorkbookBytes)} MB：请另存为 .xlsx（可达 ${mb(limits.workbookBytes)} MB）后上传`,
        `the .xls/.et workbook is ${mb(bytes.length)} MB, more than the ${mb(limits.legacyWorkbookBytes)} MB allowed ` +
          `for the old format: save it as .xlsx (up to ${mb(limits.workbookBytes)} MB) and upload that`,
      ),
    );
  }
  const workbook = parse(bytes, limits);
  if (workbook.SheetNames.length > limits.sheets) {
    throw pastLimit.sheets(workbook.SheetNames.length, limits);
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const budget = { cells: 0 };
  for (let i = 0; i < workbook.SheetNames.length; i++) {
    const name = workbook.SheetNames[i]!;
    // SheetJS keys its sheets by name in a plain object: a sheet named `__proto__` must not find Object.prototype.
    const sheet = Object.hasOwn(workbook.Sheets, name) ? workbook.Sheets[name] : undefined;
    if (!sheet) continue;
    const hidden = (workbook.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
    yield {
      kind: 'table',
      spans: 'merged',
      name: cutAtCharacter(name, SHEET_NAME_CHARACTERS),
      hidden,
      merges: hidden ? [] : merges(sheet, limits),
      rows: (async function* () {
        if (!hidden) yield* sheetRows(sheet, date1904, limits, budget);
      })(),
    };
  }
}
