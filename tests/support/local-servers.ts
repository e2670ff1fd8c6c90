/** Test helpers over the servers the global setup started: a fresh table or bucket per test file. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createBucket, createTable, localEnv } from '../../scripts/local/local-stack';
import { LOCAL_CREDENTIALS } from '../../shared/storage/aws-clients';
import { createTorchline } from '../../shared/torchline';
import { clientSettingsFromEnv, configFromEnv } from '../../shared/config';
import { createAwsClients } from '../../shared/storage/aws-clients';
import { awsPorts } from '../../shared/storage/aws-ports';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { asPrincipal } from '../../shared/torchline';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import { forEachRecordInForce } from '../../shared/report/current-records';
import { committedOrders } from '../../shared/domain/submission-status';
import { dynamoStores, type DynamoStores } from '../../shared/storage/dynamo-stores';

export function endpoints() {
  return inject('endpoints');
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function freshTable(): Promise<{ tableName: string; doc: DynamoDBDocumentClient; stores: DynamoStores }> {
  const tableName = uniqueName('t');
  await createTable(endpoints().dynamodb, tableName);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: endpoints().dynamodb, region: 'cn-north-1', credentials: LOCAL_CREDENTIALS }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { tableName, doc, stores: dynamoStores(doc, tableName, { baseDelayMs: 1 }) };
}

export async function freshBucket(): Promise<{ bucket: string; s3: S3Client }> {
  const bucket = uniqueName('b');
  await createBucket(endpoints().s3, bucket);
  const s3 = new S3Client({
    endpoint: endpoints().s3,
    region: 'cn-north-1',
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { bucket, s3 };
}

/** The composition root over a fresh table and bucket on the local servers, as a Lambda of that stack would build it. */
export async function freshPorts(extraEnv: Record<string, string> = {}) {
  const { tableName } = await freshTable();
  const { bucket } = await freshBucket();
  const env = { ...localEnv(endpoints(), tableName, bucket), ...extraEnv };
  // The app's face and, below it, the same clients' ports: a test drives the one and inspects through the other.
  const clients = createAwsClients(clientSettingsFromEnv(env));
  const config = configFromEnv(env);
  const torchline = createTorchline({ config, clients });
  return { ...awsPorts(clients, config), torchline, clients, config, env, tableName, bucket };
}

type FreshPorts = Awaited<ReturnType<typeof freshPorts>>;

/**
 * Puts files as their uploader would and ingests each as the ingest role would, a minute apart from 2022-03-01 (so each
 * is the later upload of the one before); answers the ingest's outcome of a processed upload.
 */
export function ingestingUploader(ports: FreshPorts) {
  let sequence = 0;
  return async (
    key: string,
    body: Buffer | string,
    principal: { kind: 'staff' } | { kind: 'mailbox' } | { kind: 'submitter'; org: string } = { kind: 'staff' },
  ) => {
    await asPrincipal(principal, () => ports.clients.s3.send(new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: body })));
    const eventTime = new Date(Date.UTC(2022, 2, 1) + ++sequence * 60_000).toISOString();
    const source = { key, sequencer: sequence.toString(16), eventTime };
    const outcome = await asPrincipal({ kind: 'ingest' }, () => ingestSubmission(source, () => ports.objects.open(key), ports.ingestStore));
    if (outcome.outcome !== 'processed') throw new Error(outcome.outcome);
    return outcome;
  };
}

/** The names of the enterprises' records in force for a year, sorted: what a report would count. */
export async function enterpriseNamesInForce(ports: FreshPorts, year: number): Promise<string[]> {
  const names: string[] = [];
  await asPrincipal({ kind: 'harness' }, async () => {
    const committed = committedOrders(await ports.submissions.listSubmissions());
    await forEachRecordInForce(ports.reportPorts.records, 'enterprises', year, committed, (r) => names.push(r.name));
  });
  return names.sort();
}
