/**
 * The layout of everything Torchline stores, in one place: every S3 prefix and
 * object key, the table's keys and index, every item key and index partition,
 * and every send-ledger key. The code builds its keys here, and the IAM
 * statements (infra/policies.ts) and the table (CDK and the local stack) are
 * built from the same definitions, so a policy and the keys it must allow
 * cannot drift apart (tests/infra/layout-policies.test.ts proves it).
 */
import { createHash } from 'node:crypto';
import type { DatasetName } from './domain/datasets';
import type { RecordVersion } from './domain/record-version';

/** A time as a folder name the bureau reads in its own zone (no colons: S3 consoles and Windows both choke on them). */
function beijingFolderTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/:/g, '-')}+0800`;
}

// ---- S3

/** The bucket's top-level prefixes: staff uploads, units' own uploads, what the ingest writes back, the reports. */
export const S3_PREFIXES = {
  submissions: 'submissions/',
  /** `submitters/<org>/…`, where `<org>` is the unit's credit code or incubator id (contract 1). */
  submitters: 'submitters/',
  /** Error reports and checked workbooks, mirroring the submission's path; no uploader may write here. */
  results: 'results/',
  reports: 'reports/',
  /** Messages of the bureau's mailbox kept for the officer: an unknown sender's, until it is assigned to a unit (contract 13). */
  mailbox: 'mailbox/',
} as const;

/** The folder under `submitters/<org>/` where the mailbox intake stores a unit's mailed files (never read from an S3 event). */
export const MAIL_FOLDER = 'mail/';

/** A file the mailbox intake stored (and ingested itself): `submitters/<org>/mail/…`; its S3 event is not read again. */
export function isMailboxFile(key: string): boolean {
  if (!key.startsWith(S3_PREFIXES.submitters)) return false;
  const rest = key.slice(S3_PREFIXES.submitters.length);
  const slash = rest.indexOf('/');
  return slash > 0 && rest.startsWith(MAIL_FOLDER, slash + 1);
}

/** A message's short id: its Message-ID hashed, the same for every delivery of it. */
export function messageShortId(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 16);
}

/** The IAM principal tag naming a submitter's org (its credit code or incubator id). */
export const ORG_TAG = 'torchline-org';

/** What a submission's results are named after it, under results/ (a staff upload's path without submissions/). */
export function resultKey(submissionKey: string, suffix: string): string {
  // A staff upload's results mirror its path under submissions/; a submitter's stay under results/submitters/<org>/, readable by it alone.
  const relative = submissionKey.startsWith(S3_PREFIXES.submissions) ? submissionKey.slice(S3_PREFIXES.submissions.length) : submissionKey;
  return `${S3_PREFIXES.results}${relative}${suffix}`;
}

/** What the ingest writes beside a submission ends like this; it is ours, not a submission. */
/** The list of records an upload wrote, beside its results (ingest/returned-copy.ts): the ingest reads it back, and nothing else there. */
export const MANIFEST_SUFFIX = '.records.json';
const RESULT_SUFFIXES = { checkedWorkbook: '.checked.xlsx', errorsCsv: '.errors.csv', errorsJson: '.errors.json', manifest: MANIFEST_SUFFIX } as const;

export const OBJECT_KEYS = {
  checkedWorkbook: (submissionKey: string) => resultKey(submissionKey, RESULT_SUFFIXES.checkedWorkbook),
  /** The records an upload with a checked workbook wrote: what a returned copy of it withdraws when it no longer holds them. */
  manifest: (submissionKey: string) => resultKey(submissionKey, RESULT_SUFFIXES.manifest),
  errorReport: (submissionKey: string) => ({
    csv: resultKey(submissionKey, RESULT_SUFFIXES.errorsCsv),
    json: resultKey(submissionKey, RESULT_SUFFIXES.errorsJson),
  }),
  /** One report run's folder: reports/<year>/<the run's Beijing time, as a folder name: 2022-01-15T09-00-00+0800>/. */
  reportFolder: (year: number, at: Date) => `${S3_PREFIXES.reports}${year}/${beijingFolderTime(at)}/`,
  /** A mailed file of a unit: `submitters/<org>/mail/<Beijing day>/<message short id>/<file name>` (contract 13). */
  mailFile: (org: string, day: string, messageId: string, fileName: string) =>
    `${S3_PREFIXES.submitters}${org}/${MAIL_FOLDER}${day}/${messageShortId(messageId)}/${fileName.replace(/[/\\]/g, '_')}`,
  /** A message kept for the officer (an unknown sender's), by its short id. */
  heldMessage: (messageId: string) => `${S3_PREFIXES.mailbox}${messageShortId(messageId)}.eml`,
  /** The files of one report run, in its folder. */
  reportFiles: (year: number, at: Date) => {
    const folder = OBJECT_KEYS.reportFolder(year, at);
    return {
      report: `${folder}report-${year}.xlsx`,
      review: `${folder}review-${year}.json`,
      email: `${folder}email-${year}.eml`,
      // The package for the city (contract 15), beside the report it was built with.
      upward: `${folder}upward-${year}.xlsx`,
      upwardJson: `${folder}upward-${year}.json`,
    };
  },
};

// ---- DynamoDB
/**
 * The table's keys and index, used by the CDK storage construct, the local
 * stack and the adapters.
 *
 * Items (pk / sk):
 *   rec#<dataset>#<natural key> / v#<upload order>#<sheet>#<row>  one version of a record
 *   sub#<object key>           / <upload order>#<sheet>          a submission's status
 *   snapshot#<year>            / indicators                      the year's indicator snapshot
 *   report#<kind>#<schedule time> / send                       a scheduled send: its lease, then "sent"
 *   settings#report           / recipients | calendar          who the report goes to and when, set by an operator
 *
 * The byPartition index (gpk / gsk) groups record versions by dataset and
 * year, spread over SHARDS partition keys so a national-scale year never
 * funnels into one key; projects are grouped over all years because a
 * correction may move a project to another year. Submissions share one
 * index key, ordered by upload.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  index: { name: 'byPartition', partitionKey: 'gpk', sortKey: 'gsk' },
  shards: 8,
} as const;

/** FNV-1a: a stable, cheap spread of natural keys over the shards. */
export function shardOf(naturalKey: string, shards: number = TABLE_DESIGN.shards): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < naturalKey.length; i++) {
    h ^= naturalKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export function versionPartition(dataset: string, year: number | 'all', shard: number): string {
  return `${dataset}#${year}#${shard}`;
}

