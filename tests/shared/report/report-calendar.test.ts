import { describe, expect, it } from 'vitest';
import { checkCalendar, dueKinds, effectiveCalendar, nextDueDates } from '../../../shared/report/report-calendar';

/** 08:00 in Beijing on a date, as the daily schedule fires. */
const beijing8 = (date: string) => new Date(`${date}T08:00:00+08:00`);

describe('report calendar', () => {
  it('finds the monthly and annual reports due on a Beijing date', () => {
    const calendar = { monthlyDay: '1', annualDate: '01-15' };
    expect(dueKinds(calendar, beijing8('2026-03-01'))).toEqual(['monthly']);
    expect(dueKinds(calendar, beijing8('2026-01-15'))).toEqual(['annual']);
    expect(dueKinds(calendar, beijing8('2026-03-02'))).toEqual([]);
    expect(dueKinds({ monthlyDay: '15', annualDate: '01-15' }, beijing8('2026-01-15'))).toEqual(['annual', 'monthly']);
  });

  it('reads the date in Beijing, not in UTC', () => {
    // 1 March 00:30 in Beijing is still 28 February in UTC.
    expect(dueKinds({ monthlyDay: '1', annualDate: 'off' }, new Date('2026-02-28T16:30:00Z'))).toEqual(['monthly']);
  });

  it('sends nothing of a kind that is off', () => {
    expect(dueKinds({ monthlyDay: 'off', annualDate: 'off' }, beijing8('2026-01-01'))).toEqual([]);
  });

  it('names a day not every month or year has', () => {
    expect(checkCalendar({ monthlyDay: '31', annualDate: '01-15' })).toContain('--monthly-day 31');
    expect(checkCalendar({ monthlyDay: '5', annualDate: '02-29' })).toContain('--annual-date 02-29');
    expect(checkCalendar({ monthlyDay: '5', annualDate: '13-01' })).toContain('--annual-date 13-01');
    expect(checkCalendar({ monthlyDay: 'off', annualDate: '12-31' })).toBeUndefined();
  });

  it('uses the stored calendar over the deployed days', () => {
    const deployed = { monthlyDay: '1', annualDate: '01-15' };
    expect(effectiveCalendar(deployed, undefined)).toEqual({ ...deployed, source: 'deployment' });
    expect(effectiveCalendar(deployed, { monthlyDay: '5', annualDate: 'off' })).toEqual({ monthlyDay: '5', annualDate: 'off', source: 'setting' });
  });

  it('tells the next dates each report is due', () => {
    expect(nextDueDates({ monthlyDay: '5', annualDate: '01-15' }, beijing8('2026-11-25'))).toEqual({ monthly: '2026-12-05', annual: '2027-01-15' });
    expect(nextDueDates({ monthlyDay: '25', annualDate: 'off' }, beijing8('2026-11-25'))).toEqual({ monthly: '2026-11-25', annual: 'off' });
  });
});
