/**
 * The local pipeline (data contract section 8): upload every file under the
 * input directory to the local ingest bucket in lexicographic path order, let
 * the ingest handler process the events, run the report handler, and write
 * indicators.json, submissions.json, report-<Y>.xlsx and email-<Y>.eml.
 */
import { S3_PREFIXES } from '../../shared/layout';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { IndicatorsDocument } from '../../shared/report/indicator-table';
import type { RowError } from '../../shared/domain/submission-status';
import { asPrincipal, torchlineFromEnv, type Principal, type Torchline } from '../../shared/torchline';
import { ingestHandler } from '../../lambdas/ingest';
import { reportHandler, type OneReport, type ReportResponse } from '../../lambdas/report';
import { injectFaults, seededRandom, type ChaosOptions, type FaultCounts } from './chaos';
import { submissionSummary, type SubmissionStatus, type SubmissionSummary } from '../../shared/domain/submission-status';
import { LocalQueue } from './local-queue';
import { localUploadDay, localUploadedAt, writeCampaignOutputs, type CampaignFiles } from './campaign-outputs';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import type { MailTransport } from '../../shared/config';
import { startLocalStack, type Endpoints, type LocalStack } from './local-stack';
import { runMailbox, type MailboxFiles } from './mailbox-run';
import { latestYear } from '../../shared/report/current-records';

export interface PipelineOptions {
  inputDir: string;
  outDir: string;
  year?: number;
  /** Servers to reuse instead of starting new ones (tests). */
  reuse?: Partial<Endpoints>;
  tableName?: string;
  bucket?: string;
  /** Extra environment for the handlers (district, recipients, limits). */
  env?: Record<string, string>;
  /** Leave the servers running; the caller stops them. */
  keepRunning?: boolean;
  /** Set as every upload's `submitter-email` metadata (the checked workbook goes back to it when its domain is in TORCHLINE_SUBMITTER_DOMAINS). */
  submitterEmail?: string;
  /** Inject faults and duplicate, reorder deliveries (scripts/local/chaos.ts). */
  chaos?: ChaosOptions;
  /** How mail leaves: the SES emulator (default), or a local SMTP sink as a bureau's own server would receive it. */
  mail?: MailTransport;
  /** Run the daily campaign check as of this Beijing day (YYYY-MM-DD) after ingesting (contract 12.4). */
  now?: string;
  /** A folder of `*.eml` messages delivered into a local IMAP server and polled after the uploads (contract 13). */
  mailbox?: string;
  /** Approve the report year after the uploads, as this person (contract 14); `approveReason` to approve over what is open. */
  approve?: string;
  approveReason?: string;
  /** The IMAP server to deliver them to (tests); Dovecot is started for the run otherwise. */
  imap?: Parameters<typeof runMailbox>[4];
}

export interface PipelineResult {
  year: number;
  indicators: IndicatorsDocument;
  submissions: SubmissionSummary[];
  files: { indicators: string; submissions: string; report: string; email: string; review: string; upward: string; upwardJson: string };
  /** The checked workbooks written under out/checked/ (contract section 8): what the submitters fix and send back. */
  checked: string[];
  uploaded: string[];
  deadLetters: number;
  /** Each dead-lettered object and why. */
  deadLetterReasons: string[];
  /** Under --chaos: how many faults were injected. */
  faults?: FaultCounts;
  stack: LocalStack;
  /** With `mail: 'smtp'`: where each message the local SMTP sink received was written. */
  smtpReceived?: string[];
  /** The handlers' environment (the run's settings over the stack's endpoints), for the CLI's --local to build the same app. */
  handlerEnv: Record<string, string>;
  /** The run's --now, when given. */
  day?: string;
  /** With `now`: campaign.json, campaign-status.xlsx and the reminders sent. */
  campaign?: CampaignFiles;
  /** With `mailbox`: mailbox.json and the replies. */
  mailbox?: MailboxFiles;
  /** With `approve`: approval.json, and what kept the year from approval when it was refused. */
  approval?: ApprovalFiles;
}

