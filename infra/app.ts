/** The CDK app: one Torchline stack, checked by cdk-nag's AwsSolutions pack. */
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deployConfig } from './config';
import { TorchlineStack } from './torchline-stack';
import { isExampleAddress } from '../shared/domain/email-address';

/**
 * `env` is where the stack goes (the CLI's account and region by default; a test names one). A real deploy — the
 * CLI found an account — refuses the example addresses; an offline synth keeps them with a warning.
 */
export function buildApp(
  app: App = new App(),
  env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
): { app: App; stack: TorchlineStack } {
  const config = deployConfig(app.node);
  const example = [config.sender, ...config.recipients].filter(isExampleAddress);
  if (example.length > 0 && process.env.CDK_DEFAULT_ACCOUNT) {
    throw new Error(
      `the sender or recipients are still the example addresses (${example.join(', ')}): deploy with -c ` +
        `torchline:sender=… -c torchline:recipients=… (README: Deploying with your district's settings)`,
    );
  }
  const stack = new TorchlineStack(app, 'Torchline', {
    config,
    env,
    description: 'Torchline: innovation statistics pipeline (S3 → SQS → Lambda → DynamoDB → Excel report by SES)',
  });
  if (example.length > 0)
    Annotations.of(stack).addWarningV2(
      'torchline:example-addresses',
      `the report would go from or to example addresses (${example.join(', ')}); set torchline:sender and torchline:recipients before deploying`,
    );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
