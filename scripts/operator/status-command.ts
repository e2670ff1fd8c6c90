/**
 * `status`: every submission with its state, counts, first errors and where
 * its error report and checked workbook are; uploads that have no status yet
 * are listed as waiting (still in the queue, or dead-lettered).
 */
import { bilingual } from '../../shared/domain/bilingual';
import { qualityLine, STATE_LABELS, type SubmissionStatus } from '../../shared/domain/submission-status';
import { beijingTime } from '../../shared/domain/shanghai-time';
import type { StatusQuery } from '../../shared/operator/submission-statuses';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

/** One rejected row's problem: where (row, column as written) and why. */
export function rowErrorLine(e: { row: number; column: string; message: string }, sheet?: string | null): string {
  return `${sheet ? `[${sheet}] ` : ''}第 ${e.row} 行 row ${e.row}, ${e.column}: ${e.message}`;
}

/** One submission (one sheet of it) as the CLI prints it. */
export function statusLines(s: SubmissionStatus, objectUrl: (key: string) => string, errorsShown = 3): string[] {
  const sheet = s.sheet ?? s.fileSheet;
  const counts = bilingual(`共 ${s.rows} 行，接受 ${s.accepted}，退回 ${s.rejected}`, `rows ${s.rows}, accepted ${s.accepted}, rejected ${s.rejected}`);
  const lines = [`${s.key}${sheet ? ` [${sheet}]` : ''}  ${STATE_LABELS[s.status]}  ${s.dataset ?? '—'}  ${counts}  (${beijingTime(s.processedAt)})`];
  for (const w of s.warnings) lines.push(`  警告 warning: ${w}`);
  if (s.errorCount > 0) {
    const shown = Math.min(errorsShown, s.errors.length);
    lines.push(`  ${bilingual(`错误（前 ${shown} 条，共 ${s.errorCount} 条）`, `errors (${shown} of ${s.errorCount})`)}:`);
    for (const e of s.errors.slice(0, errorsShown)) lines.push(`    ${rowErrorLine(e)}`);
  }
  if (s.errorReport) lines.push(`  错误报告 error report: ${objectUrl(s.errorReport.csv)}  (npm run torchline -- errors ${s.key})`);
  if (s.checkedWorkbook) lines.push(`  核对工作簿 checked workbook: ${objectUrl(s.checkedWorkbook)}`);
  return lines;
}

export async function statusCommand(target: OperatorTarget, query: StatusQuery, out: Output): Promise<number> {
  const { operator, config } = target.torchline;
  const { statuses, waiting } = await operator.submissions(query);
  out.log(`Torchline ${target.label}, ${bilingual('存储桶', 'bucket')} ${config.ingestBucket}`);
  for (const s of statuses) for (const line of statusLines(s, operator.objectUrl)) out.log(line);
  for (const w of waiting) {
    const at = beijingTime(w.at);
    const zh = `${at} 上传，尚未处理；若数分钟后仍如此，请查看死信队列`;
    out.log(`${w.key}  处理中 waiting  ${bilingual(zh, `uploaded ${at}, not processed yet; if it stays so for minutes, see the dead-letter queue`)}`);
  }
  out.log('');
  out.log(statuses.length > 0 ? qualityLine(statuses) : bilingual('没有符合条件的已处理提交', 'no processed submissions match'));
  if (waiting.length > 0) out.log(bilingual(`${waiting.length} 份上传等待处理`, `${waiting.length} upload(s) waiting to be processed`));
  return 0;
}
