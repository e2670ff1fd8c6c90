/**
 * `campaign [--deadline MM-DD] [--remind 7,1] [--chase-every N] [--chase-times N] [--officer EMAIL] [--reset] [--now YYYY-MM-DD] [--out DIR]`:
 * the reporting campaign's settings (stored in the table like the report
 * days, read by the daily check) and, on demand, where it stands: who must
 * report, who has, who to phone, written as the officer's workbook
 * 收报情况 and campaign.json. Nothing is sent from here.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { campaignJson } from '../../shared/report/campaign';
import { campaignWorkbook } from '../../shared/report/campaign-workbook';
import { officerAddress } from '../../shared/report/campaign-status-mail';
import type { CampaignChange } from '../../shared/operator/setting-changes';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface CampaignOptions extends CampaignChange {
  reset: boolean;
  now?: Date;
  outDir?: string;
}

export async function campaignCommand(target: OperatorTarget, options: CampaignOptions, out: Output): Promise<number> {
  const { torchline } = target;
  const { outcome, inForce: settings } = await torchline.operator.campaignSettings(options);
  if (outcome.outcome === 'refused') {
    out.error(outcome.reason);
    return 1;
  }
  if (outcome.outcome === 'removed')
    out.log('campaign setting removed: the defaults apply again (deadline 03-31, reminders 7,1 days before, a chaser every 7 days, at most 3)');
  if (outcome.outcome === 'stored') out.log('campaign settings stored; the daily check reads them, no redeploy needed');
  // The app's own campaign, sending nothing: uploads dated as the app dates them (locally, as the run did).
  const { campaign } = await torchline.campaign(options.now ?? torchline.clock.now(), { send: false });
  const s = campaign.summary;
  out.log(
    `settings: deadline ${settings.deadline}, reminders ${settings.remindDays.join(',')} days before, a chaser ` +
      `every ${settings.chaseEvery} days, at most ${settings.chaseTimes}`,
  );
  const fallback = torchline.config.replyTo.length > 0 ? 'the first reply-to address' : 'the sender, as no reply-to address is set';
  out.log(
    `the status workbook goes to ${officerAddress(torchline.config, settings.officer)}${settings.officer ? '' : ` (${fallback}; set another with --officer)`}`,
  );
  out.log(
    `${campaign.year} (deadline ${campaign.deadline}): expected ${s.expected}, reported ${s.reported} (on time ` +
      `${s.on_time}, late ${s.late}), missing ${s.missing}, exempt ${s.exempt}`,
  );
  const toPhone = campaign.reporters.filter((r) => r.status === 'missing' && !r.email);
  if (toPhone.length > 0)
    out.log(
      `to phone (missing, no email on the roster): ${toPhone.length}, first ${toPhone
        .slice(0, 5)
        .map((r) => `${r.name} ${r.phone ?? ''}`.trim())
        .join('; ')}`,
    );
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, 'campaign-status.xlsx'), await campaignWorkbook(campaign, torchline.config.district));
    await writeFile(join(options.outDir, 'campaign.json'), JSON.stringify(campaignJson(campaign), null, 2) + '\n');
    out.log(`wrote ${join(options.outDir, 'campaign-status.xlsx')} and ${join(options.outDir, 'campaign.json')}`);
  }
  return 0;
}
