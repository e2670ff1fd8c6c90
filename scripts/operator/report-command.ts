/**
 * `report --year Y [--send | --dry-run] [--out DIR]`: runs the report
 * function now (in AWS it is invoked and waited for; locally it runs here)
 * and says where the workbook, review and email went. Without --send it is a
 * dry run: everything is written under reports/, nothing sent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { bilingual } from '../../shared/domain/bilingual';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface ReportOptions {
  year?: number;
  send: boolean;
  outDir?: string;
}

export async function reportCommand(target: OperatorTarget, options: ReportOptions, out: Output): Promise<number> {
  const { operator } = target.torchline;
  const which = options.year ?? bilingual('最新年度', 'latest');
  out.log(
    options.send
      ? bilingual(`正在生成并发送 ${which} 报表（${target.label}）…`, `building and sending the ${which} report…`)
      : bilingual(`正在生成 ${which} 报表（试运行，不发送）…`, `building the ${which} report (dry run, nothing is sent)…`),
  );
  const response = await operator.report({ year: options.year, dryRun: !options.send });
  if ('skipped' in response) {
    out.log(bilingual(`已发送过，不再发送：${response.skipped}`, `not sent again: ${response.skipped}`) + ` (${response.idempotencyKey})`);
    return 0;
  }
  out.log(`报表 report ${response.year}: ${operator.objectUrl(response.reportKey)}`);
  out.log(`审核 review: ${operator.objectUrl(response.reviewKey)}`);
  out.log(
    `${response.dryRun ? '邮件（未发送）email (not sent)' : '邮件（已发送）email as sent'}: ${operator.objectUrl(response.emailKey)} (workbook ${response.delivery})`,
  );
  out.log(
    response.dryRun
      ? bilingual(
          `试运行：未发送；将发往 ${response.recipients.join(', ')}。加 --send 发送`,
          `dry run: not sent; it would go to ${response.recipients.join(', ')}. Send it with --send`,
        )
      : bilingual(`已发往 ${response.recipients.join(', ')}`, `sent to ${response.recipients.join(', ')}`) + ` (message ${response.messageId ?? '—'})`,
  );
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    const saved: string[] = [];
    for (const key of [response.reportKey, response.reviewKey, response.emailKey]) {
      const path = join(options.outDir, basename(key));
      await writeFile(path, await operator.resultFile(key));
      saved.push(path);
    }
    out.log(`已保存 saved: ${saved.join(', ')}`);
  }
  return 0;
}
