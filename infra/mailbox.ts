/**
 * The bureau's mailbox (contract 13): a function that reads the mailbox over
 * IMAP with TLS every few minutes (EventBridge Scheduler), ingests each
 * unit's mailed forms and answers each message once, the way the report
 * sends (mail.ts). Built only when the deployment names a mailbox.
 */
import { MAIL_FOLDER, MANIFEST_SUFFIX, S3_PREFIXES } from '../shared/layout';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { configToEnv } from '../shared/config';
import type { DeployConfig } from './config';
import { anyAlarm } from './alarmed-dead-letter-queue';
import { TorchlineFunction } from './lambda-function';
import type { MailAccess } from './mail';
import { attach, mailboxStatements } from './policies';
import { acknowledgeWildcards, nagArn } from './nag';

export interface MailboxProps {
  bucket: s3.Bucket;
  table: dynamodb.TableV2;
  config: DeployConfig;
  mail: MailAccess;
  alarmTopic?: sns.ITopic;
}

export class Mailbox extends Construct {
  readonly function: TorchlineFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: MailboxProps) {
    super(scope, id);
    const { config } = props;
    if (!config.mailboxSecretArn)
      throw new Error('torchline:mailboxHost needs torchline:mailboxSecretArn (a Secrets Manager secret holding {"username","password"})');
    this.function = new TorchlineFunction(this, 'Mailbox', {
      handler: 'mailbox',
      description: "Torchline mailbox: reads the bureau's mailbox, ingests mailed forms and answers each message once",
      memorySize: config.ingestMemoryMb,
      // A poll stops taking messages at 13 minutes (mailbox-poll.ts): the rest wait for the next run.
      timeout: Duration.minutes(15),
      environment: configToEnv({
        tableName: props.table.tableName,
        ingestBucket: props.bucket.bucketName,
        ...pick(config, [
          'district',
          'sender',
          'replyTo',
          'mailboxHost',
          'mailboxPort',
          'mailboxSecretArn',
          'mailboxFolder',
          'mailboxDoneFolder',
          'mailboxRequireAuth',
        ]),
        ...props.mail.environment,
      }),
    });
    attach(this.function.role, [...mailboxStatements(props.bucket, props.table, config.mailboxSecretArn), ...props.mail.statements()]);
    const bucketArn = nagArn(props.bucket);
    acknowledgeWildcards(this.function.role, "Object permissions need key patterns: a unit's mail folder, kept messages, results/, the table's index.", [
      `${bucketArn}/${S3_PREFIXES.submitters}*/${MAIL_FOLDER}*`,
      `${bucketArn}/${S3_PREFIXES.mailbox}*`,
      `${bucketArn}/${S3_PREFIXES.results}*`,
      `${bucketArn}/${S3_PREFIXES.results}*${MANIFEST_SUFFIX}`,
      `${nagArn(props.table)}/index/*`,
    ]);
    acknowledgeWildcards(Stack.of(this), 'EventBridge Scheduler invokes the mailbox function by ARN and qualifier.', [`${nagArn(this.function.fn)}:*`]);
    this.schedule = new scheduler.Schedule(this, 'Poll', {
      description: "Torchline: reads the bureau's mailbox",
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(config.mailboxPollMinutes)),
      target: new targets.LambdaInvoke(this.function.fn, { input: scheduler.ScheduleTargetInput.fromObject({ kind: 'poll' }), retryAttempts: 0 }),
    });
    anyAlarm(
      this,
      'MailboxErrorsAlarm',
      this.function.fn.metricErrors({ period: Duration.minutes(30) }),
      'Torchline: a mailbox poll failed (the mailbox unreachable, or its login refused; see the mailbox function log)',
      props.alarmTopic,
    );
  }
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}
