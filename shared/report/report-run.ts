/**
 * One report run: find the reporting year, aggregate the window, store the
 * snapshot, write the workbook to reports/, and email it (attached, or linked
 * when too big). Every side effect goes through ReportPorts.
 */
import { campaignSettings, type SettingsStore } from './operator-settings';
import { ExampleAddressError, ReportNotSentError, SendInProgressError } from './report-errors';
import { OBJECT_KEYS, SEND_KEYS } from '../layout';
import type { TorchlineConfig } from '../config';
import { latestYear, loadRecords, type RecordsByYear, type VersionReader } from './current-records';
import { composeReportEmail, XLSX_MIME } from './email-message';
import { safeFileName } from '../excel/excel-safety';
import { reportWindow, yearsNeeded } from './indicators';
import type { Coverage, IndicatorsDocument } from './indicator-table';
import { reviewDocument, reviewSummary, reviewYear, type Review } from './review';
import { timeliness, type CampaignPorts } from './campaign';
import { reportWorkbookBuffer } from './report-workbook';
import { LEVEL_CODES } from '../domain/enumerations';
import { SECTOR_CODES } from '../domain/sectors';
import { qualityLine, type SubmissionStatus } from '../domain/submission-status';
import type { ReportRequest } from './report-schedule';
import { shanghaiDate, shanghaiDay } from '../domain/shanghai-time';
import { upwardPackage, type UpwardDocument } from './upward-package';
import { upwardWorkbook } from './upward-workbook';
import { isExampleAddress } from '../domain/email-address';
import { randomUUID } from 'node:crypto';
import type { SendLedger } from '../mail/send-ledger';
import { REPORT_SEND_TIMING, sendOnce, type SendTiming } from '../mail/send-once';
import type { Clock } from '../domain/clock';
import type { YearApproval } from '../domain/approval';
import { effectiveRecipients } from './recipient-settings';
import { officerAddress } from './campaign-status-mail';
import { composePackageEmail } from './upward-mail';

