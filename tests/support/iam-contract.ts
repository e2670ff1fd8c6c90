/**
 * The permission contract: every AWS call the code makes, as the principal
 * that makes it in AWS (shared/storage/aws-calls.ts), mapped to the IAM
 * request AWS would authorize — action, resource ARN and condition keys —
 * and evaluated with an IAM policy simulator (@cloud-copilot/iam-simulate,
 * offline, a test-only dependency) against the policies of the synthesized
 * template. The emulators enforce no IAM; this is what does.
 */
import { ORG_TAG, TABLE_DESIGN } from '../../shared/layout';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import cdkJson from '../../cdk.json';
import type { AwsCall, Principal } from '../../shared/storage/aws-calls';

export const ACCOUNT = '123456789012';
export const REGION = 'cn-north-1';
const BUCKET = 'torchline-ingest';
const TABLE = 'torchline-table';

type Statement = Record<string, unknown>;
export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

/** The synthesized policies, resolved, by principal kind; the bucket policy; the sender the stack sends from. */
export interface ContractPolicies {
  identity: Record<Exclude<Principal['kind'], 'harness'>, PolicyDocument[]>;
  bucket: PolicyDocument;
  sender: string;
}

/** One IAM request as AWS evaluates it. */
export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

// ---- the template's policies, with CloudFormation's intrinsics resolved to fixed names

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function refOf(id: string, resources: Resources): string {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::StackName': 'Torchline',
    'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Torchline/1`,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (Object.hasOwn(pseudo, id)) return pseudo[id]!;
  const resource = resources[id];
  switch (resource?.Type) {
    case 'AWS::S3::Bucket':
      return id.startsWith('StorageIngest') ? BUCKET : 'access-logs';
    case 'AWS::DynamoDB::GlobalTable':
      return TABLE;
    case 'AWS::Lambda::Function':
      return id.startsWith('Reporting') ? 'report-function' : id;
    case 'AWS::SES::EmailIdentity':
      return String(resource.Properties?.EmailIdentity);
    default:
      return `ref-${id}`;
  }
}

