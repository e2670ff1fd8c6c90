/**
 * npm run bench [-- --rows 10000,100000 --xlsx-rows 10000,50000]
 * npm run bench -- --rows N --json: one JSON object measuring the pipeline
 *   against the ceiling of the same DynamoDB Local (see jsonRun below).
 * Measures ingest (parse + validate, and the full path into DynamoDB Local)
 * and report generation, each in a process of its own so peak memory is its
 * own. Figures go into the README's performance section.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { clientSettingsFromEnv, CONFIG_DEFAULTS, lambdaHeapMb, SEMI_SPACE_MB } from '../shared/config';
import { createAwsClients } from '../shared/storage/aws-clients';
import { createTable, deleteTable, startLocalStack, type LocalStack } from './local/local-stack';
import { writeCsv, writeXlsx } from './bench/bench-files';
import { writeInflatingSheet } from './bench/inflating-sheet';

/** The hostile sheet is ingested with the heap capped so: finishing shows its memory is bounded, whatever its rows. */
const HOSTILE_HEAP_MB = 256;

const root = fileURLToPath(new URL('..', import.meta.url));
function runWorker(script: string, args: string[], env: Record<string, string>, heapMb?: number): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    // As the Lambdas run: their young generation, and the heap cap when one is given.
    const flags = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), `--max-semi-space-size=${SEMI_SPACE_MB}`];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(root, script), ...args], {
      env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited ${code}`));
      const result = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
      resolve(heapMb ? { ...result, mode: `${result.mode} (heap capped at ${heapMb} MB)` } : result);
    });
  });
}

type BenchOptions = ReturnType<typeof benchOptions>;

function benchOptions() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '10000,100000,200000' },
      'xlsx-rows': { type: 'string', default: '10000,100000' },
      'report-rows': { type: 'string', default: '100000,200000' },
      // Re-run the largest CSV ingest with V8's heap capped: it finishing shows memory is bounded, not just lucky.
      'capped-heap-mb': { type: 'string', default: '96' },
      json: { type: 'boolean', default: false },
      // --json: how many interleaved rounds of ceiling and ingest the medians are taken over.
      rounds: { type: 'string', default: '3' },
      // Memory runs of large files need no report at the end.
      'skip-report': { type: 'boolean', default: false },
      // The memory runs of the README: 100k, 500k and 1M CSV rows, 100k and 300k XLSX rows, each in its own process.
      memory: { type: 'boolean', default: false },
      // The hostile sheet (inflating-sheet.ts): this many copies of one invalid row, ingested with the heap capped at 256 MB.
      'hostile-rows': { type: 'string', default: '' },
      // The mailbox (contract 13): this many units each mailing one form, read in one poll through Dovecot.
      'mailbox-messages': { type: 'string', default: '200' },
      // The package for the city beside the report (contract 15): a year of this many enterprises (and 0.8 of it the year before).
      'package-rows': { type: 'string', default: '50000' },
    },
  });
  if (values.memory) {
    // 6.7 million rows of the hostile sheet inflate to 1.9 GB: the upload that once ran the ingest out of memory.
    Object.assign(values, {
      rows: '100000,500000,1000000',
      'xlsx-rows': '100000,300000',
      'report-rows': '',
      'capped-heap-mb': '0',
      'skip-report': true,
      'hostile-rows': '6700000',
      // A district's whole campaign arriving on its last day.
      'mailbox-messages': '1400',
      // A province's year and a country's.
      'package-rows': '50000,500000',
    });
  }
  return values;
}

/**
 * The figures that say how close the pipeline comes to what the machine can
 * do, all in one run against one DynamoDB Local, each part in its own process.
 */
type Rounds = { ceiling: Record<string, number | string>; ingest: Record<string, number | string> }[];
const progress = (what: string) => console.error(`bench: ${what}…`);

/**
 * Ceiling and ingest interleaved, round by round, each into a fresh table (dropped after, so the JVM's
 * memory is the same for every round); the medians are reported. The last ingest stays for the report.
 */
async function interleavedRounds(stack: LocalStack, csvFile: string, key: string, total: number): Promise<Rounds> {
  const rounds: Rounds = [];
  const inTable = async <T>(table: string, keep: boolean, work: (env: Record<string, string>) => Promise<T>): Promise<T> => {
    await createTable(stack.endpoints.dynamodb, table);
    try {
      return await work({ ...stack.env, TORCHLINE_TABLE: table });
    } finally {
      if (!keep) await deleteTable(stack.endpoints.dynamodb, table);
    }
  };
  for (let round = 1; round <= total; round++) {
    progress(`round ${round} of ${total}: write ceiling (raw BatchWriteItem at 1/4/8/16 in flight)`);
    const ceiling = await inTable(`ceiling-${round}`, false, (env) => runWorker('scripts/bench/ceiling-worker.ts', [csvFile, key], env));
    progress(`round ${round} of ${total}: ingest through the Lambda handler`);
    const last = round === total;
    const ingest = await inTable(last ? stack.tableName : `ingest-${round}`, last, (env) =>
      runWorker('scripts/bench/ingest-worker.ts', ['handler', csvFile, key], env),
    );
    rounds.push({ ceiling, ingest });
  }
  return rounds;
}

/**
 * The figures that say how close the pipeline comes to what the machine can
 * do, all in one run against one DynamoDB Local, each part in its own process.
 */
async function jsonRun(rows: number, total: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'torchline-bench-'));
  const stack = await startLocalStack({ tableName: 'bench', bucket: 'bench' });
  try {
    const csvFile = join(dir, `enterprises-${rows}.csv`);
    const xlsxFile = join(dir, `enterprises-${rows}.xlsx`);
    await writeCsv(csvFile, rows);
    const key = `submissions/enterprises/bench-${rows}.csv`;
    const clients = createAwsClients(clientSettingsFromEnv(stack.env));
    await clients.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: await readFile(csvFile) }));
    clients.destroy();
    const rounds = await interleavedRounds(stack, csvFile, key, total);
    await writeXlsx(xlsxFile, rows);
    const parsing = await parseRounds(stack, csvFile, xlsxFile, total);
    progress('report read path against a raw parallel Query');
    const read = await runWorker('scripts/bench/read-worker.ts', ['2021'], stack.env);
    progress('report Lambda path');
    const report = await runWorker('scripts/bench/report-lambda-worker.ts', [String(rows)], stack.env, REPORT_HEAP_MB);
    console.log(JSON.stringify(jsonSummary(rows, rounds, parsing, { read, report })));
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

type ParseRounds = Record<'csv' | 'xlsx', { raw: number; parse: number }[]>;

/**
 * Parse + validate against the bare library (csv-parse; exceljs's streaming WorkbookReader) on the same
 * files, interleaved round by round, each run in a process of its own: the ratios of issue 26.
 */
async function parseRounds(stack: LocalStack, csvFile: string, xlsxFile: string, total: number): Promise<ParseRounds> {
  const out: ParseRounds = { csv: [], xlsx: [] };
  const rate = async (mode: string, file: string) => Number((await runWorker('scripts/bench/ingest-worker.ts', [mode, file], stack.env)).rowsPerSecond);
  for (let round = 1; round <= total; round++) {
    for (const [format, file] of [
      ['csv', csvFile],
      ['xlsx', xlsxFile],
    ] as const) {
      progress(`round ${round} of ${total}: ${format} read by the library alone, then parsed and validated`);
      const raw = await rate('raw', file);
      out[format].push({ raw, parse: await rate('parse', file) });
    }
  }
  return out;
}

const ratioOf = (runs: { raw: number; parse: number }[]) => Math.round(median(runs.map((r) => r.parse / r.raw)) * 100) / 100;

function jsonSummary(rows: number, rounds: Rounds, parsing: ParseRounds, runs: Record<'read' | 'report', Record<string, number | string>>) {
  const byInFlight = rounds.map((r) => JSON.parse(String(r.ceiling.byInFlight)) as Record<string, number>);
  const ceilingMedians = Object.fromEntries(Object.keys(byInFlight[0]!).map((c) => [c, median(byInFlight.map((b) => b[c]!))]));
  const ratios = rounds.map((r) => Number(r.ingest.rowsPerSecond) / Number(r.ceiling.best));
  return {
    rows,
    rounds: rounds.length,
    ingest_rows_per_s: median(rounds.map((r) => Number(r.ingest.rowsPerSecond))),
    write_ceiling_items_per_s: median(rounds.map((r) => Number(r.ceiling.best))),
    write_ceiling_by_in_flight: ceilingMedians,
    // Each round's ingest against that round's best ceiling; the median of those.
    ingest_ratio: Math.round(median(ratios) * 100) / 100,
    ingest_peak_rss_mb: Math.max(...rounds.map((r) => Number(r.ingest.rssMb))),
    // The ingest Lambda's own CPU per row (parse, validate, marshal, the SDK's requests), DynamoDB Local's not included.
    ingest_cpu_us_per_row: median(rounds.map((r) => Number(r.ingest.cpuMicrosPerRow))),
    csv_parse_rows_per_s: median(parsing.csv.map((r) => r.parse)),
    csv_raw_rows_per_s: median(parsing.csv.map((r) => r.raw)),
    // Each round's parse + validate against that round's bare csv-parse; the median of those.
    csv_parse_ratio: ratioOf(parsing.csv),
    xlsx_parse_rows_per_s: median(parsing.xlsx.map((r) => r.parse)),
    xlsx_raw_rows_per_s: median(parsing.xlsx.map((r) => r.raw)),
    xlsx_parse_ratio: ratioOf(parsing.xlsx),
    aggregate_ratio: Number(runs.read.ratio),
    report_seconds: Number(runs.report.seconds),
    report_peak_rss_mb: Number(runs.report.rssMb),
  };
}
/** The report runs under the heap its Lambda gets: finishing shows the deployed memory setting suffices. */
const REPORT_HEAP_MB = lambdaHeapMb(CONFIG_DEFAULTS.reportMemoryMb);
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sizes = (s: string) => s.split(',').filter(Boolean).map(Number);

/** Parse and ingest of each size and format, the capped-heap rerun, the report paths. */
async function tableRun(values: BenchOptions, stack: LocalStack, dir: string): Promise<Record<string, number | string>[]> {
  const results: Record<string, number | string>[] = [];
  const run = async (script: string, args: string[], heapMb?: number) => {
    results.push(await runWorker(script, args, stack.env, heapMb));
    console.error(JSON.stringify(results.at(-1)));
  };
  await run('scripts/bench/baseline-worker.ts', []);
  const clients = createAwsClients(clientSettingsFromEnv(stack.env));
  const s3 = clients.s3;
  const cases = [...sizes(values.rows!).map((n) => ['csv', n] as const), ...sizes(values['xlsx-rows']!).map((n) => ['xlsx', n] as const)];
  for (const [format, n] of cases) {
    const file = join(dir, `enterprises-${n}.${format}`);
    if (format === 'csv') await writeCsv(file, n);
    else await writeXlsx(file, n);
    const key = `submissions/enterprises/bench-${n}.${format}`;
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: await readFile(file) }));
    await run('scripts/bench/ingest-worker.ts', ['parse', file]);
    await run('scripts/bench/ingest-worker.ts', ['ingest', file, key]);
  }
  clients.destroy();
  // The report Lambda's path over everything ingested above (the largest CSV's rows are the 2021 enterprises).
  const largestCsv = cases.filter(([f]) => f === 'csv').at(-1);
  if (largestCsv && Number(values['capped-heap-mb'])) {
    const [, n] = largestCsv;
    await run(
      'scripts/bench/ingest-worker.ts',
      ['ingest', join(dir, `enterprises-${n}.csv`), `submissions/enterprises/bench-${n}.csv`],
      Number(values['capped-heap-mb']),
    );
  }
  if (cases.length > 0 && !values['skip-report'])
    await run('scripts/bench/report-lambda-worker.ts', [String(Math.max(...cases.map(([, n]) => n)))], REPORT_HEAP_MB);
  for (const n of sizes(values['report-rows']!)) await run('scripts/bench/report-worker.ts', [String(n)]);
  // As the mailbox Lambda runs: its heap capped as the ingest's.
  for (const n of sizes(values['mailbox-messages']!)) await run('scripts/bench/mailbox-worker.ts', [String(n)], lambdaHeapMb(CONFIG_DEFAULTS.ingestMemoryMb));
  for (const n of sizes(values['package-rows']!)) {
    for (const mode of ['records', 'report', 'package']) await run('scripts/bench/package-worker.ts', [String(n), mode]);
  }
  for (const n of sizes(values['hostile-rows']!)) {
    const file = join(dir, `hostile-${n}.xlsx`);
    progress(`writing the hostile sheet of ${n.toLocaleString('en-US')} rows`);
    await writeInflatingSheet(file, n);
    await run('scripts/bench/ingest-worker.ts', ['scratch', file], HOSTILE_HEAP_MB);
  }
  return results;
}

function printTable(results: readonly Record<string, number | string>[]): void {
  console.log('| run | format | rows | file MB | seconds | rows/s | peak RSS MB | peak heap MB |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const mb = typeof r.bytes === 'number' && r.bytes > 0 ? (r.bytes / 1024 / 1024).toFixed(1) : '—';
    console.log(
      `| ${r.mode} | ${r.format} | ${Number(r.rows).toLocaleString('en-US')} | ${mb} | ${r.seconds} | ` +
        `${Number(r.rowsPerSecond).toLocaleString('en-US')} | ${r.rssMb} | ${r.heapMb} |`,
    );
  }
}

async function main(): Promise<void> {
  const values = benchOptions();
  if (values.json) return jsonRun(sizes(values.rows!).at(-1) ?? 10_000, Number(values.rounds));
  const dir = await mkdtemp(join(tmpdir(), 'torchline-bench-'));
  const stack = await startLocalStack({ tableName: 'bench', bucket: 'bench' });
  try {
    printTable(await tableRun(values, stack, dir));
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