export interface ReportPorts {
  records: VersionReader;
  ledger: SendLedger;
  putSnapshot(year: number, indicators: IndicatorsDocument, at: Date): Promise<void>;
  putReport(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The link and when it really expires (never later than the signing credentials). */
  presignReport(key: string, expiresInSeconds: number): Promise<{ url: string; expiresAt: Date }>;
  sendRawEmail(raw: Buffer): Promise<string | undefined>;
  /** The operator's settings, read at the start of every run (operator-settings.ts). */
  settings: Pick<SettingsStore, 'getSetting'>;
  /** The year's approval, for the Summary's line (contract 14). */
  approval?(year: number): Promise<YearApproval | undefined>;
  /** The app's clock (domain/clock.ts): a run's "now" unless the request names one, and the send's lease. */
  clock: Clock;
  /** When an upload arrived; by default its S3 event time (the local pipeline dates uploads by --now, contract 12.4). */
  uploadedAt?: CampaignPorts['uploadedAt'];
}

/** The name a director sees in the mail (nodemailer writes it RFC 2231-encoded); the stored object keeps its ASCII key. */
function attachmentName(district: string, year: number): string {
  return `${district}${year}年度科技创新统计报告.xlsx`;
}

function refuseExampleAddresses(config: TorchlineConfig, recipients: readonly string[]): void {
  if (config.allowExampleAddresses) return;
  const example = [config.sender, ...recipients].filter(isExampleAddress);
  if (example.length > 0) {
    throw new ExampleAddressError(
      `the report would go from or to example addresses (${example.join(', ')}): deploy with -c torchline:sender=… ` +
        `and -c torchline:recipients=… (or set the recipients with npm run torchline -- recipients --set …)`,
    );
  }
}

export interface ReportResult {
  year: number;
  indicators: IndicatorsDocument;
  submissions: SubmissionStatus[];
  workbook: Buffer;
  reportKey: string;
  review: Review;
  /** review-<Y>.json beside the workbook (data contract section 8). */
  reviewKey: string;
  /** The raw MIME handed to SES, kept beside the workbook as a record of what was sent. */
  emailKey: string;
  /** The package for the city (contract 15): its workbook and JSON, beside the report. */
  upwardKeys: { xlsx: string; json: string };
  upward: UpwardFiles;
  email: Buffer;
  delivery: 'attached' | 'linked';
  /** Who it went to (or, in a dry run, would have gone to). */
  recipients: string[];
  /** Written but not sent (ReportRequest.dryRun). */
  dryRun: boolean;
  messageId?: string;
}

export async function runReport(
  ports: ReportPorts,
  config: TorchlineConfig,
  request: ReportRequest = {},
  timing: SendTiming = REPORT_SEND_TIMING,
): Promise<ReportResult | { skipped: 'already sent'; idempotencyKey: string }> {
  const now = request.now ?? ports.clock.now();
  const key = request.dryRun ? undefined : request.idempotencyKey;
  if (key === undefined) {
    const built = await buildReport(ports, config, request, now);
    const messageId = request.dryRun ? undefined : await ports.sendRawEmail(built.email);
    return { ...built, messageId };
  }
  // A scheduled send, once (mail/send-once.ts): the build runs under the lease, so a run that dies is replaced once its lease lapses.
  const sent = await sendOnce(
    ports.ledger,
    {
      key,
      prepare: async () => {
        const built = await buildReport(ports, config, request, now);
        return { raw: built.email, value: built };
      },
      send: (raw) => ports.sendRawEmail(raw),
      recordKey: (built) => built.reportKey,
    },
    randomUUID(),
    { ...timing, clock: ports.clock },
  );
  switch (sent.outcome) {
    case 'sent':
      return { ...sent.value, messageId: sent.messageId };
    case 'already':
      return { skipped: 'already sent', idempotencyKey: key };
    case 'busy':
      throw new SendInProgressError(key);
    default:
      throw new ReportNotSentError(key, sent.outcome, sent.reason);
  }
}

export type PackageMailOutcome =
  | { outcome: 'sent'; year: number; to: string; xlsxKey: string; jsonKey: string; messageId?: string }
  | { outcome: 'already' | 'not_approved'; year: number }
  | { outcome: 'not_sent'; year: number; reason: string };

/**
 * The package mailed to the officer once the year is approved (contract 15): the report built afresh (so the package
 * carries the approval and the figures it locked), then the package alone to the officer, once per approval.
 */
export async function mailPackage(
  ports: ReportPorts,
  config: TorchlineConfig,
  year: number,
  timing: SendTiming = REPORT_SEND_TIMING,
): Promise<PackageMailOutcome> {
  const approval = await ports.approval?.(year);
  const approved = approval?.state === 'approved' ? approval.history.filter((h) => h.action === 'approve').at(-1) : undefined;
  if (!approved) return { outcome: 'not_approved', year };
  const officer = officerAddress(config, (await campaignSettings(ports.settings)).officer);
  const now = ports.clock.now();
  const prepare = async () => {
    const built = await buildReport(ports, config, { year }, now);
    const { doc, workbook, json, keys } = built.upward;
    const link = workbook.length <= config.attachmentLimitBytes ? undefined : await ports.presignReport(keys.xlsx, config.linkExpirySeconds);
    const raw = await composePackageEmail({ doc, sender: config.sender, officer, workbook, json, date: now, ...(link ? { link } : {}) });
    return { raw, value: keys };
  };
  if (!config.allowExampleAddresses && isExampleAddress(officer)) {
    return { outcome: 'not_sent', year, reason: `the officer's address ${officer} is an example: set it with npm run torchline -- campaign --officer …` };
  }
  // Which approval of the year this is, beside its time: two approvals in one second are still two.
  const key = SEND_KEYS.upwardPackage(year, approval!.history.length, approved.at);
  const sent = await sendOnce(ports.ledger, { key, prepare, send: (raw) => ports.sendRawEmail(raw), recordKey: (k) => k.xlsx }, randomUUID(), {
    ...timing,
    clock: ports.clock,
  });
  if (sent.outcome === 'sent')
    return { outcome: 'sent', year, to: officer, xlsxKey: sent.value.xlsx, jsonKey: sent.value.json, ...(sent.messageId ? { messageId: sent.messageId } : {}) };
  if (sent.outcome === 'already') return { outcome: 'already', year };
  return { outcome: 'not_sent', year, reason: sent.outcome === 'busy' ? 'another run is sending it' : `${sent.outcome}: ${sent.reason}` };
}

/** The years each dataset has accepted rows for. */
function coverageOf(submissions: readonly SubmissionStatus[]): Coverage {
  const coverage = { enterprises: new Set<number>(), incubators: new Set<number>(), projects: new Set<number>() };
  for (const s of submissions) {
    if (!s.dataset || s.dataset === 'roster' || s.accepted === 0 || s.status === 'withdrawn' || s.status === 'locked') continue;
    // A district's package covers every dataset, for its year and (by its Y−1 figures) the year before.
    if (s.dataset === 'districts') for (const y of s.years) for (const c of Object.values(coverage)) c.add(y).add(y - 1);
    else for (const y of s.years) coverage[s.dataset].add(y);
  }
  return coverage;
}

/** One collator for every comparison: localeCompare builds one per call, slow for a province's year. */
const BY_NAME = new Intl.Collator('zh-Hans-CN');

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The year's review, with how on time it was against the campaign's deadline (contract 12.3). */
async function reviewWithTimeliness(ports: ReportPorts, records: RecordsByYear, year: number): Promise<Review> {
  const settings = await campaignSettings(ports.settings);
  return { ...reviewYear(records, year), timeliness: timeliness(records, year, settings, ports.uploadedAt) };
}

/** The detail sheets' lists, sorted by natural key: the store hands records over in no fixed order, and the same data must make the same report. */
function detailLists(records: RecordsByYear, year: number, window: { from: number; to: number }) {
  return {
    incubators: (records.incubators.get(year) ?? []).sort(
      (a, b) => LEVEL_CODES.indexOf(a.level) - LEVEL_CODES.indexOf(b.level) || byCode(a.incubator_id, b.incubator_id),
    ),
    // The year's enterprises are held for the review anyway, so sorting them in place costs no more memory.
    enterprises: (records.enterprises.get(year) ?? []).sort(
      (a, b) => SECTOR_CODES.indexOf(a.sector) - SECTOR_CODES.indexOf(b.sector) || BY_NAME.compare(a.name, b.name) || byCode(a.uscc, b.uscc),
    ),
    projects: records.projects
      .filter((p) => p.year >= window.from && p.year <= window.to)
      .sort((a, b) => a.year - b.year || byCode(a.project_id, b.project_id)),
  };
}

export interface UpwardFiles {
  doc: UpwardDocument;
  workbook: Buffer;
  json: Buffer;
  keys: { xlsx: string; json: string };
}

/** The package for the city (contract 15), built from what the report holds: the year and the one before, the review's non-reporters. */
async function putUpward(
  ports: ReportPorts,
  keys: { upward: string; upwardJson: string },
  from: { indicators: IndicatorsDocument; year: number; records: RecordsByYear; review: Review; approval: YearApproval | undefined; prepared: string },
): Promise<UpwardFiles> {
  const { year, records, review } = from;
  const exempt = (['incubators', 'enterprises'] as const).flatMap((dataset) =>
    review.completeness[dataset].exempt.map((e) => ({ dataset, key: e.key, name: e.name, reason: e.reason })),
  );
  const doc = upwardPackage({
    indicators: from.indicators,
    year,
    approval: from.approval,
    enterprises: { previous: records.enterprises.get(year - 1) ?? [], current: records.enterprises.get(year) ?? [] },
    incubators: { previous: records.incubators.get(year - 1) ?? [], current: records.incubators.get(year) ?? [] },
    projects: records.projects,
    nonReporters: [...review.missing.map((m) => ({ dataset: m.dataset, key: m.key, name: m.name, reason: 'missing' })), ...exempt],
    districts: records.districts,
  });
  // The officer phones the missing ones: the sheet carries the roster's contact and phone (the JSON keeps the contract's four fields).
  const contacts = new Map(review.missing.map((m) => [`${m.dataset}\u0000${m.key}`, { contact: m.contact, phone: m.phone }]));
  const json = Buffer.from(JSON.stringify(doc, null, 2) + '\n');
  const workbook = await upwardWorkbook(doc, from.prepared, contacts);
  await ports.putReport(keys.upwardJson, json, 'application/json; charset=utf-8');
  await ports.putReport(keys.upward, workbook, XLSX_MIME);
  return { doc, workbook, json, keys: { xlsx: keys.upward, json: keys.upwardJson } };
}

async function buildReport(ports: ReportPorts, config: TorchlineConfig, request: ReportRequest, now: Date): Promise<Omit<ReportResult, 'messageId'>> {
  const submissions = await ports.records.listSubmissions();
  // With nothing accepted yet, report the previous calendar year (what the annual schedule would), all zero.
  const year = request.year ?? latestYear(submissions) ?? shanghaiDate(now).year - 1;
  const window = reportWindow(year, config.windowYears);
  // The year and the one before are held (the review compares them; the detail sheets list the year); the rest are only added up.
  const records = await loadRecords(ports.records, yearsNeeded(window.from - 1, window.to), [year - 1, year], submissions);
  const indicators = records.tallies.document(window, config.district);
  await ports.putSnapshot(year, indicators, now);
  const review = await reviewWithTimeliness(ports, records, year);
  const coverage = coverageOf(records.submissions);

  const inWindow = (s: SubmissionStatus) => s.years.length === 0 || s.years.some((y) => y >= window.from && y <= window.to);
  const periodSubmissions = records.submissions.filter(inWindow);
  // Read once: the Summary and the package must say the same of it.
  const approval = await ports.approval?.(year);
  const workbook = await reportWorkbookBuffer({
    ...{ indicators, year, review, coverage, approval, generatedAt: now, districts: records.districts, inForce: records.inForce },
    ...detailLists(records, year, window),
    submissions: periodSubmissions,
  });
  const keys = OBJECT_KEYS.reportFiles(year, now);
  await ports.putReport(keys.report, workbook, XLSX_MIME);
  await ports.putReport(keys.review, Buffer.from(JSON.stringify(reviewDocument(review), null, 2) + '\n'), 'application/json; charset=utf-8');
  const upward = await putUpward(ports, keys, { indicators, year, records, review, approval, prepared: shanghaiDay(now) });
  const to = effectiveRecipients(config, await ports.settings.getSetting('recipients'));
  const attach = workbook.length <= config.attachmentLimitBytes;
  const link = attach ? undefined : await ports.presignReport(keys.report, config.linkExpirySeconds);
  const period = request.period ?? `${year} 年度 annual, ${window.from}–${window.to}`;
  const email = await composeReportEmail({
    ...{ indicators, year, period, sender: config.sender, recipients: to.recipients, replyTo: to.replyTo, link, date: now, coverage },
    fileName: attachmentName(indicators.district, year),
    attachment: attach ? workbook : undefined,
    reviewLine: reviewSummary(review),
    qualityLine: qualityLine(periodSubmissions),
  });
  await ports.putReport(keys.email, email, 'message/rfc822');
  if (!request.dryRun) refuseExampleAddresses(config, to.recipients);
  return {
    year,
    indicators,
    submissions,
    review,
    workbook,
    upwardKeys: upward.keys,
    upward,
    reportKey: keys.report,
    reviewKey: keys.review,
    emailKey: keys.email,
    email,
    delivery: attach ? 'attached' : 'linked',
    recipients: to.recipients,
    dryRun: request.dryRun === true,
  };
}
