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
