/**
 * `schedule [--monthly-day N|off] [--annual-date MM-DD|off] [--reset]`: on
 * which days the reports go out. Stored in the table and read by the daily
 * check, so a change takes effect the next morning without a redeploy.
 */
import { beijingTime } from '../../shared/domain/shanghai-time';
import type { SettingsStore } from '../../shared/report/operator-settings';
import { checkCalendar, effectiveCalendar, nextDueDates } from '../../shared/report/report-calendar';
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
  const store: SettingsStore = target.ports.settings;
  if (options.reset) {
    await store.deleteSetting('calendar');
    out.log('report calendar setting removed: the deployed days apply again');
  } else if (options.monthlyDay !== undefined || options.annualDate !== undefined) {
    const current = effectiveCalendar(target.config, await store.getSetting('calendar'));
    const calendar = { monthlyDay: options.monthlyDay ?? current.monthlyDay, annualDate: options.annualDate ?? current.annualDate };
    const problem = checkCalendar(calendar);
    if (problem) {
      out.error(problem);
      return 1;
    }
    await store.putSetting('calendar', { ...calendar, updatedAt: new Date().toISOString(), updatedBy: options.by });
    out.log('report calendar set; the daily check reads it, no redeploy needed');
  }
  const stored = await store.getSetting('calendar');
  const effective = effectiveCalendar(target.config, stored);
  const next = nextDueDates(effective, options.now ?? new Date());
  out.log(`deployed: monthly on day ${target.config.monthlyDay}, annual on ${target.config.annualDate}`);
  out.log(stored ? `setting: monthly on day ${stored.monthlyDay}, annual on ${stored.annualDate} (changed ${beijingTime(stored.updatedAt)} by ${stored.updatedBy ?? '?'})` : 'setting: none');
  out.log(`next (Beijing dates, checked at the daily schedule's hour): monthly ${next.monthly ?? '—'}, annual ${next.annual ?? '—'} (from the ${effective.source})`);
  return 0;
}
