/**
 * The DynamoDB repository: the only module that knows the table's item shapes.
 * Record versions are appended (never overwritten), so an older upload
 * processed late cannot clobber a newer one; readers take, per natural key,
 * the latest version of an accepted upload.
 */
import { BatchWriteItemCommand, ConditionalCheckFailedException, type DynamoDBClient, TransactionCanceledException, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  paginateQuery,
  QueryCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { isDatasetName, type DatasetName } from '../domain/datasets';
import type { OperatorSettings, SettingName } from '../report/operator-settings';
import type { RecordVersion } from '../domain/record-version';
import type { IngestStore } from '../ingest/ports';
import { isSubmissionState, type SubmissionStatus } from '../domain/submission-status';
import type { IndicatorsDocument } from '../report/indicator-table';
import type { Claim } from '../report/report-ledger';
import { createHash } from 'node:crypto';
import { shardOf, SUBMISSIONS_PARTITION, TABLE_DESIGN, versionPartition } from './table-design';

const { index } = TABLE_DESIGN;

export interface RepositoryOptions {
  maxBatchAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface StoredVersion {
  naturalKey: string;
  order: string;
  sk: string;
  data: Record<string, unknown>;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function versionSortKey(v: Pick<RecordVersion, 'order' | 'sheetIndex' | 'row'>): string {
  return `v#${v.order}#${pad(v.sheetIndex, 3)}#${pad(v.row, 9)}`;
}

/** The item one record version is stored as (the benchmark writes exactly these to measure the ceiling). */
export function versionItem(v: RecordVersion): Record<string, unknown> {
  const year = v.dataset === 'projects' ? 'all' : v.year;
  return {
    pk: `rec#${v.dataset}#${v.naturalKey}`,
    sk: versionSortKey(v),
    [index.partitionKey]: versionPartition(v.dataset, year, shardOf(v.naturalKey)),
    [index.sortKey]: `${v.naturalKey}#${versionSortKey(v)}`,
    dataset: v.dataset,
    naturalKey: v.naturalKey,
    year: v.year,
    order: v.order,
    data: v.record,
    src: { key: v.source.key, etag: v.source.etag, row: v.row, sheet: v.sheetIndex },
  };
}

export class DynamoRepository implements Pick<IngestStore, 'hasSubmission' | 'writeVersions' | 'putStatuses'> {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    options: RepositoryOptions = {},
  ) {
    this.maxAttempts = options.maxBatchAttempts ?? 10;
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** The document client is a DynamoDB client underneath: it sends low-level commands as they are, with no conversion. */
  private get lowLevel(): DynamoDBClient {
    return this.client as unknown as DynamoDBClient;
  }

  async hasSubmission(key: string, order: string): Promise<boolean> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
        ExpressionAttributeValues: { ':pk': `sub#${key}`, ':order': `${order}#` },
        Limit: 1,
        ProjectionExpression: 'pk',
      }),
    );
    return (out.Items?.length ?? 0) > 0;
  }

  /**
   * One BatchWriteItem of ≤ 25 puts; UnprocessedItems are retried with
   * exponential backoff and jitter. The hot path of every ingest: items are
   * marshalled once, here, and sent with the low-level command, so neither
   * the request nor a retry of unprocessed items goes through the document
   * layer's conversions again.
   */
  async writeVersions(page: RecordVersion[]): Promise<void> {
    let requests: WriteRequest[] = page.map((v) => ({ PutRequest: { Item: marshall(versionItem(v), MARSHALL_OPTIONS) } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      const out = await this.lowLevel.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
      const left = out.UnprocessedItems?.[this.tableName] ?? [];
      if (left.length === 0) return;
      if (attempt >= this.maxAttempts) {
        throw new Error(`DynamoDB left ${left.length} items unprocessed after ${attempt} attempts`);
      }
      requests = left;
      const cap = this.baseDelayMs * 2 ** (attempt - 1);
      await this.sleep(cap / 2 + Math.random() * (cap / 2));
    }
  }

  /**
   * The statuses of one upload (one per sheet) are written in one transaction:
   * they appear together or not at all, so a retry after a fault never finds
   * half of them and takes the upload for done. Each is conditional on being
   * new, so a second delivery racing the first changes nothing.
   */
  async putStatuses(statuses: SubmissionStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    if (statuses.length > 100) throw new Error(`an upload with ${statuses.length} sheets is more than one transaction can record`);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: statuses.map((status) => {
            const sheet = pad(status.sheetIndex, 3);
            return {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `sub#${status.key}`,
                  sk: `${status.order}#${sheet}`,
                  [index.partitionKey]: SUBMISSIONS_PARTITION,
                  // A hash, not the key: an S3 key may be 1,024 bytes, more than an index sort key holds.
                  [index.sortKey]: `${status.order}#${keyDigest(status.key)}#${sheet}`,
                  ...status,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            };
          }),
        }),
      );
    } catch (err) {
      const alreadyRecorded = err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
      if (!alreadyRecorded) throw err;
    }
  }

  /** Every submission status, in upload order. */
  async listSubmissions(): Promise<SubmissionStatus[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: index.name,
      KeyConditionExpression: '#g = :g',
      ExpressionAttributeNames: { '#g': index.partitionKey },
      ExpressionAttributeValues: { ':g': SUBMISSIONS_PARTITION },
    });
    return items.map(statusOf);
  }

  /** The statuses of one object key, every upload of it, in upload order (one partition, not the whole list). */
  async statusesOf(key: string): Promise<SubmissionStatus[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `sub#${key}` },
    });
    return items.map(statusOf);
  }

  /**
   * The stored versions of a dataset for one year (or all years, for
   * projects): one page stream per shard, for the caller to read all at once.
   * Within a shard the index orders versions by natural key, then upload
   * order, so all versions of one key arrive together (keys hold no '#').
   */
  versionShards(dataset: DatasetName, year: number | 'all'): AsyncIterable<StoredVersion[]>[] {
    return Array.from({ length: TABLE_DESIGN.shards }, (_, shard) =>
      this.queryPages({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#g = :g',
        // Only what resolution and aggregation read: keeps pages small.
        ProjectionExpression: 'naturalKey, #order, sk, #data',
        ExpressionAttributeNames: { '#g': index.partitionKey, '#order': 'order', '#data': 'data' },
        ExpressionAttributeValues: { ':g': versionPartition(dataset, year, shard) },
      }) as AsyncIterable<StoredVersion[]>,
    );
  }

  /** An operator's setting (operator-settings.ts): one item each, under one partition key. */
  async getSetting<K extends SettingName>(name: K): Promise<OperatorSettings[K] | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: settingKey(name) }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...value } = out.Item;
    return value as OperatorSettings[K];
  }

  async putSetting<K extends SettingName>(name: K, value: OperatorSettings[K]): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...value, ...settingKey(name) } }));
  }

  async deleteSetting(name: SettingName): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: settingKey(name) }));
  }

  /** The year's indicators as computed, kept as JSON text so they read back exactly (key order included). */
  async putSnapshot(year: number, indicators: IndicatorsDocument): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `snapshot#${year}`, sk: 'indicators', year, indicators: JSON.stringify(indicators), storedAt: new Date().toISOString() },
      }),
    );
  }

  async getSnapshot(year: number): Promise<IndicatorsDocument | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `snapshot#${year}`, sk: 'indicators' } }));
    return out.Item ? (JSON.parse(out.Item.indicators as string) as IndicatorsDocument) : undefined;
  }

  /** The report-send ledger (see report-ledger.ts): one item per scheduled send. */
  async claimSend(key: string, claimId: string, now: Date, leaseMs: number): Promise<Claim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `report#${key}`, sk: 'send', state: 'sending', claimId, leaseUntil: now.getTime() + leaseMs, claimedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state <> :sent AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':now': now.getTime() },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `report#${key}`, sk: 'send' } }));
      return out.Item?.state === 'sent' ? 'sent' : 'busy';
    }
  }

  async renewSend(key: string, claimId: string, leaseUntil: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `report#${key}`, sk: 'send' },
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: '#state = :sending AND claimId = :me',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':until': leaseUntil, ':sending': 'sending', ':me': claimId },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async markSent(key: string, details: { messageId?: string; reportKey: string; sentAt: string }): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: `report#${key}`, sk: 'send', state: 'sent', ...details } }),
    );
  }

  async releaseSend(key: string, claimId: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `report#${key}`, sk: 'send', state: 'failed', leaseUntil: 0 },
        ConditionExpression: '#state = :sending AND claimId = :me',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':me': claimId },
      }),
    ).catch((err: unknown) => {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    });
  }

  private async *queryPages(input: QueryCommandInput): AsyncGenerator<Record<string, unknown>[]> {
    for await (const page of paginateQuery({ client: this.client }, input)) yield page.Items ?? [];
  }

  private async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of this.queryPages(input)) items.push(...page);
    return items;
  }
}

/** A status item without its table and index keys. */
function statusOf(item: Record<string, unknown>): SubmissionStatus {
  const { pk: _pk, sk: _sk, [index.partitionKey]: _g, [index.sortKey]: _s, ...status } = item;
  // A status stored by an older release from a hostile folder name (`__proto__`) must not stop every
  // report that reads it: a dataset or state that is not one of ours reads as none / rejected.
  if (!isDatasetName(status.dataset)) status.dataset = null;
  if (!isSubmissionState(status.status)) status.status = 'rejected';
  return status as unknown as SubmissionStatus;
}

const settingKey = (name: SettingName) => ({ pk: 'settings#report', sk: name });

const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}
