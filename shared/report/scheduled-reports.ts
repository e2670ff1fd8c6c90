/**
 * The daily scheduled check: which reports the calendar says are due on this
 * Beijing date, each then run as a scheduled send (once per kind and
 * schedule time, however often the scheduler delivers the check); and any
 * of the past week's scheduled sends that the mail service did not take
 * (an outage longer than the scheduler's retries), sent now rather than never.
 */
import type { TorchlineConfig } from '../config';
import { sendKey } from './report-ledger';
import { dueKinds, effectiveCalendar, type ScheduledKind } from './report-calendar';
import { runReport, type ReportPorts } from './report-run';
import { reportRequestFor } from './report-schedule';
import { REPORT_SEND_TIMING, type SendTiming } from '../mail/send-once';

export type ScheduledOutcome = { kind: ScheduledKind; scheduledTime: string } & (
  { result: Awaited<ReturnType<typeof runReport>>; error?: undefined } | { error: Error; result?: undefined }
);

/** How many days back a scheduled send that the mail service did not take is still sent. */
const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

/** The past week's scheduled sends whose last try the mail service did not take (ledger state failed), oldest first. */
async function unsentEarlier(
  ports: ReportPorts,
  calendar: ReturnType<typeof effectiveCalendar>,
  scheduledTime: string,
): Promise<{ kind: ScheduledKind; scheduledTime: string }[]> {
  const out: { kind: ScheduledKind; scheduledTime: string }[] = [];
  for (let d = CATCH_UP_DAYS; d >= 1; d--) {
    const earlier = new Date(Date.parse(scheduledTime) - d * DAY_MS).toISOString();
    for (const kind of dueKinds(calendar, new Date(earlier))) {
      if ((await ports.ledger.record(sendKey({ kind, scheduledTime: earlier })!))?.state === 'failed') out.push({ kind, scheduledTime: earlier });
    }
  }
  return out;
}

/** Every due send in turn: a failure of one is kept and the next still runs; the caller fails the invocation after, so the scheduler retries what failed. */
export async function runScheduledReports(
  ports: ReportPorts,
  config: TorchlineConfig,
  scheduledTime: string,
  now: Date,
  timing: SendTiming = REPORT_SEND_TIMING,
): Promise<ScheduledOutcome[]> {
  const calendar = effectiveCalendar(config, await ports.settings.getSetting('calendar'));
  const due = [
    ...(await unsentEarlier(ports, calendar, scheduledTime)),
    ...dueKinds(calendar, new Date(scheduledTime)).map((kind) => ({ kind, scheduledTime })),
  ];
  const outcomes: ScheduledOutcome[] = [];
  for (const send of due) {
    try {
      outcomes.push({ ...send, result: await runReport(ports, config, reportRequestFor(send, now), timing) });
    } catch (err) {
      outcomes.push({ ...send, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return outcomes;
}
