/**
 * What the ingest needs of storage, as the ingest sees it. shared/storage/
 * implements these against S3 and DynamoDB; tests may fake them.
 */
import type { YearApproval } from '../domain/approval';
import type { Readable } from 'node:stream';
import type { RecordVersion } from '../domain/record-version';
import type { SubmissionStatus } from '../domain/submission-status';
import type { CodeAliases } from '../domain/code-aliases';
import type { DatasetName } from '../domain/datasets';

export interface ObjectReader {
  open(key: string, versionId?: string): Promise<Readable>;
  /** The object's user metadata (x-amz-meta-*), names in lower case. */
  metadata(key: string, versionId?: string): Promise<Record<string, string>>;
}

/** Sends a raw MIME message (SES); resolves to its message id. */
export interface Mailer {
  sendRawEmail(raw: Buffer): Promise<string | undefined>;
}

/** How many checked workbooks an address may still get today (a counter in the table). */
export interface MailQuota {
  /** Counts one more mail to the address on the day; false, counting nothing, when `limit` were sent already. */
  take(address: string, day: string, limit: number): Promise<boolean>;
}

/** One stored version of one record, and the upload it came from (contract 1, "Identity": whose a record is). */
export interface StoredRecordVersion {
  sk: string;
  order: string;
  /** The object key of the upload that wrote it. */
  sourceKey: string;
  data: Record<string, unknown>;
}

/** What the ingest reads back to decide whose a record is: a record's versions, and the statuses of the uploads that wrote them. */
export interface RecordHistory {
  versionsOf(dataset: DatasetName, naturalKey: string): Promise<StoredRecordVersion[]>;
  statusesOf(key: string): Promise<SubmissionStatus[]>;
}

export interface IngestStore extends RecordHistory {
  /** The bureau's aliases for codes (an operator setting), read once per upload. */
  codeAliases?(): Promise<CodeAliases | undefined>;
  /** True when this upload (key + order) was already fully processed. */
  hasSubmission(key: string, order: string): Promise<boolean>;
  /** Writes up to 25 versions; retries what the store leaves unprocessed. */
  writeVersions(page: RecordVersion[]): Promise<void>;
  putStatuses(statuses: SubmissionStatus[]): Promise<void>;
  writeErrorReport(keys: { csv: string; json: string }, csv: string, json: string): Promise<void>;
  /** The checked workbook (contract 10.4), where uploaders cannot write. */
  writeCheckedWorkbook(key: string, bytes: Buffer): Promise<void>;
  /** The list of records an upload with a checked workbook wrote (returned-copy.ts), beside its results; and reading one back. */
  writeManifest?(key: string, json: string): Promise<void>;
  /** A year's approval (contract 14): an upload for an approved year is held, not counted. */
  approval?(year: number): Promise<YearApproval | undefined>;
  readManifest?(key: string): Promise<string | undefined>;
}
