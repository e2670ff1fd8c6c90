/**
 * The reporting campaign (contract section 12): for reporting year Y, who
 * must report (12.1), who has and when, and the reminders the day's check
 * sends — 7 and 1 days before the deadline, then a chaser every 7 days, at
 * most 3 (settings) — each at most once per reporter and date (a send-ledger
 * item per reminder, claimed before and marked after the send, as the
 * report's own sends are), never to an address not on the roster, never
 * after the reporter has reported.
 */
import { foldId } from '../domain/unit-id';
import type { TorchlineConfig } from '../config';
import type { SubmissionStatus } from '../domain/submission-status';
import { addressDomain } from '../domain/email-address';
import { loadRecords, orderTime, type RecordsByYear, type VersionReader } from './current-records';
import { expectedReporters, type ExemptReporter, type ExpectedReporter, type ReportingDataset } from './expected-reporters';
import type { SendLedger } from '../mail/send-ledger';
import { sendOnce, type SendTiming } from '../mail/send-once';
import { isMailboxFile, SEND_KEYS } from '../layout';
import { composeReminder } from './reminder-email';
import { reviewYear } from './review';
import { shanghaiDay } from '../domain/shanghai-time';
import { randomUUID } from 'node:crypto';

export interface CampaignSettings {
  /** The deadline in year Y+1 for reporting year Y, MM-DD. */
  deadline: string;
  /** Days before the deadline a reminder goes out. */
  remindDays: readonly number[];
  chaseEvery: number;
  chaseTimes: number;
  /** Who gets the status workbook 收报情况 (12.3); default the first reply-to address. */
  officer?: string;
}

export const DEFAULT_CAMPAIGN: CampaignSettings = { deadline: '03-31', remindDays: [7, 1], chaseEvery: 7, chaseTimes: 3 };

/** The settings as stored by `npm run torchline -- campaign`, with who changed them. */
export type CampaignSetting = CampaignSettings & { updatedAt?: string; updatedBy?: string };

/** Why settings cannot be used, or undefined: a real MM-DD (29 February falls on 1 March in other years, so it is refused), whole days. */
export function checkCampaignSettings(s: CampaignSettings): string | undefined {
  const [month, day] = s.deadline.split('-').map(Number);
  const valid = /^\d{2}-\d{2}$/.test(s.deadline) && new Date(Date.UTC(2021, month! - 1, day)).toISOString().slice(5, 10) === s.deadline;
  if (!valid) return `--deadline ${s.deadline}: a day of the year as MM-DD, e.g. 03-31 (截止日期应为 月-日)`;
  if (s.remindDays.some((d) => !Number.isInteger(d) || d < 0 || d > 120))
    return `--remind ${s.remindDays.join(',')}: days before the deadline, whole numbers 0–120, e.g. 7,1`;
  if (!Number.isInteger(s.chaseEvery) || s.chaseEvery < 1 || s.chaseEvery > 60) return `--chase-every ${s.chaseEvery}: days between chasers, 1–60`;
  if (!Number.isInteger(s.chaseTimes) || s.chaseTimes < 0 || s.chaseTimes > 10) return `--chase-times ${s.chaseTimes}: how many chasers, 0–10`;
  if (s.officer !== undefined && !addressDomain(s.officer)) return `--officer ${s.officer}: an email address, e.g. keji@yingze.gov.cn (应为电子邮箱地址)`;
  return undefined;
}

export type ReporterState = 'reported' | 'missing' | 'exempt';

export interface ReporterStatus {
  dataset: ReportingDataset;
  key: string;
  name: string;
  contact?: string;
  phone?: string;
  email?: string;
  status: ReporterState;
  exempt_reason?: string;
  first_upload: string | null;
  on_time: boolean | null;
  reminders: string[];
  /** Findings of its records for the year that no note explains (12.3). */
  unexplained_findings: number;
  /**
   * The officer's words (12.3): 已报, 部分接受 (its last own upload had rows rejected), 有错误 (uploaded, nothing accepted), 未报, 免报;
   * a city's district whose package in force is not approved: 草稿 (contract 15).
   */
  progress: '已报' | '部分接受' | '有错误' | '未报' | '免报' | '草稿';
  /** The mail service's refusal of its latest reminder (a wrong address on the roster), for the officer to correct. */
  mail_refused: string | null;
  /** How its figures came in (contract 13): 邮件 by mail, 上传 its own upload, 科技局 entered by the bureau's staff; null before any. */
  channel: '邮件' | '上传' | '科技局' | null;
  /** Its own uploads (under submitters/<key>/): the last one's time and rows. */
  last_upload: string | null;
  rows_accepted: number | null;
  rows_rejected: number | null;
}

