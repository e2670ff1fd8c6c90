/**
 * What the bureau's own actions need of the outside world, as the app sees
 * it: the submissions' statuses, the bucket's objects, the stored settings,
 * the report function and the dead letters. The composition root
 * (shared/torchline.ts) fills it with storage adapters; nothing here knows AWS.
 */
import type { Readable } from 'node:stream';
import type { SubmissionStatus, Withdrawal } from '../domain/submission-status';
import type { SettingsStore } from '../report/operator-settings';
import type { IndicatorsDocument } from '../report/indicator-table';
import type { MailboxEntry } from '../mailbox/mailbox-intake';
import type { YearApproval } from '../domain/approval';

/** An object in the bucket and when it was written. */
export interface StoredObject {
  key: string;
  at: Date;
}

/** What a by-hand report answers: where it went, or that it was sent already. */
export type ReportAnswer =
  | { year: number; reportKey: string; reviewKey: string; emailKey: string; delivery: string; recipients: string[]; dryRun: boolean; messageId?: string }
  | { skipped: string; idempotencyKey: string };

import type { PackageMailOutcome } from '../report/report-run';

/** The report trigger a person gives: a year (the latest when absent), and whether nothing is sent. */
export interface ReportByHand {
  year?: number;
  dryRun?: boolean;
}

/** Where dead letters wait and go back to: the ingest's queue, or the report function. */
export type DeadLetterSource = 'ingest' | 'report';

export interface DeadLetters {
  /** Moves up to `max` letters back, each deleted only once it is back; how many moved. */
  moveBack(source: DeadLetterSource, max: number): Promise<number>;
}

export interface OperatorPorts {
  mailbox: {
    /** What the mailbox intake made of each message, in the order they came in. */
    entries(): Promise<MailboxEntry[]>;
    /** Hands an unknown sender's kept message to a unit and handles it as that unit's; undefined when no such message is kept. */
    assign(messageId: string, org: string): Promise<MailboxEntry | undefined>;
  };
  submissions: {
    listSubmissions(): Promise<SubmissionStatus[]>;
    statusesOf(key: string): Promise<SubmissionStatus[]>;
    withdraw(statuses: readonly SubmissionStatus[], withdrawal: Withdrawal): Promise<void>;
    /** Releases uploads a locked year held: each becomes its own state again (contract 14). */
    release(statuses: readonly SubmissionStatus[]): Promise<void>;
  };
  /** Each year's approval (contract 14). */
  approvals: {
    get(year: number): Promise<YearApproval | undefined>;
    put(approval: YearApproval): Promise<void>;
  };
  /** What is still open for a year: missing reporters, rows to fix, findings no note explains (the campaign's view). */
  openItems(year: number): Promise<string[]>;
  objects: {
    getText(key: string): Promise<string | undefined>;
    getBytes(key: string): Promise<Buffer>;
    list(prefix: string): Promise<StoredObject[]>;
    upload(key: string, body: Readable | Buffer, size: number, metadata?: Record<string, string>): Promise<{ versionId?: string; etag?: string }>;
  };
  settings: SettingsStore;
  /** The indicators of a year as the last report computed them. */
  indicators(year: number): Promise<IndicatorsDocument | undefined>;
  /** The report function: invoked in AWS and waited for; locally, the same handler run in this process. */
  reportFunction(request: ReportByHand): Promise<ReportAnswer>;
  /** The year's package mailed to the officer, once per approval (contract 15), by the report function. */
  packageFunction(year: number): Promise<PackageMailOutcome>;
  /** Absent where there are no queues (the local stack, a stack of an earlier version). */
  deadLetters?: DeadLetters;
  /** Where an object is, as a person would copy it. */
  objectUrl(key: string): string;
}
