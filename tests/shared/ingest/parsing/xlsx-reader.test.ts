import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CellInput } from '../../../../shared/ingest/parsing/cell-values';
import type { RawRow, TableSheet } from '../../../../shared/ingest/parsing/sheet-rows';
import { UnreadableFileError } from '../../../../shared/ingest/ingest-errors';
import { READ_LIMITS, type ReadLimits } from '../../../../shared/ingest/parsing/workbook-limits';
import { excelNumber, parseCellRef, readXlsx } from '../../../../shared/ingest/parsing/xlsx-reader';
import { handmadeXlsx } from '../../../support/handmade-xlsx';

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
    zip.file(
      'xl/workbook.xml',
      '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="企业" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
    );
    zip.file(
      'xl/_rels/workbook.xml.rels',
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    );
    zip.file(
      'xl/sharedStrings.xml',
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>数字</t></r><r><t xml:space="preserve">产业 </t></r><rPh sb="0" eb="2"><t>スウジ</t></rPh></si><si><t>A&amp;B</t></si></sst>',
    );
    zip.file(
      'xl/worksheets/sheet1.xml',
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>迎泽</x:t></x:is></x:c><x:c r="E1" t="s"><x:v>1</x:v></x:c></x:row><x:row r="4"><x:c r="B4" t="e"><x:v>#REF!</x:v></x:c><x:c r="C4"><x:f>A1</x:f></x:c></x:row></x:sheetData></x:worksheet>',
    );
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

describe('cells as Excel, WPS and LibreOffice show them, whichever program wrote the file', () => {
  const si = (text: string) => `<si><t xml:space="preserve">${text}</t></si>`;

  it('reads an empty shared-string cell as empty, not as the first string of the table (openpyxl, WPS, .NET writers)', async () => {
    const bytes = handmadeXlsx({
      sharedStrings: [si('2021年迎泽区企业统计表'), si('甲公司')],
      sheetData: '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"/><c r="C1" t="s"><v></v></c><c r="D1" t="s"><v>0</v></c></row>',
    });
    const [book] = await read(bytes);
    expect(book!.rows[0]!.cells).toEqual(['甲公司', null, null, '2021年迎泽区企业统计表']);
  });

  it('decodes _xHHHH_ escapes in shared, inline and formula strings, and keeps an escaped escape literal', async () => {
    const bytes = handmadeXlsx({
      sharedStrings: [si('ABC_x000D_\nDEF'), si('_x005F_x000D_'), si('研发人员_x000a_（人）')],
      sheetData:
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
        '<c r="D1" t="inlineStr"><is><t>a_x0009_b</t></is></c><c r="E1" t="str"><f>A1</f><v>x_x000D_y</v></c></row>',
    });
    const [book] = await read(bytes);
    expect(book!.rows[0]!.cells).toEqual(['ABC\r\nDEF', '_x000D_', '研发人员\n（人）', 'a\tb', 'x\ry']);
  });

  it('honours the 1904 date system when Mac Excel also writes an x14/x15 workbookPr extension', async () => {
    const bytes = handmadeXlsx({
      workbookHead:
        '<workbookPr date1904="1" defaultThemeVersion="166925"/><extLst><ext uri="{B58B0392-4F1F-4190-BB64-5DF3571DCE5F}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>',
      numFmts: ['<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'],
      cellXfs: ['<xf numFmtId="0"/>', '<xf numFmtId="164" applyNumberFormat="1"/>'],
      // 2021-12-31 in the 1904 system is serial 43099.
      sheetData: '<row r="1"><c r="A1" s="1"><v>43099</v></c></row>',
    });
    const [book] = await read(bytes);
    expect(book!.rows[0]!.cells[0]).toEqual(new Date(Date.UTC(2021, 11, 31)));
  });

  it('keeps numbers styled with Chinese-numeral, currency, percentage and conditional formats as numbers', async () => {
    const codes = [
      '[DBNum1][$-804]General',
      '[DBNum2][$-804]General',
      '[DBNum2][$-804]0.00',
      '[$¥-804]#,##0.00',
      '0.00%',
      '[>=10000]#,##0.0,"万";0',
      '#,##0.00"元"',
      '[Red][<0]-0;0',
    ];
    const bytes = handmadeXlsx({
      numFmts: codes.map((c, i) => `<numFmt numFmtId="${164 + i}" formatCode="${c.replace(/"/g, '&quot;').replace(/</g, '&lt;')}"/>`),
      cellXfs: ['<xf numFmtId="0"/>', ...codes.map((_, i) => `<xf numFmtId="${164 + i}" applyNumberFormat="1"/>`)],
      sheetData: `<row r="1">${codes.map((_, i) => `<c s="${i + 1}"><v>${1234.5 + i}</v></c>`).join('')}</row>`,
    });
    const [book] = await read(bytes);
    expect(book!.rows[0]!.cells).toEqual(codes.map((_, i) => 1234.5 + i));
  });

  it('reads an inline-string cell that also carries a <v> as its inline text alone', async () => {
    const bytes = handmadeXlsx({
      sheetData: '<row r="1"><c r="A1" t="inlineStr"><v>0</v><is><t>迎泽区</t></is></c><c r="B1" t="inlineStr"><is><t></t></is></c></row>',
    });
    const [book] = await read(bytes);
    expect(book!.rows[0]!.cells).toEqual(['迎泽区']);
  });

  it('refuses a package holding two parts of the same name as damaged, naming the part', async () => {
    const bytes = handmadeXlsx({
      sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>',
      extraEntries: [
        [
          'xl/worksheets/sheet1.xml',
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>999</v></c></row></sheetData></worksheet>',
        ],
      ],
    });
    await expect(read(bytes)).rejects.toThrow(/two parts named "xl\/worksheets\/sheet1.xml"/);
  });

  it('says a workbook without its relationships part is damaged, not empty', async () => {
    const bytes = handmadeXlsx({ sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>', withoutWorkbookRels: true });
    await expect(read(bytes)).rejects.toThrow(/damaged: it has no xl\/_rels\/workbook.xml.rels/);
  });
});
