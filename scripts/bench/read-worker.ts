/**
 * The report's read path against the raw ceiling: the records in force of a
 * year as the report loads them, against a raw parallel Query of the same
 * items (the 8 shard partitions of the index, all pages). Prints one JSON line.
 */
import { TABLE_DESIGN, versionPartition } from '../../shared/layout';
import { DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb';
import { clientSettingsFromEnv, configFromEnv } from '../../shared/config';
import { awsPorts } from '../../shared/storage/aws-ports';
import { createAwsClients } from '../../shared/storage/aws-clients';
import { loadRecords } from '../../shared/report/current-records';
import { LOCAL_CREDENTIALS } from '../../shared/storage/aws-clients';

const year = Number(process.argv[2] ?? 2021);
const config = configFromEnv(process.env);
// The report's reader alone, below the app's face: what the bench times.
const ports = awsPorts(createAwsClients(clientSettingsFromEnv(process.env)), config);
const client = new DynamoDBClient({ region: 'local', endpoint: process.env.TORCHLINE_DYNAMODB_ENDPOINT, credentials: LOCAL_CREDENTIALS });

async function raw(): Promise<{ items: number; seconds: number }> {
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: TABLE_DESIGN.shards }, async (_, shard) => {
      let n = 0;
      const pages = paginateQuery(
        { client },
        {
          TableName: config.tableName,
          IndexName: TABLE_DESIGN.index.name,
          KeyConditionExpression: '#g = :g',
          ExpressionAttributeNames: { '#g': TABLE_DESIGN.index.partitionKey },
          ExpressionAttributeValues: { ':g': { S: versionPartition('enterprises', year, shard) } },
        },
      );
      for await (const page of pages) n += page.Items?.length ?? 0;
      return n;
    }),
  );
  return { items: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
}

async function pipeline(): Promise<{ records: number; seconds: number }> {
  const started = performance.now();
  const records = await loadRecords(ports.reportPorts.records, [year]);
  return { records: records.enterprises.get(year)?.length ?? 0, seconds: (performance.now() - started) / 1000 };
}

// Interleaved, best of three each: the JVM warms up on the first pass.
const raws: number[] = [];
const pipes: number[] = [];
let items = 0;
let records = 0;
for (let i = 0; i < 3; i++) {
  const r = await raw();
  items = r.items;
  raws.push(r.seconds);
  const p = await pipeline();
  records = p.records;
  pipes.push(p.seconds);
}
const rawBest = Math.min(...raws);
const pipeBest = Math.min(...pipes);
console.log(
  JSON.stringify({ mode: 'read', items, records, rawSeconds: rawBest, pipelineSeconds: pipeBest, ratio: Math.round((rawBest / pipeBest) * 100) / 100 }),
);
