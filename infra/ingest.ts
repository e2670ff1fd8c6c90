/**
 * Ingest: ObjectCreated under submissions/ → SQS (3 tries, then a DLQ with an
 * alarm) → the ingest Lambda, which reports partial batch failures.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { configToEnv } from '../shared/config';
import { RESULTS_PREFIX } from '../shared/ingest/error-report';
import { SUBMISSIONS_PREFIX } from '../shared/ingest/routing';
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue';
import { TorchlineFunction } from './lambda-function';
import { acknowledgeWildcards, nagArn } from './nag';

export interface IngestProps {
  bucket: s3.Bucket;
  table: dynamodb.TableV2;
  memorySize: number;
  alarmTopic?: sns.ITopic;
  /** Sending checked workbooks back to submitters of these domains (none by default). */
  submitters?: { sender: string; district: string; domains: string[]; identityArn: string };
}

export class Ingest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: TorchlineFunction;
  readonly dlqAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const timeout = Duration.minutes(10);
    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription: 'Torchline: a submission notification failed 3 times and was dead-lettered',
      alarmTopic: props.alarmTopic,
    });
    this.deadLetterQueue = deadLetters.queue;
    this.dlqAlarm = deadLetters.alarm;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the function timeout, as Lambda's SQS guidance asks.
      visibilityTimeout: Duration.minutes(60),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });
    props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
      prefix: SUBMISSIONS_PREFIX,
    });

    this.function = new TorchlineFunction(this, 'Ingest', {
      handler: 'ingest',
      description: 'Torchline ingest: validates submissions and stores their records',
      memorySize: props.memorySize,
      timeout,
      environment: configToEnv({
        tableName: props.table.tableName,
        ingestBucket: props.bucket.bucketName,
        ...(props.submitters ? { sender: props.submitters.sender, district: props.submitters.district, submitterDomains: props.submitters.domains } : {}),
      }),
    });
    this.function.fn.addEventSource(
      // One submission file per invocation: a large file gets the whole timeout to itself.
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 20 }),
    );

    // Least privilege: read submissions, write only the results/ (error reports), and the record/status items.
    const role = this.function.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [props.bucket.arnForObjects(`${SUBMISSIONS_PREFIX}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      }),
    );
    // Without ListBucket S3 answers 403, not 404, for an object deleted before it was read, and the file would be retried, not rejected.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${SUBMISSIONS_PREFIX}*`] } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
        // Only record versions and submission statuses (table-design.ts): never a snapshot or a report's send ledger.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['rec#*', 'sub#*'] } },
      }),
    );
    if (props.submitters) {
      // Only from the configured sender, and only when a submitter domain is allowed at all.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendRawEmail'],
          resources: [props.submitters.identityArn],
          conditions: { StringEquals: { 'ses:FromAddress': props.submitters.sender } },
        }),
      );
    }
    const bucketArn = nagArn(props.bucket);
    acknowledgeWildcards(
      role,
      'S3 object permissions need a key pattern: reads are limited to submissions/, writes to results/.',
      [`${bucketArn}/${SUBMISSIONS_PREFIX}*`, `${bucketArn}/${RESULTS_PREFIX}*`],
    );
  }
}
