/**
 * What the operator CLI points at: a deployed stack, found by name (its
 * CloudFormation outputs, the AWS SDK's default credential chain), or the
 * local stack `npm start -- --keep` leaves running (its settings in
 * out/local-stack.json). Either way the CLI talks to the same app, through
 * its face (shared/torchline.ts): every command works the same on both.
 */
import { readFile } from 'node:fs/promises';
import { TargetError } from './cli-error';
import type { LocalStackFile } from '../local/local-stack-file';
import { localUploadedAt } from '../local/campaign-outputs';
import { torchlineFromEnv, torchlineOfStack, type Torchline } from '../../shared/torchline';

export interface OperatorTarget {
  /** How the target is named to people: "stack Torchline (cn-northwest-1)" or "local stack". */
  label: string;
  torchline: Torchline;
}

export async function localTarget(file: string): Promise<OperatorTarget> {
  let stack: LocalStackFile;
  try {
    stack = JSON.parse(await readFile(file, 'utf8')) as LocalStackFile;
  } catch {
    throw new TargetError(`没有正在运行的本地堆栈 no local stack is running (${file} not found): start one with \`npm start -- --keep\` in another terminal`);
  }
  try {
    process.kill(stack.pid, 0);
  } catch {
    throw new TargetError(`本地堆栈已停止 the local stack in ${file} has stopped (process ${stack.pid} is gone): start it again with \`npm start -- --keep\``);
  }
  // Uploads dated as the run dated them (by their date folder, else the run's day); a report by hand runs here, as the report role.
  return { label: '本地堆栈 local stack', torchline: torchlineFromEnv(stack.env, stack.day ? { uploadedAt: localUploadedAt(stack.day) } : {}) };
}

export async function awsTarget(stackName: string, region?: string): Promise<OperatorTarget> {
  const { torchline, region: resolved } = await torchlineOfStack(stackName, region);
  return { label: `堆栈 stack ${stackName} (${resolved})`, torchline };
}
