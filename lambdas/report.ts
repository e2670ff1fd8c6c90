/**
 * Report Lambda: invoked by EventBridge Scheduler with {kind, scheduledTime}
 * (or by hand with {year}); aggregates, writes the workbook and emails it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { configFromEnv } from '../shared/config';
import { runReport } from '../shared/report-run';
import { reportRequestFor, type ReportTrigger } from '../shared/report-schedule';
import { awsClients } from '../shared/storage/aws-clients';
import { awsPorts } from '../shared/storage/aws-ports';

const logger = new Logger({ serviceName: 'torchline-report' });

export interface ReportResponse {
  year: number;
  reportKey: string;
  emailKey: string;
  delivery: string;
  messageId?: string;
}

export const handler = async (event: ReportTrigger): Promise<ReportResponse> => {
  const { reportPorts } = awsPorts(awsClients(), configFromEnv());
  const request = reportRequestFor(event, new Date());
  const result = await runReport(reportPorts, configFromEnv(), request);
  logger.info('report sent', { year: result.year, reportKey: result.reportKey, delivery: result.delivery, messageId: result.messageId });
  return { year: result.year, reportKey: result.reportKey, emailKey: result.emailKey, delivery: result.delivery, messageId: result.messageId };
};
