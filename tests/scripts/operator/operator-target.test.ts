/**
 * The deployed-stack target: found by its CloudFormation outputs, its report
 * function invoked through Lambda. No local emulator serves CloudFormation or
 * Lambda, so these two clients are mocked (the commands themselves run end to
 * end against the local stack in operator-cli.test.ts).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../../infra/stack-outputs';
import { awsTarget } from '../../../scripts/operator/operator-target';
import { TargetError } from '../../../scripts/operator/cli-error';

const cfn = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);

const OUTPUTS = {
  [STACK_OUTPUTS.bucket]: 'torchline-ingestbucket-abc',
  [STACK_OUTPUTS.table]: 'Torchline-Table-XYZ',
  [STACK_OUTPUTS.reportFunction]: 'Torchline-ReportFunction-123',
  [STACK_OUTPUTS.sender]: 'torchline@yingze.gov.cn',
  [STACK_OUTPUTS.recipients]: 'a@yingze.gov.cn,b@yingze.gov.cn',
  [STACK_OUTPUTS.monthlyDay]: '5',
  [STACK_OUTPUTS.annualDate]: '01-20',
};

function stackWith(outputs: Record<string, string>) {
  cfn.on(DescribeStacksCommand, { StackName: 'Torchline' }).resolves({
    Stacks: [{ StackName: 'Torchline', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }],
  });
}

afterEach(() => {
  cfn.reset();
  lambda.reset();
});

describe('deployed stack target', () => {
  it('finds the bucket, table, sender and deployed recipients from the stack outputs', async () => {
    stackWith(OUTPUTS);
    const target = await awsTarget('Torchline', 'cn-northwest-1');
    expect(target.label).toBe('stack Torchline (cn-northwest-1)');
    expect(target.config).toMatchObject({ ingestBucket: 'torchline-ingestbucket-abc', tableName: 'Torchline-Table-XYZ', sender: 'torchline@yingze.gov.cn', recipients: ['a@yingze.gov.cn', 'b@yingze.gov.cn'], monthlyDay: '5', annualDate: '01-20' });
    expect(target.objectUrl('results/x.csv.errors.csv')).toBe('s3://torchline-ingestbucket-abc/results/x.csv.errors.csv');
    target.close();
  });

  it('invokes the report function with the request and hands back its answer, or its error', async () => {
    stackWith(OUTPUTS);
    const answer = { year: 2025, reportKey: 'reports/2025/r.xlsx', reviewKey: 'k', emailKey: 'e', delivery: 'attached', recipients: ['a@yingze.gov.cn'], dryRun: true };
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: Buffer.from(JSON.stringify(answer)) as never });
    const target = await awsTarget('Torchline', 'cn-northwest-1');
    expect(await target.invokeReport({ year: 2025, dryRun: true })).toEqual(answer);
    const call = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(call.FunctionName).toBe('Torchline-ReportFunction-123');
    expect(JSON.parse(Buffer.from(call.Payload as Uint8Array).toString())).toEqual({ year: 2025, dryRun: true });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify({ errorMessage: 'Email address is not verified' })) as never });
    await expect(target.invokeReport({ year: 2025 })).rejects.toThrow(/the report function failed: Email address is not verified/);
  });

  it('names the missing stack or output instead of failing later', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Torchline does not exist'), { name: 'ValidationError' }));
    await expect(awsTarget('Torchline', 'cn-northwest-1')).rejects.toThrow(new TargetError('no stack named Torchline in this account and region: deploy it (npx cdk deploy) or pass --stack NAME / --region REGION'));
    cfn.reset();
    const { [STACK_OUTPUTS.reportFunction]: _, ...older } = OUTPUTS;
    stackWith(older);
    await expect(awsTarget('Torchline', 'cn-northwest-1')).rejects.toThrow(/has no output ReportFunctionName/);
  });
});
