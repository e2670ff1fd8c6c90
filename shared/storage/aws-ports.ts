/**
 * Wiring the domain's ports to AWS: the ingest store and the report ports,
 * built from the SDK clients and the configuration, one adapter per port.
 */
import { XLSX_MIME } from '../domain/mime-lines';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { TorchlineConfig } from '../config';
import { SYSTEM_CLOCK, type Clock } from '../domain/clock';
import type { IngestStore, Mailer, ObjectReader } from '../ingest/ports';
import type { ReportPorts } from '../report/report-run';
import type { AwsClients } from './aws-clients';
import { dynamoStores, type DynamoStores } from './dynamo-stores';
import { S3Objects } from './s3-objects';
import { smtpMailer } from './smtp-mailer';
import { sesMailer } from './ses-mailer';
import { loginFromSecret } from './login-secret';
import { guarded, guardedLedger, guardedReader, guardedSettings, guardedStore, guardedVersionReader } from './store-boundary';

export interface AwsPorts extends DynamoStores {
  objects: S3Objects;
  /** The submissions as the ingest reads them: failures translated at the boundary (store-boundary.ts). */
  submissionReader: ObjectReader;
  ingestStore: IngestStore;
  mailer: Mailer;
  reportPorts: ReportPorts;
}

/** The mail port's adapter the configuration chooses: SES, or the bureau's SMTP server with its password from Secrets Manager. */
function mailerFor(clients: AwsClients, config: TorchlineConfig): Mailer {
  if (config.mailTransport === 'ses') return sesMailer(clients.ses);
  return smtpMailer({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpSecure,
    ca: config.smtpCaPem || undefined,
    credentials: async () => {
      if (!config.smtpSecretArn) return undefined;
      const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: config.smtpSecretArn }));
      return loginFromSecret(secret.SecretString, config.smtpSecretArn);
    },
  });
}

export function awsPorts(clients: AwsClients, config: TorchlineConfig, mailerOverride?: Mailer, clock: Clock = SYSTEM_CLOCK): AwsPorts {
  const stores = dynamoStores(clients.dynamo, config.tableName);
  const { versions, submissions, snapshots, sendLedger, settings } = stores;
  const objects = new S3Objects(clients.s3, config.ingestBucket);
  const ingestStore: IngestStore = guardedStore({
    hasSubmission: (key, order) => submissions.hasSubmission(key, order),
    writeVersions: (page) => versions.writeVersions(page),
    putStatuses: (statuses) => submissions.putStatuses(statuses),
    writeErrorReport: async (keys, csv, json) => {
      await objects.put(keys.csv, csv, 'text/csv; charset=utf-8');
      await objects.put(keys.json, json, 'application/json; charset=utf-8');
    },
    writeCheckedWorkbook: (key, bytes) => objects.put(key, bytes, XLSX_MIME),
    writeManifest: (key, json) => objects.put(key, json, 'application/json; charset=utf-8'),
    readManifest: (key) => objects.getText(key),
    approval: (year) => stores.approvals.approval(year),
    versionsOf: (dataset, naturalKey) => versions.versionsOf(dataset, naturalKey),
    statusesOf: (key) => submissions.statusesOf(key),
    codeAliases: () => settings.getSetting('aliases'),
  });
  const mailer: Mailer = mailerOverride ?? mailerFor(clients, config);
  // Every storage call of the report behind the boundary too: its failures are StoreFaults, by type.
  const reportPorts: ReportPorts = {
    records: guardedVersionReader({
      versionShards: (dataset, year) => versions.versionShards(dataset, year),
      listSubmissions: () => submissions.listSubmissions(),
    }),
    ledger: guardedLedger(sendLedger),
    putSnapshot: (year, indicators, at) => guarded(() => snapshots.putSnapshot(year, indicators, at)),
    putReport: (key, body, contentType) => guarded(() => objects.put(key, body, contentType)),
    presignReport: (key, expires) => guarded(() => objects.presign(key, expires)),
    sendRawEmail: (raw) => mailer.sendRawEmail(raw),
    settings: guardedSettings(settings),
    approval: (year) => guarded(() => stores.approvals.approval(year)),
    clock,
  };
  return { ...stores, objects, submissionReader: guardedReader(objects), ingestStore, mailer, reportPorts };
}
