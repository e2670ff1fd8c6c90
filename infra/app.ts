/** The CDK app: one Torchline stack, checked by cdk-nag's AwsSolutions pack. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deployConfig } from './config';
import { TorchlineStack } from './torchline-stack';

export function buildApp(app: App = new App()): { app: App; stack: TorchlineStack } {
  const stack = new TorchlineStack(app, 'Torchline', {
    config: deployConfig(app.node),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'Torchline: innovation statistics pipeline (S3 → SQS → Lambda → DynamoDB → Excel report by SES)',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
