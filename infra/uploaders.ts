/**
 * Who may reach the bucket and the table from outside the functions, as
 * managed policies to attach (policies.ts has each statement):
 *
 * - the uploader policy — bureau staff: put files under submissions/, read
 *   back every result under results/, and what `npm run torchline -- upload`
 *   needs (the stack's outputs, the upload's status); with an IAM group when
 *   configured;
 * - the operator policy — the CLI's other commands (status, errors, report,
 *   recipients, schedule), attached beside the uploader policy;
 * - the submitter policy — an enterprise or incubator, confined to
 *   submitters/<org>/ and results/submitters/<org>/, where <org> is its
 *   principal's `torchline-org` tag.
 */
import { ORG_TAG, S3_PREFIXES } from '../shared/layout';
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeWildcards, nagArn } from './nag';
import { operatorStatements, staffStatements, submitterStatements } from './policies';

export interface UploadersProps {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  reportFunction: lambda.IFunction;
  /** The mailbox poll, when the stack reads a mailbox: the operator lists its messages and assigns an unknown sender's. */
  mailboxFunction?: lambda.IFunction;
  /** What `npm run torchline -- redrive` moves between. */
  queues: { ingest: sqs.IQueue; ingestDeadLetters: sqs.IQueue; reportDeadLetters: sqs.IQueue };
  /** An IAM group to create with the uploader policy attached; none when absent. */
  groupName?: string;
}

export class Uploaders extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly operatorPolicy: iam.ManagedPolicy;
  readonly submitterPolicy: iam.ManagedPolicy;
  readonly group?: iam.Group;

  constructor(scope: Construct, id: string, props: UploadersProps) {
    super(scope, id);
    const { bucket, table } = props;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Torchline uploaders (bureau staff): put submissions, read back their results, follow an upload with the CLI',
      statements: staffStatements(bucket, table, Stack.of(this).stackId),
    });
    this.operatorPolicy = new iam.ManagedPolicy(this, 'OperatorPolicy', {
      description: 'Torchline operators: statuses, errors, run the report, change recipients and report days (with the uploader policy)',
      statements: operatorStatements(
        bucket,
        table,
        props.reportFunction.functionArn,
        {
          ingest: props.queues.ingest.queueArn,
          deadLetters: [props.queues.ingestDeadLetters.queueArn, props.queues.reportDeadLetters.queueArn],
        },
        props.mailboxFunction?.functionArn,
      ),
    });
    this.submitterPolicy = new iam.ManagedPolicy(this, 'SubmitterPolicy', {
      description: `Torchline submitters: an enterprise or incubator puts and reads back only its own files (principal tag ${ORG_TAG})`,
      statements: submitterStatements(bucket),
    });
    const bucketArn = nagArn(bucket);
    const objects = (...prefixes: string[]) => prefixes.map((p) => `${bucketArn}/${p}*`);
    const reason = 'Object permissions need a key pattern: the prefixes (and, for submitters, the principal tag) are the boundary.';
    acknowledgeWildcards(this.policy, reason, objects(S3_PREFIXES.submissions, S3_PREFIXES.results));
    acknowledgeWildcards(this.operatorPolicy, reason, objects(S3_PREFIXES.results, S3_PREFIXES.reports));
    acknowledgeWildcards(
      this.submitterPolicy,
      reason,
      objects(`${S3_PREFIXES.submitters}<aws:PrincipalTag/${ORG_TAG}>/`, `${S3_PREFIXES.results}${S3_PREFIXES.submitters}<aws:PrincipalTag/${ORG_TAG}>/`),
    );
    if (props.groupName) this.group = new iam.Group(this, 'Group', { groupName: props.groupName, managedPolicies: [this.policy] });
  }
}