export interface CampaignDocument {
  year: number;
  deadline: string;
  summary: { expected: number; reported: number; on_time: number; late: number; missing: number; exempt: number; on_time_rate: number | null };
  reporters: ReporterStatus[];
  /** Units that reported for Y though no one expected them (not on the roster, not due by 10.3): the officer's workbook lists them too. */
  others: ReporterStatus[];
}

export interface CampaignPorts {
  records: VersionReader;
  ledger: SendLedger & {
    /** A reporter's reminders are also noted in one list, so those sent under earlier settings stay listed. */
    noteDay(key: string, day: string): Promise<void>;
    days(key: string): Promise<string[]>;
  };
  sendRawEmail(raw: Buffer): Promise<string | undefined>;
  /** The blank template a reminder attaches, per dataset. */
  template(dataset: 'incubators' | 'enterprises'): Promise<Buffer>;
  /** How reminders are held while sent (mail/send-once.ts); tests shorten the waits. */
  sendTiming?: SendTiming;
  /** When an upload arrived (ISO); by default its S3 event time. The local pipeline dates uploads by --now or their date folder (contract 12.4). */
  uploadedAt?(submission: Pick<SubmissionStatus, 'key' | 'order'>): string;
}

const DAY = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;

/** The days on which reporting year Y's reminders fall, by the settings. */
export function reminderDays(year: number, settings: CampaignSettings): string[] {
  const deadline = dayNumber(`${year + 1}-${settings.deadline}`);
  const days = [
    ...settings.remindDays.map((d) => deadline - d),
    ...Array.from({ length: settings.chaseTimes }, (_, i) => deadline + settings.chaseEvery * (i + 1)),
  ];
  return days.map((n) => new Date(n * DAY).toISOString().slice(0, 10));
}

/** The reporting year a day's campaign is for: its deadline falls in the year after. */
export function campaignYear(today: string): number {
  return Number(today.slice(0, 4)) - 1;
}

const reminderKey = (year: number, r: ExpectedReporter, day: string) => SEND_KEYS.reminder(year, r.dataset, r.key, day);
const reminderListKey = (year: number, r: ExpectedReporter) => SEND_KEYS.reminderList(year, r.dataset, r.key);

function statusOf(
  r: ExpectedReporter | ExemptReporter,
  first: string | undefined,
  deadlineEnd: number,
): Omit<ReporterStatus, 'reminders' | 'mail_refused' | 'unexplained_findings' | 'progress' | 'channel' | 'last_upload' | 'rows_accepted' | 'rows_rejected'> {
  const base = { dataset: r.dataset, key: r.key, name: r.name, ...('email' in r ? { contact: r.contact, phone: r.phone, email: r.email } : {}) };
  if ('reason' in r) return { ...base, status: 'exempt', exempt_reason: r.reason, first_upload: first ?? null, on_time: null };
  if (!first) return { ...base, status: 'missing', first_upload: null, on_time: null };
  return { ...base, status: 'reported', first_upload: first, on_time: Date.parse(first) <= deadlineEnd };
}

type UploadedAt = NonNullable<CampaignPorts['uploadedAt']>;

/** An upload's time when no other clock is given: its S3 event time. */
const eventTime: UploadedAt = (s) => orderTime(s.order);

/** Year Y's deadline (a day in Y+1) and its end: the end of that day in Beijing. */
function deadlineOf(year: number, settings: CampaignSettings): { deadline: string; deadlineEnd: number } {
  const deadline = `${year + 1}-${settings.deadline}`;
  return { deadline, deadlineEnd: Date.parse(`${deadline}T23:59:59.999+08:00`) };
}

