/**
 * `campaign [--deadline MM-DD] [--remind 7,1] [--chase-every N] [--chase-times N] [--officer EMAIL] [--reset] [--now YYYY-MM-DD] [--out DIR]`:
 * the reporting campaign's settings (stored in the table like the report
 * days, read by the daily check) and, on demand, where it stands: who must
 * report, who has, who to phone, written as the officer's workbook
 * 收报情况 and campaign.json. Nothing is sent from here.
 */
import { campaignSettings } from '../../shared/report/operator-settings';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { campaignJson, checkCampaignSettings, type CampaignSettings } from '../../shared/report/campaign';
import { campaignWorkbook } from '../../shared/report/campaign-workbook';
import { officerAddress } from '../../shared/report/campaign-status-mail';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface CampaignOptions {
  deadline?: string;
  remind?: string;
  chaseEvery?: string;
  chaseTimes?: string;
  officer?: string;
  reset: boolean;
  by: string;
  now?: Date;
  outDir?: string;
}

const changes = (o: CampaignOptions) =>
  o.deadline !== undefined || o.remind !== undefined || o.chaseEvery !== undefined || o.chaseTimes !== undefined || o.officer !== undefined;

/** The stored settings with the options' changes; numbers read as whole numbers or NaN (refused by the check). */
function changed(current: CampaignSettings, o: CampaignOptions): CampaignSettings {
  const whole = (text: string) => (/^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  return {
    deadline: o.deadline ?? current.deadline,
    remindDays: o.remind !== undefined ? o.remind.split(',').map(whole) : current.remindDays,
    chaseEvery: o.chaseEvery !== undefined ? whole(o.chaseEvery) : current.chaseEvery,
    chaseTimes: o.chaseTimes !== undefined ? whole(o.chaseTimes) : current.chaseTimes,
    ...(o.officer !== undefined || current.officer !== undefined ? { officer: (o.officer ?? current.officer)!.trim() } : {}),
  };
}

async function updateSettings(target: OperatorTarget, options: CampaignOptions, out: Output): Promise<boolean> {
  const store = target.ports.settings;
  if (options.reset) {
    await store.deleteSetting('campaign');
    out.log('campaign setting removed: the defaults apply again (deadline 03-31, reminders 7,1 days before, a chaser every 7 days, at most 3)');
  } else if (changes(options)) {
    const next = changed(await campaignSettings(store), options);
    const problem = checkCampaignSettings(next);
    if (problem) {
      out.error(problem);
      return false;
    }
    await store.putSetting('campaign', { ...next, updatedAt: new Date().toISOString(), updatedBy: options.by });
    out.log('campaign settings stored; the daily check reads them, no redeploy needed');
  }
  return true;
}

export async function campaignCommand(target: OperatorTarget, options: CampaignOptions, out: Output): Promise<number> {
  if (!(await updateSettings(target, options, out))) return 1;
  const settings = await campaignSettings(target.ports.settings);
  // The app's own campaign, sending nothing: uploads dated as the app dates them (locally, as the run did).
  const { campaign } = await target.torchline.campaign(options.now ?? new Date(), { send: false });
  const s = campaign.summary;
  out.log(`settings: deadline ${settings.deadline}, reminders ${settings.remindDays.join(',')} days before, a chaser every ${settings.chaseEvery} days, at most ${settings.chaseTimes}`);
  const fallback = target.config.replyTo.length > 0 ? 'the first reply-to address' : 'the sender, as no reply-to address is set';
  out.log(`the status workbook goes to ${officerAddress(target.config, settings.officer)}${settings.officer ? '' : ` (${fallback}; set another with --officer)`}`);
  out.log(`${campaign.year} (deadline ${campaign.deadline}): expected ${s.expected}, reported ${s.reported} (on time ${s.on_time}, late ${s.late}), missing ${s.missing}, exempt ${s.exempt}`);
  const toPhone = campaign.reporters.filter((r) => r.status === 'missing' && !r.email);
  if (toPhone.length > 0) out.log(`to phone (missing, no email on the roster): ${toPhone.length}, first ${toPhone.slice(0, 5).map((r) => `${r.name} ${r.phone ?? ''}`.trim()).join('; ')}`);
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, 'campaign-status.xlsx'), await campaignWorkbook(campaign, target.config.district));
    await writeFile(join(options.outDir, 'campaign.json'), JSON.stringify(campaignJson(campaign), null, 2) + '\n');
    out.log(`wrote ${join(options.outDir, 'campaign-status.xlsx')} and ${join(options.outDir, 'campaign.json')}`);
  }
  return 0;
}
