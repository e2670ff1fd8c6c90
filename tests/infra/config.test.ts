import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { deployConfig } from '../../infra/config';

describe('deployment configuration', () => {
  it('reads CDK context, with overrides, and rejects a bad schedule or no recipients', () => {
    const app = new App({ context: { 'torchline:recipients': 'a@x.cn; b@x.cn', 'torchline:windowYears': '3' } });
    expect(deployConfig(app.node)).toMatchObject({ recipients: ['a@x.cn', 'b@x.cn'], windowYears: 3, monthlySchedule: 'cron(0 8 1 * ? *)' });
    expect(() => deployConfig(new App({ context: { 'torchline:recipients': '' } }).node)).toThrow(/recipients/);
    expect(() => deployConfig(new App({ context: { 'torchline:recipients': 'a@x.cn', 'torchline:annualSchedule': 'every year' } }).node)).toThrow(/annualSchedule/);
  });
});
