/**
 * On which days the scheduled reports go out. EventBridge Scheduler checks
 * once a day; the report function sends what this calendar says is due that
 * day in Beijing. The days are deployed (torchline:monthlyDay, annualDate)
 * and an operator may change them at run time (`npm run torchline --
 * schedule`), so a new day needs no redeploy.
 */
import { CALENDAR_SETTINGS } from '../config';
import { shanghaiDate } from '../domain/shanghai-time';

export interface ReportCalendar {
  /** "1"…"28", or "off". */
  monthlyDay: string;
  /** "MM-DD", or "off". */
  annualDate: string;
  /** When and by whom a stored calendar was last changed. */
  updatedAt?: string;
  updatedBy?: string;
}

export type ScheduledKind = 'monthly' | 'annual';

/** Checks an operator's input, naming what is wrong in the words of the command. */
export function checkCalendar(calendar: Pick<ReportCalendar, 'monthlyDay' | 'annualDate'>): string | undefined {
  const { monthlyDay, annualDate } = CALENDAR_SETTINGS;
  if (!monthlyDay.valid(calendar.monthlyDay)) return `--monthly-day ${calendar.monthlyDay}: ${monthlyDay.form}`;
  if (!annualDate.valid(calendar.annualDate)) return `--annual-date ${calendar.annualDate}: ${annualDate.form}`;
  return undefined;
}

/** The calendar a run uses: the stored setting when there is one, else the deployed days. */
export function effectiveCalendar(deployed: Pick<ReportCalendar, 'monthlyDay' | 'annualDate'>, stored: ReportCalendar | undefined) {
  return stored
    ? { monthlyDay: stored.monthlyDay, annualDate: stored.annualDate, source: 'setting' as const }
    : { monthlyDay: deployed.monthlyDay, annualDate: deployed.annualDate, source: 'deployment' as const };
}

/** The reports due on the Beijing date of this instant. */
export function dueKinds(calendar: Pick<ReportCalendar, 'monthlyDay' | 'annualDate'>, at: Date): ScheduledKind[] {
  const { month, day } = shanghaiDate(at);
  const due: ScheduledKind[] = [];
  if (calendar.annualDate !== 'off' && calendar.annualDate === `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`) due.push('annual');
  if (calendar.monthlyDay !== 'off' && Number(calendar.monthlyDay) === day) due.push('monthly');
  return due;
}

/** The next Beijing dates (YYYY-MM-DD, today included) each report is due, for people. */
export function nextDueDates(calendar: Pick<ReportCalendar, 'monthlyDay' | 'annualDate'>, from: Date): Partial<Record<ScheduledKind, string>> {
  const next: Partial<Record<ScheduledKind, string>> = {};
  for (let d = 0; d <= 366 && (next.monthly === undefined || next.annual === undefined); d++) {
    const at = new Date(from.getTime() + d * 86_400_000);
    const { year, month, day } = shanghaiDate(at);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    for (const kind of dueKinds(calendar, at)) next[kind] ??= date;
    if (calendar.monthlyDay === 'off') next.monthly ??= 'off';
    if (calendar.annualDate === 'off') next.annual ??= 'off';
  }
  return next;
}
