/**
 * Starts DynamoDB Local, s3rver and the SES emulator once for the whole run
 * (on 127.0.0.1, free ports) and hands their endpoints to the test files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../scripts/local/local-stack';
import { synthesizedPolicies, type ContractPolicies } from './iam-contract';

let stack: LocalStack | undefined;
let work: string | undefined;
let policies: ContractPolicies | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The stack's policies, synthesized once: every test file's calls are evaluated against them (iam-calls.ts).
  work = mkdtempSync(join(tmpdir(), 'torchline-iam-'));
  policies = synthesizedPolicies();
  writeFileSync(join(work, 'policies.json'), JSON.stringify(policies));
  project.provide('iamPolicies', join(work, 'policies.json'));
  project.provide('iamExercisedDir', work);
  stack = await startLocalStack({ tableName: 'torchline-shared', bucket: 'torchline-shared' });
  project.provide('endpoints', stack.endpoints);
}

/** Each principal's granted actions that no test exercised: listed, so a grant nobody needs is seen and removed. */
function unexercised(): string[] {
  if (!work || !policies) return [];
  const exercised = new Set(readdirSync(work).filter((f) => f !== 'policies.json').flatMap((f) => JSON.parse(readFileSync(join(work!, f), 'utf8')) as string[]));
  const granted = Object.entries(policies.identity).flatMap(([kind, docs]) =>
    docs.flatMap((d) => d.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => ([] as string[]).concat(st.Action as string | string[]).map((a) => `${kind} ${a}`))),
  );
  return [...new Set(granted)].filter((g) => !exercised.has(g) && !/ logs:| xray:/.test(g));
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  const unused = unexercised();
  if (unused.length > 0) console.log(`permission contract: granted but exercised by no test here (AWS-only paths are checked in tests/infra/iam-contract.test.ts):\n  ${unused.join('\n  ')}`);
  if (work) rmSync(work, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: { dynamodb: string; s3: string; ses: string };
    iamPolicies: string;
    iamExercisedDir: string;
  }
}