function arnOf(id: string, resources: Resources): string {
  const name = refOf(id, resources);
  switch (resources[id]?.Type) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name}`;
    case 'AWS::DynamoDB::GlobalTable':
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
    default:
      return `arn:aws:iam::${ACCOUNT}:role/${id}`;
  }
}

function resolve(value: unknown, resources: Resources): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, resources));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if ('Ref' in obj) return refOf(String(obj.Ref), resources);
  if ('Fn::GetAtt' in obj) return arnOf(String((obj['Fn::GetAtt'] as unknown[])[0]), resources);
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(resolve(p, resources))).join(sep);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v, resources)]));
}

/** The template's policies for each principal of the permission table (README, Security). */
export function contractPolicies(template: { Resources: Resources }): ContractPolicies {
  const { Resources: resources } = template;
  const doc = (prefix: string, type: string): PolicyDocument => {
    const found = Object.entries(resources).find(([id, r]) => id.startsWith(prefix) && r.Type === type);
    if (!found) throw new Error(`the template has no ${type} named ${prefix}…`);
    return resolve(found[1].Properties!.PolicyDocument, resources) as PolicyDocument;
  };
  const staff = doc('UploadersPolicy', 'AWS::IAM::ManagedPolicy');
  const identity = Object.values(resources).find((r) => r.Type === 'AWS::SES::EmailIdentity');
  return {
    identity: {
      ingest: [doc('IngestRoleDefaultPolicy', 'AWS::IAM::Policy')],
      report: [doc('ReportingReportRoleDefaultPolicy', 'AWS::IAM::Policy')],
      staff: [staff],
      operator: [staff, doc('UploadersOperatorPolicy', 'AWS::IAM::ManagedPolicy')],
      submitter: [doc('UploadersSubmitterPolicy', 'AWS::IAM::ManagedPolicy')],
      // Only a stack that names a mailbox has its poll (both contract variants do).
      mailbox: Object.keys(resources).some((id) => id.startsWith('MailboxRoleDefaultPolicy')) ? [doc('MailboxRoleDefaultPolicy', 'AWS::IAM::Policy')] : [],
    },
    bucket: doc('StorageIngestPolicy', 'AWS::S3::BucketPolicy'),
    sender: String(identity?.Properties?.EmailIdentity),
  };
}

export type MailVariant = keyof typeof MAIL_VARIANTS;

/** One IAM request a test made, kept to tell which grants no test used. */
export interface ExercisedRequest {
  variant: MailVariant;
  kind: string;
  action: string;
  resource: string;
  leadingKeys: string[];
}

/** An IAM wildcard pattern (`*`, `?`, the principal's tag) as a test of a string. */
function globTest(pattern: string): (value: string) => boolean {
  const source = pattern
    .replace(/\$\{aws:PrincipalTag\/[^}]+\}/g, '\u0000')
    .split('')
    .map((c) => (c === '*' || c === '\u0000' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  return (value) => re.test(value);
}

/**
 * Every grant of every principal of both variants, one per action, resource and leading-key pattern, that no
 * exercised request matches: a grant the code may not need (logs and tracing apart, which the runtime uses).
 */
export function unexercisedGrants(policies: Record<MailVariant, ContractPolicies>, exercised: readonly ExercisedRequest[]): string[] {
  const out = new Set<string>();
  for (const variant of Object.keys(policies) as MailVariant[]) {
    for (const [kind, docs] of Object.entries(policies[variant].identity)) {
      for (const st of docs.flatMap((d) => d.Statement).filter((x) => x.Effect === 'Allow')) {
        const conditions = (st.Condition ?? {}) as Record<string, Record<string, string | string[]>>;
        const keys = [conditions['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []].flat();
        for (const action of [st.Action as string | string[]].flat()) {
          if (/^(logs|xray):/.test(action)) continue;
          for (const resource of [st.Resource as string | string[]].flat()) {
            const onResource = globTest(resource);
            for (const key of keys.length > 0 ? keys : [undefined]) {
              const onKey = key === undefined ? () => true : globTest(key);
              const used = exercised.some(
                (e) =>
                  e.variant === variant &&
                  e.kind === kind &&
                  globTest(action)(e.action) &&
                  onResource(e.resource) &&
                  (key === undefined || e.leadingKeys.some(onKey)),
              );
              if (!used) out.add(`${kind} ${action} ${resource}${key ? ` (${key})` : ''}`);
            }
          }
        }
      }
    }
  }
  return [...out].sort();
}

/** The secret the SMTP variant reads its password from (a Secrets Manager ARN, with the suffix Secrets Manager adds). */
export const SMTP_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:torchline/smtp-AbCdEf`;
export const MAILBOX_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:torchline/mailbox-GhIjKl`;

/** The stack's two mail variants: SES (cdk.json's defaults), or the bureau's SMTP server with its password in Secrets Manager. */
/** The bureau's mailbox, in both variants: its poll is part of what the contract checks. */
const MAILBOX_CONTEXT = { 'torchline:mailboxHost': 'imap.yingze.gov.cn', 'torchline:mailboxSecretArn': MAILBOX_SECRET_ARN };

export const MAIL_VARIANTS = {
  ses: { ...MAILBOX_CONTEXT },
  smtp: { 'torchline:mailTransport': 'smtp', 'torchline:smtpHost': 'mail.yingze.gov.cn', 'torchline:smtpSecretArn': SMTP_SECRET_ARN, ...MAILBOX_CONTEXT },
} as const;

/** Synthesizes the stack as `cdk deploy` would (default settings, or a mail variant's) and resolves its policies. */
export function synthesizedPolicies(context: Record<string, string> = MAIL_VARIANTS.ses): ContractPolicies {
  const app = new App({ context: { ...cdkJson.context, ...context } });
  const { stack } = buildApp(app);
  return contractPolicies(Template.fromStack(stack).toJSON() as { Resources: Resources });
}

// ---- each recorded call as the IAM requests AWS would authorize

const s3Object = (key: unknown) => `arn:aws:s3:::${BUCKET}/${String(key)}`;
const tableArn = (index?: unknown) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}${index ? `/index/${String(index)}` : ''}`;

