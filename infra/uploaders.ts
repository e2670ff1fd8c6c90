/**
 * What a bureau's staff may do with the bucket, as one managed policy to
 * attach to their users or role (and, when configured, an IAM group that
 * has it): put files under submissions/, read back the error reports and
 * checked workbooks under results/, and list those two prefixes so the S3
 * console and `aws s3 ls` can show them. Nothing else: not reports/, not
 * deletes, not the table.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RESULTS_PREFIX } from '../shared/ingest/error-report';
import { SUBMISSIONS_PREFIX } from '../shared/ingest/routing';
import { acknowledgeWildcards, nagArn } from './nag';

export interface UploadersProps {
  bucket: s3.IBucket;
  /** An IAM group to create with the policy attached; none when absent. */
  groupName?: string;
}

export class Uploaders extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly group?: iam.Group;

  constructor(scope: Construct, id: string, props: UploadersProps) {
    super(scope, id);
    const { bucket } = props;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Torchline uploaders: put submissions, read back their error reports and checked workbooks',
      statements: [
        new iam.PolicyStatement({ sid: 'PutSubmissions', actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${SUBMISSIONS_PREFIX}*`)] }),
        new iam.PolicyStatement({ sid: 'ReadResults', actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${RESULTS_PREFIX}*`)] }),
        new iam.PolicyStatement({
          sid: 'ListSubmissionsAndResults',
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [SUBMISSIONS_PREFIX, `${SUBMISSIONS_PREFIX}*`, RESULTS_PREFIX, `${RESULTS_PREFIX}*`] } },
        }),
      ],
    });
    const bucketArn = nagArn(bucket);
    acknowledgeWildcards(this.policy, 'Uploaders put any file name under submissions/ and read any result under results/: the prefixes are the boundary.', [
      `${bucketArn}/${SUBMISSIONS_PREFIX}*`,
      `${bucketArn}/${RESULTS_PREFIX}*`,
    ]);
    if (props.groupName) {
      this.group = new iam.Group(this, 'Group', { groupName: props.groupName, managedPolicies: [this.policy] });
    }
  }
}
