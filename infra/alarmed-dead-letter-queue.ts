/**
 * A dead-letter queue nobody can miss: encrypted, TLS-only, kept 14 days, and
 * alarmed (to the alarm topic, when there is one) as soon as a message lands.
 * Ingest and reporting each have one.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmedDeadLetterQueueProps {
  /** What it means when a message lands here, as the alarm states it. */
  alarmDescription: string;
  alarmTopic?: sns.ITopic;
}

/** An alarm that fires on any non-zero value of the metric. */
export function anyAlarm(scope: Construct, id: string, metric: cloudwatch.IMetric, description: string, topic?: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic) alarm.addAlarmAction(new cwActions.SnsAction(topic));
  return alarm;
}

export class AlarmedDeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlarmedDeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is a dead-letter queue; it has none of its own.',
    });
    this.alarm = anyAlarm(
      this,
      'Alarm',
      this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      props.alarmDescription,
      props.alarmTopic,
    );
  }
}
