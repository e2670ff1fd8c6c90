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
} else if (mode === 'handler') {
  // Through the ingest Lambda's own handler, as SQS delivers the S3 event.
  const { handler } = await import('../../lambdas/ingest');
  const time = new Date().toISOString();
  const body = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', eventTime: time, s3: { bucket: { name: configFromEnv().ingestBucket }, object: { key: key!, sequencer: Date.now().toString(16) } } }] });
  const record = { messageId: 'bench', receiptHandle: 'bench', body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:local:0:bench', awsRegion: 'local' };
  const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 900_000 };
  // The handler's types are the Lambda runtime's; this is that shape, built by hand.
  const out = await handler({ Records: [record] } as unknown as Parameters<typeof handler>[0], context as unknown as Parameters<typeof handler>[1]);
  if (out.batchItemFailures.length > 0) throw new Error('the handler failed the message');
  const statuses = await awsPorts(awsClients(), configFromEnv()).repository.listSubmissions();
  rows = statuses.filter((s) => s.key === key).reduce((a, s) => a + s.accepted, 0);
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
