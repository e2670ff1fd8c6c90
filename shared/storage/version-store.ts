/**
 * Record versions: appended (never overwritten), so an older upload processed
 * late cannot clobber a newer one; readers take, per natural key, the latest
 * version of an accepted upload (report/current-records.ts).
 */
import { ITEM_KEYS, TABLE_DESIGN, versionPartition } from '../layout';
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DatasetName } from '../domain/datasets';
import type { RecordVersion } from '../domain/record-version';
import type { StoredRecordVersion } from '../ingest/ports';
import type { DynamoTable } from './dynamo-table';

export interface StoredVersion {
  naturalKey: string;
  order: string;
  sk: string;
  data: Record<string, unknown>;
}

const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The item one record version is stored as (the benchmark writes exactly these to measure the ceiling). */
export function versionItem(v: RecordVersion): Record<string, unknown> {
  return {
    ...ITEM_KEYS.version(v),
    dataset: v.dataset,
    naturalKey: v.naturalKey,
    year: v.year,
    order: v.order,
    data: v.record,
    src: { key: v.source.key, etag: v.source.etag, row: v.row, sheet: v.sheetIndex },
  };
}

export class VersionStore {
  constructor(private readonly table: DynamoTable) {}

  /**
   * One BatchWriteItem of ≤ 25 puts; UnprocessedItems are retried with
   * exponential backoff and jitter. The hot path of every ingest: items are
   * marshalled once, here, and sent with the low-level command, so neither
   * the request nor a retry of unprocessed items goes through the document
   * layer's conversions again.
   */
  async writeVersions(page: RecordVersion[]): Promise<void> {
    const { tableName, options } = this.table;
    const maxAttempts = options.maxBatchAttempts ?? 10;
    const baseDelayMs = options.baseDelayMs ?? 50;
    const sleep = options.sleep ?? defaultSleep;
    // The document client is a DynamoDB client underneath: it sends low-level commands as they are.
    const lowLevel = this.table.client as unknown as DynamoDBClient;
    let requests: WriteRequest[] = page.map((v) => ({ PutRequest: { Item: marshall(versionItem(v), MARSHALL_OPTIONS) } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      const out = await lowLevel.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      const left = out.UnprocessedItems?.[tableName] ?? [];
      if (left.length === 0) return;
      if (attempt >= maxAttempts) throw new Error(`DynamoDB left ${left.length} items unprocessed after ${attempt} attempts`);
      requests = left;
      const cap = baseDelayMs * 2 ** (attempt - 1);
      await sleep(cap / 2 + Math.random() * (cap / 2));
    }
  }

  /** Every stored version of one record, with the upload that wrote it: what decides whose a record is (ingest/unit-identity.ts). */
  async versionsOf(dataset: DatasetName, naturalKey: string): Promise<StoredRecordVersion[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ProjectionExpression: 'sk, #order, src, #data',
      ExpressionAttributeNames: { '#order': 'order', '#data': 'data' },
      ExpressionAttributeValues: { ':pk': ITEM_KEYS.record(dataset, naturalKey) },
    });
    return items.map((item) => ({
      sk: String(item.sk),
      order: String(item.order),
      sourceKey: String((item.src as { key?: unknown } | undefined)?.key ?? ''),
      data: (item.data ?? {}) as Record<string, unknown>,
    }));
  }

  /**
   * The stored versions of a dataset for one year (or all years, for
   * projects): one page stream per shard, for the caller to read all at once.
   * Within a shard the index orders versions by natural key, then upload
   * order, so all versions of one key arrive together (keys hold no '#').
   */
  versionShards(dataset: DatasetName, year: number | 'all'): AsyncIterable<StoredVersion[]>[] {
    const { index } = TABLE_DESIGN;
    return Array.from(
      { length: TABLE_DESIGN.shards },
      (_, shard) =>
        this.table.queryPages({
          IndexName: index.name,
          KeyConditionExpression: '#g = :g',
          // Only what resolution and aggregation read: keeps pages small.
          ProjectionExpression: 'naturalKey, #order, sk, #data',
          ExpressionAttributeNames: { '#g': index.partitionKey, '#order': 'order', '#data': 'data' },
          ExpressionAttributeValues: { ':g': versionPartition(dataset, year, shard) },
        }) as AsyncIterable<StoredVersion[]>,
    );
  }
}
