/**
 * Report generation at scale in a process of its own: a workbook whose
 * enterprise detail sheet has N rows (and N/10 projects), written by the
 * streaming writer to a file as the report Lambda writes it. Prints one JSON line.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewYear } from '../../shared/report/review';
import { computeIndicators, reportWindow } from '../../shared/report/indicators';
import type { EnterpriseRecord, ProjectRecord } from '../../shared/domain/records';
import { reportWorkbookBuffer } from '../../shared/report/report-workbook';
import { SECTOR_CODES } from '../../shared/domain/sectors';
import { sampleUscc } from '../samples/yingze-sample';
import { startMemoryProbe } from './memory-probe';

const n = Number(process.argv[2] ?? 100_000);

function* enterprises(): Generator<EnterpriseRecord> {
  for (let i = 0; i < n; i++) {
    yield {
      uscc: sampleUscc(i),
      name: `山西测试科技有限公司${i}`,
      year: 2021,
      sector: SECTOR_CODES[i % 12]!,
      high_tech: i % 10 === 0,
      scitech_sme: i % 3 === 0,
      employees: 20 + (i % 200),
      rd_staff: 3 + (i % 40),
      revenue: (1000 + (i % 5000)) * 1_000_000,
      rd_expenditure: (50 + (i % 300)) * 1_000_000,
      invention_patents: i % 4,
    };
  }
}
function* projects(): Generator<ProjectRecord> {
  for (let i = 0; i < n / 10; i++) {
    yield { project_id: `P-${i}`, title: `项目${i}`, year: 2017 + (i % 5), field: SECTOR_CODES[i % 12]!, funding: 300_000_00 + i, status: 'ongoing' };
  }
}

const stop = startMemoryProbe();
const started = performance.now();
const indicators = computeIndicators({ enterprises: new Map(), incubators: new Map(), projects: [] }, reportWindow(2021), '迎泽区');
const dir = await mkdtemp(join(tmpdir(), 'torchline-report-'));
const file = join(dir, 'report.xlsx');
await writeFile(
  file,
  await reportWorkbookBuffer({
    indicators,
    year: 2021,
    incubators: [],
    enterprises: enterprises(),
    projects: projects(),
    submissions: [],
    coverage: { enterprises: new Set([2021]), incubators: new Set<number>(), projects: new Set([2021]) },
    review: reviewYear({ enterprises: new Map(), incubators: new Map() }, 2021),
    generatedAt: new Date(),
  }),
);
const seconds = (performance.now() - started) / 1000;
const peak = stop();
const bytes = (await stat(file)).size;
await rm(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    mode: 'report',
    format: 'xlsx',
    rows: n + n / 10,
    bytes,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round((n + n / 10) / seconds),
    ...peak,
  }),
);
