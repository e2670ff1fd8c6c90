/**
 * The checked workbook: the file the submitter fixes and sends back (data
 * contract sections 10.4 and 11). A first sheet `错误清单 Errors` with the
 * instruction and every error and warning; then each sheet of the submission
 * whole, as the submitter wrote it, at its original row numbers with its
 * merged cells — the cells at fault red with the reason in a comment, rows
 * with a warning or finding yellow, a 备注 column added where the sheet has
 * no note column. Submitted text is written as text, never as a formula; a
 * returned copy is read as the submission it is (the Errors sheet ignored).
 * Its size is bounded by CHECKED_LIMITS; past them it says what was cut.
 */
import ExcelJS from 'exceljs';
import type { RowError } from '../domain/submission-status';
import { cutUnits, safeSheetName, safeText } from '../excel/excel-safety';
import type { CellInput } from './parsing/cell-values';
import type { SheetCopy } from './sheet-copy';
import { CHECKED_LIMITS, MERGES_COPIED } from './checked-budget';
import { isCellProblem } from './parsing/cell-values';
import { displayWidth, wrappedHeight } from '../excel/print-width';
import { ERRORS_LIST_HEADER, ERRORS_SHEET } from './errors-list';
import { displayText } from '../domain/display-text';
import { isSerialHeader } from './parsing/header-mapping';

/** One sheet of the submission as it goes back, with what the ingest said of it. */
export interface CheckedSheet {
  /** The worksheet's name: the file's own, or the dataset's Chinese name for a CSV or JSON file (so a returned copy routes by it). */
  name: string;
  copy: SheetCopy | undefined;
  errors: readonly RowError[];
  errorCount: number;
  warnings: readonly string[];
  /** Review findings the rows alone show: to explain in the note column. */
  findings: readonly RowError[];
}

const RED: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const RED_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const YELLOW: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };
/** What Excel reads back as the same value: a date stays a date, text stays text (a credit code is never a number). */
function cellValue(cell: CellInput): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (isCellProblem(cell)) return safeText(cell.problem);
  if (cell instanceof Date || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return safeText(cell);
}

/** Room to write a reason in; no column wider than MAX_WIDTH, so the sheet prints at a readable size (longer text wraps). */
const NOTE_WIDTH = 20;
const MAX_WIDTH = 24;
const LIST_WIDTHS = [16, 7, 18, 13, 90];
const MESSAGE_WIDTH = LIST_WIDTHS[4]!;
const INSTRUCTION = [
  '请修改标红的单元格；标黄的行如数据无误，请在「备注」列写明原因。保存后将整个文件重新提交（文件名不限，本页不会被读取）。',
  'Fix the cells filled red; for every row filled yellow whose figures are right, write why in the 备注 (note) ' +
    'column. Save and send the whole file back (any name; this sheet is not read).',
];

/** Both sheets print the same way: A4 landscape fitted to the width, the given rows on every page, page numbers. */
function printAsA4(sheet: ExcelJS.Worksheet, titles: string | undefined): void {
  sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9, ...(titles ? { printTitlesRow: titles } : {}) };
  sheet.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

/** A line of the list, its message wrapped and the row tall enough to print all of it. */
function listRow(list: ExcelJS.Worksheet, sheet: string, row: number | null, column: string | null, kind: string, message: string): void {
  const text = safeText(message);
  const added = list.addRow([safeText(sheet), row || null, column === null ? null : safeText(column), kind, text]);
  added.alignment = { vertical: 'top', wrapText: true };
  added.height = wrappedHeight(text, MESSAGE_WIDTH);
}

/** Names a unit's own column carries on bureau forms (企业名称, 孵化器名称, 项目名称, 单位名称): the row's name. */
const NAME_HEADER = /名称$/u;

/**
 * How a person finds a row on the printed form: its 序号 and name beside the sheet row, since the form's own
 * numbering starts at 1 under a title block (row 6 is 序号 1). Undefined where the sheet has neither.
 */
function rowLabeller(copy: SheetCopy | undefined): (row: number) => string | undefined {
  const header = copy?.rows.find((r) => r.row === copy.headerRow)?.cells ?? [];
  const text = (c: unknown) => (typeof c === 'string' || typeof c === 'number' ? String(c).trim() : '');
  const serial = header.findIndex((c) => isSerialHeader(text(c)));
  const name = header.findIndex((c) => NAME_HEADER.test(text(c)));
  const byRow = new Map((copy?.rows ?? []).map((r) => [r.row, r.cells]));
  return (row) => {
    const cells = byRow.get(row);
    if (!cells) return undefined;
    const parts = [serial >= 0 && text(cells[serial]) ? `序号 ${text(cells[serial])}` : '', name >= 0 ? displayText(text(cells[name]), 30) : ''];
    const label = parts.filter(Boolean).join('，');
    return label ? label : undefined;
  };
}

/** A message prefixed with the row's 序号 and name, when the form gives them. */
const labelled = (label: string | undefined, message: string) => (label ? `【${label}】${message}` : message);

