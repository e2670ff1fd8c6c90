/**
 * `errors KEY`: every rejected row of a submission (sheet, row, column, why),
 * from its error report; with --out, the error report (CSV, opens in Excel)
 * and the checked workbook are downloaded there.
 */
import { OBJECT_KEYS } from '../../shared/layout';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RowError } from '../../shared/domain/submission-status';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';
import { bilingual } from '../../shared/domain/bilingual';
import { latestUploads, rowErrorLine, submissionKey } from './status-command';

interface ErrorReportDocument {
  sheets: { sheet: string | null; errors: RowError[] }[];
}

export async function errorsCommand(target: OperatorTarget, key: string, options: { outDir?: string }, out: Output): Promise<number> {
  const submission = submissionKey(key);
  const statuses = latestUploads(await target.ports.submissions.statusesOf(submission));
  if (statuses.length === 0) {
    out.error(bilingual(`${submission} 没有处理状态：未上传、尚未处理，或文件名不同`, `no status for ${submission}: not uploaded, not processed yet, or a different name`) + ' (npm run torchline -- status)');
    return 1;
  }
  const keys = OBJECT_KEYS.errorReport(submission);
  // The latest upload's statuses say whether it has an error report (an older upload's may still lie there).
  const text = statuses.some((s) => s.errorReport) ? await target.ports.objects.getText(keys.json) : undefined;
  if (text === undefined) {
    out.log(`${submission}: ${bilingual('没有退回的行', 'no rejected rows')} (${statuses.map((s) => `${s.accepted} of ${s.rows} rows accepted`).join('; ')})`);
    return 0;
  }
  const report = JSON.parse(text) as ErrorReportDocument;
  let count = 0;
  for (const sheet of report.sheets) {
    for (const e of sheet.errors) {
      out.log(rowErrorLine(e, sheet.sheet));
      count++;
    }
  }
  out.log(bilingual(`${submission} 共 ${count} 处问题；错误报告 ${target.objectUrl(keys.csv)}`, `${count} rejected row problem(s) in ${submission}; error report ${target.objectUrl(keys.csv)}`));
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    const saved: string[] = [];
    const checked = statuses.some((s) => s.checkedWorkbook) ? [OBJECT_KEYS.checkedWorkbook(submission)] : [];
    for (const resultKey of [keys.csv, ...checked]) {
      const path = join(options.outDir, basename(resultKey));
      await writeFile(path, await target.ports.objects.getBytes(resultKey));
      saved.push(path);
    }
    out.log(`已保存 saved: ${saved.join(', ')}`);
  }
  return 0;
}
