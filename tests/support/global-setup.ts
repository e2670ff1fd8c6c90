/**
 * Starts DynamoDB Local, s3rver and the SES emulator once for the whole run
 * (on 127.0.0.1, free ports) and hands their endpoints to the test files.
 */
import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '../../scripts/local/local-stack';

let stack: LocalStack | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startLocalStack({ tableName: 'torchline-shared', bucket: 'torchline-shared' });
  project.provide('endpoints', stack.endpoints);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: { dynamodb: string; s3: string; ses: string };
  }
}
