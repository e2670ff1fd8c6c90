/**
 * What the operator CLI points at: a deployed stack, found by name through
 * its CloudFormation outputs and reached with the AWS SDK's default
 * credential chain, or the local stack `npm start -- --keep` leaves running
 * (its endpoints in out/local-stack.json). Every command works the same on
 * both: same clients, same stores, same handlers.
 */
import { TargetError } from './cli-error';
import { readFile } from 'node:fs/promises';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { RedriveTarget } from './redrive-command';
import { STACK_OUTPUTS } from '../../infra/stack-outputs';
import { Logger } from '@aws-lambda-powertools/logger';
import { reportHandler, type OneReport } from '../../lambdas/report';
import { configFrom, type TorchlineConfig } from '../../shared/config';
import type { ReportTrigger } from '../../shared/report/report-schedule';
import type { LocalStackFile } from '../local/local-stack-file';
import { localUploadedAt } from '../local/campaign-outputs';
import { createAwsClients, type AwsClients } from '../../shared/storage/aws-clients';
import type { AwsPorts } from '../../shared/storage/aws-ports';
import { createTorchline, torchlineFromEnv, type Torchline } from '../../shared/torchline';

export interface OperatorTarget {
  /** How the target is named to people: "stack Torchline (cn-northwest-1)" or "local stack". */
  label: string;
  /** The configuration as deployed (bucket, table, sender, deployed recipients). */
  config: TorchlineConfig;
  clients: AwsClients;
  ports: AwsPorts;
  /** The app itself, for the use cases it offers (the campaign as of a day). */
  torchline: Torchline;
  /** Runs the report function and waits for its answer (in AWS an invocation; locally the same handler, here). */
  invokeReport(trigger: ReportTrigger & { kind?: undefined }): Promise<OneReport>;
  /** Where an object is, as a person would copy it. */
  objectUrl(key: string): string;
  /** The queues and function dead letters move between (a deployed stack only). */
  redrive?: RedriveTarget;
  close(): void;
}


/** A target over one composition root: every command reads and writes through its ports. */
function targetOver(label: string, torchline: Torchline, invokeReport: OperatorTarget['invokeReport']): OperatorTarget {
  const { config, clients, ports } = torchline;
  return {
    label,
    config,
    clients,
    ports,
    torchline,
    invokeReport,
    objectUrl: (key) => `s3://${config.ingestBucket}/${key}`,
    close: () => clients.destroy(),
  };
}

export async function localTarget(file: string): Promise<OperatorTarget> {
  let stack: LocalStackFile;
  try {
    stack = JSON.parse(await readFile(file, 'utf8')) as LocalStackFile;
  } catch {
    throw new TargetError(`no local stack is running (${file} not found): start one with \`npm start -- --keep\` in another terminal`);
  }
  try {
    process.kill(stack.pid, 0);
  } catch {
    throw new TargetError(`the local stack in ${file} has stopped (process ${stack.pid} is gone): start it again with \`npm start -- --keep\``);
  }
  // Locally the report "Lambda" is the same handler, run here against the local servers with the stack's settings,
  // uploads dated as the run dated them (by their date folder, else the run's day).
  const torchline = torchlineFromEnv(stack.env, stack.day ? { uploadedAt: localUploadedAt(stack.day) } : {});
  // The handler's own log lines would repeat what the CLI prints.
  const handler = reportHandler(() => torchline, new Logger({ serviceName: 'torchline-report', logLevel: 'WARN' }));
  return targetOver('local stack', torchline, async (trigger) => (await handler(trigger)) as OneReport);
}

/** The deployed stack's outputs, by output name. */
async function stackOutputs(cfn: CloudFormationClient, stackName: string): Promise<Record<string, string>> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (err) {
    const e = err as Error;
    if (/does not exist/.test(e.message)) throw new TargetError(`no stack named ${stackName} in this account and region: deploy it (npx cdk deploy) or pass --stack NAME / --region REGION`);
    if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message)) throw new TargetError(`no AWS credentials found: configure them (aws configure, AWS_PROFILE, or environment variables), or use --local (${e.message})`);
    throw err;
  }
}

export async function awsTarget(stackName: string, region?: string): Promise<OperatorTarget> {
  const cfn = new CloudFormationClient(region ? { region } : {});
  let resolvedRegion: string;
  try {
    resolvedRegion = await cfn.config.region();
  } catch {
    throw new TargetError('no AWS region set: pass --region (e.g. --region cn-north-1) or set AWS_REGION / a profile region');
  }
  const outputs = await stackOutputs(cfn, stackName);
  cfn.destroy();
  const need = (name: keyof typeof STACK_OUTPUTS): string => {
    const value = outputs[STACK_OUTPUTS[name]];
    if (!value) throw new TargetError(`stack ${stackName} has no output ${STACK_OUTPUTS[name]}: deploy this version of Torchline (npx cdk deploy) first`);
    return value;
  };
  const functionName = need('reportFunction');
  const logHint = outputs[STACK_OUTPUTS.reportLogs] ? `aws logs tail ${outputs[STACK_OUTPUTS.reportLogs]} --since 1h` : `the log group of ${functionName}`;
  const lambda = new LambdaClient({ region: resolvedRegion });
  const invokeReport = async (trigger: ReportTrigger): Promise<OneReport> => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(trigger)) }));
    const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    if (out.FunctionError) {
      const message = (JSON.parse(payload || '{}') as { errorMessage?: string }).errorMessage ?? payload;
      throw new TargetError(`the report function failed: ${message} (its log: ${logHint})`);
    }
    // A request by hand (no kind) is answered with one report.
    return JSON.parse(payload) as OneReport;
  };
  // The deployed configuration, read from the stack's outputs by the same rules as the Lambdas' environment.
  const config = configFrom({
    tableName: need('table'),
    ingestBucket: need('bucket'),
    sender: need('sender'),
    recipients: need('recipients'),
    monthlyDay: need('monthlyDay'),
    annualDate: need('annualDate'),
  });
  const torchline = createTorchline({ config, clients: createAwsClients({ region: resolvedRegion, endpoints: {} }) });
  const target = targetOver(`stack ${stackName} (${resolvedRegion})`, torchline, invokeReport);
  const sqs = new SQSClient({ region: resolvedRegion });
  // A stack of an earlier version lacks the queue outputs: every other command still works there.
  const [ingestQueue, ingestDeadLetters, reportDeadLetters] = (['queue', 'deadLetterQueue', 'reportDeadLetterQueue'] as const).map((n) => outputs[STACK_OUTPUTS[n]]);
  const redrive = ingestQueue && ingestDeadLetters && reportDeadLetters ? { sqs, lambda, ingestQueue, ingestDeadLetters, reportDeadLetters, reportFunction: functionName } : undefined;
  return { ...target, redrive, close: () => (target.close(), lambda.destroy(), sqs.destroy()) };
}
