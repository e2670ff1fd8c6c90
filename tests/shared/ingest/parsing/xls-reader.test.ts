import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { RawRow, TableSheet } from '../../../../shared/ingest/parsing/sheet-rows';
import { readSheets, sniffWorkbook } from '../../../../shared/ingest/parsing/submission-parser';
import { bytesStream } from '../../../support/submission-files';
import { READ_LIMITS } from '../../../../shared/ingest/parsing/workbook-limits';
import { readXls } from '../../../../shared/ingest/parsing/xls-reader';
import { FORM_COMPANIES, fixture } from '../../../support/bureau-forms';

async function read(sheets: AsyncIterable<TableSheet | { kind: 'objects' }>): Promise<{ sheet: TableSheet; rows: RawRow[] }[]> {
  const out: { sheet: TableSheet; rows: RawRow[] }[] = [];
  for await (const sheet of sheets) {
    if (sheet.kind !== 'table') continue;
    const rows: RawRow[] = [];
    for await (const row of sheet.rows) rows.push(row as RawRow);
    out.push({ sheet, rows });
  }
  return out;
}

describe('the .xls/.et reader', () => {
  it.each(['bureau-form.xls', 'bureau-form.et'])('reads %s as LibreOffice saved it: text, numbers and merged ranges', async (name) => {
    const [book] = await read(readXls(await fixture(name), READ_LIMITS));
    expect(book!.sheet.name).toBe('企业');
    expect(book!.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(book!.rows[0]!.cells).toEqual(['2021年度迎泽区科技型企业统计表']);
    FORM_COMPANIES.forEach((c, i) => {
      expect(book!.rows[4 + i]!.cells).toEqual([i + 1, c.name, c.uscc, c.sector, c.highTech, c.employees, c.rdStaff, c.revenue, c.rdExpenditure]);
    });
    expect(book!.sheet.merges).toContainEqual({ top: 3, bottom: 3, left: 5, right: 6 });
    expect(book!.sheet.merges).toContainEqual({ top: 3, bottom: 4, left: 1, right: 1 });
  });

  it('reads an old-format workbook saved under an .xlsx name as what it is', async () => {
    const bytes = await fixture('bureau-form.xls');
    expect(sniffWorkbook(bytes)).toBe('ole');
    const [book] = await read(readSheets(bytesStream(bytes), 'xlsx'));
    expect(book!.rows[4]!.cells[1]).toBe(FORM_COMPANIES[0]!.name);
  });

  it('marks hidden sheets, and gives dates as dates and Excel errors as problems', async () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([[44561, { t: 'e', v: 0x07 }]]);
    ws.A1!.z = 'yyyy-mm-dd';
    XLSX.utils.book_append_sheet(wb, ws, '企业');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), '旧表');
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
    const [visible, hidden] = await read(readXls(bytes, READ_LIMITS));
    expect(visible!.rows[0]!.cells).toEqual([new Date(Date.UTC(2021, 11, 31)), { problem: expect.stringContaining('#DIV/0!') }]);
    expect([visible!.sheet.hidden, hidden!.sheet.hidden]).toEqual([false, true]);
  });

  it('rejects a password-protected workbook, saying to save it without a password', async () => {
    // What Excel writes when a workbook is saved with a password: an OLE file holding the encrypted package.
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(64, 7));
    const bytes = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
    await expect(read(readSheets(bytesStream(bytes), 'xlsx'))).rejects.toThrow(/save it without a password/);
  });

  it('refuses an old-format workbook past its size cap before parsing it', async () => {
    const bytes = await fixture('bureau-form.xls');
    await expect(read(readXls(bytes, { ...READ_LIMITS, legacyWorkbookBytes: 1024 }))).rejects.toThrow(/save it as \.xlsx/);
  });

  it('says so when an .xls is really a web page', async () => {
    await expect(read(readSheets(bytesStream('<html><table><tr><td>企业</td></tr></table></html>'), 'xls'))).rejects.toThrow(/web page \(HTML\)/);
  });
});