/** Every index partition of a dataset's versions, whatever the year and shard, as an IAM pattern. */
export function versionPartitionsOf(dataset: string): string {
  return `${versionPartition(dataset, 0, 0).split('#')[0]}#*`;
}

export const SUBMISSIONS_PARTITION = 'submissions';

/** A hash, not the key: an S3 key may be 1,024 bytes, more than an index sort key holds. */
function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/** The partition-key prefix of each kind of item. */
export const ITEM_PREFIXES = {
  record: 'rec#',
  submission: 'sub#',
  snapshot: 'snapshot#',
  send: 'report#',
  settings: 'settings#',
  mailQuota: 'mail#',
  /** What the mailbox intake made of each message, for the officer's list. */
  mailbox: 'mailbox#',
  /** A year's approval and its history (contract 14). */
  approval: 'approval#',
} as const;

export type ItemKind = keyof typeof ITEM_PREFIXES;

/** The `dynamodb:LeadingKeys` patterns that allow exactly these kinds of item. */
export function leadingKeys(...kinds: ItemKind[]): string[] {
  return kinds.map((kind) => `${ITEM_PREFIXES[kind]}*`);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

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
  approval: (year: number) => ({ pk: `${ITEM_PREFIXES.approval}${year}`, sk: 'approval' }),
  /** One handled message of the mailbox, listed by when it came in (one partition: a bureau's mail is a few thousand messages a year). */
  mailboxEntry: (receivedAt: string, uid: number, messageId: string, outcome: string) => ({
    pk: `${ITEM_PREFIXES.mailbox}log`,
    sk: `${receivedAt}#${String(uid).padStart(10, '0')}#${messageShortId(messageId)}#${outcome}`,
  }),
};

/** An item without its table and index keys. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, [index.partitionKey]: _g, [index.sortKey]: _s, ...rest } = item;
  return rest;
}

// ---- the send ledger's keys (mail/send-once.ts): what makes each message that message

/** Every receipt's key begins so: the ingest may reach these sends and no other (infra/policies.ts). */
export const RECEIPT_SEND_PREFIX = 'receipt#';

/** The send-ledger keys of the mailbox's messages (each handled and answered once): the mailbox role's only ledger items. */
export const MAIL_MESSAGE_SEND_PREFIX = 'mailmsg#';

export const SEND_KEYS = {
  /** A scheduled report: its kind and the schedule's time. */
  scheduled: (kind: string, scheduledTime: string) => `${kind}#${new Date(scheduledTime).toISOString()}`,
  reminder: (year: number, dataset: string, key: string, day: string) => `remind#${year}#${dataset}#${key}#${day}`,
  /** Not a send: the list of a reporter's reminder days, kept beside them. */
  reminderList: (year: number, dataset: string, key: string) => `reminders#${year}#${dataset}#${key}`,
  /** The package mailed to the officer, once per approval of the year (contract 15): a reopened and re-approved year is mailed again. */
  upwardPackage: (year: number, approvals: number, approvedAt: string) => `package#${year}#${approvals}#${approvedAt}`,
  campaignStatus: (year: number, officer: string, digest: string) => `campaign-status#${year}#${officer.toLowerCase()}#${digest}`,
  /** One receipt per upload (object key and upload order), the key hashed to stay short. */
  /** A message of the mailbox, handled once however often it is delivered or polled (its reply is this send). */
  mailMessage: (messageId: string) => `${MAIL_MESSAGE_SEND_PREFIX}${messageShortId(messageId)}`,
  receipt: (objectKey: string, order: string) => `${RECEIPT_SEND_PREFIX}${createHash('sha256').update(objectKey).digest('hex').slice(0, 32)}#${order}`,
};
