/**
 * How the functions send mail, as the deploy setting `torchline:mailTransport`
 * chooses: through SES (an email identity for the sender, and leave to send
 * from it only), or through the bureau's own SMTP server (no SES resource, no
 * `ses:` action; leave to read the one secret holding the SMTP password).
 * The AWS China regions have no SES: there the stack must use SMTP.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { TorchlineConfig } from '../shared/config';
import type { DeployConfig } from './config';
import { sendStatement } from './policies';

export interface MailAccess {
  /** What a function that sends needs in its policy. */
  statements(): iam.PolicyStatement[];
  /** The settings a function that sends needs in its environment. */
  environment: Partial<TorchlineConfig>;
  /** With SES: the identity mail is sent from. */
  identity?: ses.EmailIdentity;
}

export function mailAccess(scope: Construct, config: DeployConfig): MailAccess {
  const region = Stack.of(scope).region;
  if (config.mailTransport === 'ses' && region.startsWith('cn-')) {
    throw new Error(
      `the AWS China regions (${region}) have no SES: deploy with -c torchline:mailTransport=smtp -c ` +
        `torchline:smtpHost=<your mail server> -c torchline:smtpSecretArn=<secret> (README: Deploying in the AWS China regions)`,
    );
  }
  if (config.mailTransport === 'smtp') {
    if (!config.smtpHost || !config.smtpSecretArn) {
      throw new Error(
        'torchline:mailTransport=smtp needs torchline:smtpHost and torchline:smtpSecretArn (a Secrets Manager secret holding {"username","password"})',
      );
    }
    const secretArn = config.smtpSecretArn;
    return {
      statements: () => [new iam.PolicyStatement({ sid: 'ReadSmtpPassword', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] })],
      environment: { mailTransport: 'smtp', smtpHost: config.smtpHost, smtpPort: config.smtpPort, smtpSecure: config.smtpSecure, smtpSecretArn: secretArn },
    };
  }
  const identity = new ses.EmailIdentity(scope, 'Sender', { identity: ses.Identity.email(config.sender) });
  const identityArn = Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName });
  return { statements: () => [sendStatement(identityArn, config.sender)], environment: { mailTransport: 'ses' }, identity };
}
