/**
 * Every key of every item in the table, built in one place (the layout is in
 * table-design.ts). The adapters build their keys here, and the stack's IAM
 * conditions (`dynamodb:LeadingKeys`) are made from the same prefixes, so the
 * policy and the items cannot drift apart.
 */
import { createHash } from 'node:crypto';
import type { DatasetName } from '../domain/datasets';
import type { RecordVersion } from '../domain/record-version';
import { SUBMISSIONS_PARTITION, TABLE_DESIGN, shardOf, versionPartition } from './table-design';

/** The partition-key prefix of each kind of item. */
export const ITEM_PREFIXES = {
  record: 'rec#',
  submission: 'sub#',
  snapshot: 'snapshot#',
  send: 'report#',
  settings: 'settings#',
  mailQuota: 'mail#',
} as const;

export type ItemKind = keyof typeof ITEM_PREFIXES;

/** The `dynamodb:LeadingKeys` patterns that allow exactly these kinds of item. */
export function leadingKeys(...kinds: ItemKind[]): string[] {
  return kinds.map((kind) => `${ITEM_PREFIXES[kind]}*`);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A hash, not the key: an S3 key may be 1,024 bytes, more than an index sort key holds. */
function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

export function versionSortKey(v: Pick<RecordVersion, 'order' | 'sheetIndex' | 'row'>): string {
  return `v#${v.order}#${pad(v.sheetIndex, 3)}#${pad(v.row, 9)}`;
}

const { index } = TABLE_DESIGN;

export const ITEM_KEYS = {
  /** The partition of every version of one record. */
  record: (dataset: DatasetName, naturalKey: string) => `${ITEM_PREFIXES.record}${dataset}#${naturalKey}`,
  /** One version of a record, and where the index files it (by dataset, year and shard). */
  version: (v: RecordVersion) => ({
    pk: ITEM_KEYS.record(v.dataset, v.naturalKey),
    sk: versionSortKey(v),
    [index.partitionKey]: versionPartition(v.dataset, v.dataset === 'projects' ? 'all' : v.year, shardOf(v.naturalKey)),
    [index.sortKey]: `${v.naturalKey}#${versionSortKey(v)}`,
  }),
  /** The partition of one object key's statuses. */
  submission: (key: string) => `${ITEM_PREFIXES.submission}${key}`,
  /** One sheet's status of one upload, and its place in the index's upload order. */
  status: (key: string, order: string, sheetIndex: number) => ({
    pk: `${ITEM_PREFIXES.submission}${key}`,
    sk: `${order}#${pad(sheetIndex, 3)}`,
    [index.partitionKey]: SUBMISSIONS_PARTITION,
    [index.sortKey]: `${order}#${keyDigest(key)}#${pad(sheetIndex, 3)}`,
  }),
  snapshot: (year: number) => ({ pk: `${ITEM_PREFIXES.snapshot}${year}`, sk: 'indicators' }),
  send: (sendKey: string) => ({ pk: `${ITEM_PREFIXES.send}${sendKey}`, sk: 'send' }),
  setting: (name: string) => ({ pk: `${ITEM_PREFIXES.settings}report`, sk: name }),
  mailQuota: (address: string, day: string) => ({ pk: `${ITEM_PREFIXES.mailQuota}${address}`, sk: day }),
};

/** An item without its table and index keys. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, [index.partitionKey]: _g, [index.sortKey]: _s, ...rest } = item;
  return rest;
}
