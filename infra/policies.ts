/**
 * Every permission a Torchline role gets, as data built from the same
 * prefixes and item keys the code uses (routing.ts, error-report.ts,
 * storage/item-keys.ts): the constructs attach these statements, and the
 * permission tests evaluate them against every call the code makes.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { RESULTS_PREFIX } from '../shared/ingest/error-report';
import { SUBMISSIONS_PREFIX } from '../shared/ingest/routing';
import { leadingKeys } from '../shared/storage/item-keys';

export const REPORTS_PREFIX = 'reports/';

/** The ingest: read submissions, write results/, write record versions and statuses. */
export function ingestStatements(bucket: s3.IBucket, table: dynamodb.ITableV2): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'ReadSubmissions', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [bucket.arnForObjects(`${SUBMISSIONS_PREFIX}*`)] }),
    new iam.PolicyStatement({ sid: 'WriteResults', actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${RESULTS_PREFIX}*`)] }),
    // Without ListBucket S3 answers 403, not 404, for an object deleted before it was read, and the file would be retried, not rejected.
    new iam.PolicyStatement({
      sid: 'ListSubmissions',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${SUBMISSIONS_PREFIX}*`] } },
    }),
    new iam.PolicyStatement({
      sid: 'WriteRecordsAndStatuses',
      actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      resources: [table.tableArn],
      // Only record versions and submission statuses: never a snapshot, a report's send ledger or a setting.
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys('record', 'submission') } },
    }),
  ];
}

/** The report: read the table and its index, write the snapshot, the send ledger; its objects under reports/. */
export function reportStatements(bucket: s3.IBucket, table: dynamodb.ITableV2): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadRecords',
      actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      resources: [table.tableArn, `${table.tableArn}/index/*`],
    }),
    new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject', 's3:GetObject'], resources: [bucket.arnForObjects(`${REPORTS_PREFIX}*`)] }),
  ];
}

/** Sending from the configured sender only. */
export function sendStatement(identityArn: string, sender: string, actions: string[] = ['ses:SendEmail', 'ses:SendRawEmail']): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'SendAsSender', actions, resources: [identityArn], conditions: { StringEquals: { 'ses:FromAddress': sender } } });
}

export function attach(role: iam.IRole, statements: readonly iam.PolicyStatement[]): void {
  for (const statement of statements) role.addToPrincipalPolicy(statement);
}
