/**
 * Set up in every integration and end-to-end test file: watches every AWS call
 * the code makes and, when the file ends, evaluates each against the policies
 * of both mail variants of the stack (iam-contract.ts): SES calls against the
 * SES variant, Secrets Manager calls against the SMTP variant, every other
 * call against both. A call its principal may not make fails the file, naming
 * the action and the resource; so does a call made as no principal (in AWS
 * every call is someone's). What was exercised is kept, resource by
 * resource, for the run's list of grants no test used (global-setup.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { observeAwsCalls, type AwsCall } from '../../shared/storage/aws-calls';
import { denials, iamRequests, type ContractPolicies, type ExercisedRequest, type MailVariant } from './iam-contract';

const calls: AwsCall[] = [];
const unowned: string[] = [];

beforeAll(() => {
  observeAwsCalls((call) => {
    if (!call.principal) unowned.push(`${call.service} ${call.command}`);
    else if (call.principal.kind !== 'harness') calls.push(structuredClone({ ...call, input: call.input }));
  });
});

/** Which variants a call is made in: mail calls in their own, everything else in both. */
const variantsOf = (call: AwsCall): MailVariant[] => (call.service === 'SESv2' ? ['ses'] : call.service === 'SecretsManager' ? ['smtp'] : ['ses', 'smtp']);

afterAll(async () => {
  observeAwsCalls(undefined);
  const policies = JSON.parse(readFileSync(inject('iamPolicies'), 'utf8')) as Record<MailVariant, ContractPolicies>;
  const exercised: ExercisedRequest[] = calls.flatMap((c) =>
    iamRequests(c).flatMap((r) =>
      variantsOf(c).map((variant) => ({
        variant,
        kind: c.principal!.kind,
        action: r.action,
        resource: r.resource,
        leadingKeys: [r.context['dynamodb:LeadingKeys'] ?? []].flat(),
      })),
    ),
  );
  writeFileSync(join(inject('iamExercisedDir'), `${process.pid}-${Date.now()}.json`), JSON.stringify(exercised));
  expect([...new Set(unowned)], 'AWS calls made as no principal (run them with asPrincipal, or as the test harness)').toEqual([]);
  const denied: string[] = [];
  for (const variant of ['ses', 'smtp'] as const) {
    const mine = calls.filter((c) => variantsOf(c).includes(variant));
    for (const d of await denials(policies[variant], mine)) denied.push(`${d.principal} may not ${d.action} on ${d.resource} (${d.result}, ${variant} stack)`);
  }
  expect(denied, 'calls the synthesized policies do not allow').toEqual([]);
});
