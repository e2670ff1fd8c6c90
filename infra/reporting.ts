/**
 * Reporting: the report Lambda, checked daily by EventBridge Scheduler in
 * Asia/Shanghai for reports due (monthly year-to-date, annual for the
 * previous year, on the days of the report calendar), and the SES identity it
 * sends from.
 */
import { S3_PREFIXES } from '../shared/layout';
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { configToEnv } from '../shared/config';
import type { DeployConfig } from './config';
import { AlarmedDeadLetterQueue, anyAlarm } from './alarmed-dead-letter-queue';
import { TorchlineFunction } from './lambda-function';
import { mailAccess, type MailAccess } from './mail';
import { attach, reportStatements } from './policies';
import { acknowledgeWildcards, nagArn } from './nag';

export interface ReportingProps {
  bucket: s3.Bucket;
  table: dynamodb.TableV2;
  config: DeployConfig;
  alarmTopic?: sns.ITopic;
}

export class Reporting extends Construct {
  readonly function: TorchlineFunction;
  /** How mail leaves (mail.ts): SES from the sender's identity, or the bureau's SMTP server. */
  readonly mail: MailAccess;
  readonly schedules: scheduler.Schedule[];
  readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    const { config } = props;
    this.mail = mailAccess(this, config);
    this.function = new TorchlineFunction(this, 'Report', {
      handler: 'report',
      description: 'Torchline report: aggregates indicators and emails the Excel report',
      memorySize: config.reportMemoryMb,
      timeout: Duration.minutes(15),
      environment: configToEnv({
        tableName: props.table.tableName,
        ingestBucket: props.bucket.bucketName,
        ...pick(config, ['district', 'sender', 'recipients', 'replyTo', 'windowYears', 'attachmentLimitBytes', 'monthlyDay', 'annualDate']),
        ...this.mail.environment,
      }),
    });
    // Least privilege (policies.ts).
    attach(this.function.role, [...reportStatements(props.bucket, props.table), ...this.mail.statements()]);
    acknowledgeWildcards(this.function.role, "Limited to the table's indexes and the report objects under reports/.", [
      `${nagArn(props.table)}/index/*`,
      `${nagArn(props.bucket)}/${S3_PREFIXES.reports}*`,
    ]);
    // A report the scheduler or Lambda gave up on (after their retries) must not go unnoticed.
    this.deadLetterQueue = new AlarmedDeadLetterQueue(this, 'ScheduleDeadLetters', {
      alarmDescription: 'Torchline: a scheduled report invocation failed after its retries and was dead-lettered',
      alarmTopic: props.alarmTopic,
    }).queue;
    this.retryAndAlarm(props.alarmTopic);
    this.schedules = [this.dailySchedule(config.reportSchedule)];
  }

  /**
   * The scheduler invokes asynchronously: Lambda itself retries a failed run (a crash, a timeout, a send
   * still in progress elsewhere) and, when those fail too, hands the event to the dead-letter queue. Any
   * failed run is heard of, even one a retry later made good.
   */
  private retryAndAlarm(alarmTopic: sns.ITopic | undefined): void {
    this.function.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
    anyAlarm(
      this,
      'ReportErrorsAlarm',
      this.function.fn.metricErrors({ period: Duration.minutes(5) }),
      'Torchline: a report run failed (its retry may still send it; see the report function log)',
      alarmTopic,
    );
  }

  /**
   * One daily check: the function reads the report calendar (deployed days, or an operator's setting)
   * and sends what is due that day, so changing the days needs no redeploy.
   */
  private dailySchedule(expression: string): scheduler.Schedule {
    const invoke = new targets.LambdaInvoke(this.function.fn, {
      input: scheduler.ScheduleTargetInput.fromObject({ kind: 'daily', scheduledTime: scheduler.ContextAttribute.scheduledTime }),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: this.deadLetterQueue,
    });
    // The scheduler's role may invoke the function and its versions/aliases (ARN:*), nothing else.
    acknowledgeWildcards(Stack.of(this), 'EventBridge Scheduler invokes the report function by ARN and qualifier.', [`${nagArn(this.function.fn)}:*`]);
    return new scheduler.Schedule(this, 'Daily', {
      description: 'Torchline: sends the monthly and annual reports on the days the report calendar says',
      schedule: scheduler.ScheduleExpression.expression(expression, TimeZone.ASIA_SHANGHAI),
      target: invoke,
    });
  }
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}
