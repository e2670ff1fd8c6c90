/**
 * The composition root: the one place the app is wired. Given its
 * configuration and AWS clients, it builds the storage adapters once and
 * returns the services the Lambda handlers adapt events to — the ingest of
 * one notification and the report runs. The handlers build it once per cold
 * start from the environment; the local runner, the operator CLI, the bench
 * and the tests pass their own configuration and clients.
 */
import { campaignSettings } from './report/operator-settings';
import { clientSettingsFromEnv, configFromEnv, type TorchlineConfig } from './config';
import { ingestNotification, type NotificationResult, type SubmitterMail } from './ingest/ingest-notification';
import type { IngestOptions } from './ingest/ingest-submission';
import type { Mailer } from './ingest/ports';
import { runReport, type ReportResult } from './report/report-run';
import type { ReportRequest } from './report/report-schedule';
import { runScheduledReports, type ScheduledOutcome } from './report/scheduled-reports';
import { sendStatusIfChanged } from './report/campaign-status-mail';
import { runCampaign, type CampaignPorts, type CampaignRun } from './report/campaign';
import { submissionTemplate } from './templates/submission-template';
import { createAwsClients, type AwsClients } from './storage/aws-clients';
import { awsPorts, type AwsPorts } from './storage/aws-ports';
import { guardedLedger } from './storage/store-boundary';
import { SYSTEM_CLOCK, type Clock } from './domain/clock';
import { SEND_TIMING } from './mail/send-once';

export interface Torchline {
  readonly config: TorchlineConfig;
  readonly clients: AwsClients;
  readonly ports: AwsPorts;
  /** Ingests every object one S3 notification (an SQS message body) names. */
  ingest(notification: string, options?: IngestOptions): Promise<NotificationResult[]>;
  /** One report, by hand or for a year. */
  report(request: ReportRequest): Promise<ReportResult | { skipped: string; idempotencyKey: string }>;
  /** The daily check: every report the calendar says is due at this schedule time. */
  dueReports(scheduledTime: string, now?: Date): Promise<ScheduledOutcome[]>;
  /** The reporting campaign as of `now`, sending the day's reminders once each unless `send` is false (contract 12). */
  /** …and, when the campaign changed since the last one sent, the officer's status workbook (12.3). */
  campaign(now: Date, options?: { send?: boolean; uploadedAt?: CampaignPorts['uploadedAt'] }): Promise<CampaignRun & { statusMail?: Buffer }>;
}

/**
 * `mailer` replaces the configured mail adapter (a test's SMTP server with its own credentials);
 * `uploadedAt` the S3 event time as an upload's time (the local pipeline's --now and date folders, contract 12.4).
 */
export function createTorchline({
  config,
  clients,
  mailer,
  uploadedAt,
  clock = SYSTEM_CLOCK,
}: {
  config: TorchlineConfig;
  clients: AwsClients;
  mailer?: Mailer;
  uploadedAt?: CampaignPorts['uploadedAt'];
  /** The app's one clock (domain/clock.ts): the system's unless a run plays other days. */
  clock?: Clock;
}): Torchline {
  const aws = awsPorts(clients, config, mailer, clock);
  const ports = uploadedAt ? { ...aws, reportPorts: { ...aws.reportPorts, uploadedAt } } : aws;
  // Submitters' own uploads are answered at their roster address; staff uploads only in the domains the bureau allowed.
  const mail: SubmitterMail = {
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
  return {
    config,
    clients,
    ports,
    ingest: (notification, options) => ingestNotification(notification, ports.submissionReader, ports.ingestStore, { now: () => clock.now(), ...options }, mail),
    report: (request) => runReport(ports.reportPorts, config, request),
    dueReports: (scheduledTime, now = clock.now()) => runScheduledReports(ports.reportPorts, config, scheduledTime, now),
    campaign: async (now, options = {}) => {
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
    },
  };
}

/** The app as a Lambda of a stack sees it: configuration and clients from that environment (the caller passes it). */
export function torchlineFromEnv(env: NodeJS.ProcessEnv, options: { uploadedAt?: CampaignPorts['uploadedAt'] } = {}): Torchline {
  return createTorchline({ config: configFromEnv(env), clients: createAwsClients(clientSettingsFromEnv(env)), ...options });
}
