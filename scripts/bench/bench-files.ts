/**
 * The benchmark's files: a generated enterprises submission of N rows as CSV
 * and as XLSX (exceljs's streaming writer, shared strings), the same rows in
 * both. `npx tsx scripts/bench/bench-files.ts N DIR` writes them for profiling.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { sampleUscc } from '../samples/yingze-sample';

const HEADER = ['uscc', 'name', 'year', 'sector', 'high_tech', 'scitech_sme', 'employees', 'rd_staff', 'revenue (万元)', 'rd_expenditure (万元)'];
const SECTORS = ['it_innovation', 'digital_industry', '智能装备制造', 'modern_logistics', '现代医药和大健康'];

function row(i: number): (string | number)[] {
  return [
    sampleUscc(i),
    `山西测试科技有限公司${i}`,
    2021,
    SECTORS[i % SECTORS.length]!,
    i % 10 === 0 ? '是' : '否',
    i % 3 === 0 ? 'yes' : 'no',
    20 + (i % 200),
    3 + (i % 40),
    `${1000 + (i % 5000)}.5`,
    `${50 + (i % 300)}.25`,
  ];
}

export async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(HEADER.join(',') + '\r\n');
  for (let i = 0; i < rows; i++) await write(row(i).join(',') + '\r\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export async function writeXlsx(path: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('企业');
  ws.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await wb.commit();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [n, dir] = [Number(process.argv[2] ?? 100_000), process.argv[3] ?? '.'];
  await writeCsv(join(dir, `enterprises-${n}.csv`), n);
  await writeXlsx(join(dir, `enterprises-${n}.xlsx`), n);
  console.log(`wrote enterprises-${n}.csv and .xlsx in ${dir}`);
}