/** Who must report for Y, from the records loaded for Y−1 and Y. */
const expectedOf = (records: RecordsByYear, year: number) =>
  expectedReporters(year, records.roster.get(year) ?? [], records.incubators.get(year - 1) ?? [], records.enterprises.get(year - 1) ?? []);

/** Each reporter's own uploads for the year (under submitters/<key>/, contract 1) and the officer's word for where it stands. */
function uploadProgress(submissions: readonly SubmissionStatus[], year: number, uploadedAt: UploadedAt) {
  const byOrg = new Map<string, SubmissionStatus[]>();
  for (const s of submissions) {
    const [prefix, org] = s.key.split('/', 2);
    if (prefix !== 'submitters' || !org || (s.years.length > 0 && !s.years.includes(year))) continue;
    const list = byOrg.get(foldId(org)) ?? [];
    list.push(s);
    byOrg.set(foldId(org), list);
  }
  return (key: string, status: ReporterState): Pick<ReporterStatus, 'progress' | 'channel' | 'last_upload' | 'rows_accepted' | 'rows_rejected'> => {
    const own = byOrg.get(foldId(key)) ?? [];
    const last = own.reduce<SubmissionStatus | undefined>((a, b) => (!a || b.order > a.order ? b : a), undefined);
    const channel: ReporterStatus['channel'] = last ? (isMailboxFile(last.key) ? '邮件' : '上传') : status === 'reported' ? '科技局' : null;
    const detail = { channel, last_upload: last ? uploadedAt(last) : null, rows_accepted: last?.accepted ?? null, rows_rejected: last?.rejected ?? null };
    if (status === 'exempt') return { progress: '免报', ...detail };
    if (status === 'reported') return { progress: last && last.rejected > 0 ? '部分接受' : '已报', ...detail };
    return { progress: last ? '有错误' : '未报', ...detail };
  };
}

/** Every unit with a record of Y that is neither expected nor exempt, in the officer's words. */
function unexpectedReporters(
  records: RecordsByYear,
  year: number,
  listed: readonly { dataset: string; key: string }[],
  status: (r: ExpectedReporter) => ReporterStatus,
): ReporterStatus[] {
  const known = new Set(listed.map((r) => `${r.dataset}\u0000${foldId(r.key)}`));
  const units: ExpectedReporter[] = [
    ...(records.incubators.get(year) ?? []).map((i) => ({ dataset: 'incubators' as const, key: i.incubator_id, name: i.name, lastYear: null })),
    ...(records.enterprises.get(year) ?? []).map((e) => ({ dataset: 'enterprises' as const, key: e.uscc, name: e.name, lastYear: null })),
  ];
  return units.filter((u) => !known.has(`${u.dataset}\u0000${foldId(u.key)}`)).map(status);
}

/** A district whose package in force is a draft (contract 15): reported, and 草稿 until it sends the approved one. */
function progressWithDrafts(records: RecordsByYear, ownUploads: ReturnType<typeof uploadProgress>, year: number) {
  const drafts = new Set(records.districts.filter((p) => p.year === year && p.approved === null).map((p) => foldId(p.district)));
  return (r: Pick<ExpectedReporter, 'dataset' | 'key' | 'name'>, state: ReporterState) => {
    const own = ownUploads(r.key, state);
    const draft = r.dataset === 'districts' && state === 'reported' && (drafts.has(foldId(r.name)) || drafts.has(foldId(r.key)));
    return draft ? { ...own, progress: '草稿' as const } : own;
  };
}

/** When a reporter of `year` first reported (ISO), by the upload clock given (S3 event times by default). */
function firstUploadOf(records: Pick<RecordsByYear, 'firstUpload' | 'submissions'>, year: number, uploadedAt: UploadedAt) {
  const keyOf = new Map(records.submissions.map((s) => [s.order, s.key]));
  return (r: { dataset: string; key: string }): string | undefined => {
    const order = records.firstUpload.get(`${year}\u0000${r.dataset}\u0000${foldId(r.key)}`);
    return order === undefined ? undefined : uploadedAt({ order, key: keyOf.get(order) ?? '' });
  };
}

