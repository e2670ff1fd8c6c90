/**
 * The differential test: workbooks written by several programs, read by
 * Torchline's readers and by SheetJS (@e965/xlsx), compared cell by cell.
 * exceljs and SheetJS write theirs here; openpyxl and LibreOffice wrote the
 * committed files in tests/fixtures/writers (scripts/fixtures/writer-workbooks.ts).
 * Where the two readers disagree and Torchline is right, KNOWN_DIFFERENCES
 * says why; any other difference fails.
 */
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellInput } from '../../../../shared/ingest/parsing/cell-values';
import { excelSerialToDate, isDateFormatCode } from '../../../../shared/ingest/parsing/excel-dates';
import { decodeXString } from '../../../../shared/ingest/parsing/ooxml-escapes';
import type { MergeRange, TableSheet } from '../../../../shared/ingest/parsing/sheet-rows';
import { READ_LIMITS } from '../../../../shared/ingest/parsing/workbook-limits';
import { excelErrorCell } from '../../../../shared/ingest/parsing/workbook-messages';
import { readXls } from '../../../../shared/ingest/parsing/xls-reader';
import { excelNumber, readXlsx } from '../../../../shared/ingest/parsing/xlsx-reader';
import { handmadeXlsx, inlineCell } from '../../../support/handmade-xlsx';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/writers');

interface ReadSheet {
  name: string;
  hidden: boolean;
  merges: readonly MergeRange[];
  /** "row:col" (1-based row, 0-based column) → value; empty cells absent. */
  cells: Map<string, CellInput>;
}

function isEmpty(v: CellInput): boolean {
  return v === null || v === undefined || v === '';
}

async function torchline(bytes: Buffer, format: 'xlsx' | 'xls'): Promise<ReadSheet[]> {
  const sheets: ReadSheet[] = [];
  const reader: AsyncGenerator<TableSheet> = format === 'xlsx' ? readXlsx(bytes, READ_LIMITS) : readXls(bytes, READ_LIMITS);
  for await (const sheet of reader) {
    const cells = new Map<string, CellInput>();
    for await (const row of sheet.rows) row.cells.forEach((v, c) => !isEmpty(v) && cells.set(`${row.row}:${c}`, v));
    sheets.push({ name: sheet.name ?? '', hidden: sheet.hidden, merges: sheet.merges, cells });
  }
  return sheets;
}

/** SheetJS's reading, put in the form Torchline's readers give: dates by the same format rule, 15 digits. */
function sheetjs(bytes: Buffer): ReadSheet[] {
  const wb = XLSX.read(bytes, { type: 'buffer', cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellText: true });
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  return wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name]!;
    const cells = new Map<string, CellInput>();
    for (const [ref, cell] of Object.entries(ws)) {
      if (ref.startsWith('!')) continue;
      const { r, c } = XLSX.utils.decode_cell(ref);
      const value = sheetjsValue(cell as XLSX.CellObject, date1904);
      if (!isEmpty(value)) cells.set(`${r + 1}:${c}`, value);
    }
    const merges = (ws['!merges'] ?? []).map((m) => ({ top: m.s.r + 1, bottom: m.e.r + 1, left: m.s.c, right: m.e.c }));
    return { name, hidden: Boolean(wb.Workbook?.Sheets?.[i]?.Hidden), merges, cells };
  });
}

function sheetjsValue(cell: XLSX.CellObject, date1904: boolean): CellInput {
  switch (cell.t) {
    case 's':
      return cell.v as string;
    case 'b':
      return cell.v as boolean;
    case 'e':
      return excelErrorCell(cell.w ?? '');
    case 'd':
      return cell.v as Date;
    case 'n': {
      const n = cell.v as number;
      return typeof cell.z === 'string' && isDateFormatCode(cell.z) ? excelSerialToDate(n, date1904) : excelNumber(n);
    }
    default:
      return null;
  }
}

/**
 * Where SheetJS and Torchline differ and Torchline shows what Excel shows.
 * Keyed by writer and cell; the test fails if a listed difference goes away
 * too, so the list stays true.
 */
const CR_REFERENCE = {
  cells: { '企业!7:2': 'a\r\nb' },
  // openpyxl writes a carriage return as the character reference &#13;, which XML keeps (only literal
  // CRs are normalized away, XML 1.0 section 2.11); Excel shows the cell's CR LF. SheetJS drops the CR.
  why: 'a carriage return written as &#13; is part of the text',
};
const KNOWN_DIFFERENCES: Record<string, { cells: Record<string, CellInput>; why: string }> = {
  'openpyxl.xlsx': CR_REFERENCE,
  'openpyxl-1904.xlsx': CR_REFERENCE,
};

