/**
 * What a scheduled invocation reports. The annual schedule reports the
 * previous year; the monthly one the current year to date (Asia/Shanghai).
 */
import type { ReportRequest } from './report-run';
import { sendKey } from './report-ledger';

export interface ReportTrigger {
  kind?: 'annual' | 'monthly';
  /** The schedule's time (EventBridge Scheduler's <aws.scheduler.scheduled-time>). */
  scheduledTime?: string;
  year?: number;
}

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving). */
function inShanghai(instant: Date): Date {
  return new Date(instant.getTime() + 8 * 3600 * 1000);
}

export function shanghaiDate(instant: Date): { year: number; month: number } {
  const shifted = inShanghai(instant);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

/** The calendar date in Asia/Shanghai as YYYY-MM-DD, as the bureau reads dates. */
export function shanghaiDay(instant: Date): string {
  return inShanghai(instant).toISOString().slice(0, 10);
}

/** Date and minute in Asia/Shanghai, "YYYY-MM-DD HH:MM". */
export function shanghaiTime(instant: Date): string {
  return inShanghai(instant).toISOString().slice(0, 16).replace('T', ' ');
}

export function reportRequestFor(trigger: ReportTrigger, now: Date): ReportRequest {
  const at = trigger.scheduledTime ? new Date(trigger.scheduledTime) : now;
  const { year, month } = shanghaiDate(at);
  const idempotencyKey = sendKey(trigger);
  if (trigger.year !== undefined) return { year: trigger.year, now, idempotencyKey };
  if (trigger.kind === 'annual') return { year: year - 1, period: `${year - 1} 年度 annual`, now, idempotencyKey };
  if (trigger.kind === 'monthly') {
    // A report on the 1st of a month covers the months before it.
    return month === 1
      ? { year: year - 1, period: `${year - 1} 年 1–12 月 year to date`, now, idempotencyKey }
      : { year, period: `${year} 年 1–${month - 1} 月 year to date`, now, idempotencyKey };
  }
  return { now };
}
