/**
 * Ingest Lambda: SQS messages carrying S3 ObjectCreated notifications.
 * A message whose processing throws (a transient fault) is reported as a
 * batch item failure and retried by SQS, then dead-lettered after 3 tries;
 * bad files never throw — they get a "rejected" status instead.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { configFromEnv } from '../shared/config';
import { ingestNotification, type SubmitterMail } from '../shared/ingest/ingest-notification';
import type { IngestStore, ObjectReader } from '../shared/ingest/ports';
import { awsClients, type AwsClients } from '../shared/storage/aws-clients';
import { awsPorts } from '../shared/storage/aws-ports';

const logger = new Logger({ serviceName: 'torchline-ingest' });
const processor = new BatchProcessor(EventType.SQS);

interface IngestPorts {
  objects: ObjectReader;
  ingestStore: IngestStore;
  /** Absent when no submitter domain is allowed. */
  mail?: SubmitterMail;
}

/** The ports are built once per cold start (the local runner, which re-points the clients, gets new ones). */
let built: { clients: AwsClients; ports: IngestPorts } | undefined;
function productionPorts(): IngestPorts {
  const clients = awsClients();
  if (built?.clients !== clients) {
    const config = configFromEnv();
    const { objects, ingestStore, mailer } = awsPorts(clients, config);
    const mail = config.submitterDomains.length > 0 ? { mailer, sender: config.sender, district: config.district, allowedDomains: config.submitterDomains } : undefined;
    built = { clients, ports: { objects, ingestStore, mail } };
  }
  return built.ports;
}

async function handleRecord(record: SQSRecord, ports: IngestPorts): Promise<void> {
  const { objects, ingestStore, mail } = ports;
  let results: Awaited<ReturnType<typeof ingestNotification>>;
  try {
    results = await ingestNotification(record.body, objects, ingestStore, undefined, mail);
  } catch (err) {
    // Only store and network faults get here (bad files are rejected with a status): SQS will retry.
    // A warning: SQS retries it; the dead-letter alarm is the error if retries fail too.
    logger.warn('submission not processed; SQS will retry it, then dead-letter it', { messageId: record.messageId, error: err as Error });
    throw err;
  }
  for (const { key, outcome, mailed } of results) {
    if (mailed) logger.info('checked workbook to the submitter', { key, mailed });
    if (outcome.outcome === 'processed') {
      for (const s of outcome.statuses) {
        logger.info('submission processed', { key, sheet: s.sheet, status: s.status, rows: s.rows, accepted: s.accepted, rejected: s.rejected });
      }
    } else {
      logger.info('submission skipped', { key, ...outcome });
    }
  }
}

/** The handler over given ports (tests give a store that fails). */
export function ingestHandler(ports: () => IngestPorts) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // Report every failure item by item (even all of them) so SQS retries exactly those messages.
    processPartialResponse(event, (record: SQSRecord) => handleRecord(record, ports()), processor, { context, throwOnFullBatchFailure: false });
}

export const handler = ingestHandler(productionPorts);
