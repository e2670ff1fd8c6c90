/**
 * What a scheduled invocation reports. The annual schedule reports the
 * previous year; the monthly one the current year to date (Asia/Shanghai).
 */
import { z } from 'zod';
import { InvalidTriggerError } from './report-errors';
import { sendKey } from './report-ledger';
import { shanghaiDate } from '../domain/shanghai-time';

export interface ReportRequest {
  /** Reporting year; the latest year found when absent. */
  year?: number;
  /** Period wording for the subject, e.g. "年度 annual". */
  period?: string;
  now?: Date;
  /** Scheduled runs: the send happens at most once per key (see report-ledger.ts). */
  idempotencyKey?: string;
  /** Write the workbook, review and email under reports/ but send nothing (an operator's check). */
  dryRun?: boolean;
}

export interface ReportTrigger {
  /** 'daily' is the scheduler's check (scheduled-reports.ts); 'annual' and 'monthly' one report of that kind. */
  kind?: 'annual' | 'monthly' | 'daily';
  /** The schedule's time (EventBridge Scheduler's <aws.scheduler.scheduled-time>). */
  scheduledTime?: string;
  year?: number;
  /** By hand only: write everything, send nothing. */
  dryRun?: boolean;
  /** The year's package mailed to the officer, once it is approved (contract 15); `year` required. */
  package?: boolean;
}

const TRIGGER_SCHEMA = z
  .object({
    kind: z.enum(['annual', 'monthly', 'daily']).optional(),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    year: z.number().int().min(2000).max(9999).optional(),
    dryRun: z.boolean().optional(),
    package: z.boolean().optional(),
  })
  .strict()
  .refine((t) => !t.package || t.year !== undefined, { message: 'a package request names its year', path: ['year'] });

/** The event as a trigger, or an error naming what is wrong with it (the scheduler's, the CLI's, or by hand). */
export function parseReportTrigger(event: unknown): ReportTrigger {
  const parsed = TRIGGER_SCHEMA.safeParse(event ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidTriggerError(
      `the report event is not a report trigger: ${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'unknown shape'}`,
    );
  }
  return parsed.data;
}

export function reportRequestFor(trigger: ReportTrigger, now: Date): ReportRequest {
  const at = trigger.scheduledTime ? new Date(trigger.scheduledTime) : now;
  const { year, month } = shanghaiDate(at);
  const idempotencyKey = sendKey(trigger);
  if (trigger.dryRun) return { year: trigger.year, now, dryRun: true };
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