/** Every file under dir, as posix paths relative to it, in lexicographic order; dotfiles are skipped. */
export async function listInputFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  if (!(await stat(dir)).isDirectory()) throw new Error(`input ${dir} is not a directory`);
  await walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The servers' configuration and clients as a Lambda of this stack would have them, with the run's extra settings. */
function localTorchline(
  stack: LocalStack,
  extraEnv: Record<string, string> = {},
  now?: string,
  chaos?: ChaosOptions,
): { torchline: Torchline; faults?: FaultCounts } {
  let faults: FaultCounts | undefined;
  // With --now, uploads are dated by it or by a date folder (contract 12.4), in the report's on-time rate as in the campaign.
  const torchline = torchlineFromEnv(
    { ...extraEnv, ...stack.env },
    {
      ...(now ? { uploadedAt: localUploadedAt(now) } : {}),
      ...(chaos ? { withClients: (clients) => (faults = injectFaults(clients, chaos)) } : {}),
    },
  );
  return { torchline, faults };
}

async function uploadAll(options: PipelineOptions, torchline: Torchline): Promise<string[]> {
  // In order of upload date (a date folder, or the run's day), then of path (contract section 8).
  const listed = await listInputFiles(options.inputDir);
  const day = (file: string) => (options.now ? localUploadDay(file, options.now) : '');
  const files = listed
    .map((file) => ({ file, day: day(file) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
    .map((f) => f.file);
  for (const file of files) {
    const { size } = await stat(join(options.inputDir, file));
    // As whoever uploads it in AWS: staff under submissions/, the submitter of the org under submitters/<org>/.
    const org = file.startsWith(S3_PREFIXES.submitters) ? file.split('/')[1] : undefined;
    const principal: Principal = org ? { kind: 'submitter', org } : { kind: 'staff' };
    // DIR/submitters/<org>/… is a submitter's own upload and keeps its path (contract section 8).
    const key = org ? file : `${S3_PREFIXES.submissions}${file}`;
    const body = () => createReadStream(join(options.inputDir, file));
    await asPrincipal(principal, () =>
      torchline.operator.place(key, { size, body, ...(options.submitterEmail ? { submitterEmail: options.submitterEmail } : {}) }),
    );
  }
  return files;
}

/** The settings that send through the local SMTP sink (STARTTLS with its own certificate, no password). */
function smtpEnv(sink: SmtpSink): Record<string, string> {
  return {
    TORCHLINE_MAIL_TRANSPORT: 'smtp',
    TORCHLINE_SMTP_HOST: sink.host,
    TORCHLINE_SMTP_PORT: String(sink.port),
    TORCHLINE_SMTP_SECURE: 'false',
    TORCHLINE_SMTP_CA_PEM: sink.ca,
  };
}

/** Every message the SMTP sink received, as out/smtp/<n>.eml. */
async function writeReceived(outDir: string, sink: SmtpSink): Promise<string[]> {
  await mkdir(join(outDir, 'smtp'), { recursive: true });
  return Promise.all(
    sink.received.map(async (mail, i) => {
      const path = join(outDir, 'smtp', `${i + 1}.eml`);
      await writeFile(path, mail.raw);
      return path;
    }),
  );
}

/** Lambda retries an asynchronous invocation that failed twice; so does a chaos run. */
async function invokeReport(handler: ReturnType<typeof reportHandler>, options: PipelineOptions): Promise<Extract<OneReport, { year: number }>> {
  const trigger = options.year !== undefined ? { year: options.year } : {};
  for (let attempt = 1; ; attempt++) {
    let response: ReportResponse;
    try {
      response = await handler(trigger);
    } catch (err) {
      if (!options.chaos || attempt >= 3) throw err;
      continue;
    }
    if ('skipped' in response) throw new Error(`report skipped: ${response.skipped}`);
    if ('due' in response || 'outcome' in response) throw new Error('a report by hand answered as the daily check or a package');
    return response;
  }
}

/** Every status, with all its errors from the error report when the status holds only the first. */
async function summaries(reader: Torchline): Promise<{ statuses: SubmissionStatus[]; submissions: SubmissionSummary[] }> {
  const { operator } = reader;
  const statuses = await operator.allStatuses();
  const submissions: SubmissionSummary[] = [];
  for (const status of statuses) {
    let errors: RowError[] | undefined;
    if (status.errorCount > status.errors.length && status.errorReport) {
      const report = JSON.parse((await operator.resultFile(status.errorReport.json)).toString('utf8')) as {
        sheets: { sheet: string | null; errors: RowError[] }[];
      };
      errors = report.sheets.find((s) => (s.sheet ?? undefined) === status.sheet)?.errors;
    }
    submissions.push(submissionSummary(status, errors));
  }
  return { statuses, submissions };
}

/** The run's outputs in outDir: indicators, statuses, report, email, review and the checked workbooks. */
async function writeOutputs(outDir: string, reader: Torchline, report: Extract<OneReport, { year: number }>) {
  const { operator } = reader;
  const objects = { getBytes: (key: string) => operator.resultFile(key) };
  const indicators = (await operator.indicators(report.year))!;
  const { statuses, submissions } = await summaries(reader);
  await mkdir(outDir, { recursive: true });
  const files = {
    indicators: join(outDir, 'indicators.json'),
    submissions: join(outDir, 'submissions.json'),
    report: join(outDir, `report-${report.year}.xlsx`),
    email: join(outDir, `email-${report.year}.eml`),
    review: join(outDir, 'review.json'),
    upward: join(outDir, `upward-${report.year}.xlsx`),
    upwardJson: join(outDir, `upward-${report.year}.json`),
  };
  await writeFile(files.indicators, JSON.stringify(indicators, null, 2) + '\n');
  await writeFile(files.submissions, JSON.stringify(submissions, null, 2) + '\n');
  await writeFile(files.report, await objects.getBytes(report.reportKey));
  await writeFile(files.email, await objects.getBytes(report.emailKey));
  await writeFile(files.review, await objects.getBytes(report.reviewKey));
  // The package for the city, beside the report in its run's folder (contract 15).
  const folder = report.reportKey.slice(0, report.reportKey.lastIndexOf('/') + 1);
  await writeFile(files.upward, await objects.getBytes(`${folder}upward-${report.year}.xlsx`));
  await writeFile(files.upwardJson, await objects.getBytes(`${folder}upward-${report.year}.json`));
  // The checked workbooks, at each submission's path relative to submissions/ (contract section 8).
  const checked: string[] = [];
  for (const key of new Set(statuses.flatMap((st) => (st.checkedWorkbook ? [st.checkedWorkbook] : [])))) {
    const path = join(outDir, 'checked', key.slice(S3_PREFIXES.results.length));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await objects.getBytes(key));
    checked.push(path);
  }
  return { indicators, submissions, files, checked };
}

export interface ApprovalFiles {
  json: string;
  state: 'approved' | 'open';
  /** What kept the year from approval, when it was refused. */
  open: string[];
  /** Where the approved package was mailed (contract 15). */
  mailedTo?: string;
}

/** Approves the report year as the operator (contract 14) and writes approval.json: { year, state, history }. */
async function writeApproval(options: PipelineOptions, app: Torchline): Promise<ApprovalFiles> {
  const year = options.year ?? latestYear(await asPrincipal({ kind: 'harness' }, () => app.operator.allStatuses())) ?? new Date().getFullYear() - 1;
  const request = { year, by: options.approve!, ...(options.approveReason ? { reason: options.approveReason } : {}) };
  const done = await asPrincipal({ kind: 'operator' }, () => app.operator.approve(request));
  const approval = done.outcome === 'refused' ? { year, state: 'open' as const, history: [] } : done.approval;
  await mkdir(options.outDir, { recursive: true });
  const json = join(options.outDir, 'approval.json');
  await writeFile(json, JSON.stringify(approval, null, 2) + '\n');
  const mailedTo = done.outcome === 'approved' && done.mailed.outcome === 'sent' ? done.mailed.to : undefined;
  return { json, state: approval.state, open: done.outcome === 'refused' ? done.open : [], ...(mailedTo ? { mailedTo } : {}) };
}

/** The local stand-in for the ingest queue: events dated as the run dates its uploads; under chaos, SQS's redeliveries. */
function localQueue(options: PipelineOptions, deliver: ConstructorParameters<typeof LocalQueue>[0]): LocalQueue {
  const dated = options.now ? localUploadedAt(options.now) : undefined;
  return new LocalQueue(deliver, {
    ...(options.chaos ? { shuffle: seededRandom(options.chaos.seed + 1), maxReceives: 10 } : {}),
    ...(dated ? { uploadedAt: (key: string) => dated({ key }) } : {}),
  });
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  // Keep the local run quiet unless asked; under chaos the retried faults are the point, not news.
  const logLevel = options.chaos ? 'ERROR' : 'WARN';
  let handlers: Torchline | undefined;
  let faults: FaultCounts | undefined;
  const ingest = ingestHandler(() => handlers!, new Logger({ serviceName: 'torchline-ingest', logLevel }));
  // Under chaos, SQS's patience: a message a fault broke is received again (and more often than the 3 of production, since faults here are dense).
  const queue = localQueue(options, (event, context) => ingest(event, context));
  const stack = await startLocalStack({ reuse: options.reuse, tableName: options.tableName, bucket: options.bucket, onS3Event: queue.onS3Event });
  const sink = options.mail === 'smtp' ? await startSmtpSink() : undefined;
  const env = { ...options.env, ...(sink ? smtpEnv(sink) : {}) };
  // The uploads (and the reading back) go in cleanly.
  const clean = localTorchline(stack, env).torchline;
  try {
    // The handlers meet the faults from the first event on; the uploads go in cleanly.
    ({ torchline: handlers, faults } = localTorchline(stack, env, options.now, options.chaos));
    const uploaded = await uploadAll(options, clean);
    await queue.drain();
    // The mailbox after the uploads, before the report: its files count like any other.
    const mailbox = options.mailbox ? await runMailbox(options.mailbox, options.outDir, handlers, options.now, options.imap) : undefined;
    await queue.drain();
    const approval = options.approve ? await writeApproval(options, handlers) : undefined;
    const report = await invokeReport(
      reportHandler(() => handlers!, new Logger({ serviceName: 'torchline-report', logLevel })),
      options,
    );
    // Reading the outputs back is the local runner's own work, no role's.
    const { indicators, submissions, files, checked } = await asPrincipal({ kind: 'harness' }, () => writeOutputs(options.outDir, clean, report));
    const campaign = options.now ? await writeCampaignOutputs(options.outDir, handlers, options.now) : undefined;
    const smtpReceived = sink ? await writeReceived(options.outDir, sink) : undefined;
    const deadLetters = { deadLetters: queue.deadLetters.length, deadLetterReasons: queue.deadLetterReport() };
    const handlerEnv = { ...env, ...stack.env };
    return {
      year: report.year,
      indicators,
      submissions,
      files,
      checked,
      uploaded,
      ...deadLetters,
      faults,
      stack,
      smtpReceived,
      mailbox,
      approval,
      campaign,
      handlerEnv,
      ...(options.now ? { day: options.now } : {}),
    };
  } finally {
    await sink?.stop();
    // A stack kept running keeps ingesting what is uploaded later (npm start -- --keep): its handlers stay.
    if (!options.keepRunning) {
      handlers?.close();
      clean.close();
      await stack.stop();
    }
  }
}