/** A string attribute as either client holds it: plain (document client) or marshalled ({ S: … }). */
function text(value: unknown): string {
  return typeof value === 'object' && value !== null && 'S' in value ? String((value as { S: unknown }).S) : String(value);
}

/** The partition-key value a Query names (`pk = :pk`, `#g = :g`): the request's dynamodb:LeadingKeys. */
function queriedPartition(input: Record<string, unknown>): string {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const key = input.IndexName ? TABLE_DESIGN.index.partitionKey : TABLE_DESIGN.partitionKey;
  for (const m of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const attribute = m[1]!.startsWith('#') ? names[m[1]!] : m[1];
    if (attribute === key) return text(values[m[2]!]);
  }
  throw new Error(`a Query whose partition key cannot be read: ${String(input.KeyConditionExpression)}`);
}

function dynamoRequests(command: string, input: Record<string, unknown>): IamRequest[] {
  const item = (action: string, pk: unknown, written?: Record<string, unknown>): IamRequest => ({
    action,
    resource: tableArn(),
    // A put names every top-level attribute it writes: what dynamodb:Attributes conditions read.
    context: { 'dynamodb:LeadingKeys': [text(pk)], ...(written ? { 'dynamodb:Attributes': Object.keys(written) } : {}) },
  });
  switch (command) {
    case 'Query':
      return [{ action: 'dynamodb:Query', resource: tableArn(input.IndexName), context: { 'dynamodb:LeadingKeys': [queriedPartition(input)] } }];
    case 'Get':
    case 'GetItem':
      return [item('dynamodb:GetItem', (input.Key as Record<string, unknown>).pk)];
    case 'Delete':
    case 'DeleteItem':
      return [item('dynamodb:DeleteItem', (input.Key as Record<string, unknown>).pk)];
    case 'Update':
    case 'UpdateItem':
      return [item('dynamodb:UpdateItem', (input.Key as Record<string, unknown>).pk)];
    case 'Put':
    case 'PutItem':
      return [item('dynamodb:PutItem', (input.Item as Record<string, unknown>).pk, input.Item as Record<string, unknown>)];
    case 'BatchWriteItem': {
      const writes = Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>).flat();
      return [{ action: 'dynamodb:BatchWriteItem', resource: tableArn(), context: { 'dynamodb:LeadingKeys': writes.map((w) => text(w.PutRequest?.Item.pk)) } }];
    }
    case 'TransactWrite':
    case 'TransactWriteItems':
      // A transaction is authorized as each of its items' own actions.
      return (input.TransactItems as Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>[]).flatMap((t) =>
        Object.entries(t).map(([kind, op]) =>
          item(
            `dynamodb:${kind === 'Put' ? 'PutItem' : kind === 'Update' ? 'UpdateItem' : kind === 'Delete' ? 'DeleteItem' : 'ConditionCheckItem'}`,
            (op.Item ?? op.Key)!.pk,
            op.Item,
          ),
        ),
      );
    default:
      throw new Error(`no IAM mapping for DynamoDB ${command}`);
  }
}

function s3Requests(command: string, input: Record<string, unknown>): IamRequest[] {
  const object = s3Object(input.Key);
  switch (command) {
    case 'GetObject':
    case 'HeadObject':
      // Reading a version names it: S3 authorizes that as GetObjectVersion.
      return [{ action: input.VersionId ? 's3:GetObjectVersion' : 's3:GetObject', resource: object, context: {} }];
    case 'PutObject':
    case 'CreateMultipartUpload': {
      const context: Record<string, string> = {};
      if (input.StorageClass) context['s3:x-amz-storage-class'] = String(input.StorageClass);
      if (input.ServerSideEncryption) context['s3:x-amz-server-side-encryption'] = String(input.ServerSideEncryption);
      if (input.SSECustomerAlgorithm) context['s3:x-amz-server-side-encryption-customer-algorithm'] = String(input.SSECustomerAlgorithm);
      return [{ action: 's3:PutObject', resource: object, context }];
    }
    case 'UploadPart':
    case 'CompleteMultipartUpload':
      return [{ action: 's3:PutObject', resource: object, context: {} }];
    case 'AbortMultipartUpload':
      return [{ action: 's3:AbortMultipartUpload', resource: object, context: {} }];
    case 'ListObjectsV2':
    case 'ListObjects':
      return [
        { action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, context: input.Prefix !== undefined ? { 's3:prefix': String(input.Prefix) } : {} },
      ];
    default:
      throw new Error(`no IAM mapping for S3 ${command}`);
  }
}

