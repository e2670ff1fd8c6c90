import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { deployConfig } from '../../infra/config';

describe('deployment configuration', () => {
  it('reads CDK context, with overrides, and rejects a bad schedule or no recipients', () => {
    const app = new App({ context: { 'torchline:recipients': 'a@x.cn; b@x.cn', 'torchline:windowYears': '3' } });
    expect(deployConfig(app.node)).toMatchObject({
      recipients: ['a@x.cn', 'b@x.cn'],
      windowYears: 3,
      reportSchedule: 'cron(0 8 * * ? *)',
      monthlyDay: '1',
      annualDate: '01-15',
    });
    expect(() => deployConfig(new App({ context: { 'torchline:recipients': '' } }).node)).toThrow(/recipients/);
    const bad = (key: string, value: string) => () =>
      deployConfig(new App({ context: { 'torchline:recipients': 'a@x.cn', [`torchline:${key}`]: value } }).node);
    expect(bad('reportSchedule', 'cron(0 8 1 * ? *)')).toThrow(/daily cron/);
    expect(bad('monthlyDay', '31')).toThrow(/1 to 28/);
    expect(bad('annualDate', '02-29')).toThrow(/not 02-29/);
    // A setting of the earlier version is named, not silently ignored.
    expect(bad('annualSchedule', 'cron(0 9 15 1 ? *)')).toThrow(/torchline:annualSchedule is no longer used/);
  });
});
