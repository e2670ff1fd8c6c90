import { describe, expect, it } from 'vitest';
import { configFromEnv, configToEnv } from '../../shared/config';

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
