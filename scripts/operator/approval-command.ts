/**
 * `approve --year Y --by NAME [--reason TEXT]` and `reopen --year Y --by NAME
 * --reason TEXT` (contract 14): an approved year is locked — later uploads
 * are checked and answered, not counted — until it is reopened.
 */
import { bilingual } from '../../shared/domain/bilingual';
import { beijingTime } from '../../shared/domain/shanghai-time';
import type { PackageMailOutcome } from '../../shared/report/report-run';
import { UsageError } from './cli-error';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export async function approveCommand(target: OperatorTarget, options: { year?: number; by?: string; reason?: string }, out: Output): Promise<number> {
  if (options.year === undefined || !options.by?.trim()) throw new UsageError('approve 需要 --year 和 --by / approve needs --year Y --by NAME');
  const done = await target.torchline.operator.approve({ year: options.year, by: options.by.trim(), ...(options.reason ? { reason: options.reason } : {}) });
  if (done.outcome === 'refused') {
    out.error(
      bilingual(`${options.year} 年度尚有 ${done.open.length} 项未完成，不能审核：`, `${options.year} has ${done.open.length} open item(s); not approved:`),
    );
    for (const item of done.open) out.error(`  ${item}`);
    out.error(bilingual('处理后再审核，或用 --reason 说明仍要上报的原因（强制上报说明）', 'close them, or give --reason to approve anyway'));
    return 1;
  }
  const last = done.approval.history.at(-1)!;
  if (done.outcome === 'already') {
    out.log(bilingual(`${options.year} 年度已审核（${last.by}，${beijingTime(last.at)}）`, `${options.year} is approved already`));
    return 0;
  }
  out.log(bilingual(`${options.year} 年度已审核并锁定：之后的上传将被检查和答复，但不计入，直至重新开放`, `${options.year} approved and locked`));
  if (done.forcedOver.length > 0)
    out.log(bilingual(`强制上报说明：${last.reason}（仍有 ${done.forcedOver.length} 项未完成）`, `approved over ${done.forcedOver.length} open item(s)`));
  out.log(packageLine(done.mailed));
  return 0;
}

/** What became of the package's mail to the officer (contract 15). */
function packageLine(mailed: PackageMailOutcome): string {
  switch (mailed.outcome) {
    case 'sent':
      return bilingual(`上报材料已发送至 ${mailed.to}（${mailed.xlsxKey}）`, `the package was mailed to ${mailed.to}`);
    case 'already':
      return bilingual('上报材料此前已发送', 'the package was mailed before');
    case 'not_approved':
      return bilingual('上报材料未发送：年度未处于审核状态', 'the package was not mailed: the year is not approved');
    default:
      return bilingual(`上报材料暂未发送（${mailed.reason}），每日检查时将再次发送`, 'the package was not mailed now; the daily check sends it');
  }
}

export async function reopenCommand(target: OperatorTarget, options: { year?: number; by?: string; reason?: string }, out: Output): Promise<number> {
  if (options.year === undefined || !options.by?.trim() || !options.reason?.trim()) {
    throw new UsageError('reopen 需要 --year、--by 和 --reason / reopen needs --year Y --by NAME --reason TEXT');
  }
  const done = await target.torchline.operator.reopen({ year: options.year, by: options.by.trim(), reason: options.reason.trim() });
  if (done.outcome === 'not_approved') {
    out.error(bilingual(`${options.year} 年度未审核，无需重新开放`, `${options.year} is not approved; nothing to reopen`));
    return 1;
  }
  out.log(
    bilingual(
      `${options.year} 年度已重新开放；锁定期间的 ${done.released} 份上传现在计入`,
      `${options.year} reopened; ${done.released} held upload(s) now count`,
    ),
  );
  return 0;
}
