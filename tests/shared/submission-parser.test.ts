import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bytesStream, readSheets, UnreadableFileError, xlsxCellValue, type SheetRow } from '../../shared/submission-parser';
import type { SubmissionFormat } from '../../shared/routing';

async function collect(bytes: Buffer | string, format: SubmissionFormat) {
  const sheets: { name: string | undefined; rows: SheetRow[] }[] = [];
  for await (const sheet of readSheets(bytesStream(bytes), format)) {
    const rows: SheetRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

describe('submission parser', () => {
  it('reads CSV with RFC 4180 quoting, skipping empty lines but keeping line numbers', async () => {
    const [sheet] = await collect('a,b\r\n"1,5","say ""hi"""\r\n\r\n3,4\r\n', 'csv');
    expect(sheet!.rows).toEqual([
      { kind: 'header', row: 1, cells: ['a', 'b'] },
      { kind: 'data', row: 2, cells: ['1,5', 'say "hi"'] },
      { kind: 'data', row: 4, cells: ['3', '4'] },
    ]);
  });

  it('numbers a record with a line break inside a quoted cell by the line it starts on', async () => {
    const [sheet] = await collect('a,b\n"multi\nline",1\n2,3\n', 'csv');
    expect(sheet!.rows.map((r) => r.row)).toEqual([1, 2, 4]);
  });

  it('takes the first non-empty row as the header', async () => {
    const [sheet] = await collect(',\r\na,b\r\n1,2\r\n', 'csv');
    expect(sheet!.rows[0]).toEqual({ kind: 'header', row: 2, cells: ['a', 'b'] });
  });

  it('reads XLSX sheets by name, with formulas by cached result, dates, booleans and rich text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业');
    ws.addRow(['year', 'revenue', 'flag', 'when', 'label']);
    ws.addRow([2021, { formula: 'A2*2', result: 4042 }, true, new Date(Date.UTC(2021, 5, 1)), { richText: [{ text: '数' }, { text: '云' }] }]);
    ws.addRow([]);
    ws.addRow([2022, 5, false, null, 'x']);
    wb.addWorksheet('Notes').addRow(['hello']);
    const sheets = await collect(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(sheets.map((s) => s.name)).toEqual(['企业', 'Notes']);
    expect(sheets[0]!.rows[1]).toEqual({ kind: 'data', row: 2, cells: [2021, 4042, true, new Date(Date.UTC(2021, 5, 1)), '数云'] });
    expect(sheets[0]!.rows[2]!.row).toBe(4);
  });

  it('turns Excel error cells and formulas without a saved result into cell problems with a reason', () => {
    expect(xlsxCellValue({ error: '#DIV/0!' })).toEqual({ problem: expect.stringContaining('#DIV/0!') });
    expect(xlsxCellValue({ formula: 'B2*2' })).toEqual({ problem: expect.stringContaining('=B2*2 has no saved result') });
    expect(xlsxCellValue({ formula: 'B2*2', result: 8 })).toBe(8);
    expect(xlsxCellValue({ sharedFormula: 'C2', result: 'x' })).toBe('x');
  });

  it('reads a JSON array with row numbers as array positions and columns as the union of keys', async () => {
    const [sheet] = await collect(JSON.stringify([{ a: 1 }, { a: 2, b: 'x' }]), 'json');
    expect(sheet!.rows).toEqual([
      { kind: 'header', row: 1, cells: ['a'] },
      { kind: 'data', row: 1, cells: [1] },
      { kind: 'header', row: 2, cells: ['a', 'b'] },
      { kind: 'data', row: 2, cells: [2, 'x'] },
    ]);
  });

  it('reads JSON Lines with line numbers and skips blank lines', async () => {
    const [sheet] = await collect('{"a":1}\n\n{"a":3}', 'jsonl');
    expect(sheet!.rows.filter((r) => r.kind === 'data').map((r) => r.row)).toEqual([1, 3]);
  });

  it('reports malformed JSON and corrupt workbooks as unreadable files', async () => {
    await expect(collect('[{"a":1}', 'json')).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(collect('{"a":1}\n{oops}\n', 'jsonl')).rejects.toThrow(/line 2/);
    await expect(collect('{"a":1}', 'json')).rejects.toThrow(/array of objects/);
    await expect(collect(Buffer.from('this is not a zip file at all'), 'xlsx')).rejects.toBeInstanceOf(UnreadableFileError);
  });
});
