/**
 * The package for the city (contract 15) beside the report it is built with,
 * at a province's or a country's year: N enterprises in Y and 0.8·N in Y−1
 * held in memory as the report run holds them, every indicator swinging (so
 * every comparison's movers are sought), 2 % of them large. `report` builds
 * the report's workbook from them; `package` the package's JSON and
 * workbook. Each in a process of its own, so each peak is its own; `records`
 * measures the records alone, the floor under both. Prints one JSON line.
 */
import { computeIndicators, reportWindow } from '../../shared/report/indicators';
import type { EnterpriseRecord } from '../../shared/domain/records';
import { reportWorkbookBuffer } from '../../shared/report/report-workbook';
import { reviewYear } from '../../shared/report/review';
import { upwardPackage } from '../../shared/report/upward-package';
import { upwardWorkbook } from '../../shared/report/upward-workbook';
import { SECTOR_CODES } from '../../shared/domain/sectors';
import { sampleUscc } from '../samples/yingze-sample';
import { startMemoryProbe } from './memory-probe';

const n = Number(process.argv[2] ?? 50_000);
const mode = (process.argv[3] ?? 'package') as 'records' | 'report' | 'package';

function enterprise(i: number, year: number): EnterpriseRecord {
  const large = i % 50 === 0;
  const grown = year === 2021 ? 13 : 10;
  return {
    uscc: sampleUscc(i),
    name: `山西测试科技有限公司${i}`,
    year,
    sector: SECTOR_CODES[i % 12]!,
    high_tech: i % (year === 2021 ? 8 : 10) === 0,
    scitech_sme: i % 3 === 0,
    employees: 20 + (i % 200),
    rd_staff: ((3 + (i % 40)) * grown) / 10,
    // In fen: 2亿元 and more for one in fifty.
    revenue: (large ? 200_000_000 + i * 1_000 : 1_000_000 + (i % 5_000) * 10_000) * 100 * (grown / 10),
    rd_expenditure: (50_000 + (i % 300) * 1_000) * 100 * (grown / 10),
    invention_patents: i % 4,
  };
}

const stop = startMemoryProbe();
const current = Array.from({ length: n }, (_, i) => enterprise(i, 2021));
const previous = Array.from({ length: Math.floor(n * 0.8) }, (_, i) => enterprise(i, 2020));
const enterprises = new Map([
  [2020, previous],
  [2021, current],
]);
const records = { enterprises, incubators: new Map(), projects: [] };
const indicators = computeIndicators(records, reportWindow(2021), '迎泽区');
const started = performance.now();
let bytes = 0;
if (mode === 'report') {
  const review = reviewYear({ enterprises, incubators: new Map() }, 2021);
  const workbook = await reportWorkbookBuffer({
    ...{ indicators, year: 2021, incubators: [], enterprises: current, projects: [], submissions: [], review, generatedAt: new Date() },
    coverage: { enterprises: new Set([2020, 2021]), incubators: new Set<number>(), projects: new Set<number>() },
  });
  bytes = workbook.length;
} else if (mode === 'package') {
  const doc = upwardPackage({
    ...{ indicators, year: 2021, projects: [], nonReporters: [] },
    enterprises: { previous, current },
    incubators: { previous: [], current: [] },
  });
  bytes = (await upwardWorkbook(doc, '2022-04-10')).length + JSON.stringify(doc).length;
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    mode: mode === 'records' ? 'records alone (Y and Y−1)' : mode === 'report' ? 'report workbook' : 'package (JSON + workbook)',
    format: mode === 'records' ? '—' : 'xlsx',
    rows: n,
    bytes,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: seconds >= 0.01 ? Math.round(n / seconds) : 0,
    ...stop(),
  }),
);
