/**
 * One benchmark run in a process of its own, so its memory is only its own:
 * `parse` reads and validates a file without storing it; `ingest` runs the
 * production ingest (S3 → validation → DynamoDB) against the local servers.
 * Prints one JSON line.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { configFromEnv } from '../../shared/config';
import { DATASETS } from '../../shared/domain/datasets';
import { countValidRows, ingestSubmission } from '../../shared/ingest/ingest-submission';
import { readSheets } from '../../shared/ingest/parsing/submission-parser';
import { awsClients } from '../../shared/storage/aws-clients';
import { awsPorts } from '../../shared/storage/aws-ports';
import { startMemoryProbe } from './memory-probe';

const [mode, file, key] = process.argv.slice(2);
const format = file!.endsWith('.xlsx') ? 'xlsx' : 'csv';
const stop = startMemoryProbe();
const started = performance.now();
let rows = 0;

if (mode === 'parse') {
  for await (const sheet of readSheets(createReadStream(file!), format)) {
    if (sheet.kind === 'table') rows += await countValidRows(sheet, DATASETS.enterprises, { maxYear: 2030 });
  }
} else {
  const { objects, ingestStore } = awsPorts(awsClients(), configFromEnv());
  const result = await ingestSubmission(
    { key: key!, sequencer: '01', eventTime: new Date().toISOString() },
    () => objects.open(key!),
    ingestStore,
  );
  if (result.outcome !== 'processed') throw new Error(`not processed: ${result.outcome}`);
  rows = result.statuses.reduce((a, s) => a + s.accepted, 0);
}

const seconds = (performance.now() - started) / 1000;
const peak = stop();
console.log(JSON.stringify({ mode, format, rows, bytes: (await stat(file!)).size, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds), ...peak }));
