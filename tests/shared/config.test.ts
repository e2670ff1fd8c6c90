import { describe, expect, it } from 'vitest';
import { configFromEnv, configToEnv, shellSettings } from '../../shared/config';

describe('configuration', () => {
  it('round-trips the Lambda environment the stack writes', () => {
    const config = configFromEnv({});
    expect(configFromEnv(configToEnv({ ...config, recipients: ['a@x.cn', 'b@x.cn'], replyTo: ['r@x.cn'], attachmentLimitBytes: 1234 }))).toEqual({
      ...config,
      recipients: ['a@x.cn', 'b@x.cn'],
      replyTo: ['r@x.cn'],
      attachmentLimitBytes: 1234,
    });
    expect(config).toMatchObject({ district: '迎泽区', windowYears: 5, attachmentLimitBytes: 7 * 1024 * 1024, linkExpirySeconds: 604800 });
  });

  it('refuses nonsense numbers with the setting named', () => {
    expect(() => configFromEnv({ TORCHLINE_WINDOW_YEARS: 'five' })).toThrow(/TORCHLINE_WINDOW_YEARS/);
  });
});

describe('the settings a shell sets for a local run', () => {
  it('takes the documented settings from the shell, and not what the local stack decides itself', () => {
    const env = {
      TORCHLINE_DISTRICT: '小店区',
      TORCHLINE_SUBMITTER_DOMAINS: 'qiye.cn',
      TORCHLINE_TABLE: 'prod-table',
      TORCHLINE_ALLOW_EXAMPLE_ADDRESSES: 'false',
      TORCHLINE_REPLY_TO: '',
      PATH: '/bin',
    };
    expect(shellSettings(env)).toEqual({ TORCHLINE_DISTRICT: '小店区', TORCHLINE_SUBMITTER_DOMAINS: 'qiye.cn' });
  });
});
