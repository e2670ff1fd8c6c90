/**
 * Set up in every integration and end-to-end test file: watches every AWS call
 * the code makes as a principal (handlers, the CLI, the local runner's
 * uploads) and, when the file ends, evaluates them against the synthesized
 * policies (iam-contract.ts). A call its principal may not make fails the
 * file, naming the action and the resource. What was exercised is kept for
 * the run's list of granted but never used actions (global-setup.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { observeAwsCalls, type AwsCall } from '../../shared/storage/aws-calls';
import { denials, iamRequests, type ContractPolicies } from './iam-contract';

const calls: AwsCall[] = [];

beforeAll(() => {
  observeAwsCalls((call) => {
    if (call.principal) calls.push(structuredClone({ ...call, input: call.input }));
  });
});

afterAll(async () => {
  observeAwsCalls(undefined);
  const policies = JSON.parse(readFileSync(inject('iamPolicies'), 'utf8')) as ContractPolicies;
  const exercised = [...new Set(calls.flatMap((c) => iamRequests(c).map((r) => `${c.principal!.kind} ${r.action}`)))];
  writeFileSync(join(inject('iamExercisedDir'), `${process.pid}-${Date.now()}.json`), JSON.stringify(exercised));
  const denied = await denials(policies, calls);
  expect(denied.map((d) => `${d.principal} may not ${d.action} on ${d.resource} (${d.result})`), 'calls the synthesized policies do not allow').toEqual([]);
});
