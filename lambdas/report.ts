/**
 * Report Lambda: invoked daily by EventBridge Scheduler with {kind: 'daily',
 * scheduledTime} (it sends what the report calendar says is due), or by hand
 * (`npm run torchline -- report`) with {year} and maybe {dryRun: true};
 * aggregates, writes the workbook and emails it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { configFromEnv } from '../shared/config';
import { runReport, type ReportResult } from '../shared/report/report-run';
import { runScheduledReports } from '../shared/report/scheduled-reports';
import { reportRequestFor, type ReportTrigger } from '../shared/report/report-schedule';
import { awsClients } from '../shared/storage/aws-clients';
import { awsPorts } from '../shared/storage/aws-ports';

const logger = new Logger({ serviceName: 'torchline-report' });

export type OneReport =
  | { year: number; reportKey: string; reviewKey: string; emailKey: string; delivery: string; recipients: string[]; dryRun: boolean; messageId?: string }
  | { skipped: string; idempotencyKey: string };

export type ReportResponse = OneReport | { due: { kind: string; report: OneReport }[] };

function answer(result: ReportResult | { skipped: string; idempotencyKey: string }): OneReport {
  if ('skipped' in result) {
    logger.info('report not sent again', { ...result });
    return result;
  }
  const { year, reportKey, reviewKey, emailKey, delivery, recipients, dryRun, messageId } = result;
  logger.info(dryRun ? 'report written, not sent (dry run)' : 'report sent', { year, reportKey, delivery, recipients: recipients.length, messageId });
  return { year, reportKey, reviewKey, emailKey, delivery, recipients, dryRun, messageId };
}

export const handler = async (event: ReportTrigger): Promise<ReportResponse> => {
  const config = configFromEnv();
  const { reportPorts } = awsPorts(awsClients(), config);
  const now = new Date();
  if (event.kind === 'daily') {
    const outcomes = await runScheduledReports(reportPorts, config, event.scheduledTime ?? now.toISOString(), now);
    if (outcomes.length === 0) logger.info('no report due today', { scheduledTime: event.scheduledTime });
    return { due: outcomes.map(({ kind, result }) => ({ kind, report: answer(result) })) };
  }
  return answer(await runReport(reportPorts, config, reportRequestFor(event, now)));
};
