/**
 * Report Lambda: invoked by EventBridge Scheduler with {kind, scheduledTime}
 * (or by hand with {year}); aggregates, writes the workbook and emails it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { configFromEnv } from '../shared/config';
import { runReport } from '../shared/report/report-run';
import { reportRequestFor, type ReportTrigger } from '../shared/report/report-schedule';
import { awsClients } from '../shared/storage/aws-clients';
import { awsPorts } from '../shared/storage/aws-ports';

const logger = new Logger({ serviceName: 'torchline-report' });

export type ReportResponse =
  | { year: number; reportKey: string; reviewKey: string; emailKey: string; delivery: string; messageId?: string }
  | { skipped: string; idempotencyKey: string };

export const handler = async (event: ReportTrigger): Promise<ReportResponse> => {
  const config = configFromEnv();
  const { reportPorts } = awsPorts(awsClients(), config);
  const result = await runReport(reportPorts, config, reportRequestFor(event, new Date()));
  if ('skipped' in result) {
    logger.info('report not sent again', { ...result });
    return result;
  }
  logger.info('report sent', { year: result.year, reportKey: result.reportKey, delivery: result.delivery, messageId: result.messageId });
  return { year: result.year, reportKey: result.reportKey, reviewKey: result.reviewKey, emailKey: result.emailKey, delivery: result.delivery, messageId: result.messageId };
};
