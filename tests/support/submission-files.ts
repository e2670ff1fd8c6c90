/** Building submission files for tests: CSV text, GB18030 bytes, XLSX workbooks. */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { completeUscc } from '../../shared/domain/uscc';
import { csvRow } from '../../shared/ingest/csv-format';

export const uscc = (n: number): string => completeUscc(`91140105MA${String(1_000_000 + n).slice(0, 7)}`);

export function csv(rows: (string | number | null)[][]): string {
  return rows.map(csvRow).join('\r\n') + '\r\n';
}

export async function xlsx(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const ENTERPRISE_HEADER = ['uscc', 'name', 'year', 'sector', 'high_tech', 'scitech_sme'];

/** Reads a workbook back (exceljs's typings predate Node's generic Buffer, hence the cast). */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/** A Readable over bytes, as S3 hands a body to the readers. */
export function bytesStream(bytes: Uint8Array | string): Readable {
  return Readable.from([typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)]);
}
