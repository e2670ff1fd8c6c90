import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheets, UnreadableFileError } from '../../../../shared/ingest/parsing/submission-parser';
import { bytesStream } from '../../../support/submission-files';
import type { SubmissionFormat } from '../../../../shared/ingest/routing';
import type { ObjectRow, RawRow } from '../../../../shared/ingest/parsing/sheet-rows';

async function collect(bytes: Buffer | string, format: SubmissionFormat) {
  const sheets: { name: string | undefined; rows: (RawRow | ObjectRow)[] }[] = [];
  for await (const sheet of readSheets(bytesStream(bytes), format)) {
    const rows: (RawRow | ObjectRow)[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

describe('submission parser', () => {
  it('reads CSV with RFC 4180 quoting, skipping empty lines but keeping line numbers', async () => {
    const [sheet] = await collect('a,b\r\n"1,5","say ""hi"""\r\n\r\n3,4\r\n', 'csv');
    expect(sheet!.rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1,5', 'say "hi"'] },
      { row: 4, cells: ['3', '4'] },
    ]);
  });

  it.each([
    ['a quoted CRLF', 'h1,h2\r\n"x\r\ny",1\r\nc,2\r\nd,3\r\n', [1, 2, 4, 5]],
    ['a last line without a newline', 'h1,h2\r\n"x\ny",1\r\nc,2\r\nd,3', [1, 2, 4, 5]],
    ['a bare LF line in a CRLF file', 'h1,h2\r\nb,1\nc,2\r\n\r\nd,3\r\n', [1, 2, 3, 5]],
    ['old Mac CR line ends with a quoted CR', 'h1,h2\r"x\ry",1\rc,2\r', [1, 2, 4]],
  ])('numbers CSV rows by physical lines as a text editor shows them, with %s', async (_, text, rows) => {
    const [sheet] = await collect(text, 'csv');
    expect(sheet!.rows.map((r) => r.row)).toEqual(rows);
  });

  it('refuses a UTF-32 CSV and a CSV of NUL bytes whole, naming the problem, and reads UTF-16 without a byte-order mark exactly', async () => {
    const text = '企业名称,年度\r\n山西数云科技有限公司,2021\r\n';
    const utf32 = Buffer.alloc(text.length * 4);
    [...text].forEach((ch, i) => utf32.writeUInt32LE(ch.codePointAt(0)!, i * 4));
    await expect(collect(utf32, 'csv')).rejects.toThrow(/encoded as UTF-32/);
    await expect(collect(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32]), 'csv')).rejects.toThrow(/encoded as UTF-32/);
    await expect(collect(Buffer.from([1, 0, 0, 7, 0, 0, 0, 9, 0, 2, 0, 0]), 'csv')).rejects.toThrow(/NUL bytes/);
    const le = await collect(Buffer.from(text, 'utf16le'), 'csv');
    const be = await collect(Buffer.from(text, 'utf16le').swap16(), 'csv');
    for (const sheet of [le, be])
      expect(sheet[0]!.rows.map((r) => r.cells)).toEqual([
        ['企业名称', '年度'],
        ['山西数云科技有限公司', '2021'],
      ]);
  });

  it('numbers a record with a line break inside a quoted cell by the line it starts on', async () => {
    const [sheet] = await collect('a,b\n"multi\nline",1\n2,3\n', 'csv');
    expect(sheet!.rows.map((r) => r.row)).toEqual([1, 2, 4]);
  });

  it('passes over rows with no content, keeping the row numbers of the rest', async () => {
    const [sheet] = await collect(',\r\na,b\r\n1,2\r\n', 'csv');
    expect(sheet!.rows[0]).toEqual({ row: 2, cells: ['a', 'b'] });
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
    expect(sheets[0]!.rows[1]).toEqual({ row: 2, cells: [2021, 4042, true, new Date(Date.UTC(2021, 5, 1)), '数云'] });
    expect(sheets[0]!.rows[2]!.row).toBe(4);
  });

  it('turns Excel error cells and formulas without a saved result into cell problems with a reason', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业');
    ws.addRow(['a', 'b', 'c', 'd']);
    ws.addRow([{ error: '#DIV/0!' }, { formula: 'B1*2' }, { formula: 'B1*2', result: 8 }, { formula: 'B1', result: 'x' }]);
    const [sheet] = await collect(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    const cells = (sheet!.rows[1] as RawRow).cells;
    expect(cells[0]).toEqual({ problem: expect.stringContaining('#DIV/0!') });
    expect(cells[1]).toEqual({ problem: expect.stringContaining('no saved result') });
    expect(cells.slice(2)).toEqual([8, 'x']);
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
    expect((sheet!.rows as ObjectRow[]).filter((r) => r.kind === 'data').map((r) => r.row)).toEqual([1, 3]);
  });

  it('reports malformed JSON and corrupt workbooks as unreadable files', async () => {
    await expect(collect('[{"a":1}', 'json')).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(collect('{"a":1}\n{oops}\n', 'jsonl')).rejects.toThrow(/line 2/);
    await expect(collect('{"a":1}', 'json')).rejects.toThrow(/array of objects/);
    await expect(collect(Buffer.from('this is not a zip file at all'), 'xlsx')).rejects.toBeInstanceOf(UnreadableFileError);
  });
});
