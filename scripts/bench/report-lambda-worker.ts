/**
 * The report Lambda's whole path in a process of its own, against the local
 * servers the benchmark filled: query the year, aggregate, write the workbook
 * with charts, store it, send it. Prints one JSON line with peak memory.
 */
import { torchlineFromEnv } from '../../shared/torchline';
import { startMemoryProbe } from './memory-probe';

const stop = startMemoryProbe();
const started = performance.now();
const result = await torchlineFromEnv(process.env).report({ year: 2021 });
if ('skipped' in result) throw new Error('unexpectedly skipped');
const seconds = (performance.now() - started) / 1000;
// The caller knows how many 2021 enterprise records it stored.
const rows = Number(process.argv[2] ?? 0);
console.log(
  JSON.stringify({
    mode: 'report (Lambda path)',
    format: `xlsx, ${result.delivery}`,
    rows,
    bytes: result.workbook.length,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    ...stop(),
  }),
);
