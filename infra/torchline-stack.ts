/** The Torchline stack: storage, ingest and reporting, as in the architecture diagram. */
import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { Ingest } from './ingest';
import { Reporting } from './reporting';
import { Storage } from './storage';

export interface TorchlineStackProps extends StackProps {
  config: DeployConfig;
}

export class TorchlineStack extends Stack {
  readonly storage: Storage;
  readonly ingest: Ingest;
  readonly reporting: Reporting;

  constructor(scope: Construct, id: string, props: TorchlineStackProps) {
    super(scope, id, props);
    const { config } = props;
    let alarmTopic: sns.Topic | undefined;
    if (config.alarmEmail) {
      alarmTopic = new sns.Topic(this, 'Alarms', {
        enforceSSL: true,
        masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      });
      alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
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
      submitters:
        config.submitterDomains.length > 0
          ? { sender: config.sender, district: config.district, domains: config.submitterDomains, identityArn: this.reporting.identityArn }
          : undefined,
    });

    // The bucket-notification custom resource is CDK's own singleton Lambda.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "Only CDK's BucketNotificationsHandler custom resource uses a managed policy (AWSLambdaBasicExecutionRole); our functions have their own roles.",
    });

    new CfnOutput(this, 'IngestBucket', { value: this.storage.bucket.bucketName, description: 'Drop submissions under submissions/' });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'DeadLetterQueue', { value: this.ingest.deadLetterQueue.queueUrl });
  }
}
