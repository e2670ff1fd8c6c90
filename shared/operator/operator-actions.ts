/**
 * Every action the bureau's officer takes on a running Torchline, as use
 * cases over the operator's ports: what the CLI (scripts/operator/) adapts
 * a command line to, and the one place a new command's work is added.
 * Answers are data; the adapter words them.
 */
import type { Clock } from '../domain/clock';
import type { CampaignSettings } from '../report/campaign';
import { campaignSettings } from '../report/operator-settings';
import type { DeadLetterSource, OperatorPorts, ReportAnswer, ReportByHand } from './operator-ports';
import { rejectedRows, type RejectedRows } from './rejected-rows';
import { changeAliases, changeCalendar, changeCampaign, changeRecipients, type CampaignChange, type SettingOutcome } from './setting-changes';
import { putUpload, statusesOfUpload, uploadKey, type PutUpload, type StaffUpload } from './staff-upload';
import { submissionsNow, type StatusQuery, type SubmissionsNow } from './submission-statuses';
import type { SubmissionStatus } from '../domain/submission-status';
import type { IndicatorsDocument } from '../report/indicator-table';
import type { MailboxEntry } from '../mailbox/mailbox-intake';
import type { YearApproval } from '../domain/approval';
import { approveYear, reopenYear, type ApprovalOutcome, type ReopenOutcome } from './year-approval';
import { withdrawUpload, type WithdrawalOutcome } from './withdrawal';

interface ByWhom {
  reset?: boolean;
  by: string;
}

export interface OperatorActions {
  /** Where the submissions stand, and what waits to be processed. */
  submissions(query: StatusQuery): Promise<SubmissionsNow>;
  rejectedRows(key: string): Promise<RejectedRows>;
  /** Every status of every upload, superseded ones included. */
  allStatuses(): Promise<SubmissionStatus[]>;
  /** The indicators of a year as the last report computed them. */
  indicators(year: number): Promise<IndicatorsDocument | undefined>;
  /** A file dropped at a path of the bucket as a person drops it there (the local runner's input folder, the bench). */
  place(key: string, upload: Pick<StaffUpload, 'size' | 'body' | 'submitterEmail'>): Promise<PutUpload>;
  /** Checks and puts a staff upload; refused with the reason when the ingest would refuse it. */
  upload(upload: StaffUpload): Promise<PutUpload | { refused: string }>;
  /** The statuses of that upload once processed; none within `waitMs`. */
  statusesOfUpload(put: PutUpload, waitMs: number, pollMs?: number): Promise<SubmissionStatus[]>;
  withdraw(key: string, reason: string, by: string): Promise<WithdrawalOutcome>;
  aliases(change: ByWhom & { add?: string; remove?: string }): Promise<SettingOutcome<'aliases'>>;
  recipients(change: ByWhom & { set?: string; replyTo?: string }): Promise<SettingOutcome<'recipients'>>;
  calendar(change: ByWhom & { monthlyDay?: string; annualDate?: string }): Promise<SettingOutcome<'calendar'>>;
  campaignSettings(change: CampaignChange): Promise<{ outcome: SettingOutcome<'campaign'>; inForce: CampaignSettings }>;
  /** What came in by mail: handled, unknown senders, refused, automatic. */
  mailbox(): Promise<MailboxEntry[]>;
  /** An unknown sender's message handed to a unit (`torchline mailbox assign`). */
  assignMessage(messageId: string, org: string): Promise<MailboxEntry | undefined>;
  /** Approves and locks a year (contract 14): refused, naming what is open, unless a reason is given. */
  approve(request: { year: number; by: string; reason?: string }): Promise<ApprovalOutcome>;
  /** Reopens an approved year with a reason; the uploads it held count again. */
  reopen(request: { year: number; by: string; reason: string }): Promise<ReopenOutcome>;
  approval(year: number): Promise<YearApproval | undefined>;
  /** A report now, by the report function (in AWS invoked and waited for). */
  report(request: ReportByHand): Promise<ReportAnswer>;
  /** Dead letters moved back; undefined where there are no queues. */
  redrive(source: DeadLetterSource, max: number): Promise<number | undefined>;
  /** A result file's bytes (report, review, email, error report, checked workbook). */
  resultFile(key: string): Promise<Buffer>;
  objectUrl(key: string): string;
}

export function operatorActions(ports: OperatorPorts, clock: Clock, deployed: { monthlyDay: string; annualDate: string }): OperatorActions {
  return {
    submissions: (query) => submissionsNow(ports, query),
    rejectedRows: (key) => rejectedRows(ports, key),
    allStatuses: () => ports.submissions.listSubmissions(),
    indicators: (year) => ports.indicators(year),
    place: (key, upload) => putUpload(ports, clock, key, upload),
    upload: async (upload) => {
      const where = uploadKey(upload);
      return 'refused' in where ? where : putUpload(ports, clock, where.key, upload);
    },
    statusesOfUpload: (put, waitMs, pollMs = 1000) => statusesOfUpload(ports, clock, put, waitMs, pollMs),
    withdraw: (key, reason, by) => withdrawUpload(ports, clock, key, reason, by),
    aliases: (change) => changeAliases(ports.settings, clock, change),
    recipients: (change) => changeRecipients(ports.settings, clock, change),
    calendar: (change) => changeCalendar(ports.settings, clock, deployed, change),
    campaignSettings: async (change) => {
      const outcome = await changeCampaign(ports.settings, clock, change);
      return { outcome, inForce: await campaignSettings(ports.settings) };
    },
    approve: (request) => approveYear(ports, clock, request, (year) => ports.openItems(year)),
    reopen: (request) => reopenYear(ports, clock, request),
    approval: (year) => ports.approvals.get(year),
    mailbox: () => ports.mailbox.entries(),
    assignMessage: (messageId, org) => ports.mailbox.assign(messageId.replace(/^<|>$/g, ''), org),
    report: (request) => ports.reportFunction(request),
    redrive: async (source, max) => (ports.deadLetters ? ports.deadLetters.moveBack(source, max) : undefined),
    resultFile: (key) => ports.objects.getBytes(key),
    objectUrl: (key) => ports.objectUrl(key),
  };
}