/** The first sheet: how to use the workbook, then every error, warning and finding of every sheet, bounded. */
function errorList(wb: ExcelJS.Workbook, sheets: readonly CheckedSheet[]): void {
  const list = wb.addWorksheet(ERRORS_SHEET, { views: [{ state: 'frozen', ySplit: 4 }] });
  list.columns = LIST_WIDTHS.map((width) => ({ width }));
  INSTRUCTION.forEach((text, i) => {
    const row = list.addRow([text]);
    list.mergeCells(row.number, 1, row.number, LIST_WIDTHS.length);
    row.getCell(1).alignment = { vertical: 'top', wrapText: true };
    row.getCell(1).font = { bold: i === 0 };
    row.height = wrappedHeight(
      text,
      LIST_WIDTHS.reduce((a, b) => a + b, 0),
    );
  });
  list.addRow([]);
  list.addRow([...ERRORS_LIST_HEADER]).font = { bold: true };
  printAsA4(list, '4:4');
  let listed = 0;
  for (const s of sheets) {
    const label = rowLabeller(s.copy);
    for (const e of s.errors) {
      if (listed++ >= CHECKED_LIMITS.errorsListed) break;
      listRow(list, s.name, e.row, e.column, '错误 error', labelled(e.row ? label(e.row) : undefined, e.message));
    }
    const more = s.errorCount - s.errors.length;
    if (more > 0) listRow(list, s.name, null, null, '错误 error', `另有 ${more} 条错误未列出 / ${more} more errors not listed`);
    for (const w of s.warnings) listRow(list, s.name, null, null, '警告 warning', w);
    for (const f of s.findings) listRow(list, s.name, f.row, f.column, '待说明 finding', labelled(label(f.row), f.message));
  }
}

/** A sheet name Excel accepts and no other sheet has (Excel compares them without case, after its 31-character cut). */
function uniqueSheetName(wanted: string, index: number, used: Set<string>): string {
  let name = safeSheetName(wanted);
  for (let n = 1; used.has(name.toLowerCase()); n++) name = safeSheetName(`${cutUnits(safeSheetName(wanted), 22)} (${index + 1}-${n})`);
  used.add(name.toLowerCase());
  return name;
}

/** The sheet's merged ranges again, those that fit; a range a sound workbook cannot have (overlapping) is left out. */
function remerge(sheet: ExcelJS.Worksheet, copy: SheetCopy, width: number): void {
  const last = copy.rows.at(-1)?.row ?? 0;
  for (const m of copy.merges.slice(0, MERGES_COPIED)) {
    if (m.top > last || m.left >= width) continue;
    try {
      sheet.mergeCells(m.top, m.left + 1, Math.min(m.bottom, last), Math.min(m.right, width - 1) + 1);
    } catch {
      // exceljs refuses overlapping ranges, as Excel would.
    }
  }
}

/** The marks: red cells with the reason, yellow rows with the warning in the note cell's comment. */
function mark(sheet: ExcelJS.Worksheet, copy: SheetCopy, width: number, noteColumn: number, notes: { left: number }): void {
  // A comment per marked cell while the workbook's allowance lasts (each costs the writer far more than a cell);
  // past it the cells are still coloured, and the Errors sheet gives every reason.
  const note = (cell: ExcelJS.Cell, text: string) => {
    if (notes.left <= 0) return;
    notes.left--;
    cell.note = safeText(text);
  };
  for (const [rowNumber, marks] of copy.marks) {
    const row = sheet.getRow(rowNumber);
    if (marks.warnings.length > 0) {
      for (let c = 1; c <= width; c++) row.getCell(c).fill = YELLOW;
      note(row.getCell(noteColumn + 1), marks.warnings.join('\n'));
    }
    for (const [column, messages] of marks.errors) {
      const cell = row.getCell(Math.max(column, 0) + 1);
      cell.fill = RED;
      cell.font = RED_FONT;
      note(cell, messages.join('\n'));
    }
  }
}

/** Column widths that show what the header and data rows hold (title and footer rows span columns, so they are not measured). */
function fittedWidths(copy: SheetCopy, width: number): number[] {
  const widths = Array.from({ length: width }, () => 6);
  const first = copy.headerRow ?? 1;
  for (const { row, cells } of copy.rows) {
    if (row < first) continue;
    cells.forEach((value, c) => {
      if (c >= width || value === null || value === undefined) return;
      const text = value instanceof Date ? '2022-01-01' : isCellProblem(value) ? value.problem : String(value);
      // Header rows wrap onto two lines, so half their width is enough.
      const need = row <= first + 1 ? Math.ceil(displayWidth(text) / 2) : displayWidth(text);
      widths[c] = Math.max(widths[c]!, Math.min(MAX_WIDTH, need + 2));
    });
  }
  return widths;
}

