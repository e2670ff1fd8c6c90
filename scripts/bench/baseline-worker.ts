/** The memory of a worker process that has loaded the code and done nothing: the floor under every other figure. */
import '../../shared/storage/aws-ports';
import '../../shared/report/report-workbook';
import '../../shared/ingest/ingest-submission';
import { startMemoryProbe } from './memory-probe';

const stop = startMemoryProbe();
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(JSON.stringify({ mode: 'baseline (code loaded, idle)', format: '—', rows: 0, seconds: 0, rowsPerSecond: 0, ...stop() }));
