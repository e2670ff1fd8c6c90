/**
 * `errors KEY`: every rejected row of a submission (sheet, row, column, why),
 * from its error report; with --out, the error report (CSV, opens in Excel)
 * and the checked workbook are downloaded there.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { bilingual } from '../../shared/domain/bilingual';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';
import { rowErrorLine } from './status-command';

export async function errorsCommand(target: OperatorTarget, key: string, options: { outDir?: string }, out: Output): Promise<number> {
  const { operator } = target.torchline;
  const found = await operator.rejectedRows(key);
  if (found.statuses.length === 0) {
    out.error(
      bilingual(
        `${found.key} 没有处理状态：未上传、尚未处理，或文件名不同`,
        `no status for ${found.key}: not uploaded, not processed yet, or a different name`,
      ) + ' (npm run torchline -- status)',
    );
    return 1;
  }
  if (!found.sheets) {
    out.log(
      `${found.key}: ${bilingual('没有退回的行', 'no rejected rows')} (${found.statuses.map((s) => `${s.accepted} of ${s.rows} rows accepted`).join('; ')})`,
    );
    return 0;
  }
  let count = 0;
  for (const sheet of found.sheets) {
    for (const e of sheet.errors) {
      out.log(rowErrorLine(e, sheet.sheet));
      count++;
    }
  }
  const csv = operator.objectUrl(found.resultKeys.errorReport);
  if (count === 0) {
    // Results without rejected rows: findings for the unit to explain (marked yellow in its checked workbook).
    const accepted = found.statuses.map((s) => `${s.accepted} of ${s.rows} rows accepted`).join('; ');
    const checked = found.resultKeys.checkedWorkbook
      ? `；${bilingual('待说明的行见核对表', 'rows to explain are in')} ${operator.objectUrl(found.resultKeys.checkedWorkbook)}`
      : '';
    out.log(`${found.key}: ${bilingual('没有退回的行', 'no rejected rows')} (${accepted})${checked}`);
  } else out.log(bilingual(`${found.key} 共 ${count} 处问题；错误报告 ${csv}`, `${count} rejected row problem(s) in ${found.key}; error report ${csv}`));
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    const saved: string[] = [];
    for (const resultKey of [found.resultKeys.errorReport, ...(found.resultKeys.checkedWorkbook ? [found.resultKeys.checkedWorkbook] : [])]) {
      const path = join(options.outDir, basename(resultKey));
      await writeFile(path, await operator.resultFile(resultKey));
      saved.push(path);
    }
    out.log(`已保存 saved: ${saved.join(', ')}`);
  }
  return 0;
}
