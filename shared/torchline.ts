/**
 * The composition root and the app's one face. Given its configuration and
 * AWS clients, it builds the storage adapters once and returns the use
 * cases: the ingest of one notification, the report runs, the daily
 * campaign, and every action of the bureau's officer (`operator`). Nothing
 * outside this file sees a client or a port: the Lambdas, the operator CLI
 * and the local runner are adapters over what it returns.
 */
import { clientSettingsFromEnv, configFrom, configFromEnv, type TorchlineConfig } from './config';
import { ingestNotification, type NotificationResult, type SubmitterMail } from './ingest/ingest-notification';
import type { IngestOptions } from './ingest/ingest-submission';
import type { Mailer } from './ingest/ports';
import { mailPackage, runReport, type PackageMailOutcome, type ReportResult } from './report/report-run';
import { reportRequestFor, type ReportRequest } from './report/report-schedule';
import { runScheduledReports, type ScheduledOutcome } from './report/scheduled-reports';
import { sendStatusIfChanged } from './report/campaign-status-mail';
import { campaignYear, runCampaign, type CampaignPorts, type CampaignRun } from './report/campaign';
import { openItemsOf } from './report/open-items';
import { shanghaiDay } from './domain/shanghai-time';
import { campaignSettings } from './report/operator-settings';
import { submissionTemplate } from './templates/submission-template';
import { createAwsClients, type AwsClients } from './storage/aws-clients';
import { awsPorts, type AwsPorts } from './storage/aws-ports';
import { asPrincipal } from './storage/aws-calls';
import { guarded, guardedLedger, guardedSettings } from './storage/store-boundary';
import { deployedStack } from './storage/deployed-stack';
import { SYSTEM_CLOCK, type Clock } from './domain/clock';
import { SEND_TIMING } from './mail/send-once';
import { operatorActions, type OperatorActions } from './operator/operator-actions';
import type { DeadLetters, OperatorPorts, ReportAnswer, ReportByHand } from './operator/operator-ports';
import { mailboxPorts, mailboxSettings } from './mailbox-composition';
import { configuredMailbox, imapMailbox } from './storage/imap-mailbox';
import { pollMailbox, type MailboxRun } from './mailbox/mailbox-poll';
import { handleMessage, type MailboxEntry } from './mailbox/mailbox-intake';
import type { MailboxSource } from './mailbox/mailbox-source';
import { OBJECT_KEYS } from './layout';
import { ObjectGoneError, unwrapFault } from './storage/storage-errors';

// Who a call is made as (the permission contract's principals): the adapters say whose role they play.
export { asPrincipal, type Principal } from './storage/aws-calls';
// What storage may answer an operator with (a stack not found, the report function failed): its message says what to do.
export { StorageError } from './storage/storage-errors';

export interface Torchline {
  readonly config: TorchlineConfig;
  readonly clock: Clock;
  /** Ingests every object one S3 notification (an SQS message body) names. */
  ingest(notification: string, options?: IngestOptions): Promise<NotificationResult[]>;
  /** One report, by hand or for a year, run here. */
  report(request: ReportRequest): Promise<ReportResult | { skipped: string; idempotencyKey: string }>;
  /** The year's package mailed to the officer once the year is approved, once per approval (contract 15). */
  mailPackage(year: number): Promise<PackageMailOutcome>;
  /** The daily check: every report the calendar says is due at this schedule time. */
  dueReports(scheduledTime: string, now?: Date): Promise<ScheduledOutcome[]>;
  /** The reporting campaign as of `now`, sending the day's reminders once each unless `send` is false (contract 12), */
  /** and, when the campaign changed since the last one sent, the officer's status workbook (12.3). */
  campaign(now: Date, options?: { send?: boolean; uploadedAt?: CampaignPorts['uploadedAt'] }): Promise<CampaignRun & { statusMail?: Buffer }>;
  /**
   * One poll of the bureau's mailbox (contract 13): every unseen message handled once and answered once, until
   * `deadline` (the rest wait for the next poll); `source` replaces the configured IMAP server.
   */
  mailbox(options?: { source?: MailboxSource; deadline?: Date; clock?: Clock }): Promise<MailboxRun>;
  /** Every action of the bureau's officer (the operator CLI's commands). */
  readonly operator: OperatorActions;
  /** Closes the connections it opened. */
  close(): void;
}

/** A report's result as a by-hand request is answered (the report function's reply). */
export function reportAnswer(result: ReportResult | { skipped: string; idempotencyKey: string }): ReportAnswer {
  if ('skipped' in result) return result;
  const { year, reportKey, reviewKey, emailKey, delivery, recipients, dryRun, messageId } = result;
  return { year, reportKey, reviewKey, emailKey, delivery, recipients, dryRun, ...(messageId ? { messageId } : {}) };
}

