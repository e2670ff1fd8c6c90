/**
 * Ingest Lambda: SQS messages carrying S3 ObjectCreated notifications.
 * A message whose processing throws (a transient fault) is reported as a
 * batch item failure and retried by SQS, then dead-lettered after 3 tries;
 * bad files never throw — they get a "rejected" status instead.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { asPrincipal, torchlineFromEnv, type Torchline } from '../shared/torchline';

const processor = new BatchProcessor(EventType.SQS);

async function handleRecord(record: SQSRecord, torchline: Torchline, logger: Logger): Promise<void> {
  let results: Awaited<ReturnType<Torchline['ingest']>>;
  try {
    // As the ingest role: the calls it makes are what its policy must allow (aws-calls.ts).
    results = await asPrincipal({ kind: 'ingest' }, () => torchline.ingest(record.body));
  } catch (err) {
    // Only store and network faults get here (bad files are rejected with a status): SQS will retry.
    // A warning: SQS retries it; the dead-letter alarm is the error if retries fail too.
    logger.warn('submission not processed; SQS will retry it, then dead-letter it', { messageId: record.messageId, error: err as Error });
    throw err;
  }
  for (const { key, outcome, mailed } of results) {
    if (mailed) logger.info('receipt to the submitter', { key, ...mailed });
    if (outcome.outcome === 'processed') {
      for (const s of outcome.statuses) {
        logger.info('submission processed', { key, sheet: s.sheet, status: s.status, rows: s.rows, accepted: s.accepted, rejected: s.rejected });
      }
    } else {
      logger.info('submission skipped', { key, ...outcome });
    }
  }
}

/** The handler over a composition root (the local runner and the tests pass their own). */
export function ingestHandler(torchline: () => Torchline, logger = new Logger({ serviceName: 'torchline-ingest' })) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // Report every failure item by item (even all of them) so SQS retries exactly those messages.
    processPartialResponse(event, (record: SQSRecord) => handleRecord(record, torchline(), logger), processor, { context, throwOnFullBatchFailure: false });
}

/** Built once per cold start, from the environment the stack gives the function. */
let root: Torchline | undefined;
export const handler = ingestHandler(() => (root ??= torchlineFromEnv(process.env)));
