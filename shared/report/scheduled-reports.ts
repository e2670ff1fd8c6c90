/**
 * The daily scheduled check: which reports the calendar says are due on this
 * Beijing date, each then run as a scheduled send (once per kind and
 * schedule time, however often the scheduler delivers the check).
 */
import type { TorchlineConfig } from '../config';
import { dueKinds, effectiveCalendar, type ScheduledKind } from './report-calendar';
import { LEASE_TIMING, runReport, type LeaseTiming, type ReportPorts } from './report-run';
import { reportRequestFor } from './report-schedule';

export interface ScheduledOutcome {
  kind: ScheduledKind;
  result: Awaited<ReturnType<typeof runReport>>;
}

export async function runScheduledReports(
  ports: ReportPorts,
  config: TorchlineConfig,
  scheduledTime: string,
  now: Date,
  timing: LeaseTiming = LEASE_TIMING,
): Promise<ScheduledOutcome[]> {
  const calendar = effectiveCalendar(config, await ports.settings.getSetting('calendar'));
  const outcomes: ScheduledOutcome[] = [];
  // In turn, not at once: a retry after a failure finds the first already sent and goes on to the next.
  for (const kind of dueKinds(calendar, new Date(scheduledTime))) {
    outcomes.push({ kind, result: await runReport(ports, config, reportRequestFor({ kind, scheduledTime }, now), timing) });
  }
  return outcomes;
}