/** The From address of a raw MIME message: what SES checks ses:FromAddress against. */
function fromAddress(input: Record<string, unknown>): string {
  if (input.FromEmailAddress) return String(input.FromEmailAddress);
  const raw = Buffer.from((input.Content as { Raw: { Data: Uint8Array } }).Raw.Data).toString('utf8');
  // The header block, with folded lines unfolded (a long encoded display name spans several).
  const headers = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const from = /^From:\s*(.*)$/im.exec(headers)?.[1] ?? '';
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** The IAM requests one recorded call is authorized as. */
export function iamRequests(call: Pick<AwsCall, 'service' | 'command' | 'input'>): IamRequest[] {
  const input = call.input as Record<string, unknown>;
  switch (call.service) {
    case 'S3':
      return s3Requests(call.command, input);
    case 'DynamoDB':
      return dynamoRequests(call.command, input);
    case 'SecretsManager':
      if (call.command !== 'GetSecretValue') throw new Error(`no IAM mapping for Secrets Manager ${call.command}`);
      return [{ action: 'secretsmanager:GetSecretValue', resource: String(input.SecretId), context: {} }];
    case 'SESv2': {
      const from = fromAddress(input);
      return [{ action: 'ses:SendEmail', resource: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${from}`, context: { 'ses:FromAddress': from } }];
    }
    default:
      throw new Error(`no IAM mapping for ${call.service} ${call.command}`);
  }
}

// ---- evaluation

export interface Denial {
  principal: string;
  action: string;
  resource: string;
  result: string;
}

const principalArn = (p: Principal) =>
  `arn:aws:iam::${ACCOUNT}:${p.kind === 'ingest' || p.kind === 'report' || p.kind === 'mailbox' ? 'role' : 'user'}/${p.kind}`;

export function describePrincipal(p: Principal): string {
  return p.kind === 'submitter' ? `submitter ${p.org}` : p.kind;
}

/** The decision for one request by one principal: "Allowed", or why not. */
export async function decide(policies: ContractPolicies, principal: Exclude<Principal, { kind: 'harness' }>, request: IamRequest): Promise<string> {
  const context: Record<string, string | string[]> = { 'aws:SecureTransport': 'true', ...request.context };
  if (principal.kind === 'submitter') context[`aws:PrincipalTag/${ORG_TAG}`] = principal.org;
  const onBucket = request.action.startsWith('s3:') && request.resource.startsWith(`arn:aws:s3:::${BUCKET}`);
  const result = await runSimulation(
    {
      identityPolicies: policies.identity[principal.kind].map((policy, i) => ({ name: `${principal.kind}-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(onBucket ? { resourcePolicy: policies.bucket } : {}),
      request: {
        action: request.action,
        principal: principalArn(principal),
        resource: { accountId: ACCOUNT, resource: request.resource },
        contextVariables: context,
      },
    } as Parameters<typeof runSimulation>[0],
    {},
  );
  if (result.resultType === 'error') return `error: ${result.errors.message}`;
  return result.overallResult;
}

/** Every call's requests that its principal's policies do not allow. */
export async function denials(policies: ContractPolicies, calls: readonly AwsCall[]): Promise<Denial[]> {
  const denied: Denial[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    if (!call.principal || call.principal.kind === 'harness') continue;
    for (const request of iamRequests(call)) {
      const id = JSON.stringify([call.principal, request]);
      if (seen.has(id)) continue;
      seen.add(id);
      const result = await decide(policies, call.principal, request);
      if (result !== 'Allowed') denied.push({ principal: describePrincipal(call.principal), action: request.action, resource: request.resource, result });
    }
  }
  return denied;
}
