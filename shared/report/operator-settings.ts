/**
 * What an operator may change while the stack runs, each stored as one item
 * in the table and read by every report run: who the report goes to, and on
 * which days it goes out.
 */
import type { CodeAliases } from '../domain/code-aliases';
import type { RecipientSettings } from './recipient-settings';
import type { ReportCalendar } from './report-calendar';
import { DEFAULT_CAMPAIGN, type CampaignSetting, type CampaignSettings } from './campaign';

export interface OperatorSettings {
  recipients: RecipientSettings;
  calendar: ReportCalendar;
  /** The bureau's aliases for codes, read by the ingest (contract 11). */
  aliases: CodeAliases;
  /** The reporting campaign's deadline, reminders and chasers (contract 12.2). */
  campaign: CampaignSetting;
}

export type SettingName = keyof OperatorSettings;

export interface SettingsStore {
  getSetting<K extends SettingName>(name: K): Promise<OperatorSettings[K] | undefined>;
  putSetting<K extends SettingName>(name: K, value: OperatorSettings[K]): Promise<void>;
  deleteSetting(name: SettingName): Promise<void>;
}

/** The campaign's settings in force: the operator's, else the defaults (the one place the fallback is written). */
export async function campaignSettings(settings: Pick<SettingsStore, 'getSetting'>): Promise<CampaignSettings> {
  return (await settings.getSetting('campaign')) ?? DEFAULT_CAMPAIGN;
}
