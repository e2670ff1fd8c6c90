/** Every rejected row of a submission (sheet, row, column, why), from its error report, and where its result files are. */
import { OBJECT_KEYS } from '../layout';
import type { RowError, SubmissionStatus } from '../domain/submission-status';
import type { OperatorPorts } from './operator-ports';
import { latestStatusesOf, submissionKey } from './submission-statuses';

export interface RejectedRows {
  key: string;
  /** The latest upload's statuses; none when the key was never processed. */
  statuses: SubmissionStatus[];
  /** Absent when the latest upload rejected no row. */
  sheets?: { sheet: string | null; errors: RowError[] }[];
  /** The error report (CSV) and the checked workbook, where the latest upload has them. */
  resultKeys: { errorReport: string; checkedWorkbook?: string };
}

export async function rejectedRows(ports: Pick<OperatorPorts, 'submissions' | 'objects'>, key: string): Promise<RejectedRows> {
  const submission = submissionKey(key);
  const statuses = await latestStatusesOf(ports, submission);
  const keys = OBJECT_KEYS.errorReport(submission);
  const checkedWorkbook = statuses.some((s) => s.checkedWorkbook) ? OBJECT_KEYS.checkedWorkbook(submission) : undefined;
  const resultKeys = { errorReport: keys.csv, ...(checkedWorkbook ? { checkedWorkbook } : {}) };
  // The latest upload's statuses say whether it has an error report (an older upload's may still lie there).
  const text = statuses.some((s) => s.errorReport) ? await ports.objects.getText(keys.json) : undefined;
  if (text === undefined) return { key: submission, statuses, resultKeys };
  const report = JSON.parse(text) as { sheets: { sheet: string | null; errors: RowError[] }[] };
  return { key: submission, statuses, sheets: report.sheets, resultKeys };
}
