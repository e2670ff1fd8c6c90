/** The stack where a Chinese bureau deploys: the AWS China partition, mail through its own SMTP server. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import cdkJson from '../../cdk.json';

const SMTP = {
  'torchline:mailTransport': 'smtp',
  'torchline:smtpHost': 'smtp.yingze.gov.cn',
  'torchline:smtpPort': '587',
  'torchline:smtpSecure': 'false',
  'torchline:smtpSecretArn': 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:torchline-smtp-AbCdEf',
  'torchline:sender': 'keji@yingze.gov.cn',
  'torchline:recipients': 'director@yingze.gov.cn',
};

function synth(region: string, context: Record<string, string>) {
  const app = new App({ context: { ...cdkJson.context, ...context } });
  const { stack } = buildApp(app, { account: '123456789012', region });
  app.synth();
  return Template.fromStack(stack);
}

describe('the AWS China regions', () => {
  it.each(['cn-northwest-1', 'cn-north-1'])('synthesizes for %s with SMTP: every ARN by the partition, no SES, the secret readable only', (region) => {
    const template = synth(region, SMTP);
    const json = JSON.stringify(template.toJSON());
    // Every ARN the stack writes takes the partition from AWS::Partition (aws-cn there); the secret's ARN is the bureau's own.
    expect(json.replace(SMTP['torchline:smtpSecretArn'], '')).not.toMatch(/"arn:aws:/);
    expect(Object.keys(template.findResources('AWS::SES::EmailIdentity'))).toEqual([]);
    expect(json).not.toContain('ses:');
    const grants = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const secret = grants.filter((st) => ([] as string[]).concat(st.Action).includes('secretsmanager:GetSecretValue'));
    // The report and the ingest (which answers submitters) both send mail: each reads that one secret and nothing else.
    expect(secret.map((st) => st.Resource)).toEqual([SMTP['torchline:smtpSecretArn'], SMTP['torchline:smtpSecretArn']]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { TORCHLINE_MAIL_TRANSPORT: 'smtp', TORCHLINE_SMTP_HOST: 'smtp.yingze.gov.cn', TORCHLINE_SMTP_PORT: '587' } },
    });
    expect(json).not.toContain('FunctionUrl');
  });

  it('refuses SES in a China region, naming the settings to use instead', () => {
    expect(() => synth('cn-northwest-1', { 'torchline:sender': 'keji@yingze.gov.cn' })).toThrow(/no SES: deploy with -c torchline:mailTransport=smtp/);
  });

  it('refuses SMTP without its host and secret', () => {
    expect(() => synth('cn-north-1', { 'torchline:mailTransport': 'smtp' })).toThrow(/needs torchline:smtpHost and torchline:smtpSecretArn/);
  });

  it('runs on nodejs20.x, x86_64 in China (offered longest there) unless the deploy names another; elsewhere on the newest, arm64', () => {
    const runtimes = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .filter((f) => String(f.Properties.Runtime).startsWith('nodejs'))
        .map((f) => [f.Properties.Runtime, f.Properties.Architectures]);
    const china = runtimes(synth('cn-northwest-1', SMTP));
    expect(china.length).toBeGreaterThanOrEqual(2);
    for (const r of china) expect(r).toEqual(['nodejs20.x', ['x86_64']]);
    for (const r of runtimes(synth('cn-north-1', { ...SMTP, 'torchline:lambdaRuntime': 'nodejs22.x', 'torchline:lambdaArchitecture': 'arm64' })))
      expect(r).toEqual(['nodejs22.x', ['arm64']]);
    const global = { 'torchline:sender': 'keji@yingze.gov.cn', 'torchline:recipients': 'director@yingze.gov.cn' };
    for (const r of runtimes(synth('ap-east-1', global))) expect(r).toEqual(['nodejs24.x', ['arm64']]);
    expect(() => synth('cn-north-1', { ...SMTP, 'torchline:lambdaRuntime': 'nodejs18.x' })).toThrow(
      /torchline:lambdaRuntime must be one of nodejs20.x, nodejs22.x, nodejs24.x/,
    );
  });
});
