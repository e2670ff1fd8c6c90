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
import { latestUploads, submissionKey } from './status-command';

export async function withdrawCommand(target: OperatorTarget, key: string, options: { reason?: string; by: string }, out: Output): Promise<number> {
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('withdraw needs --reason "…": who reads the status later must know why');
  const submission = submissionKey(key);
  const latest = latestUploads(await target.ports.submissions.statusesOf(submission));
  if (latest.length === 0) {
    out.error(bilingual(`${submission} 没有处理状态，无法撤回`, `no status for ${submission}: nothing to withdraw`) + ' (npm run torchline -- status)');
    return 1;
  }
  if (latest.every((s) => s.status === 'withdrawn')) {
    out.log(bilingual(`${submission} 已经撤回`, `${submission} is already withdrawn`));
    return 0;
  }
  const withdrawal = { by: options.by, at: new Date().toISOString(), reason };
  await target.ports.submissions.withdraw(latest, withdrawal);
  const rows = latest.reduce((n, s) => n + s.accepted, 0);
  out.log(
    bilingual(
      `${submission} 已撤回：${rows} 行不再计入，之前的数据恢复有效；文件保留在 ${target.objectUrl(submission)}`,
      `${submission} withdrawn: its ${rows} rows no longer count and what they had replaced is in force again; the file stays at ${target.objectUrl(submission)}`,
    ),
  );
  out.log('the next report reflects it: npm run torchline -- report');
  return 0;
}
