import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CellInput } from '../../../../shared/ingest/parsing/cell-values';
import type { RawRow, TableSheet } from '../../../../shared/ingest/parsing/sheet-rows';
import { UnreadableFileError } from '../../../../shared/ingest/parsing/unreadable-file-error';
import { READ_LIMITS, type ReadLimits } from '../../../../shared/ingest/parsing/workbook-limits';
import { excelNumber, parseCellRef, readXlsx } from '../../../../shared/ingest/parsing/xlsx-reader';

async function read(bytes: Buffer, limits: ReadLimits = READ_LIMITS): Promise<{ sheet: TableSheet; rows: RawRow[] }[]> {
  const out: { sheet: TableSheet; rows: RawRow[] }[] = [];
  for await (const sheet of readXlsx(bytes, limits)) {
    const rows: RawRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    out.push({ sheet, rows });
  }
  return out;
}

/** Deterministic long Chinese text: company names and remarks as bureaus write them. */
const CHARS = '山西太原迎泽区朝阳鼎信生物材料智能装备制造数字产业现代物流医药大健康信息技术应用创新有限公司研发中心（）、，。𠮷';
function chineseText(seed: number, length: number): string {
  let s = '';
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const chars = [...CHARS];
    s += chars[x % chars.length];
  }
  return s;
}

async function streamedWorkbook(rows: string[][], useSharedStrings: boolean): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings });
  const ws = wb.addWorksheet('企业');
  for (const row of rows) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('the streaming .xlsx reader', () => {
  // Thousands of rows of long Chinese text put multi-byte characters across every
  // zip chunk boundary; exceljs's streaming reader turned those into U+FFFD.
  it.each([
    [3_000, 37, true],
    [5_000, 61, true],
    [8_000, 23, false],
  ])('gives back %i rows of %i-character Chinese text exactly as written (shared strings: %s)', async (count, length, shared) => {
    const written = Array.from({ length: count }, (_, i) => [chineseText(i, length), chineseText(i + 7, length + (i % 5)), `第${i}行`]);
    const [book] = await read(await streamedWorkbook(written, shared));
    expect(book!.rows).toHaveLength(count);
    let differing = 0;
    book!.rows.forEach((row, i) => {
      if (row.row !== i + 1 || JSON.stringify(row.cells) !== JSON.stringify(written[i])) differing++;
    });
    expect(differing).toBe(0);
    expect(book!.rows.some((r) => r.cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')))).toBe(false);
  });

  it('shows values as Excel does: dates by their format, 15 significant digits, booleans, cached formula results', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow([new Date(Date.UTC(2021, 11, 31)), 0.1 + 0.2, true, { formula: '1+1', result: 2 }, 44561]);
    ws.getCell('E1').numFmt = 'yyyy"年"m"月"d"日"';
    const [book] = await read(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(book!.rows[0]!.cells).toEqual([new Date(Date.UTC(2021, 11, 31)), 0.3, true, 2, new Date(Date.UTC(2021, 11, 31))]);
    expect(excelNumber(1250.5549999999998)).toBe(1250.555);
  });

  it('reports merged ranges before the rows, and marks hidden sheets', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addRow(['标题']);
    ws.mergeCells('A1:C1');
    ws.mergeCells('B3:B5');
    wb.addWorksheet('隐藏', { state: 'hidden' }).addRow(['x']);
    const [visible, hidden] = await read(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(visible!.sheet.merges).toEqual([
      { top: 1, bottom: 1, left: 0, right: 2 },
      { top: 3, bottom: 5, left: 1, right: 1 },
    ]);
    expect([visible!.sheet.hidden, hidden!.sheet.hidden, hidden!.sheet.name]).toEqual([false, true, '隐藏']);
  });

  it('reads hand-written SpreadsheetML: prefixed elements, cells without references, inline and rich text without phonetic guides', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    zip.file('xl/workbook.xml', '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="企业" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>');
    zip.file('xl/sharedStrings.xml', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>数字</t></r><r><t xml:space="preserve">产业 </t></r><rPh sb="0" eb="2"><t>スウジ</t></rPh></si><si><t>A&amp;B</t></si></sst>');
    zip.file('xl/worksheets/sheet1.xml', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>迎泽</x:t></x:is></x:c><x:c r="E1" t="s"><x:v>1</x:v></x:c></x:row><x:row r="4"><x:c r="B4" t="e"><x:v>#REF!</x:v></x:c><x:c r="C4"><x:f>A1</x:f></x:c></x:row></x:sheetData></x:worksheet>');
    const [book] = await read(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(book!.rows[0]).toEqual({ row: 1, cells: ['数字产业 ', '迎泽', null, null, 'A&B'] });
    const cells: CellInput[] = book!.rows[1]!.cells;
    expect(book!.rows[1]!.row).toBe(4);
    expect(cells[1]).toEqual({ problem: expect.stringContaining('#REF!') });
    expect(cells[2]).toEqual({ problem: expect.stringContaining('no saved result') });
    expect(parseCellRef('AB12')).toEqual({ col: 27, row: 12 });
  });

  it('rejects a part that declares entities (billion laughs) as an unreadable file, not a fault to retry', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook><sheets><sheet name="企业" r:id="rId1" xmlns:r="r"/></sheets></workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
    zip.file(
      'xl/worksheets/sheet1.xml',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>',
    );
    await expect(read(await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toBeInstanceOf(UnreadableFileError);
  });

  it('stops at the limits it is given, naming them', async () => {
    const wb = new ExcelJS.Workbook();
    for (let i = 0; i < 3; i++) wb.addWorksheet(`S${i}`).addRow(['x'.repeat(50), 1, 2]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(read(bytes, { ...READ_LIMITS, sheets: 2 })).rejects.toThrow(/3 worksheets, more than the 2 allowed/);
    await expect(read(bytes, { ...READ_LIMITS, cells: 5 })).rejects.toThrow(/more than 5 cells/);
    await expect(read(bytes, { ...READ_LIMITS, uncompressedBytes: 1000 })).rejects.toThrow(/inflates to/);
    const [first] = await read(bytes, { ...READ_LIMITS, cellCharacters: 10 });
    expect(first!.rows[0]!.cells[0]).toEqual({ problem: expect.stringContaining('longer than the 10 characters') });
  });
});
