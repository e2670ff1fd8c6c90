/**
 * A deployed Torchline found by its stack's name: the region, the outputs
 * the stack declares (shared/stack-outputs.ts), and the Lambda and SQS calls
 * an operator makes on it (a report by hand, dead letters moved back). The
 * AWS SDK's default credential chain; every failure a StackUnreachableError
 * or ReportFunctionError that says what to do.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STACK_OUTPUTS } from '../stack-outputs';
import type { PackageMailOutcome } from '../report/report-run';
import type { DeadLetters, DeadLetterSource, ReportAnswer, ReportByHand } from '../operator/operator-ports';
import type { MailboxEntry } from '../mailbox/mailbox-intake';
import { ReportFunctionError, StackUnreachableError } from './storage-errors';

export type StackOutputName = keyof typeof STACK_OUTPUTS;

export interface DeployedStack {
  region: string;
  /** An output's value; refused with what to do when this version's stack lacks it. */
  output(name: StackOutputName): string;
  has(name: StackOutputName): boolean;
  reportFunction(request: ReportByHand): Promise<ReportAnswer>;
  /** The year's package mailed to the officer by the report function (contract 15). */
  packageFunction(year: number): Promise<PackageMailOutcome>;
  /** Absent for a stack of an earlier version (no queue outputs): every other command still works there. */
  deadLetters?: DeadLetters;
  /** An unknown sender's message handed to a unit by the mailbox function; absent when the stack reads no mailbox. */
  assignMessage?: (messageId: string, org: string) => Promise<MailboxEntry | undefined>;
  destroy(): void;
}

async function describe(cfn: CloudFormationClient, stackName: string): Promise<Record<string, string>> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (err) {
    const e = err as Error;
    if (e.message.includes('does not exist')) {
      throw new StackUnreachableError(
        `本账户和区域中没有名为 ${stackName} 的堆栈 no stack named ${stackName} in this account and region: deploy it (npx cdk ` +
          `deploy) or pass --stack NAME / --region REGION`,
        { cause: err },
      );
    }
    if (e.name === 'CredentialsProviderError' || e.message.toLowerCase().includes('credential')) {
      throw new StackUnreachableError(
        `找不到 AWS 凭证 no AWS credentials found: configure them (aws configure, AWS_PROFILE, or environment variables), or use --local (${e.message})`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** The dead letters of a stack: each received, sent back (a notification to the ingest queue, a report event to the function) and only then deleted. */
function deadLetters(sqs: SQSClient, lambda: LambdaClient, queues: Record<DeadLetterSource, string>, ingestQueue: string, reportFunction: string): DeadLetters {
  // A dead-lettered report invocation is wrapped in Lambda's failure record; the scheduler's is not.
  const reportEvent = (body: string) => {
    const parsed = JSON.parse(body) as { requestPayload?: unknown };
    return JSON.stringify(parsed.requestPayload ?? parsed);
  };
  return {
    async moveBack(source, max) {
      let moved = 0;
      while (moved < max) {
        const got = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queues[source], MaxNumberOfMessages: Math.min(10, max - moved), WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
        );
        const messages = got.Messages ?? [];
        if (messages.length === 0) break;
        for (const m of messages) {
          if (source === 'report')
            await lambda.send(new InvokeCommand({ FunctionName: reportFunction, InvocationType: 'Event', Payload: Buffer.from(reportEvent(m.Body ?? '{}')) }));
          else await sqs.send(new SendMessageCommand({ QueueUrl: ingestQueue, MessageBody: m.Body ?? '' }));
          // Deleted only now: a failure above leaves the letter where it was, to be moved again.
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queues[source], ReceiptHandle: m.ReceiptHandle }));
          moved++;
        }
      }
      return moved;
    },
  };
}

export async function deployedStack(stackName: string, region?: string): Promise<DeployedStack> {
  const cfn = new CloudFormationClient(region ? { region } : {});
  let resolved: string;
  try {
    resolved = await cfn.config.region();
  } catch (err) {
    throw new StackUnreachableError('没有设置 AWS 区域 no AWS region set: pass --region (e.g. --region cn-north-1) or set AWS_REGION / a profile region', {
      cause: err,
    });
  }
  const outputs = await describe(cfn, stackName).finally(() => cfn.destroy());
  const has = (name: StackOutputName) => Boolean(outputs[STACK_OUTPUTS[name]]);
  const output = (name: StackOutputName): string => {
    const value = outputs[STACK_OUTPUTS[name]];
    if (!value)
      throw new StackUnreachableError(
        `堆栈 ${stackName} 缺少输出 ${STACK_OUTPUTS[name]} stack ${stackName} has no output ${STACK_OUTPUTS[name]}: deploy ` +
          `this version of Torchline (npx cdk deploy) first`,
      );
    return value;
  };
  const functionName = output('reportFunction');
  const logHint = has('reportLogs') ? `aws logs tail ${output('reportLogs')} --since 1h` : `the log group of ${functionName}`;
  const lambda = new LambdaClient({ region: resolved });
  const sqs = new SQSClient({ region: resolved });
  const invokeReport = async (event: object): Promise<unknown> => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }));
    const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    if (out.FunctionError) {
      const message = (JSON.parse(payload || '{}') as { errorMessage?: string }).errorMessage ?? payload;
      throw new ReportFunctionError(`报表函数失败 the report function failed: ${message} (its log: ${logHint})`);
    }
    return JSON.parse(payload) as unknown;
  };
  // A request by hand (no kind) is answered with one report; a package request with what became of the package's mail.
  const reportFunction = async (request: ReportByHand) => (await invokeReport(request)) as ReportAnswer;
  const packageFunction = async (year: number) => (await invokeReport({ package: true, year })) as PackageMailOutcome;
  const queued = has('queue') && has('deadLetterQueue') && has('reportDeadLetterQueue');
  const assignMessage = async (messageId: string, org: string): Promise<MailboxEntry | undefined> => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: output('mailboxFunction'), Payload: Buffer.from(JSON.stringify({ kind: 'assign', messageId, org })) }),
    );
    const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '{}';
    if (out.FunctionError)
      throw new ReportFunctionError(`邮箱函数失败 the mailbox function failed: ${(JSON.parse(payload) as { errorMessage?: string }).errorMessage ?? payload}`);
    return (JSON.parse(payload) as { assigned: MailboxEntry | null }).assigned ?? undefined;
  };
  return {
    region: resolved,
    output,
    has,
    reportFunction,
    packageFunction,
    ...(queued
      ? { deadLetters: deadLetters(sqs, lambda, { ingest: output('deadLetterQueue'), report: output('reportDeadLetterQueue') }, output('queue'), functionName) }
      : {}),
    destroy: () => (lambda.destroy(), sqs.destroy()),
  };
}