/** Cells inside a merged range: their text is the range's, laid out across it, so they are not wrapped by one column's width. */
function mergedCells(copy: SheetCopy): Set<string> {
  const inside = new Set<string>();
  for (const m of copy.merges.slice(0, MERGES_COPIED)) {
    for (let r = m.top; r <= Math.min(m.bottom, m.top + 50); r++) for (let c = m.left; c <= Math.min(m.right, m.left + 50); c++) inside.add(`${r}:${c}`);
  }
  return inside;
}

/** The text a cell shows, when it is text or a number. */
const shownText = (value: CellInput | undefined): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Grows the rows (never shrinks them) to the height that prints `text` wrapped in `width` units, shared by `rows` rows. */
function growRows(sheet: ExcelJS.Worksheet, top: number, rows: number, text: string, width: number): void {
  const each = Math.max(15, wrappedHeight(text, Math.max(1, width - 1)) / rows);
  for (let r = top; r < top + rows; r++) sheet.getRow(r).height = Math.max(sheet.getRow(r).height ?? 0, each);
}

/**
 * From the header row down, text wider than its column (or its merged range) wraps and the rows grow to
 * print all of it: no program grows a row exceljs wrote.
 */
function fitRows(sheet: ExcelJS.Worksheet, copy: SheetCopy, widths: readonly number[]): void {
  const first = copy.headerRow ?? 1;
  const merged = mergedCells(copy);
  const rowCells = new Map(copy.rows.map((r) => [r.row, r.cells]));
  for (const { row, cells } of copy.rows) {
    if (row < first) continue;
    cells.forEach((value, c) => {
      const text = shownText(value);
      if (c >= widths.length || merged.has(`${row}:${c}`) || text === undefined || displayWidth(text) <= widths[c]! - 1) return;
      sheet.getRow(row).getCell(c + 1).alignment = { wrapText: true, vertical: 'middle' };
      growRows(sheet, row, 1, text, widths[c]!);
    });
  }
  for (const m of copy.merges.slice(0, MERGES_COPIED)) {
    const text = shownText(rowCells.get(m.top)?.[m.left]);
    if (m.top < first || text === undefined || m.left >= widths.length) continue;
    const width = widths.slice(m.left, m.right + 1).reduce((a, b) => a + b, 0);
    if (displayWidth(text) <= width - 1) continue;
    sheet.getRow(m.top).getCell(m.left + 1).alignment = { wrapText: true, vertical: 'middle' };
    growRows(sheet, m.top, m.bottom - m.top + 1, text, width);
  }
}

/** One sheet of the submission, whole, at its original row numbers, marked (contract section 11). */
function submittedSheet(wb: ExcelJS.Workbook, s: CheckedSheet, name: string, notes: { left: number }): void {
  const copy = s.copy!;
  const sheet = wb.addWorksheet(name);
  const cells = Math.min(CHECKED_LIMITS.columns, Math.max(1, ...copy.rows.map((r) => r.cells.length)));
  // The submitter's note column, or a 备注 column after the last one, headed in the header row.
  const noteColumn = copy.noteColumn ?? cells;
  const width = Math.max(cells, noteColumn + 1);
  const widths = fittedWidths(copy, width);
  // Room to write a reason in.
  widths[noteColumn] = Math.max(widths[noteColumn]!, NOTE_WIDTH);
  sheet.columns = widths.map((w) => ({ width: w }));
  for (const { row, cells: values } of copy.rows) {
    const target = sheet.getRow(row);
    values.forEach((value, c) => {
      const cell = target.getCell(c + 1);
      cell.value = cellValue(value);
      if (value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
  }
  if (copy.noteColumn === undefined && copy.headerRow !== undefined) sheet.getRow(copy.headerRow).getCell(noteColumn + 1).value = '备注';
  fitRows(sheet, copy, widths);
  remerge(sheet, copy, cells);
  mark(sheet, copy, width, noteColumn, notes);
  if (copy.cut) {
    const after = (copy.rows.at(-1)?.row ?? 0) + 2;
    sheet.getRow(after).getCell(1).value =
      `工作簿只复制了前 ${copy.rows.length} 行，其余各行的问题见「错误清单」/ only the first ${copy.rows.length} rows are copied; the Errors sheet lists the rest`;
  }
  // The header rows on every printed page, and page numbers, as a long form is printed.
  const titles = copy.headerRow === undefined ? undefined : `${copy.headerRow}:${copy.lastHeaderRow ?? copy.headerRow}`;
  printAsA4(sheet, titles);
}

/** `mark` names the upload it was made for (ingest/returned-copy.ts), in the document's keywords. */
export async function checkedWorkbook(sheets: readonly CheckedSheet[], mark?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Torchline';
  if (mark) wb.keywords = mark;
  errorList(wb, sheets);
  const used = new Set<string>([ERRORS_SHEET.toLowerCase()]);
  const notes = { left: CHECKED_LIMITS.notes };
  sheets.forEach((s, i) => {
    if (s.copy && s.copy.rows.length > 0) submittedSheet(wb, s, uniqueSheetName(s.name, i, used), notes);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
