/**
 * Starts DynamoDB Local, s3rver and the SES emulator once for the whole run
 * (on 127.0.0.1, free ports) and hands their endpoints to the test files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../scripts/local/local-stack';
import { startDovecot, type ImapServer } from '../../scripts/local/dovecot';
import { MAIL_VARIANTS, synthesizedPolicies, unexercisedGrants, type ContractPolicies, type ExercisedRequest, type MailVariant } from './iam-contract';

let stack: LocalStack | undefined;
let imap: ImapServer | undefined;
let work: string | undefined;
let policies: Record<MailVariant, ContractPolicies> | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The stack's policies, synthesized once: every test file's calls are evaluated against them (iam-calls.ts).
  work = mkdtempSync(join(tmpdir(), 'torchline-iam-'));
  // Both mail variants: every call is checked against the stack it is made in (iam-calls.ts).
  policies = { ses: synthesizedPolicies(MAIL_VARIANTS.ses), smtp: synthesizedPolicies(MAIL_VARIANTS.smtp) };
  writeFileSync(join(work, 'policies.json'), JSON.stringify(policies));
  project.provide('iamPolicies', join(work, 'policies.json'));
  project.provide('iamExercisedDir', work);
  stack = await startLocalStack({ tableName: 'torchline-shared', bucket: 'torchline-shared' });
  project.provide('endpoints', stack.endpoints);
  // A production IMAP server (Dovecot) for the mailbox poll, as bureaus run.
  imap = await startDovecot();
  const { host, port, ca, user, password } = imap;
  project.provide('imap', { host, port, ca, user, password });
}

/** Each grant, resource by resource, that no test exercised: listed, so a grant nobody needs is seen and removed. */
function unexercised(): string[] {
  if (!work || !policies) return [];
  const exercised = readdirSync(work)
    .filter((f) => f !== 'policies.json')
    .flatMap((f) => JSON.parse(readFileSync(join(work!, f), 'utf8')) as ExercisedRequest[]);
  return unexercisedGrants(policies, exercised);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  await imap?.stop();
  const unused = unexercised();
  if (unused.length > 0)
    console.log(
      `permission contract: grants exercised by no test here, by resource (AWS-only paths are checked in ` +
        `tests/infra/iam-contract.test.ts):\n  ${unused.join('\n  ')}`,
    );
  if (work) rmSync(work, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: { dynamodb: string; s3: string; ses: string };
    iamPolicies: string;
    iamExercisedDir: string;
    imap: { host: string; port: number; ca: string; user: string; password: string };
  }
}
