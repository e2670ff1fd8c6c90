import { describe, expect, it } from 'vitest';
import type { OperatorSettings, SettingName, SettingsStore } from '../../../shared/report/operator-settings';
import { changeAliases, changeCalendar, changeCampaign, changeRecipients } from '../../../shared/operator/setting-changes';

function memoryStore(): SettingsStore & { values: Map<SettingName, unknown> } {
  const values = new Map<SettingName, unknown>();
  return {
    values,
    getSetting: async <K extends SettingName>(name: K) => values.get(name) as OperatorSettings[K] | undefined,
    putSetting: async (name, value) => void values.set(name, value),
    deleteSetting: async (name) => void values.delete(name),
  };
}

const clock = { now: () => new Date('2026-03-01T01:00:00Z') };

describe('setting changes', () => {
  it('store a checked change with who made it and when, and answer with the setting as it stands', async () => {
    const store = memoryStore();
    const done = await changeRecipients(store, clock, { set: 'a@yingze.gov.cn, b@yingze.gov.cn', by: '王' });
    expect(done).toEqual({
      outcome: 'stored',
      setting: { recipients: ['a@yingze.gov.cn', 'b@yingze.gov.cn'], replyTo: [], updatedAt: '2026-03-01T01:00:00.000Z', updatedBy: '王' },
    });
    expect(await changeRecipients(store, clock, { by: '王' })).toMatchObject({
      outcome: 'unchanged',
      setting: { recipients: ['a@yingze.gov.cn', 'b@yingze.gov.cn'] },
    });
    expect(await changeRecipients(store, clock, { reset: true, by: '王' })).toEqual({ outcome: 'removed', setting: undefined });
  });

  it('refuse a change that does not check, and store nothing', async () => {
    const store = memoryStore();
    expect(await changeRecipients(store, clock, { set: 'not-an-address', by: '王' })).toMatchObject({ outcome: 'refused' });
    expect(await changeCalendar(store, clock, { monthlyDay: '1', annualDate: '01-20' }, { monthlyDay: '31', by: '王' })).toMatchObject({ outcome: 'refused' });
    expect(await changeCampaign(store, clock, { remind: '7,x', by: '王' })).toMatchObject({ outcome: 'refused' });
    expect(await changeAliases(store, clock, { remove: '信创', by: '王' })).toEqual({
      outcome: 'refused',
      reason: '--remove 信创: 没有这个别名 no such alias',
    });
    expect(store.values.size).toBe(0);
  });

  it('change the campaign from what is in force, defaults included, keeping what the change leaves alone', async () => {
    const store = memoryStore();
    const done = await changeCampaign(store, clock, { remind: '14,3', officer: ' li@yingze.gov.cn ', by: '王' });
    expect(done).toMatchObject({
      outcome: 'stored',
      setting: { deadline: '03-31', remindDays: [14, 3], chaseEvery: 7, chaseTimes: 3, officer: 'li@yingze.gov.cn' },
    });
  });

  it('replace an alias of the same word in the same list, and remove one by its word', async () => {
    const store = memoryStore();
    await changeAliases(store, clock, { add: '信创=it_innovation', by: '王' });
    await changeAliases(store, clock, { add: '信创=digital_industry', by: '王' });
    const after = await changeAliases(store, clock, { add: '国字号=national', by: '王' });
    expect(after.outcome === 'stored' && after.setting?.entries).toEqual([
      { list: 'sector', alias: '信创', code: 'digital_industry' },
      { list: 'level', alias: '国字号', code: 'national' },
    ]);
    const removed = await changeAliases(store, clock, { remove: '信创', by: '王' });
    expect(removed.outcome === 'stored' && removed.setting?.entries.map((e) => e.alias)).toEqual(['国字号']);
  });
});
