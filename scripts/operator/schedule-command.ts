/**
 * `schedule [--monthly-day N|off] [--annual-date MM-DD|off] [--reset]`: on
 * which days the reports go out. Stored in the table and read by the daily
 * check, so a change takes effect the next morning without a redeploy.
 */
import { bilingual } from '../../shared/domain/bilingual';
import { beijingTime } from '../../shared/domain/shanghai-time';
import { effectiveCalendar, nextDueDates } from '../../shared/report/report-calendar';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface ScheduleOptions {
  monthlyDay?: string;
  annualDate?: string;
  reset: boolean;
  by: string;
  now?: Date;
}

export async function scheduleCommand(target: OperatorTarget, options: ScheduleOptions, out: Output): Promise<number> {
  const { operator, config, clock } = target.torchline;
  const done = await operator.calendar(options);
  if (done.outcome === 'refused') {
    out.error(done.reason);
    return 1;
  }
  if (done.outcome === 'removed') out.log(bilingual('报表日程设置已删除：恢复部署时的日期', 'report calendar setting removed: the deployed days apply again'));
  if (done.outcome === 'stored')
    out.log(bilingual('报表日程已设置；每日检查读取它，无需重新部署', 'report calendar set; the daily check reads it, no redeploy needed'));
  const stored = done.setting;
  const effective = effectiveCalendar(config, stored);
  const next = nextDueDates(effective, options.now ?? clock.now());
  out.log(
    bilingual(
      `部署时：每月 ${config.monthlyDay} 日，年度 ${config.annualDate}`,
      `deployed: monthly on day ${config.monthlyDay}, annual on ${config.annualDate}`,
    ),
  );
  out.log(
    stored
      ? bilingual(
          `设置：每月 ${stored.monthlyDay} 日，年度 ${stored.annualDate}（${beijingTime(stored.updatedAt)} ${stored.updatedBy ?? '?'}）`,
          `setting: monthly on day ${stored.monthlyDay}, annual on ${stored.annualDate}`,
        )
      : bilingual('设置：无', 'setting: none'),
  );
  out.log(
    bilingual(
      `下一次（北京日期）：月报 ${next.monthly ?? '—'}，年报 ${next.annual ?? '—'}`,
      `next (Beijing dates): monthly ${next.monthly ?? '—'}, annual ${next.annual ?? '—'} (from the ${effective.source})`,
    ),
  );
  return 0;
}