interface Composition {
  config: TorchlineConfig;
  clients: AwsClients;
  /** Replaces the configured mail adapter (a test's SMTP server with its own credentials). */
  mailer?: Mailer;
  /** The S3 event time as an upload's time (the local pipeline's --now and date folders, contract 12.4). */
  uploadedAt?: CampaignPorts['uploadedAt'];
  /** The app's one clock (domain/clock.ts): the system's unless a run plays other days. */
  clock?: Clock;
  /** The report function of a deployed stack; by default the report runs here, as the report role. */
  reportFunction?: (request: ReportByHand) => Promise<ReportAnswer>;
  /** The report function of a deployed stack mailing a year's package; by default mailed from here, as the report role. */
  packageFunction?: (year: number) => Promise<PackageMailOutcome>;
  deadLetters?: DeadLetters;
  /** A deployed stack's mailbox function (assigning a message there); by default it is handled here, as the mailbox role. */
  assignMessage?: (messageId: string, org: string) => Promise<MailboxEntry | undefined>;
  /** Closed with the app (a deployed stack's Lambda and SQS clients). */
  onClose?: () => void;
}

/** What a Torchline of an environment may be given beside it; `withClients` sees its clients first (the local runner's fault injection). */
type EnvComposition = Omit<Composition, 'config' | 'clients'> & { withClients?: (clients: AwsClients) => void };

function submitterMail(ports: AwsPorts, config: TorchlineConfig, clock: Clock, uploadedAt: Composition['uploadedAt']): SubmitterMail {
  // Submitters' own uploads are answered at their roster address; staff uploads only in the domains the bureau allowed.
  return {
    mailer: ports.mailer,
    sender: config.sender,
    district: config.district,
    allowedDomains: config.submitterDomains,
    quota: ports.mailQuota,
    ledger: guardedLedger(ports.sendLedger),
    clock,
    rosterAddress: (org, years) => ports.rosterContacts.address(org, years),
    ...(uploadedAt ? { uploadedAt } : {}),
  };
}

