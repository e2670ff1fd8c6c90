import { describe, expect, it } from 'vitest';
import { effectiveRecipients, parseAddresses } from '../../../shared/report/recipient-settings';

describe('recipient settings', () => {
  it('reads a list written with commas, semicolons or spaces', () => {
    expect(parseAddresses('a@yingze.gov.cn, b@yingze.gov.cn;c@yingze.gov.cn', 'recipients')).toEqual(['a@yingze.gov.cn', 'b@yingze.gov.cn', 'c@yingze.gov.cn']);
  });

  it('names what is not an address instead of storing it', () => {
    expect(() => parseAddresses('a@yingze.gov.cn, 王局长', 'recipients')).toThrow('recipients: not an email address: 王局长');
  });

  it('uses the stored setting over the deployed addresses, and the deployed ones without it', () => {
    const deployed = { recipients: ['d@x.cn'], replyTo: ['r@x.cn'] };
    expect(effectiveRecipients(deployed, { recipients: ['s@x.cn'], replyTo: [] })).toEqual({ recipients: ['s@x.cn'], replyTo: [], source: 'setting' });
    expect(effectiveRecipients(deployed, undefined)).toEqual({ ...deployed, source: 'deployment' });
    expect(effectiveRecipients(deployed, { recipients: [], replyTo: [] }).source).toBe('deployment');
  });
});
