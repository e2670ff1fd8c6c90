import { describe, expect, it } from 'vitest';
import { sendKey } from '../../../shared/report/report-ledger';
import { reportRequestFor } from '../../../shared/report/report-schedule';
import { shanghaiDate, shanghaiDay } from '../../../shared/domain/shanghai-time';

const now = new Date(Date.UTC(2026, 10, 24));

describe('report schedule', () => {
  it('reads dates in Asia/Shanghai (UTC+8)', () => {
    expect(shanghaiDate(new Date('2021-12-31T16:30:00Z'))).toEqual({ year: 2022, month: 1, day: 1 });
    expect(shanghaiDate(new Date('2021-12-31T15:30:00Z'))).toEqual({ year: 2021, month: 12, day: 31 });
  });

  it('prints days as they are in Shanghai', () => {
    expect(shanghaiDay(new Date('2022-01-21T17:00:00Z'))).toBe('2022-01-22');
  });

  it('reports the previous year on the annual schedule', () => {
    const r = reportRequestFor({ kind: 'annual', scheduledTime: '2022-01-15T01:00:00Z' }, now);
    expect(r).toMatchObject({ year: 2021, period: '2021 年度 annual', idempotencyKey: 'annual#2022-01-15T01:00:00.000Z' });
  });

  it('reports the year to date on the monthly schedule, and December on the 1st of January', () => {
    expect(reportRequestFor({ kind: 'monthly', scheduledTime: '2022-06-01T00:00:00Z' }, now)).toMatchObject({
      year: 2022,
      period: '2022 年 1–5 月 year to date',
    });
    // 08:00 on 1 January in Shanghai is 00:00 UTC.
    expect(reportRequestFor({ kind: 'monthly', scheduledTime: '2022-01-01T00:00:00Z' }, now)).toMatchObject({
      year: 2021,
      period: '2021 年 1–12 月 year to date',
    });
  });

  it('keys a send on the schedule kind and time only; ad-hoc runs have no key', () => {
    expect(sendKey({ kind: 'monthly', scheduledTime: '2022-06-01T00:00:00Z' })).toBe(sendKey({ kind: 'monthly', scheduledTime: '2022-06-01T00:00:00.000Z' }));
    expect(sendKey({ kind: 'monthly', scheduledTime: '2022-06-01T00:00:00Z' })).not.toBe(sendKey({ kind: 'annual', scheduledTime: '2022-06-01T00:00:00Z' }));
    expect(reportRequestFor({ year: 2020 }, now)).toEqual({ year: 2020, now, idempotencyKey: undefined });
    expect(reportRequestFor({}, now)).toEqual({ now });
  });

  it('turns a dry run by hand into a request that sends nothing and holds no schedule key', () => {
    expect(reportRequestFor({ year: 2021, dryRun: true }, now)).toEqual({ year: 2021, now, dryRun: true });
    expect(reportRequestFor({ kind: 'annual', scheduledTime: '2022-01-15T01:00:00Z', dryRun: true }, now)).not.toHaveProperty('idempotencyKey');
  });
});