/** The operator's ports over the storage adapters, every call behind the storage boundary. */
/** The officer's part of the mailbox: what came in, and an unknown sender's message handed to a unit. */
function mailboxActions(ports: AwsPorts, config: TorchlineConfig, clock: Clock, remote?: Composition['assignMessage']): OperatorPorts['mailbox'] {
  return {
    entries: () => guarded(() => ports.mailboxLog.list()),
    assign: async (messageId, org) => (remote ? remote(messageId, org) : asPrincipal({ kind: 'mailbox' }, () => assignHere(messageId, org))),
  };
  async function assignHere(messageId: string, org: string): Promise<MailboxEntry | undefined> {
    let raw: Buffer;
    try {
      raw = await guarded(() => ports.objects.getBytes(OBJECT_KEYS.heldMessage(messageId)));
    } catch (err) {
      if (err instanceof ObjectGoneError || (unwrapFault(err) as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
    const mail = mailboxPorts(ports, clock);
    const handled = await handleMessage(mail, await mailboxSettings(ports, config), raw, clock.now(), { assigned: org });
    await mail.log.put(handled.entry);
    return handled.entry;
  }
}

function operatorPorts(
  ports: AwsPorts,
  config: TorchlineConfig,
  clock: Clock,
  remote: Pick<OperatorPorts, 'reportFunction' | 'packageFunction' | 'openItems' | 'deadLetters'> & { assignMessage?: Composition['assignMessage'] },
): OperatorPorts {
  const { submissions, objects } = ports;
  const { reportFunction, packageFunction, openItems, deadLetters, assignMessage } = remote;
  return {
    mailbox: mailboxActions(ports, config, clock, assignMessage),
    approvals: { get: (year) => guarded(() => ports.approvals.approval(year)), put: (a) => guarded(() => ports.approvals.putApproval(a)) },
    openItems,
    submissions: {
      listSubmissions: () => guarded(() => submissions.listSubmissions()),
      statusesOf: (key) => guarded(() => submissions.statusesOf(key)),
      withdraw: (statuses, withdrawal) => guarded(() => submissions.withdraw(statuses, withdrawal)),
      release: (statuses) => guarded(() => submissions.release(statuses)),
    },
    objects: {
      getText: (key) => guarded(() => objects.getText(key)),
      getBytes: (key) => guarded(() => objects.getBytes(key)),
      list: (prefix) => guarded(() => objects.list(prefix)),
      upload: (key, body, size, metadata) => guarded(() => objects.upload(key, body, size, metadata)),
    },
    settings: guardedSettings(ports.settings),
    indicators: (year) => guarded(() => ports.snapshots.getSnapshot(year)),
    reportFunction,
    packageFunction,
    ...(deadLetters ? { deadLetters } : {}),
    objectUrl: (key) => `s3://${config.ingestBucket}/${key}`,
  };
}

/** The reporting campaign as of a day, over the ports (contract 12): the daily check's, the operator's, and approval's view. */
function campaignOf(ports: AwsPorts, config: TorchlineConfig, clock: Clock, uploadedAt: Composition['uploadedAt']): Torchline['campaign'] {
  return async (now, options = {}) => {
    const campaignPorts = {
      records: ports.reportPorts.records,
      ledger: guardedLedger(ports.sendLedger),
      sendRawEmail: (raw: Buffer) => ports.mailer.sendRawEmail(raw),
      template: (dataset: 'incubators' | 'enterprises') => submissionTemplate(dataset),
      uploadedAt: options.uploadedAt ?? uploadedAt,
      sendTiming: { ...SEND_TIMING, clock },
    };
    const send = options.send ?? true;
    const settings = await campaignSettings(ports.settings);
    const result = await runCampaign(campaignPorts, config, now, settings, send);
    // After the reminders, so the officer's copy lists them.
    const statusMail = send ? await sendStatusIfChanged(campaignPorts, config, result.campaign, settings.officer) : undefined;
    return { ...result, statusMail };
  };
}

export function createTorchline({
  config,
  clients,
  mailer,
  uploadedAt,
  clock = SYSTEM_CLOCK,
  reportFunction,
  packageFunction,
  deadLetters,
  assignMessage,
  onClose,
}: Composition): Torchline {
  const aws = awsPorts(clients, config, mailer, clock);
  const ports = uploadedAt ? { ...aws, reportPorts: { ...aws.reportPorts, uploadedAt } } : aws;
  const mail = submitterMail(ports, config, clock, uploadedAt);
  const report = (request: ReportRequest) => runReport(ports.reportPorts, config, request);
  const campaign = campaignOf(ports, config, clock, uploadedAt);
  // What is open for a year, as the campaign sees it (contract 14): as of now, or of the year's campaign when it is past.
  const openItems = async (year: number) => {
    const now = clock.now();
    const at = campaignYear(shanghaiDay(now)) === year ? now : new Date(`${year + 1}-12-31T09:00:00+08:00`);
    return openItemsOf((await asPrincipal({ kind: 'operator' }, () => campaign(at, { send: false }))).campaign);
  };
  const byHand =
    reportFunction ??
    ((request: ReportByHand) => asPrincipal({ kind: 'report' }, async () => reportAnswer(await report(reportRequestFor(request, clock.now())))));
  const packageMail = (year: number) => mailPackage(ports.reportPorts, config, year);
  const packageByHand = packageFunction ?? ((year: number) => asPrincipal({ kind: 'report' }, () => packageMail(year)));
  return {
    config,
    clock,
    ingest: (notification, options) =>
      ingestNotification(notification, ports.submissionReader, ports.ingestStore, { now: () => clock.now(), ...options }, mail),
    report,
    mailPackage: packageMail,
    dueReports: (scheduledTime, now = clock.now()) => runScheduledReports(ports.reportPorts, config, scheduledTime, now),
    campaign,
    mailbox: async ({ source, deadline, clock: runClock = clock } = {}) => {
      const from = source ?? (await configuredMailbox(clients, config));
      try {
        // A Lambda run has 15 minutes: the poll stops taking messages at 13, leaving the rest for the next run.
        const until = deadline ?? new Date(runClock.now().getTime() + 13 * 60_000);
        return await pollMailbox(mailboxPorts(ports, runClock), await mailboxSettings(ports, config), from, until);
      } finally {
        if (!source) await from.close();
      }
    },
    operator: operatorActions(
      operatorPorts(ports, config, clock, { reportFunction: byHand, packageFunction: packageByHand, openItems, deadLetters, assignMessage }),
      clock,
      config,
    ),
    close: () => {
      clients.destroy();
      onClose?.();
    },
  };
}

/** The app as a Lambda of a stack sees it: configuration and clients from that environment (the caller passes it). */
export function torchlineFromEnv(env: NodeJS.ProcessEnv, { withClients, ...options }: EnvComposition = {}): Torchline {
  const clients = createAwsClients(clientSettingsFromEnv(env));
  withClients?.(clients);
  return createTorchline({ config: configFromEnv(env), clients, ...options });
}

/** The app of a deployed stack, found by its name (the operator CLI's target): configured from the stack's outputs, its report run by its function. */
export async function torchlineOfStack(stackName: string, region?: string): Promise<{ torchline: Torchline; region: string }> {
  const stack = await deployedStack(stackName, region);
  // The deployed configuration, read from the stack's outputs by the same rules as the Lambdas' environment.
  const config = configFrom({
    tableName: stack.output('table'),
    ingestBucket: stack.output('bucket'),
    sender: stack.output('sender'),
    recipients: stack.output('recipients'),
    monthlyDay: stack.output('monthlyDay'),
    annualDate: stack.output('annualDate'),
  });
  const torchline = createTorchline({
    config,
    clients: createAwsClients({ region: stack.region, endpoints: {} }),
    reportFunction: stack.reportFunction,
    packageFunction: stack.packageFunction,
    ...(stack.deadLetters ? { deadLetters: stack.deadLetters } : {}),
    ...(stack.assignMessage ? { assignMessage: stack.assignMessage } : {}),
    onClose: () => stack.destroy(),
  });
  return { torchline, region: stack.region };
}

/** A mailbox on an IMAP server named here (the local runs' Dovecot), its login given: what `mailbox({ source })` reads. */
export function imapMailboxSource(server: { host: string; port: number; ca: string; user: string; password: string; folder: string; doneFolder: string }) {
  const { host, port, ca, user, password, folder, doneFolder } = server;
  return imapMailbox({ host, port, folder, doneFolder, caPem: ca, credentials: async () => ({ username: user, password }) });
}
