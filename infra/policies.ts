/**
 * Every permission a Torchline role gets, as data built from the same
 * keys the code uses (shared/layout.ts: every S3 prefix, item key and index
 * partition): the constructs attach these statements, and the
 * permission tests evaluate them against every call the code makes.
 */
import {
  ITEM_PREFIXES,
  leadingKeys,
  ORG_TAG,
  RECEIPT_SEND_PREFIX,
  MAIL_FOLDER,
  MANIFEST_SUFFIX,
  MAIL_MESSAGE_SEND_PREFIX,
  S3_PREFIXES,
  SUBMISSIONS_PARTITION,
  TABLE_DESIGN,
  versionPartitionsOf,
  type ItemKind,
} from '../shared/layout';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { DATASET_NAMES } from '../shared/domain/datasets';
import { STATUS_ITEM_ATTRIBUTES } from '../shared/storage/submission-store';

const ORG = `\${aws:PrincipalTag/${ORG_TAG}}`;

/** The DynamoDB actions on the table's items whose partition keys are of these kinds. */
function itemsOf(sid: string, table: dynamodb.ITableV2, actions: string[], kinds: ItemKind[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys(...kinds) } },
  });
}

/** Queries of the index, confined to its partitions of these kinds (record versions by dataset, or the submissions list). */
function indexOf(sid: string, table: dynamodb.ITableV2, partitions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['dynamodb:Query'],
    resources: [`${table.tableArn}/index/${TABLE_DESIGN.index.name}`],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } },
  });
}