function show(v: CellInput): string {
  return v instanceof Date ? `Date(${v.toISOString()})` : JSON.stringify(v);
}

function compare(writer: string, format: 'xlsx' | 'xls', ours: ReadSheet[], theirs: ReadSheet[]): string[] {
  const known = KNOWN_DIFFERENCES[writer]?.cells ?? {};
  const differences: string[] = [];
  expect(ours.map((s) => [s.name, s.hidden])).toEqual(theirs.map((s) => [s.name, s.hidden]));
  ours.forEach((sheet, i) => {
    const other = theirs[i]!;
    // Torchline leaves a hidden sheet's merges unread: it is never imported.
    if (!sheet.hidden) expect(sheet.merges, `${writer} ${sheet.name} merges`).toEqual(expect.arrayContaining([...other.merges]));
    // The .xls reader does not read a hidden sheet's cells at all: it is never imported (a warning says so).
    if (sheet.hidden && format === 'xls') return;
    const keys = new Set([...sheet.cells.keys(), ...other.cells.keys()]);
    for (const key of keys) {
      const a = sheet.cells.get(key) ?? null;
      const b = other.cells.get(key) ?? null;
      const label = `${sheet.name}!${key}`;
      if (label in known) {
        expect(show(a), `${writer} ${label}: ${KNOWN_DIFFERENCES[writer]!.why}`).toBe(show(known[label]!));
        expect(show(a), `${writer} ${label} is listed as a difference but SheetJS now agrees`).not.toBe(show(b));
        continue;
      }
      if (show(a) !== show(b)) differences.push(`${writer} ${label}: Torchline ${show(a)}, SheetJS ${show(b)}`);
    }
  });
  return differences;
}

/** What a bureau's forms hold, written by exceljs: shared and rich text, escapes, dates, formats, merges, a hidden sheet. */
async function exceljsWorkbook(date1904: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet('企业');
  ws.addRow(['2021年迎泽区企业统计表']);
  ws.mergeCells('A1:F1');
  ws.addRow(['统一社会信用代码', '企业名称', '研发人员\r\n（人）', '营业收入', '大写', '占比', '日期']);
  ws.addRow([
    '91140105MA0GRJ0R1X',
    { richText: [{ text: '山西', font: { bold: true } }, { text: '数云科技' }] },
    12,
    1234.5,
    8650000,
    0.125,
    new Date(Date.UTC(2021, 11, 31)),
  ]);
  ws.addRow(['91140105MA0GRJ0R2Y', '字面_x000D_文字', { formula: 'C3*2', result: 24 }, 0.1, 20, 1, new Date(Date.UTC(2021, 5, 30, 14, 30))]);
  ws.addRow(['', null, true, { formula: '1/0', result: { error: '#DIV/0!' } }, 3, 0.5, 44561]);
  for (let r = 3; r <= 5; r++) {
    ws.getCell(r, 4).numFmt = '[$¥-804]#,##0.00';
    ws.getCell(r, 5).numFmt = '[DBNum2][$-804]General';
    ws.getCell(r, 6).numFmt = '0.00%';
    ws.getCell(r, 7).numFmt = 'yyyy"年"m"月"d"日"';
  }
  ws.getCell('C3').numFmt = '[>=10000]#,##0.0,"万";0';
  ws.mergeCells('F4:F5');
  wb.addWorksheet('说明', { state: 'hidden' }).addRow(['填表说明']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same kind of content written by SheetJS's writer, with shared strings or inline ones. */
function sheetjsWorkbook(sharedStrings: boolean, date1904: boolean): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([
    ['2021年迎泽区企业统计表'],
    ['统一社会信用代码', '企业名称', '研发人员\n（人）', '营业收入', '大写', '占比', '日期'],
    // 2021-12-31 in the workbook's own date system.
    ['91140105MA0GRJ0R1X', '山西数云科技', 12, 1234.5, 8650000, 0.125, date1904 ? 43099 : 44561],
    ['91140105MA0GRJ0R2Y', 'tab\there', 0, 0.1, 20, 1, 44377.6041666667],
    ['', null, false, 99999.99, 3, 0.5, 1463],
  ]);
  for (let r = 2; r <= 4; r++) {
    ws[XLSX.utils.encode_cell({ r, c: 3 })].z = '[$¥-804]#,##0.00';
    ws[XLSX.utils.encode_cell({ r, c: 4 })].z = '[DBNum1][$-804]General';
    ws[XLSX.utils.encode_cell({ r, c: 5 })].z = '0.00%';
    ws[XLSX.utils.encode_cell({ r, c: 6 })].z = 'yyyy-mm-dd';
  }
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 6 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '企业');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填表说明']]), '说明');
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }], WBProps: { date1904 } };
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: sharedStrings, cellDates: false }) as Buffer;
}

