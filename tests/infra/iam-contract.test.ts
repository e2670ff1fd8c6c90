/**
 * The permission contract's own checks: the synthesized policies allow the
 * calls each principal makes, deny what is not its own, and a permission
 * removed from a role is caught by name. The calls the code really makes are
 * checked in the integration and end-to-end tests (tests/support/iam-calls.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsCall, Principal } from '../../shared/storage/aws-calls';
import {
  ACCOUNT,
  decide,
  denials,
  iamRequests,
  MAIL_VARIANTS,
  REGION,
  SMTP_SECRET_ARN,
  synthesizedPolicies,
  unexercisedGrants,
  type ContractPolicies,
} from '../support/iam-contract';

let policies: ContractPolicies;
beforeAll(() => {
  policies = synthesizedPolicies();
}, 120_000);

const call = (principal: Principal, service: string, command: string, input: unknown): AwsCall => ({ principal, service, command, input });
const ingest: Principal = { kind: 'ingest' };
const report: Principal = { kind: 'report' };
const A = '91140105MA0GRJ0R1X';
const B = '91140105MA0GRJ0R2Y';

describe('the permission contract', () => {
  it('allows what the ingest and report functions do, and nothing of the other', async () => {
    const allowed = [
      call(ingest, 'S3', 'GetObject', { Bucket: 'b', Key: 'submissions/enterprises/a.csv', VersionId: 'v1' }),
      call(ingest, 'S3', 'GetObject', { Bucket: 'b', Key: `submitters/${A}/enterprises/a.csv` }),
      call(ingest, 'S3', 'PutObject', { Bucket: 'b', Key: 'results/enterprises/a.csv.errors.csv' }),
      call(ingest, 'DynamoDB', 'BatchWriteItem', { RequestItems: { t: [{ PutRequest: { Item: { pk: { S: 'rec#enterprises#X#2021' } } } }] } }),
      call(ingest, 'DynamoDB', 'TransactWrite', { TransactItems: [{ Put: { Item: { pk: 'sub#submissions/a.csv' } } }] }),
      call(ingest, 'DynamoDB', 'Update', { Key: { pk: 'mail#a@qiye.cn', sk: '2026-12-01' } }),
      call(report, 'DynamoDB', 'Query', {
        IndexName: 'byPartition',
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': 'gpk' },
        ExpressionAttributeValues: { ':g': 'enterprises#2021#3' },
      }),
      call(report, 'DynamoDB', 'Update', { Key: { pk: 'report#annual#2022-01-15T01:00:00.000Z', sk: 'send' } }),
      call(report, 'DynamoDB', 'Get', { Key: { pk: 'settings#report', sk: 'calendar' } }),
      call(report, 'S3', 'PutObject', { Bucket: 'b', Key: 'reports/2021/report.xlsx' }),
      call(report, 'SESv2', 'SendEmail', { FromEmailAddress: policies.sender }),
    ];
    expect(await denials(policies, allowed)).toEqual([]);
    const refused = [
      call(ingest, 'S3', 'PutObject', { Bucket: 'b', Key: 'submissions/enterprises/forged.csv' }),
      call(ingest, 'DynamoDB', 'Put', { Item: { pk: 'settings#report', sk: 'recipients' } }),
      call(report, 'DynamoDB', 'Put', { Item: { pk: 'rec#enterprises#X#2021' } }),
      call(report, 'DynamoDB', 'Put', { Item: { pk: 'sub#submissions/a.csv' } }),
      call(report, 'SESv2', 'SendEmail', { FromEmailAddress: 'someone@else.cn' }),
    ];
    expect((await denials(policies, refused)).map((d) => d.action)).toEqual([
      's3:PutObject',
      'dynamodb:PutItem',
      'dynamodb:PutItem',
      'dynamodb:PutItem',
      'ses:SendEmail',
    ]);
  });

  it('names the action and resource a role lost when a permission is removed from the stack', async () => {
    const without = structuredClone(policies);
    for (const st of without.identity.report[0]!.Statement) {
      if (Array.isArray(st.Action)) st.Action = st.Action.filter((a) => a !== 'dynamodb:UpdateItem');
    }
    const renew = call(report, 'DynamoDB', 'Update', { Key: { pk: 'report#monthly#2022-02-01T00:00:00.000Z', sk: 'send' } });
    expect(await denials(policies, [renew])).toEqual([]);
    expect(await denials(without, [renew])).toEqual([
      {
        principal: 'report',
        action: 'dynamodb:UpdateItem',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/torchline-table`,
        result: 'ImplicitlyDenied',
      },
    ]);
  });

  it('confines a submitter to its own prefix by its principal tag, and lets staff put and read what the bureau holds', async () => {
    const a: Principal = { kind: 'submitter', org: A };
    const mine = [
      call(a, 'S3', 'PutObject', { Bucket: 'b', Key: `submitters/${A}/enterprises/2021.xlsx` }),
      call(a, 'S3', 'GetObject', { Bucket: 'b', Key: `results/submitters/${A}/enterprises/2021.xlsx.checked.xlsx` }),
      call(a, 'S3', 'ListObjectsV2', { Bucket: 'b', Prefix: `results/submitters/${A}/` }),
    ];
    expect(await denials(policies, mine)).toEqual([]);
    const theirs = [
      call(a, 'S3', 'PutObject', { Bucket: 'b', Key: `submitters/${B}/enterprises/2021.xlsx` }),
      call(a, 'S3', 'PutObject', { Bucket: 'b', Key: 'submissions/enterprises/2021.xlsx' }),
      call(a, 'S3', 'GetObject', { Bucket: 'b', Key: `results/submitters/${B}/enterprises/2021.xlsx.checked.xlsx` }),
      call(a, 'S3', 'GetObject', { Bucket: 'b', Key: 'results/enterprises/2021.xlsx.checked.xlsx' }),
      call(a, 'S3', 'ListObjectsV2', { Bucket: 'b', Prefix: 'results/' }),
    ];
    expect(await denials(policies, theirs)).toHaveLength(theirs.length);
    const staff: Principal = { kind: 'staff' };
    expect(
      await denials(policies, [
        call(staff, 'S3', 'PutObject', { Bucket: 'b', Key: 'submissions/企业/2021.xlsx' }),
        call(staff, 'S3', 'AbortMultipartUpload', { Bucket: 'b', Key: 'submissions/big.csv' }),
      ]),
    ).toEqual([]);
  });

  it('refuses at the bucket an upload the ingest could not read: another storage class, a customer key, a KMS key', async () => {
    const staff: Principal = { kind: 'staff' };
    const put = (extra: object) => call(staff, 'S3', 'PutObject', { Bucket: 'b', Key: 'submissions/enterprises/a.csv', ...extra });
    expect(await denials(policies, [put({}), put({ StorageClass: 'STANDARD' }), put({ ServerSideEncryption: 'AES256' })])).toEqual([]);
    const refused = await denials(policies, [
      put({ StorageClass: 'GLACIER' }),
      put({ SSECustomerAlgorithm: 'AES256' }),
      put({ ServerSideEncryption: 'aws:kms' }),
    ]);
    expect(refused.map((d) => d.result)).toEqual(['ExplicitlyDenied', 'ExplicitlyDenied', 'ExplicitlyDenied']);
  });

  it('allows the calls the CLI makes only in AWS (no emulator has them): finding the stack, invoking the report', async () => {
    const stack = { action: 'cloudformation:DescribeStacks', resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Torchline/1`, context: {} };
    const invoke = { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:report-function`, context: {} };
    expect(await decide(policies, { kind: 'staff' }, stack)).toBe('Allowed');
    expect(await decide(policies, { kind: 'operator' }, stack)).toBe('Allowed');
    expect(await decide(policies, { kind: 'operator' }, invoke)).toBe('Allowed');
    expect(await decide(policies, { kind: 'staff' }, invoke)).not.toBe('Allowed');
    // Redrive without SQS's redrive API: take from a dead-letter queue, send back to the ingest queue.
    const sids = policies.identity.operator.flatMap((d) => d.Statement).map((st) => st.Sid);
    expect(sids).toEqual(expect.arrayContaining(['TakeDeadLetters', 'SendBackToIngest']));
  });

  it('lets the SMTP variant read its one secret and send no SES mail; the SES variant reads no secret', async () => {
    const smtp = synthesizedPolicies(MAIL_VARIANTS.smtp);
    const secret = (principal: Principal, id: string) => call(principal, 'SecretsManager', 'GetSecretValue', { SecretId: id });
    expect(await denials(smtp, [secret(ingest, SMTP_SECRET_ARN), secret(report, SMTP_SECRET_ARN)])).toEqual([]);
    const refused = [
      secret(ingest, `${SMTP_SECRET_ARN.slice(0, -7)}other-AbCdEf`),
      secret({ kind: 'operator' }, SMTP_SECRET_ARN),
      call(report, 'SESv2', 'SendEmail', { FromEmailAddress: policies.sender }),
    ];
    expect((await denials(smtp, refused)).map((d) => d.action)).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue', 'ses:SendEmail']);
    expect(await denials(policies, [secret(report, SMTP_SECRET_ARN)])).toHaveLength(1);
  });

  it('grants no more than the code uses: the report writes no settings, the ingest lists no keys and writes no withdrawal, no raw SES action', async () => {
    const status = (attributes: Record<string, unknown>) =>
      call(ingest, 'DynamoDB', 'TransactWrite', {
        TransactItems: [{ Put: { Item: { pk: 'sub#submissions/a.csv', sk: 'o#000', status: 'accepted', ...attributes } } }],
      });
    expect(await denials(policies, [status({ rows: 1 })])).toEqual([]);
    const wider = [
      call(report, 'DynamoDB', 'Put', { Item: { pk: 'settings#report', sk: 'recipients' } }),
      call(ingest, 'S3', 'ListObjectsV2', { Bucket: 'b', Prefix: 'reports/' }),
      status({ withdrawn: { by: 'ingest' } }),
      call(ingest, 'DynamoDB', 'Put', { Item: { pk: 'report#annual#2022-01-15T01:00:00.000Z', sk: 'send' } }),
    ];
    expect((await denials(policies, wider)).map((d) => d.action)).toEqual(['dynamodb:PutItem', 's3:ListBucket', 'dynamodb:PutItem', 'dynamodb:PutItem']);
    expect(JSON.stringify(policies.identity)).not.toContain('ses:SendRawEmail');
  });

  it('lists grants no request used resource by resource, a leading-key pattern as its own grant', () => {
    const used = [
      {
        variant: 'ses' as const,
        kind: 'ingest',
        action: 'dynamodb:PutItem',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/torchline-table`,
        leadingKeys: ['mail#a@qiye.cn'],
      },
    ];
    const left = unexercisedGrants({ ses: policies, smtp: policies }, used);
    expect(left.some((g) => g.startsWith('ingest dynamodb:PutItem') && g.includes('(sub#*)'))).toBe(true);
    expect(left.some((g) => g.startsWith('ingest s3:GetObjectVersion arn:aws:s3:::torchline-ingest/submitters/*'))).toBe(true);
  });

  it('maps a presigned report link to the read it carries, and a versioned read to GetObjectVersion', () => {
    expect(iamRequests({ service: 'S3', command: 'GetObject', input: { Key: 'reports/2021/x/report-2021.xlsx' } })[0]).toMatchObject({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::torchline-ingest/reports/2021/x/report-2021.xlsx',
    });
  });

  it('maps a versioned read to GetObjectVersion and a query to the partition it names', () => {
    expect(iamRequests({ service: 'S3', command: 'HeadObject', input: { Key: 'k', VersionId: 'v' } })[0]!.action).toBe('s3:GetObjectVersion');
    expect(
      iamRequests({
        service: 'DynamoDB',
        command: 'Query',
        input: { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)', ExpressionAttributeValues: { ':pk': 'sub#k', ':o': 'x' } },
      })[0]!.context,
    ).toEqual({ 'dynamodb:LeadingKeys': ['sub#k'] });
  });
});
