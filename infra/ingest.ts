/**
 * Ingest: ObjectCreated under submissions/ → SQS (3 tries, then a DLQ with an
 * alarm) → the ingest Lambda, which reports partial batch failures.
 */
import { MANIFEST_SUFFIX, S3_PREFIXES } from '../shared/layout';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { configToEnv } from '../shared/config';
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue';
import { TorchlineFunction } from './lambda-function';
import type { MailAccess } from './mail';
import { attach, ingestStatements } from './policies';
import { acknowledgeWildcards, nagArn } from './nag';

export interface IngestProps {
  bucket: s3.Bucket;
  table: dynamodb.TableV2;
  memorySize: number;
  alarmTopic?: sns.ITopic;
  /**
   * Sending receipts and checked workbooks back: to submitters at their roster address, to staff uploads' named addresses in these domains (none by default);
   * the way the report sends (mail.ts).
   */
  submitters?: { sender: string; district: string; domains: string[]; mail: MailAccess };
}

export class Ingest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: TorchlineFunction;
  readonly dlqAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription: 'Torchline: a submission notification failed 3 times and was dead-lettered',
      alarmTopic: props.alarmTopic,
    });
    this.deadLetterQueue = deadLetters.queue;
    this.dlqAlarm = deadLetters.alarm;
    this.queue = submissionQueue(this, props.bucket, this.deadLetterQueue);
    this.function = new TorchlineFunction(this, 'Ingest', {
      handler: 'ingest',
      description: 'Torchline ingest: validates submissions and stores their records',
      memorySize: props.memorySize,
      timeout: Duration.minutes(10),
      environment: configToEnv({
        tableName: props.table.tableName,
        ingestBucket: props.bucket.bucketName,
        ...(props.submitters
          ? {
              sender: props.submitters.sender,
              district: props.submitters.district,
              submitterDomains: props.submitters.domains,
              ...props.submitters.mail.environment,
            }
          : {}),
      }),
    });
    // One submission file per invocation: a large file gets the whole timeout to itself.
    this.function.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 20 }));

    // Least privilege (policies.ts): read submissions, write only results/ and the record/status items.
    attach(this.function.role, ingestStatements(props.bucket, props.table));
    // Only from the configured sender.
    if (props.submitters) attach(this.function.role, props.submitters.mail.statements());
    const bucketArn = nagArn(props.bucket);
    acknowledgeWildcards(
      this.function.role,
      'S3 object permissions need a key pattern: reads are limited to submissions/ and submitters/, writes to results/.',
      [
        `${bucketArn}/${S3_PREFIXES.submissions}*`,
        `${bucketArn}/${S3_PREFIXES.submitters}*`,
        `${bucketArn}/${S3_PREFIXES.results}*`,
        `${bucketArn}/${S3_PREFIXES.results}*${MANIFEST_SUFFIX}`,
      ],
    );
  }
}

/** ObjectCreated under submissions/ → an encrypted queue; 3 receives, then the dead-letter queue. */
function submissionQueue(scope: Construct, bucket: s3.Bucket, deadLetterQueue: sqs.IQueue): sqs.Queue {
  const queue = new sqs.Queue(scope, 'Queue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Six times the function timeout, as Lambda's SQS guidance asks.
    visibilityTimeout: Duration.minutes(60),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
  });
  // Staff uploads and submitters' own (contract v3 section 1).
  for (const prefix of [S3_PREFIXES.submissions, S3_PREFIXES.submitters])
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue), { prefix });
  return queue;
}
