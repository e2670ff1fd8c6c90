/**
 * Report Lambda: invoked by EventBridge Scheduler with {kind, scheduledTime}
 * (or by hand, `npm run torchline -- report`, with {year} and maybe
 * {dryRun: true}); aggregates, writes the workbook and emails it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { configFromEnv } from '../shared/config';
import { runReport } from '../shared/report/report-run';
import { reportRequestFor, type ReportTrigger } from '../shared/report/report-schedule';
import { awsClients } from '../shared/storage/aws-clients';
import { awsPorts } from '../shared/storage/aws-ports';

const logger = new Logger({ serviceName: 'torchline-report' });

export type ReportResponse =
  | { year: number; reportKey: string; reviewKey: string; emailKey: string; delivery: string; recipients: string[]; dryRun: boolean; messageId?: string }
  | { skipped: string; idempotencyKey: string };

export const handler = async (event: ReportTrigger): Promise<ReportResponse> => {
  const config = configFromEnv();
  const { reportPorts } = awsPorts(awsClients(), config);
  const result = await runReport(reportPorts, config, reportRequestFor(event, new Date()));
  if ('skipped' in result) {
    logger.info('report not sent again', { ...result });
    return result;
  }
  const { year, reportKey, reviewKey, emailKey, delivery, recipients, dryRun, messageId } = result;
  logger.info(dryRun ? 'report written, not sent (dry run)' : 'report sent', { year, reportKey, delivery, recipients: recipients.length, messageId });
  return { year, reportKey, reviewKey, emailKey, delivery, recipients, dryRun, messageId };
};