/** The ingest: read submissions (staff's and submitters'), write results/, write record versions, statuses and the mail allowance. */
export function ingestStatements(bucket: s3.IBucket, table: dynamodb.ITableV2): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadSubmissions',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [bucket.arnForObjects(`${S3_PREFIXES.submissions}*`), bucket.arnForObjects(`${S3_PREFIXES.submitters}*`)],
    }),
    new iam.PolicyStatement({ sid: 'WriteResults', actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${S3_PREFIXES.results}*`)] }),
    // A returned copy reads the list of records its source wrote (ingest/returned-copy.ts), and nothing else of results/.
    new iam.PolicyStatement({
      sid: 'ReadRecordLists',
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${S3_PREFIXES.results}*${MANIFEST_SUFFIX}`)],
    }),
    // No ListBucket: an object deleted before it was read answers AccessDenied rather than NotFound, and is rejected all the same
    // (store-boundary.ts); a listing grant would have let the role read every key of the bucket, reports/ included.
    itemsOf('WriteRecords', table, ['dynamodb:BatchWriteItem', 'dynamodb:Query'], ['record']),
    itemsOf('ReadStatuses', table, ['dynamodb:Query'], ['submission']),
    // A status is written with the attributes a status has, never `withdrawn` (only the operator takes an upload back).
    new iam.PolicyStatement({
      sid: 'WriteStatuses',
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys('submission') },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...STATUS_ITEM_ATTRIBUTES] },
      },
    }),
    itemsOf('CountMailsPerAddress', table, ['dynamodb:UpdateItem'], ['mailQuota']),
    // Each receipt is sent once (mail/send-once.ts): the ledger's receipt items, and no other send's.
    new iam.PolicyStatement({
      sid: 'SendReceiptsOnce',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ITEM_PREFIXES.send}${RECEIPT_SEND_PREFIX}*`] } },
    }),
    itemsOf('ReadCodeAliases', table, ['dynamodb:GetItem'], ['settings']),
    // An upload for an approved year is held (contract 14): the ingest reads the year's approval, never writes it.
    itemsOf('ReadApprovals', table, ['dynamodb:GetItem'], ['approval']),
  ];
}

/** The report: read record versions and statuses by the index; write the snapshot and the send ledger, read the settings; its objects under reports/. */
export function reportStatements(bucket: s3.IBucket, table: dynamodb.ITableV2): iam.PolicyStatement[] {
  return [
    indexOf('ReadRecordsAndStatuses', table, [...DATASET_NAMES.map(versionPartitionsOf), SUBMISSIONS_PARTITION]),
    itemsOf('WriteSnapshots', table, ['dynamodb:PutItem'], ['snapshot']),
    itemsOf('SendOnce', table, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['send']),
    // The operator's settings are read, never written, by the report; so is the year's approval (its Summary says it).
    itemsOf('ReadSettings', table, ['dynamodb:GetItem'], ['settings', 'approval']),
    new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject', 's3:GetObject'], resources: [bucket.arnForObjects(`${S3_PREFIXES.reports}*`)] }),
  ];
}

/** Bureau staff who upload (the uploader policy): put submissions, read back results, and what `npm run torchline -- upload` needs. */
export function staffStatements(bucket: s3.IBucket, table: dynamodb.ITableV2, stackArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'PutSubmissions',
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${S3_PREFIXES.submissions}*`)],
    }),
    new iam.PolicyStatement({ sid: 'ReadResults', actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${S3_PREFIXES.results}*`)] }),
    new iam.PolicyStatement({
      sid: 'ListSubmissionsAndResults',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [S3_PREFIXES.submissions, `${S3_PREFIXES.submissions}*`, S3_PREFIXES.results, `${S3_PREFIXES.results}*`] } },
    }),
    new iam.PolicyStatement({ sid: 'FindTheStack', actions: ['cloudformation:DescribeStacks'], resources: [stackArn] }),
    itemsOf('ReadUploadStatuses', table, ['dynamodb:Query'], ['submission']),
  ];
}

/** What the campaign reads: who must report and who did (never projects). */
// A city's campaign asks which districts sent their packages (contract 15).
const CAMPAIGN_DATASETS = ['incubators', 'enterprises', 'roster', 'districts'] as const;

/** The operator CLI's other commands: status, errors, report, recipients, schedule, campaign. */
export function operatorStatements(
  bucket: s3.IBucket,
  table: dynamodb.ITableV2,
  reportFunctionArn: string,
  queues: { ingest: string; deadLetters: string[] },
  mailboxFunctionArn?: string,
): iam.PolicyStatement[] {
  // The mailbox's list is read here; a message is assigned by its function, which ingests and answers it as the mailbox role.
  const mailbox = mailboxFunctionArn
    ? [
        itemsOf('ListMailedMessages', table, ['dynamodb:Query'], ['mailbox']),
        new iam.PolicyStatement({ sid: 'AssignAMessage', actions: ['lambda:InvokeFunction'], resources: [mailboxFunctionArn] }),
      ]
    : [];
  return [
    ...mailbox,
    new iam.PolicyStatement({ sid: 'TakeDeadLetters', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], resources: queues.deadLetters }),
    new iam.PolicyStatement({ sid: 'SendBackToIngest', actions: ['sqs:SendMessage'], resources: [queues.ingest] }),
    new iam.PolicyStatement({
      sid: 'ReadResultsAndReports',
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${S3_PREFIXES.results}*`), bucket.arnForObjects(`${S3_PREFIXES.reports}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ListUploads',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [S3_PREFIXES.submissions, `${S3_PREFIXES.submissions}*`, S3_PREFIXES.results, `${S3_PREFIXES.results}*`] } },
    }),
    indexOf('ListStatuses', table, [SUBMISSIONS_PARTITION]),
    // The campaign command reads who reported and which reminders went out; it writes none of it.
    indexOf('ReadRecordsForTheCampaign', table, CAMPAIGN_DATASETS.map(versionPartitionsOf)),
    itemsOf('ReadRemindersSent', table, ['dynamodb:GetItem'], ['send']),
    itemsOf('ReadAndWithdrawStatuses', table, ['dynamodb:Query', 'dynamodb:UpdateItem'], ['submission']),
    itemsOf('ChangeSettings', table, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], ['settings']),
    // Only the operator approves and reopens a year (contract 14).
    itemsOf('ApproveYears', table, ['dynamodb:GetItem', 'dynamodb:PutItem'], ['approval']),
    new iam.PolicyStatement({ sid: 'RunTheReport', actions: ['lambda:InvokeFunction'], resources: [reportFunctionArn] }),
  ];
}

/** A submitter (an enterprise or incubator): its own prefix only, named by its principal's tag. */
export function submitterStatements(bucket: s3.IBucket): iam.PolicyStatement[] {
  const own = `${S3_PREFIXES.submitters}${ORG}/`;
  const results = `${S3_PREFIXES.results}${S3_PREFIXES.submitters}${ORG}/`;
  return [
    new iam.PolicyStatement({ sid: 'PutOwnSubmissions', actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [bucket.arnForObjects(`${own}*`)] }),
    // The mail folder is the mailbox intake's: it ingests what it stores there itself, so an upload there would be read by no one.
    new iam.PolicyStatement({
      sid: 'NotTheMailFolder',
      effect: iam.Effect.DENY,
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${own}${MAIL_FOLDER}*`)],
    }),
    new iam.PolicyStatement({ sid: 'ReadOwnResults', actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${results}*`)] }),
    new iam.PolicyStatement({
      sid: 'ListOwnPrefixes',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [own, `${own}*`, results, `${results}*`] } },
    }),
  ];
}

/** The bucket refuses an upload the ingest could not read: another storage class, a customer key, a KMS key. */
export function uploadGuardStatements(bucket: s3.IBucket): iam.PolicyStatement[] {
  const uploads = [bucket.arnForObjects(`${S3_PREFIXES.submissions}*`), bucket.arnForObjects(`${S3_PREFIXES.submitters}*`)];
  const deny = (sid: string, conditions: Record<string, unknown>) =>
    new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['s3:PutObject'], resources: uploads, conditions });
  return [
    // A header that is given (Null: false) and names something else; an upload without the header takes the bucket's defaults.
    deny('OnlyStandardStorage', { Null: { 's3:x-amz-storage-class': 'false' }, StringNotEquals: { 's3:x-amz-storage-class': 'STANDARD' } }),
    deny('NoCustomerKeys', { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } }),
    deny('OnlyBucketEncryption', { Null: { 's3:x-amz-server-side-encryption': 'false' }, StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } }),
  ];
}

/** Sending from the configured sender only (SESv2 SendEmail, raw content included, is authorized as ses:SendEmail). */
export function sendStatement(identityArn: string, sender: string, actions: string[] = ['ses:SendEmail']): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'SendAsSender', actions, resources: [identityArn], conditions: { StringEquals: { 'ses:FromAddress': sender } } });
}

export function attach(role: iam.IRole, statements: readonly iam.PolicyStatement[]): void {
  for (const statement of statements) role.addToPrincipalPolicy(statement);
}

/**
 * The mailbox poll: read its login, store each mailed file under `submitters/<org>/mail/` and ingest it (as the ingest
 * does: versions, statuses, results), keep an unknown sender's message under `mailbox/`, read the roster by the index,
 * handle each message once (its ledger item) and list it (the mailbox log).
 */
export function mailboxStatements(bucket: s3.IBucket, table: dynamodb.ITableV2, secretArn: string): iam.PolicyStatement[] {
  const mailFiles = bucket.arnForObjects(`${S3_PREFIXES.submitters}*/${MAIL_FOLDER}*`);
  const held = bucket.arnForObjects(`${S3_PREFIXES.mailbox}*`);
  const ingest = ingestStatements(bucket, table).filter((s) => !['ReadSubmissions', 'SendReceiptsOnce', 'CountMailsPerAddress'].includes(s.sid ?? ''));
  return [
    new iam.PolicyStatement({ sid: 'ReadMailboxLogin', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }),
    new iam.PolicyStatement({ sid: 'StoreMailedFiles', actions: ['s3:PutObject', 's3:GetObject'], resources: [mailFiles, held] }),
    ...ingest,
    indexOf('ReadRosterAndStatuses', table, [versionPartitionsOf('roster'), SUBMISSIONS_PARTITION]),
    new iam.PolicyStatement({
      sid: 'HandleEachMessageOnce',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ITEM_PREFIXES.send}${MAIL_MESSAGE_SEND_PREFIX}*`] } },
    }),
    itemsOf('ListMessages', table, ['dynamodb:PutItem', 'dynamodb:Query'], ['mailbox']),
  ];
}
