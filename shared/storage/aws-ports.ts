/**
 * Wiring the domain's ports to AWS: the ingest store and the report ports,
 * built from the SDK clients and the configuration.
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { TorchlineConfig } from '../config';
import type { IngestStore, Mailer } from '../ingest/ports';
import type { ReportPorts } from '../report/report-run';
import type { AwsClients } from './aws-clients';
import { DynamoRepository } from './dynamo-repository';
import { S3Objects } from './s3-objects';

export interface AwsPorts {
  repository: DynamoRepository;
  objects: S3Objects;
  ingestStore: IngestStore;
  mailer: Mailer;
  reportPorts: ReportPorts;
}

export function awsPorts(clients: AwsClients, config: TorchlineConfig): AwsPorts {
  const repository = new DynamoRepository(clients.dynamo, config.tableName);
  const objects = new S3Objects(clients.s3, config.ingestBucket);
  const ingestStore: IngestStore = {
    hasSubmission: (key, order) => repository.hasSubmission(key, order),
    writeVersions: (page) => repository.writeVersions(page),
    putStatuses: (statuses) => repository.putStatuses(statuses),
    writeErrorReport: async (keys, csv, json) => {
      await objects.put(keys.csv, csv, 'text/csv; charset=utf-8');
      await objects.put(keys.json, json, 'application/json; charset=utf-8');
    },
    writeCheckedWorkbook: (key, bytes) => objects.put(key, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  };
  const mailer: Mailer = {
    sendRawEmail: async (raw) => (await clients.ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }))).MessageId,
  };
  const reportPorts: ReportPorts = {
    records: repository,
    ledger: {
      claim: (key, claimId, now, leaseMs) => repository.claimSend(key, claimId, now, leaseMs),
      renew: (key, claimId, leaseUntil) => repository.renewSend(key, claimId, leaseUntil),
      markSent: (key, details) => repository.markSent(key, details),
      release: (key, claimId) => repository.releaseSend(key, claimId),
    },
    putSnapshot: (year, indicators) => repository.putSnapshot(year, indicators),
    putReport: (key, body, contentType) => objects.put(key, body, contentType),
    presignReport: (key, expires) => objects.presign(key, expires),
    sendRawEmail: (raw) => mailer.sendRawEmail(raw),
    settings: repository,
  };
  return { repository, objects, ingestStore, mailer, reportPorts };
}
