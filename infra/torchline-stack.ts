/** The Torchline stack: storage, ingest and reporting, as in the architecture diagram. */
import { ORG_TAG } from '../shared/layout';
import { Annotations, CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { Ingest } from './ingest';
import { Reporting } from './reporting';
import { Storage } from './storage';
import { STACK_OUTPUTS } from '../shared/stack-outputs';
import { Uploaders } from './uploaders';
import { Mailbox } from './mailbox';

export interface TorchlineStackProps extends StackProps {
  config: DeployConfig;
}

export class TorchlineStack extends Stack {
  readonly storage: Storage;
  readonly ingest: Ingest;
  readonly reporting: Reporting;
  readonly uploaders: Uploaders;
  /** The bureau's mailbox poll, when the deployment names a mailbox (torchline:mailboxHost). */
  readonly mailbox?: Mailbox;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: TorchlineStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Every alarm notifies this topic; with no address configured it is there to subscribe to later.
    const alarmTopic = new sns.Topic(this, 'Alarms', {
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    this.alarmTopic = alarmTopic;
    if (config.alarmEmail) {
      alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    } else {
      Annotations.of(this).addWarningV2(
        'torchline:no-alarm-email',
        'No torchline:alarmEmail is set: failed ingests and reports will raise alarms nobody is emailed about. Deploy ' +
          'with -c torchline:alarmEmail=ops@your-bureau.gov.cn (or subscribe to the AlarmTopicArn output).',
      );
    }
    this.storage = new Storage(this, 'Storage');
    this.reporting = new Reporting(this, 'Reporting', {
      bucket: this.storage.bucket,
      table: this.storage.table,
      config,
      alarmTopic,
    });
    this.ingest = new Ingest(this, 'Ingest', {
      bucket: this.storage.bucket,
      table: this.storage.table,
      memorySize: config.ingestMemoryMb,
      alarmTopic,
      // Always: a submitter's own upload is answered at its roster address (contract 12); staff uploads only in these domains.
      submitters: { sender: config.sender, district: config.district, domains: config.submitterDomains, mail: this.reporting.mail },
    });

    // The bucket-notification custom resource is CDK's own singleton Lambda.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "Only CDK's BucketNotificationsHandler custom resource uses a managed policy (AWSLambdaBasicExecutionRole); our functions have their own roles.",
    });

    if (config.mailboxHost) {
      this.mailbox = new Mailbox(this, 'Mailbox', { bucket: this.storage.bucket, table: this.storage.table, config, mail: this.reporting.mail, alarmTopic });
    }

    this.uploaders = new Uploaders(this, 'Uploaders', {
      bucket: this.storage.bucket,
      table: this.storage.table,
      reportFunction: this.reporting.function.fn,
      ...(this.mailbox ? { mailboxFunction: this.mailbox.function.fn } : {}),
      queues: { ingest: this.ingest.queue, ingestDeadLetters: this.ingest.deadLetterQueue, reportDeadLetters: this.reporting.deadLetterQueue },
      groupName: config.uploaderGroup,
    });

    this.outputs(config);
  }

  /** What operators and the CLI read of the deployed stack (names in stack-outputs.ts). */
  private outputs(config: DeployConfig): void {
    const output = (name: keyof typeof STACK_OUTPUTS, value: string, description: string) => new CfnOutput(this, STACK_OUTPUTS[name], { value, description });
    output('bucket', this.storage.bucket.bucketName, 'Drop submissions under submissions/<dataset>/; results under results/, reports under reports/');
    output('table', this.storage.table.tableName, 'Records, submission statuses, snapshots and the recipients setting');
    output('ingestFunction', this.ingest.function.fn.functionName, 'Ingest Lambda');
    output('reportFunction', this.reporting.function.fn.functionName, 'Report Lambda: invoke with {"year": 2025} (or npm run torchline -- report)');
    if (this.mailbox)
      output('mailboxFunction', this.mailbox.function.fn.functionName, "Mailbox Lambda: polls the bureau's mailbox (npm run torchline -- mailbox)");
    output('ingestLogs', this.ingest.function.logGroup.logGroupName, 'Log group of every ingest');
    output('reportLogs', this.reporting.function.logGroup.logGroupName, 'Log group of every report run');
    output('queue', this.ingest.queue.queueUrl, 'The ingest queue (npm run torchline -- redrive sends dead letters back to it)');
    output('deadLetterQueue', this.ingest.deadLetterQueue.queueUrl, 'Ingest messages that failed 3 times');
    output('reportDeadLetterQueue', this.reporting.deadLetterQueue.queueUrl, 'Scheduled report runs that failed after their retries');
    output('alarmTopic', this.alarmTopic.topicArn, 'Every Torchline alarm notifies this topic');
    output('uploaderPolicy', this.uploaders.policy.managedPolicyArn, "Attach to the bureau's uploaders: put submissions/, read results/");
    output(
      'operatorPolicy',
      this.uploaders.operatorPolicy.managedPolicyArn,
      "Attach (with the uploader policy) to whoever runs npm run torchline's other commands",
    );
    output(
      'submitterPolicy',
      this.uploaders.submitterPolicy.managedPolicyArn,
      `Attach to a submitter user or role tagged ${ORG_TAG}=<its credit code or incubator id>`,
    );
    if (this.uploaders.group) output('uploaderGroup', this.uploaders.group.groupName, 'IAM group with the uploader policy: add staff users to it');
    output(
      'sender',
      config.sender,
      config.mailTransport === 'ses'
        ? 'SES identity the report is sent from: verify it before the first report'
        : `the report is sent from this address through ${config.smtpHost}`,
    );
    output('recipients', config.recipients.join(','), 'Recipients deployed; an operator setting (npm run torchline -- recipients) overrides them');
    output('monthlyDay', config.monthlyDay, 'Day of the month the monthly report goes out, as deployed (npm run torchline -- schedule changes it)');
    output('annualDate', config.annualDate, 'Month-day the annual report goes out, as deployed (npm run torchline -- schedule changes it)');
  }
}
