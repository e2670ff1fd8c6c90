/** Writing sample rows as the files bureaus send: CSV (UTF-8 or GB18030) and XLSX, English or Chinese headers. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { stableZip } from '../../shared/excel/stable-zip';
import { csvRow, type CsvValue } from '../../shared/ingest/csv-format';

export type Cell = CsvValue;

export function csvBytes(headers: string[], rows: Cell[][], encoding: 'utf-8' | 'utf-8-bom' | 'gb18030'): Buffer {
  const text = [headers, ...rows].map(csvRow).join('\r\n') + '\r\n';
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  return Buffer.from((encoding === 'utf-8-bom' ? '\uFEFF' : '') + text, 'utf8');
}

const FIXED_DATE = new Date(Date.UTC(2022, 0, 15, 8, 0, 0));

export async function xlsxBytes(sheets: { name: string; headers: string[]; rows: Cell[][]; widths?: number[] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // Fixed metadata keeps regenerated samples byte-stable.
  workbook.creator = 'Torchline sample generator';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((c) => (c === undefined ? null : c)));
    ws.columns.forEach((col, i) => (col.width = sheet.widths?.[i] ?? Math.max(10, sheet.headers[i]!.length * 2 + 2)));
  }
  return stableZip(Buffer.from(await workbook.xlsx.writeBuffer()));
}
