/**
 * The settings an officer changes while the stack runs (the bureau's aliases
 * for codes, who the report goes to, the report days, the campaign): each
 * change checked, stored with who made it and when, and the setting as it
 * stands after it. Nothing needs a redeploy: every run reads them.
 */
import type { Clock } from '../domain/clock';
import type { CodeAliases } from '../domain/code-aliases';
import { parseAliasDefinition } from '../domain/code-aliases';
import { campaignSettings, type OperatorSettings, type SettingName, type SettingsStore } from '../report/operator-settings';
import { parseAddresses } from '../report/recipient-settings';
import { checkCalendar, effectiveCalendar } from '../report/report-calendar';
import { checkCampaignSettings, type CampaignSettings } from '../report/campaign';

/** What became of a change: refused with the reason, or the setting as stored after it (absent: none, the defaults apply). */
export type SettingOutcome<K extends SettingName> =
  { outcome: 'refused'; reason: string } | { outcome: 'stored' | 'removed' | 'unchanged'; setting: OperatorSettings[K] | undefined };

interface Change {
  reset?: boolean;
  /** Who made the change, kept with it. */
  by: string;
}

async function apply<K extends SettingName>(
  store: SettingsStore,
  clock: Clock,
  name: K,
  change: Change,
  next: () => Promise<{ refused: string } | Omit<OperatorSettings[K], 'updatedAt' | 'updatedBy'> | undefined>,
): Promise<SettingOutcome<K>> {
  if (change.reset) {
    await store.deleteSetting(name);
    return { outcome: 'removed', setting: undefined };
  }
  const value = await next();
  if (value && 'refused' in value) return { outcome: 'refused', reason: value.refused };
  if (value) await store.putSetting(name, { ...value, updatedAt: clock.now().toISOString(), updatedBy: change.by } as OperatorSettings[K]);
  return { outcome: value ? 'stored' : 'unchanged', setting: await store.getSetting(name) };
}

export function changeAliases(store: SettingsStore, clock: Clock, change: Change & { add?: string; remove?: string }): Promise<SettingOutcome<'aliases'>> {
  return apply(store, clock, 'aliases', change, async () => {
    if (change.add === undefined && change.remove === undefined) return undefined;
    const entries = (await store.getSetting('aliases'))?.entries ?? [];
    let kept: CodeAliases['entries'] = entries.filter((e) => e.alias !== change.remove);
    if (change.remove !== undefined && kept.length === entries.length) return { refused: `--remove ${change.remove}: 没有这个别名 no such alias` };
    if (change.add !== undefined) {
      let entry: ReturnType<typeof parseAliasDefinition>;
      try {
        entry = parseAliasDefinition(change.add);
      } catch (err) {
        return { refused: (err as Error).message };
      }
      kept = [...kept.filter((e) => !(e.list === entry.list && e.alias === entry.alias)), entry];
    }
    return { entries: kept };
  });
}

export function changeRecipients(
  store: SettingsStore,
  clock: Clock,
  change: Change & { set?: string; replyTo?: string },
): Promise<SettingOutcome<'recipients'>> {
  return apply(store, clock, 'recipients', change, async () => {
    if (change.set === undefined) return undefined;
    try {
      const recipients = parseAddresses(change.set, '--set');
      const replyTo = parseAddresses(change.replyTo ?? '', '--reply-to');
      if (recipients.length === 0) return { refused: '--set 至少需要一个地址 needs at least one address (--reset goes back to the deployed ones)' };
      return { recipients, replyTo };
    } catch (err) {
      return { refused: (err as Error).message };
    }
  });
}

export function changeCalendar(
  store: SettingsStore,
  clock: Clock,
  deployed: { monthlyDay: string; annualDate: string },
  change: Change & { monthlyDay?: string; annualDate?: string },
): Promise<SettingOutcome<'calendar'>> {
  return apply(store, clock, 'calendar', change, async () => {
    if (change.monthlyDay === undefined && change.annualDate === undefined) return undefined;
    const current = effectiveCalendar(deployed, await store.getSetting('calendar'));
    const calendar = { monthlyDay: change.monthlyDay ?? current.monthlyDay, annualDate: change.annualDate ?? current.annualDate };
    const problem = checkCalendar(calendar);
    return problem ? { refused: problem } : calendar;
  });
}

export interface CampaignChange extends Change {
  deadline?: string;
  /** Days before the deadline, comma-separated ("7,1"). */
  remind?: string;
  chaseEvery?: string;
  chaseTimes?: string;
  officer?: string;
}

/** The stored settings with the change; numbers read as whole numbers or NaN (refused by the check). */
function changedCampaign(current: CampaignSettings, o: CampaignChange): CampaignSettings {
  const whole = (text: string) => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  const officer = o.officer ?? current.officer;
  return {
    deadline: o.deadline ?? current.deadline,
    remindDays: o.remind !== undefined ? o.remind.split(',').map(whole) : current.remindDays,
    chaseEvery: o.chaseEvery !== undefined ? whole(o.chaseEvery) : current.chaseEvery,
    chaseTimes: o.chaseTimes !== undefined ? whole(o.chaseTimes) : current.chaseTimes,
    ...(officer !== undefined ? { officer: officer.trim() } : {}),
  };
}

export function changeCampaign(store: SettingsStore, clock: Clock, change: CampaignChange): Promise<SettingOutcome<'campaign'>> {
  return apply(store, clock, 'campaign', change, async () => {
    const { deadline, remind, chaseEvery, chaseTimes, officer } = change;
    if ([deadline, remind, chaseEvery, chaseTimes, officer].every((v) => v === undefined)) return undefined;
    const next = changedCampaign(await campaignSettings(store), change);
    const problem = checkCampaignSettings(next);
    return problem ? { refused: problem } : next;
  });
}