/**
 * Cells seen in real workbooks where readers went astray: a FALSE as `<v>0</v>` and as an empty `<v/>` under a formula, a `<v>` inside `<is>`, a lone surrogate
 * escaped.
 */
function edgeCellsWorkbook(): Buffer {
  const sheetData = [
    `<row r="1">${inlineCell('A1', '统一社会信用代码')}${inlineCell('B1', '高新技术企业')}${inlineCell('C1', '名称')}</row>`,
    '<row r="2"><c r="A2" t="b"><v>0</v></c><c r="B2" t="b"><f>1=2</f><v></v></c><c r="C2" t="inlineStr"><is><t>数云</t><v>科技</v></is></c></row>',
    `<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="inlineStr"><is><t>a_xD801_b</t></is></c>${inlineCell('C3', '山西')}</row>`,
  ].join('');
  return handmadeXlsx({ sheetData });
}

describe('Torchline and SheetJS read workbooks of many writers alike, cell by cell', () => {
  const cases: [string, () => Promise<Buffer> | Buffer, 'xlsx' | 'xls'][] = [
    ['exceljs.xlsx', () => exceljsWorkbook(false), 'xlsx'],
    ['exceljs-1904.xlsx', () => exceljsWorkbook(true), 'xlsx'],
    ['sheetjs-shared.xlsx', () => sheetjsWorkbook(true, false), 'xlsx'],
    ['sheetjs-inline-1904.xlsx', () => sheetjsWorkbook(false, true), 'xlsx'],
    ['openpyxl.xlsx', () => readFileSync(join(FIXTURES, 'openpyxl.xlsx')), 'xlsx'],
    ['openpyxl-1904.xlsx', () => readFileSync(join(FIXTURES, 'openpyxl-1904.xlsx')), 'xlsx'],
    ['libreoffice.xlsx', () => readFileSync(join(FIXTURES, 'libreoffice.xlsx')), 'xlsx'],
    ['libreoffice.xls', () => readFileSync(join(FIXTURES, 'libreoffice.xls')), 'xls'],
  ];

  it(
    'reads the cells other readers went astray on as Excel shows them: FALSE as false, only the inline text, a ' +
      'lone surrogate as it is (for the validator to refuse)',
    async () => {
      const bytes = edgeCellsWorkbook();
      const ours = await torchline(bytes, 'xlsx');
      expect(compare('handmade-edges.xlsx', 'xlsx', ours, sheetjs(bytes))).toEqual([]);
      const cells = ours[0]!.cells;
      expect([cells.get('2:0'), cells.get('2:1'), cells.get('2:2'), cells.get('3:0')]).toEqual([false, false, '数云', true]);
      expect(cells.get('3:1')).toBe('a\uD801b');
    },
  );

  it.each(cases)('%s', async (writer, make, format) => {
    const bytes = await make();
    const ours = await torchline(bytes, format);
    const theirs = sheetjs(bytes);
    expect(compare(writer, format, ours, theirs)).toEqual([]);
    // The content is really there: names, numbers kept as numbers under DBNum/currency formats, dates as dates.
    const cells = [...ours[0]!.cells.values()];
    expect(cells.some((v) => typeof v === 'string' && v.includes('数云'))).toBe(true);
    expect(cells).toContain(8650000);
    expect(cells.some((v) => v instanceof Date && v.toISOString().startsWith('2021-12-31'))).toBe(true);
  });

  it('decodes the escapes every writer may use exactly as Excel does', () => {
    expect(decodeXString('ABC_x000D_\nDEF')).toBe('ABC\r\nDEF');
    expect(decodeXString('_x005F_x000D_')).toBe('_x000D_');
    expect(decodeXString('_x00_ and _xZZZZ_ stay')).toBe('_x00_ and _xZZZZ_ stay');
  });
});
