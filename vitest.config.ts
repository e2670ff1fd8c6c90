import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test`: `unit` starts no server (pure
 * functions, the CDK template, readers over in-memory files); `integration`
 * talks to DynamoDB Local, s3rver and the SES emulator, started once by its
 * global setup. A test file that needs the servers is listed here.
 */
const INTEGRATION = [
  'tests/e2e/**/*.test.ts',
  'tests/lambdas/**/*.test.ts',
  'tests/shared/ingest/ingest-submission.test.ts',
  'tests/shared/ingest/submitter-email.test.ts',
  'tests/shared/report/report-run.test.ts',
  'tests/shared/storage/dynamo-stores.test.ts',
  'tests/shared/storage/smtp-mailer.test.ts',
  'tests/shared/storage/login-secret.test.ts',
  'tests/scripts/generate-samples.test.ts',
  'tests/scripts/local/local-stack.test.ts',
  'tests/scripts/operator/operator-cli.test.ts',
];

export default defineConfig({
  test: {
    // Each file runs in its own process: handlers read their configuration from process.env.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: INTEGRATION } },
      // Every AWS call an integration test makes as a principal is checked against the synthesized policies.
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, globalSetup: ['tests/support/global-setup.ts'], setupFiles: ['tests/support/iam-calls.ts'] },
      },
    ],
  },
});
