/**
 * Report Lambda: invoked daily by EventBridge Scheduler with {kind: 'daily',
 * scheduledTime} (it sends what the report calendar says is due, then the
 * campaign's reminders and chasers of the day), or by hand
 * (`npm run torchline -- report`) with {year} and maybe {dryRun: true};
 * aggregates, writes the workbook and emails it. With {package: true, year}
 * (the operator's approval) it mails the approved year's package to the officer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { PackageMailOutcome, ReportResult } from '../shared/report/report-run';
import { parseReportTrigger, reportRequestFor } from '../shared/report/report-schedule';
import type { ReportAnswer } from '../shared/operator/operator-ports';
import { asPrincipal, reportAnswer, torchlineFromEnv, type Torchline } from '../shared/torchline';

export type OneReport = ReportAnswer;

export type ReportResponse = OneReport | PackageMailOutcome | { due: { kind: string; report: OneReport }[]; reminders: number; package?: PackageMailOutcome };

function answer(result: ReportResult | { skipped: string; idempotencyKey: string }, logger: Logger): OneReport {
  const answered = reportAnswer(result);
  if ('skipped' in answered) {
    logger.info('report not sent again', { ...answered });
    return answered;
  }
  const { year, reportKey, dryRun, delivery, recipients, messageId } = answered;
  logger.info(dryRun ? 'report written, not sent (dry run)' : 'report sent', { year, reportKey, delivery, recipients: recipients.length, messageId });
  return answered;
}

function packageAnswer(outcome: PackageMailOutcome, logger: Logger): PackageMailOutcome {
  if (outcome.outcome === 'sent') logger.info('package mailed to the officer', { year: outcome.year, xlsxKey: outcome.xlsxKey, messageId: outcome.messageId });
  if (outcome.outcome === 'not_sent') logger.error('package not mailed', { year: outcome.year, reason: outcome.reason });
  return outcome;
}

/** The handler over a composition root (the local runner, the CLI's local target and the tests pass their own). */
export function reportHandler(torchline: () => Torchline, logger = new Logger({ serviceName: 'torchline-report' })) {
  return async (event: unknown): Promise<ReportResponse> => asPrincipal({ kind: 'report' }, () => respond(event, torchline(), logger));
}

/** The event validated (as the ingest validates its messages: another shape is refused by name), then the daily check or one report. */
async function respond(event: unknown, torchline: Torchline, logger: Logger): Promise<ReportResponse> {
  const trigger = parseReportTrigger(event);
  const now = torchline.clock.now();
  if (trigger.package) return packageAnswer(await torchline.mailPackage(trigger.year!), logger);
  if (trigger.kind === 'daily') {
    const outcomes = await torchline.dueReports(trigger.scheduledTime ?? now.toISOString(), now);
    if (outcomes.length === 0) logger.info('no report due today', { scheduledTime: trigger.scheduledTime });
    const due = outcomes.flatMap(({ kind, result }) => (result ? [{ kind, report: answer(result, logger) }] : []));
    const failed = outcomes.flatMap((o) => (o.error ? [o] : []));
    for (const f of failed) logger.error('scheduled report not sent', { kind: f.kind, scheduledTime: f.scheduledTime, error: f.error });
    // The campaign's reminders whatever became of the reports: neither sends twice (the send ledger), so a retry is safe.
    const { campaign, sent, refused, unsent } = await torchline.campaign(new Date(trigger.scheduledTime ?? now.toISOString()));
    logger.info('campaign checked', {
      year: campaign.year,
      ...campaign.summary,
      remindersSent: sent.length,
      remindersRefused: refused,
      remindersLeftForNextCheck: unsent,
    });
    // An approved year's package the approval could not mail (mailed once per approval: otherwise nothing is sent).
    const pkg = packageAnswer(await torchline.mailPackage(campaign.year), logger);
    // The invocation fails after the campaign ran, so the scheduler retries the reports that failed (the rest are skipped as sent).
    if (failed.length > 0) throw failed[0]!.error;
    return { due, reminders: sent.length, ...(pkg.outcome === 'sent' ? { package: pkg } : {}) };
  }
  return answer(await torchline.report(reportRequestFor(trigger, now)), logger);
}

/** Built once per cold start, from the environment the stack gives the function. */
let root: Torchline | undefined;
export const handler = reportHandler(() => (root ??= torchlineFromEnv(process.env)));
