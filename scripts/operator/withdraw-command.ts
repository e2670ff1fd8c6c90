/**
 * `withdraw KEY --reason TEXT`: takes a wrong upload back (the wrong file,
 * the wrong year). Its rows stop counting and the versions they had replaced
 * are in force again; its status becomes 已撤回 withdrawn with who, when and
 * why; the file stays in the bucket (contract section 11).
 */
import { bilingual } from '../../shared/domain/bilingual';
import { UsageError } from './cli-error';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export async function withdrawCommand(target: OperatorTarget, key: string, options: { reason?: string; by: string }, out: Output): Promise<number> {
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('撤回需要 --reason "…" 说明原因 withdraw needs --reason "…": who reads the status later must know why');
  const { operator } = target.torchline;
  const done = await operator.withdraw(key, reason, options.by);
  if (done.outcome === 'unknown') {
    out.error(bilingual(`${done.key} 没有处理状态，无法撤回`, `no status for ${done.key}: nothing to withdraw`) + ' (npm run torchline -- status)');
    return 1;
  }
  if (done.outcome === 'locked') {
    out.error(
      bilingual(
        `${done.years.join('、')} 年度已审核锁定，不能撤回；请先重新开放（npm run torchline -- reopen）`,
        `${done.years.join(', ')} is approved and locked; reopen it first`,
      ),
    );
    return 1;
  }
  if (done.outcome === 'already') {
    out.log(bilingual(`${done.key} 已经撤回`, `${done.key} is already withdrawn`));
    return 0;
  }
  const url = operator.objectUrl(done.key);
  out.log(
    bilingual(
      `${done.key} 已撤回：${done.rows} 行不再计入，之前的数据恢复有效；文件保留在 ${url}`,
      `${done.key} withdrawn: its ${done.rows} rows no longer count and what they had replaced is in force again; the file stays at ${url}`,
    ),
  );
  out.log(bilingual('下一次报表将反映这一变化：npm run torchline -- report', 'the next report reflects it: npm run torchline -- report'));
  return 0;
}
