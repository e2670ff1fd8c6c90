/** The synthesized template: what `cdk deploy` would create, checked with CDK assertions. */
import { TABLE_DESIGN, leadingKeys } from '../../shared/layout';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { STACK_OUTPUTS } from '../../shared/stack-outputs';
import cdkJson from '../../cdk.json';
import { CONFIG_DEFAULTS } from '../../shared/config';

let template: Template;
let app: App;
let assemblyDir: string;

beforeAll(() => {
  app = new App({ context: { ...cdkJson.context, 'torchline:alarmEmail': 'ops@example.gov.cn' } });
  const built = buildApp(app);
  assemblyDir = app.synth().directory;
  template = Template.fromStack(built.stack);
}, 120_000);

describe('Torchline stack', () => {
  it('keeps the ingest bucket private, encrypted, TLS-only, versioned and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'ingest/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('has one on-demand table with point-in-time recovery and the sharded index, from the shared design', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: TABLE_DESIGN.index.name })],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('sends submissions/ and submitters/ ObjectCreated events to a queue with a DLQ after 3 receives, alarmed', () => {
    const queued = (prefix: string) =>
      Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } } });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { QueueConfigurations: [queued('submissions/'), queued('submitters/')] },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      AlarmActions: Match.anyValue(),
    });
    // The ingest DLQ and the schedules' DLQ are both watched.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });

  it('runs both Lambdas on ARM64 with a current Node.js runtime and their own roles', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Architectures: ['arm64'] } });
    expect(Object.keys(functions)).toHaveLength(2);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(fn.Properties.Environment.Variables.TORCHLINE_TABLE).toBeDefined();
    }
  });

  it('bundles each handler as an ESM module that loads and answers on its own (CommonJS dependencies included)', async () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Architectures: ['arm64'] } }));
    const bundle = (fn: (typeof functions)[number]) => join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
    const modules: Record<string, { handler: (...args: unknown[]) => Promise<unknown> }> = {};
    for (const fn of functions) {
      const kind = String(fn.Properties.Description).includes('ingest') ? 'ingest' : 'report';
      modules[kind] = await import(pathToFileURL(bundle(fn)).href);
    }
    expect(typeof modules.report?.handler).toBe('function');
    // Only the ingest bundle is invoked: S3's test event needs no AWS call (nothing leaves the machine).
    const testEvent = {
      Records: [{ messageId: 'm1', body: JSON.stringify({ Event: 's3:TestEvent' }), eventSource: 'aws:sqs', attributes: {}, messageAttributes: {} }],
    };
    expect(await modules.ingest!.handler(testEvent, { getRemainingTimeInMillis: () => 1000 })).toEqual({ batchItemFailures: [] });
  });

  it('checks daily in Asia/Shanghai for due reports, with the schedule time as input and the calendar deployed to the function', () => {
    const schedules = template.findResources('AWS::Scheduler::Schedule');
    const props = Object.values(schedules).map((s) => s.Properties);
    expect(props.map((p) => p.ScheduleExpression)).toEqual([CONFIG_DEFAULTS.reportSchedule]);
    const p = props[0]!;
    expect(p.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
    expect(JSON.parse(p.Target.Input)).toEqual({ kind: 'daily', scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(p.Target.DeadLetterConfig).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TORCHLINE_MONTHLY_DAY: CONFIG_DEFAULTS.monthlyDay, TORCHLINE_ANNUAL_DATE: CONFIG_DEFAULTS.annualDate }) },
    });
  });

  it('lets the report Lambda send only from the configured SES identity', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: CONFIG_DEFAULTS.sender });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': CONFIG_DEFAULTS.sender } } })]),
      },
    });
  });

  it("lets the ingest Lambda write only under results/, never into the uploaders' submissions/, and list no keys", () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[],
    );
    const puts = statements.filter((st) => ([] as string[]).concat(st.Action).includes('s3:PutObject'));
    const ingestPut = puts.find((st) => JSON.stringify(st.Resource).includes('/results/*'));
    expect(ingestPut).toBeDefined();
    expect(puts.some((st) => JSON.stringify(st.Resource).includes('/submissions/'))).toBe(false);
    // The ingest lists nothing (a deleted object is refused as AccessDenied, not retried); staff and operators list by prefix.
    const lists = statements.filter((st) => ([] as string[]).concat(st.Action).includes('s3:ListBucket'));
    expect(lists.every((st) => st.Condition !== undefined)).toBe(true);
    const writes = statements.find((st) => ([] as string[]).concat(st.Action).includes('dynamodb:BatchWriteItem'));
    expect(writes?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys('record') } });
  });

  it('retries a failed report run, dead-letters it after that, and alarms on any failed run', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 0 });
  });

  it("expires replaced uploads' old bytes and abandoned multipart uploads", () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 400 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
        ]),
      },
    });
  });

  it('grants no wildcard actions and no managed policies to Torchline roles', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    for (const policy of Object.values(policies)) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = ([] as string[]).concat(statement.Action);
        for (const action of actions) expect(action).not.toMatch(/:\*$|^\*$/);
      }
    }
  });

  it('passes cdk-nag AwsSolutions (synth throws otherwise), every acknowledgement naming its finding and reason', () => {
    const report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        suppressedViolations: { acknowledgedId: string; reason?: string; suppressionReason?: string }[];
      }[];
    };
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!;
    expect(nag.conclusion).toBe('success');
    expect(nag.suppressedViolations.length).toBeGreaterThan(0);
    for (const s of nag.suppressedViolations) expect(JSON.stringify(s)).toMatch(/"(reason|acknowledgedReason|suppressionReason)":"[^"]{20,}/);
  });

  it('lets ingest send receipts and checked workbooks (to roster addresses, and to allowed domains when configured), only from the sender', () => {
    const sends = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::Policy'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Condition?: unknown }[])
        .filter((st) => ([] as string[]).concat(st.Action).includes('ses:SendEmail'));
    // The report's and the ingest's, with or without submitter domains.
    expect(sends(template)).toHaveLength(2);
    const withSubmitters = new App({ context: { ...cdkJson.context, 'torchline:submitterDomains': 'qiye.cn' } });
    const stack = Template.fromStack(buildApp(withSubmitters).stack);
    expect(sends(stack)).toHaveLength(2);
    for (const st of [...sends(stack), ...sends(template)]) expect(st.Condition).toEqual({ StringEquals: { 'ses:FromAddress': CONFIG_DEFAULTS.sender } });
  });

  it("caps V8's heap at three quarters of each function's memory", () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => String(f.Properties.Description ?? '').startsWith('Torchline'));
    expect(fns.length).toBe(2);
    for (const f of fns) {
      expect(f.Properties.Environment.Variables.NODE_OPTIONS).toContain(`--max-old-space-size=${Math.floor(f.Properties.MemorySize * 0.75)}`);
      expect(f.Properties.Environment.Variables.NODE_OPTIONS).toContain('--max-semi-space-size=4');
    }
  });

  it('outputs everything the operator CLI and the README name', () => {
    const outputs = template.findOutputs('*');
    // The uploader group and the mailbox function exist only when the deployment names them.
    const optional: string[] = [STACK_OUTPUTS.uploaderGroup, STACK_OUTPUTS.mailboxFunction];
    for (const name of Object.values(STACK_OUTPUTS).filter((n) => !optional.includes(n))) expect(outputs).toHaveProperty(name);
    expect(outputs).not.toHaveProperty(STACK_OUTPUTS.mailboxFunction);
    expect(outputs[STACK_OUTPUTS.sender]!.Value).toBe(CONFIG_DEFAULTS.sender);
    expect(outputs[STACK_OUTPUTS.recipients]!.Value).toBe(CONFIG_DEFAULTS.recipients.join(','));
  });

  it("gives staff, operators and submitters each a managed policy; a submitter's confined by its principal tag", () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(policies)).toHaveLength(3);
    const byName = (part: string) =>
      Object.entries(policies).find(([id]) => id.includes(part))![1].Properties.PolicyDocument.Statement as {
        Sid: string;
        Action: string | string[];
        Resource: unknown;
        Condition?: unknown;
      }[];
    expect(byName('UploadersPolicy').map((st) => st.Sid)).toEqual([
      'PutSubmissions',
      'ReadResults',
      'ListSubmissionsAndResults',
      'FindTheStack',
      'ReadUploadStatuses',
    ]);
    const submitter = byName('SubmitterPolicy');
    expect(JSON.stringify(submitter)).toContain('submitters/${aws:PrincipalTag/torchline-org}/*');
    expect(JSON.stringify(submitter)).toContain('results/submitters/${aws:PrincipalTag/torchline-org}/*');
    expect(JSON.stringify(submitter)).not.toContain('"/submissions/');
    // No group unless one is configured.
    template.resourceCountIs('AWS::IAM::Group', 0);
  });

  it('refuses uploads of another storage class, with a customer key or another encryption at the bucket', () => {
    const denies = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Effect: string }[],
    );
    expect(denies.filter((st) => st.Effect === 'Deny').map((st) => st.Sid)).toEqual(
      expect.arrayContaining(['OnlyStandardStorage', 'NoCustomerKeys', 'OnlyBucketEncryption']),
    );
  });

  it('creates the uploader group from configuration, and warns (without failing) when no alarm address is set', () => {
    const bare = new App({ context: { ...cdkJson.context, 'torchline:uploaderGroup': 'yingze-uploaders' } });
    const stack = buildApp(bare).stack;
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::Group', { GroupName: 'yingze-uploaders', ManagedPolicyArns: [Match.objectLike({ Ref: Match.anyValue() })] });
    expect(t.findOutputs(STACK_OUTPUTS.uploaderGroup)).not.toEqual({});
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('No torchline:alarmEmail is set'));
    // The alarms still notify the topic, for whoever subscribes to it later.
    for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    Annotations.fromStack(buildApp(new App({ context: { ...cdkJson.context, 'torchline:alarmEmail': 'ops@example.gov.cn' } })).stack).hasNoWarning(
      '*',
      Match.stringLikeRegexp('alarmEmail'),
    );
  });
});
