/**
 * Which Node.js runtime and processor the functions run on: deploy settings
 * (`-c torchline:lambdaRuntime=nodejs22.x -c torchline:lambdaArchitecture=x86_64`)
 * with a default per partition. The global regions get the newest runtime on
 * Graviton (arm64). The China regions get what has long been offered there:
 * the China Lambda page says the global runtime dates do not apply there, so
 * a runtime released globally may not yet exist in Beijing or Ningxia — the
 * oldest supported LTS on x86_64 deploys everywhere, and a bureau that has
 * confirmed a newer one in its region (console → Lambda → Create function →
 * Runtime) sets it. The code runs on Node 20 and later (the tests run on 20).
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

const RUNTIMES = new Map([
  ['nodejs20.x', lambda.Runtime.NODEJS_20_X],
  ['nodejs22.x', lambda.Runtime.NODEJS_22_X],
  ['nodejs24.x', lambda.Runtime.NODEJS_24_X],
]);
const ARCHITECTURES = new Map([
  ['arm64', lambda.Architecture.ARM_64],
  ['x86_64', lambda.Architecture.X86_64],
]);

/** The defaults, one line per partition (the table the README and docs/operations.md quote). */
export const RUNTIME_DEFAULTS = {
  global: { runtime: 'nodejs24.x', architecture: 'arm64' },
  china: { runtime: 'nodejs20.x', architecture: 'x86_64' },
} as const;

/** The runtime and processor for a function of this scope; an older runtime than the newest is acknowledged to cdk-nag with the reason. */
export function lambdaRuntime(scope: Construct): { runtime: lambda.Runtime; architecture: lambda.Architecture } {
  const region = Stack.of(scope).region;
  const china = !Token.isUnresolved(region) && region.startsWith('cn-');
  const defaults = RUNTIME_DEFAULTS[china ? 'china' : 'global'];
  const chosen = (key: string, fallback: string) => String(scope.node.tryGetContext(`torchline:${key}`) ?? fallback).trim();
  const runtimeName = chosen('lambdaRuntime', defaults.runtime);
  const architectureName = chosen('lambdaArchitecture', defaults.architecture);
  const runtime = RUNTIMES.get(runtimeName);
  const architecture = ARCHITECTURES.get(architectureName);
  if (!runtime) throw new Error(`context torchline:lambdaRuntime must be one of ${[...RUNTIMES.keys()].join(', ')}, got "${runtimeName}"`);
  if (!architecture) throw new Error(`context torchline:lambdaArchitecture must be arm64 or x86_64, got "${architectureName}"`);
  if (runtime !== RUNTIMES.get(RUNTIME_DEFAULTS.global.runtime)) {
    Validations.of(scope).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: `${runtimeName} chosen for ${china ? 'the China regions, where global runtime dates do not apply' : 'this deployment'} (torchline:lambdaRuntime)`,
    });
  }
  return { runtime, architecture };
}
