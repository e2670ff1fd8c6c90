/**
 * One benchmark run in a process of its own, so its memory is only its own:
 * `parse` reads and validates a file without storing it; `raw` only reads it
 * with the library underneath (csv-parse with the ingest's decoding and
 * options, or exceljs's streaming WorkbookReader), the baseline `parse` is
 * measured against; `ingest` runs the production ingest (S3 → validation →
 * DynamoDB) against the local servers; `scratch` runs the same ingest against a
 * store that keeps nothing (the hostile sheet of inflating-sheet.ts, whose every
 * row is refused, needs no table), counting the rows refused.
 * Prints one JSON line.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DATASETS } from '../../shared/domain/datasets';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import type { IngestStore } from '../../shared/ingest/ports';
import { countValidRows } from '../../shared/ingest/sheet-ingest';
import { readSheets } from '../../shared/ingest/parsing/submission-parser';
import { torchlineFromEnv } from '../../shared/torchline';
import { clientSettingsFromEnv, configFromEnv } from '../../shared/config';
import { awsPorts } from '../../shared/storage/aws-ports';
import { createAwsClients } from '../../shared/storage/aws-clients';
import { lambdaContext, sqsRecord } from '../local/lambda-events';
import { startMemoryProbe } from './memory-probe';
import { rawCsvRows, rawXlsxRows } from './raw-readers';

const [mode, file, key] = process.argv.slice(2);
// The worker is a Lambda of the benchmark's local stack: its settings come in its environment.
const torchline = torchlineFromEnv(process.env);
// The ingest alone, below the app's face: what the bench times is the ingest's own work.
const ports = awsPorts(createAwsClients(clientSettingsFromEnv(process.env)), configFromEnv(process.env));
const format = file!.endsWith('.xlsx') ? 'xlsx' : 'csv';
const stop = startMemoryProbe();
const started = performance.now();
// The CPU the work took (user + system), what a Lambda is billed and waits for when the store keeps up.
const cpuBefore = process.cpuUsage();
let rows = 0;

if (mode === 'raw') {
  rows = format === 'csv' ? await rawCsvRows(file!) : await rawXlsxRows(file!);
} else if (mode === 'parse') {
  for await (const sheet of readSheets(createReadStream(file!), format)) {
    if (sheet.kind === 'table') rows += await countValidRows(sheet, DATASETS.enterprises, { maxYear: 2030 });
  }
} else if (mode === 'scratch') {
  const kept = { checkedBytes: 0 };
  const scratch: IngestStore = {
    hasSubmission: async () => false,
    writeVersions: async () => undefined,
    putStatuses: async () => undefined,
    writeErrorReport: async () => undefined,
    writeCheckedWorkbook: async (_key, bytes) => void (kept.checkedBytes = bytes.length),
    versionsOf: async () => [],
    statusesOf: async () => [],
  };
  const result = await ingestSubmission(
    { key: `submissions/enterprises/hostile.${format}`, sequencer: '01', eventTime: new Date().toISOString() },
    async () => createReadStream(file!),
    scratch,
  );
  if (result.outcome !== 'processed') throw new Error(`not processed: ${result.outcome}`);
  rows = result.statuses.reduce((a, s) => a + s.rows, 0);
  const s0 = result.statuses[0]!;
  console.error(
    `scratch: ${s0.status}, ${s0.rows} rows, ${s0.rejected} rejected, ${s0.errorCount} errors, checked workbook ` +
      `${kept.checkedBytes} bytes; first error: ${s0.errors[0]?.message.slice(0, 120)}`,
  );
} else if (mode === 'handler') {
  // Through the ingest Lambda's own handler, as SQS delivers the S3 event.
  const { ingestHandler } = await import('../../lambdas/ingest');
  const handler = ingestHandler(() => torchline);
  const time = new Date().toISOString();
  const body = JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime: time,
        s3: { bucket: { name: torchline.config.ingestBucket }, object: { key: key!, sequencer: Date.now().toString(16) } },
      },
    ],
  });
  const out = await handler({ Records: [sqsRecord(body, 'bench')] }, lambdaContext('bench'));
  if (out.batchItemFailures.length > 0) throw new Error('the handler failed the message');
  const statuses = await torchline.operator.allStatuses();
  rows = statuses.filter((s) => s.key === key).reduce((a, s) => a + s.accepted, 0);
} else {
  const { objects, ingestStore } = ports;
  const result = await ingestSubmission({ key: key!, sequencer: '01', eventTime: new Date().toISOString() }, () => objects.open(key!), ingestStore);
  if (result.outcome !== 'processed') throw new Error(`not processed: ${result.outcome}`);
  rows = result.statuses.reduce((a, s) => a + s.accepted, 0);
}

const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const peak = stop();
console.log(
  JSON.stringify({
    mode,
    format,
    rows,
    bytes: (await stat(file!)).size,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    cpuMicrosPerRow: Math.round(((cpu.user + cpu.system) / rows) * 10) / 10,
    ...peak,
  }),
);