/** Each reporter's findings for Y that no note explains (12.3): what the officer still has to ask about. */
function unexplainedFindings(records: RecordsByYear, year: number): (r: { dataset: string; key: string }) => number {
  const counts = new Map<string, number>();
  for (const f of reviewYear({ incubators: records.incubators, enterprises: records.enterprises }, year).findings) {
    if (f.note !== null) continue;
    const at = `${f.dataset}\u0000${foldId(f.key)}`;
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  return (r) => counts.get(`${r.dataset}\u0000${foldId(r.key)}`) ?? 0;
}

/** How complete and on time year Y is, for the report's Summary (contract 12.3): of the expected reporters, how many reported by the deadline. */
export function timeliness(records: RecordsByYear, year: number, settings: CampaignSettings, uploadedAt: UploadedAt = eventTime): Timeliness {
  const { expected } = expectedOf(records, year);
  const { deadline, deadlineEnd } = deadlineOf(year, settings);
  const firstOf = firstUploadOf(records, year, uploadedAt);
  const onTime = expected.map(firstOf).filter((t) => t !== undefined && Date.parse(t) <= deadlineEnd).length;
  return { deadline, expected: expected.length, onTime };
}

export interface Timeliness {
  deadline: string;
  expected: number;
  onTime: number;
}

/** A run stops trying to send after this many reminders in a row the mail service did not take (it is down): the next check sends them. */
const UNAVAILABLE_IN_A_ROW = 3;

/**
 * A reporter's reminders so far (noted, sent or handed over), the last refusal, and the latest reminder due when it is still
 * open: never tried, not taken by the service, or claimed by a check that died before handing it over (send-once claims it
 * once its lease lapsed). That one is sent today or, when the mail service did not take it on its day, at the next check.
 */
async function remindersOf(ports: CampaignPorts, year: number, r: ExpectedReporter, due: readonly string[]) {
  // Reads only: a reporter's list and days looked up together (thousands of reporters make this the check's long part).
  const [noted, ...sends] = await Promise.all([
    ports.ledger.days(reminderListKey(year, r)),
    ...due.map((day) => ports.ledger.record(reminderKey(year, r, day))),
  ]);
  const reminders = new Set(noted);
  let refused: string | null = null;
  for (const [i, day] of due.entries()) {
    const rec = sends[i];
    if (rec?.state === 'sent' || rec?.state === 'handed') reminders.add(day);
    if (rec?.state === 'refused') refused = `${day}: ${rec.reason ?? ''}`;
  }
  const last = sends[due.length - 1]?.state;
  const latest = due.length > 0 && (last === undefined || last === 'failed' || last === 'sending') ? due[due.length - 1] : undefined;
  return { reminders, open: { refused, latest } };
}

/** The campaign as of `now`: every expected and exempt reporter's state, and (with `send`) the reminders due sent once each. */
export async function runCampaign(
  ports: CampaignPorts,
  config: Pick<TorchlineConfig, 'district' | 'sender' | 'replyTo'>,
  now: Date,
  settings: CampaignSettings = DEFAULT_CAMPAIGN,
  send = true,
): Promise<CampaignRun> {
  const today = shanghaiDay(now);
  const year = campaignYear(today);
  const records = await loadRecords(ports.records, [year - 1, year], [year - 1, year], undefined, { projects: false });
  const { expected, exempt } = expectedOf(records, year);
  const { deadline, deadlineEnd } = deadlineOf(year, settings);
  const uploadedAt = ports.uploadedAt ?? eventTime;
  const firstOf = firstUploadOf(records, year, uploadedAt);
  const progressOf = progressWithDrafts(records, uploadProgress(records.submissions, year, uploadedAt), year);
  const due = reminderDays(year, settings).filter((d) => d <= today);
  const unexplained = unexplainedFindings(records, year);
  const others = unexpectedReporters(records, year, [...expected, ...exempt], (r) => ({
    ...statusOf(r, firstOf(r), deadlineEnd),
    ...{ reminders: [], mail_refused: null, unexplained_findings: unexplained(r) },
    ...progressOf(r, 'reported'),
  }));
  const run: CampaignRun = { campaign: { year, deadline, summary: summarize([]), reporters: [], others }, sent: [], refused: 0, unsent: 0 };
  let unavailableInARow = 0;
  for (const r of expected) {
    const state = statusOf(r, firstOf(r), deadlineEnd);
    const { reminders, open } = await remindersOf(ports, year, r, due);
    let refused = open.refused;
    if (send && open.latest && state.status === 'missing' && r.email && unavailableInARow < UNAVAILABLE_IN_A_ROW) {
      const day = open.latest;
      const outcome = await sendReminder(ports, config, { year, deadline, today, reporter: r, key: reminderKey(year, r, day) });
      unavailableInARow = outcome.outcome === 'unavailable' ? unavailableInARow + 1 : 0;
      if (outcome.outcome === 'sent' || outcome.outcome === 'uncertain') {
        if (outcome.outcome === 'sent') run.sent.push(outcome.value);
        reminders.add(day);
        await ports.ledger.noteDay(reminderListKey(year, r), day);
      } else if (outcome.outcome === 'refused') {
        refused = `${day}: ${outcome.reason}`;
        run.refused++;
      } else if (outcome.outcome === 'unavailable') run.unsent++;
    } else if (send && open.latest && state.status === 'missing' && r.email) run.unsent++;
    run.campaign.reporters.push({
      ...state,
      reminders: [...reminders].sort(),
      mail_refused: refused,
      unexplained_findings: unexplained(r),
      ...progressOf(r, state.status),
    });
  }
  for (const r of exempt)
    run.campaign.reporters.push({
      ...statusOf(r, firstOf(r), deadlineEnd),
      reminders: [],
      mail_refused: null,
      unexplained_findings: unexplained(r),
      ...progressOf(r, 'exempt'),
    });
  run.campaign.summary = summarize(run.campaign.reporters);
  return run;
}

export interface CampaignRun {
  campaign: CampaignDocument;
  /** The reminders the mail service took in this run. */
  sent: Buffer[];
  /** Reminders the mail service refused in this run (recorded against their reporters). */
  refused: number;
  /** Reminders due that the mail service did not take, or that were not tried after it failed: the next check sends them. */
  unsent: number;
}

function sendReminder(
  ports: CampaignPorts,
  config: Pick<TorchlineConfig, 'district' | 'sender' | 'replyTo'>,
  input: { year: number; deadline: string; today: string; reporter: ExpectedReporter; key: string },
) {
  // Claimed first: a retried or duplicated daily check finds it sent (or in flight) and sends nothing.
  return sendOnce(
    ports.ledger,
    {
      key: input.key,
      prepare: async () => {
        const raw = await composeReminder({
          ...input,
          district: config.district,
          sender: config.sender,
          replyTo: config.replyTo[0] ?? config.sender,
          ...(input.reporter.dataset === 'districts' ? {} : { template: await ports.template(input.reporter.dataset) }),
        });
        return { raw, value: raw };
      },
      send: (raw) => ports.sendRawEmail(raw),
    },
    `${input.key}#${randomUUID()}`,
    ports.sendTiming,
  );
}

/** campaign.json (contract 12.4): exactly its fields; contacts and the on-time rate are for the officer's workbook. */
export function campaignJson(doc: CampaignDocument) {
  const { expected, reported, on_time, late, missing, exempt } = doc.summary;
  return {
    year: doc.year,
    deadline: doc.deadline,
    summary: { expected, reported, on_time, late, missing, exempt },
    reporters: doc.reporters.map(({ dataset, key, name, status, first_upload, on_time, reminders }) => ({
      dataset,
      key,
      name,
      status,
      first_upload,
      on_time,
      reminders,
    })),
  };
}

function summarize(reporters: readonly ReporterStatus[]): CampaignDocument['summary'] {
  const count = (p: (r: ReporterStatus) => boolean) => reporters.filter(p).length;
  const expected = count((r) => r.status !== 'exempt');
  const reported = count((r) => r.status === 'reported');
  const onTime = count((r) => r.status === 'reported' && r.on_time === true);
  return {
    expected,
    reported,
    on_time: onTime,
    late: reported - onTime,
    missing: count((r) => r.status === 'missing'),
    exempt: count((r) => r.status === 'exempt'),
    on_time_rate: expected === 0 ? null : Math.round((onTime / expected) * 1000) / 1000,
  };
}
