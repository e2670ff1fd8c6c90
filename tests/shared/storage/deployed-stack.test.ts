/**
 * A deployed stack as the operator reaches it: found by its CloudFormation
 * outputs, its report function invoked through Lambda, its dead letters moved
 * back without SQS's redrive API (the AWS China regions lack it). No local
 * emulator serves CloudFormation, Lambda or SQS, so these clients are mocked
 * (the commands themselves run end to end against the local stack in
 * operator-cli.test.ts).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../../shared/stack-outputs';
import { deployedStack } from '../../../shared/storage/deployed-stack';
import { StackUnreachableError } from '../../../shared/storage/storage-errors';
import { torchlineOfStack } from '../../../shared/torchline';
import { awsTarget } from '../../../scripts/operator/operator-target';

const cfn = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
const sqs = mockClient(SQSClient);

const OUTPUTS = {
  [STACK_OUTPUTS.bucket]: 'torchline-ingestbucket-abc',
  [STACK_OUTPUTS.table]: 'Torchline-Table-XYZ',
  [STACK_OUTPUTS.reportFunction]: 'Torchline-ReportFunction-123',
  [STACK_OUTPUTS.sender]: 'torchline@yingze.gov.cn',
  [STACK_OUTPUTS.recipients]: 'a@yingze.gov.cn,b@yingze.gov.cn',
  [STACK_OUTPUTS.monthlyDay]: '5',
  [STACK_OUTPUTS.annualDate]: '01-20',
};
const QUEUES = { [STACK_OUTPUTS.queue]: 'q', [STACK_OUTPUTS.deadLetterQueue]: 'dlq', [STACK_OUTPUTS.reportDeadLetterQueue]: 'rdlq' };

function stackWith(outputs: Record<string, string>) {
  cfn.on(DescribeStacksCommand, { StackName: 'Torchline' }).resolves({
    Stacks: [
      {
        StackName: 'Torchline',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

afterEach(() => {
  cfn.reset();
  lambda.reset();
  sqs.reset();
});

describe('a deployed stack', () => {
  it('is configured from its outputs: bucket, table, sender and deployed recipients', async () => {
    stackWith(OUTPUTS);
    const { torchline, region } = await torchlineOfStack('Torchline', 'cn-northwest-1');
    expect(region).toBe('cn-northwest-1');
    expect(torchline.config).toMatchObject({
      ingestBucket: 'torchline-ingestbucket-abc',
      tableName: 'Torchline-Table-XYZ',
      sender: 'torchline@yingze.gov.cn',
      recipients: ['a@yingze.gov.cn', 'b@yingze.gov.cn'],
      monthlyDay: '5',
      annualDate: '01-20',
    });
    expect(torchline.operator.objectUrl('results/x.csv.errors.csv')).toBe('s3://torchline-ingestbucket-abc/results/x.csv.errors.csv');
    torchline.close();
    expect((await awsTarget('Torchline', 'cn-northwest-1')).label).toBe('堆栈 stack Torchline (cn-northwest-1)');
  });

  it('runs a report by hand in its report function and hands back its answer, or its error', async () => {
    stackWith(OUTPUTS);
    const answer = {
      year: 2025,
      reportKey: 'reports/2025/r.xlsx',
      reviewKey: 'k',
      emailKey: 'e',
      delivery: 'attached',
      recipients: ['a@yingze.gov.cn'],
      dryRun: true,
    };
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: Buffer.from(JSON.stringify(answer)) as never });
    const { torchline } = await torchlineOfStack('Torchline', 'cn-northwest-1');
    expect(await torchline.operator.report({ year: 2025, dryRun: true })).toEqual(answer);
    const call = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(call.FunctionName).toBe('Torchline-ReportFunction-123');
    expect(JSON.parse(Buffer.from(call.Payload as Uint8Array).toString())).toEqual({ year: 2025, dryRun: true });
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Buffer.from(JSON.stringify({ errorMessage: 'Email address is not verified' })) as never,
    });
    await expect(torchline.operator.report({ year: 2025 })).rejects.toThrow(/the report function failed: Email address is not verified/);
    torchline.close();
  });

  it('names the missing stack or output instead of failing later', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Torchline does not exist'), { name: 'ValidationError' }));
    const missing = deployedStack('Torchline', 'cn-northwest-1');
    await expect(missing).rejects.toBeInstanceOf(StackUnreachableError);
    await expect(missing).rejects.toThrow(/no stack named Torchline in this account and region/);
    cfn.reset();
    const { [STACK_OUTPUTS.reportFunction]: _, ...older } = OUTPUTS;
    stackWith(older);
    await expect(deployedStack('Torchline', 'cn-northwest-1')).rejects.toThrow(/has no output ReportFunctionName/);
  });

  it('sends each dead letter back to the ingest queue and deletes it only once it is back', async () => {
    stackWith({ ...OUTPUTS, ...QUEUES });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { Body: 'a', ReceiptHandle: 'ra' },
          { Body: 'b', ReceiptHandle: 'rb' },
        ],
      })
      .resolves({ Messages: [] });
    sqs.on(SendMessageCommand, { MessageBody: 'a' }).resolves({}).on(SendMessageCommand, { MessageBody: 'b' }).rejects(new Error('throttled'));
    const stack = await deployedStack('Torchline', 'cn-northwest-1');
    await expect(stack.deadLetters!.moveBack('ingest', 10)).rejects.toThrow('throttled');
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.QueueUrl)).toEqual(['q', 'q']);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => [c.args[0].input.QueueUrl, c.args[0].input.ReceiptHandle])).toEqual([['dlq', 'ra']]);
  });

  it('re-invokes the report function with the event a failed scheduled run carried, at most max', async () => {
    stackWith({ ...OUTPUTS, ...QUEUES });
    sqs
      .on(ReceiveMessageCommand)
      .resolves({ Messages: [{ Body: JSON.stringify({ requestPayload: { kind: 'daily', scheduledTime: '2026-01-15T00:00:00Z' } }), ReceiptHandle: 'r1' }] });
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const { torchline } = await torchlineOfStack('Torchline', 'cn-northwest-1');
    expect(await torchline.operator.redrive('report', 1)).toBe(1);
    const invoked = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(invoked.InvocationType).toBe('Event');
    expect(JSON.parse(Buffer.from(invoked.Payload as Uint8Array).toString())).toEqual({ kind: 'daily', scheduledTime: '2026-01-15T00:00:00Z' });
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.QueueUrl)).toEqual(['rdlq']);
  });

  it('has no dead letters to move when it is of an earlier version without queue outputs', async () => {
    stackWith(OUTPUTS);
    const { torchline } = await torchlineOfStack('Torchline', 'cn-northwest-1');
    expect(await torchline.operator.redrive('ingest', 1)).toBeUndefined();
  });
});
