/**
 * `recipients [--set LIST] [--reply-to LIST] [--reset]`: who the report goes
 * to. The setting is stored in the table and read by every run, so a change
 * takes effect at the next report without a redeploy.
 */
import { beijingTime } from '../../shared/domain/shanghai-time';
import type { SettingsStore } from '../../shared/report/operator-settings';
import { effectiveRecipients, parseAddresses } from '../../shared/report/recipient-settings';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface RecipientsOptions {
  set?: string;
  replyTo?: string;
  reset: boolean;
  /** Who made the change, kept with it. */
  by: string;
}

export async function recipientsCommand(target: OperatorTarget, options: RecipientsOptions, out: Output): Promise<number> {
  const store: SettingsStore = target.ports.settings;
  if (options.reset) {
    await store.deleteSetting('recipients');
    out.log('recipients setting removed: reports go to the addresses deployed again');
  } else if (options.set !== undefined) {
    let recipients: string[];
    let replyTo: string[];
    try {
      recipients = parseAddresses(options.set, '--set');
      replyTo = parseAddresses(options.replyTo ?? '', '--reply-to');
    } catch (err) {
      out.error((err as Error).message);
      return 1;
    }
    if (recipients.length === 0) {
      out.error('--set needs at least one address (use --reset to go back to the deployed ones)');
      return 1;
    }
    await store.putSetting('recipients', { recipients, replyTo, updatedAt: new Date().toISOString(), updatedBy: options.by });
    out.log(`recipients set: ${recipients.join(', ')}; the next report goes to them (no redeploy needed)`);
    out.log('while SES is in its sandbox, every recipient must be a verified identity: aws sesv2 create-email-identity --email-identity <address>');
  }
  const stored = await store.getSetting('recipients');
  const effective = effectiveRecipients(target.config, stored);
  out.log(`deployed (torchline:recipients): ${target.config.recipients.join(', ')}`);
  out.log(stored ? `setting: ${stored.recipients.join(', ')}${stored.replyTo.length ? `; reply-to ${stored.replyTo.join(', ')}` : ''} (changed ${beijingTime(stored.updatedAt)} by ${stored.updatedBy ?? '?'})` : 'setting: none');
  out.log(`reports go to: ${effective.recipients.join(', ')} (from the ${effective.source}); sent from ${target.config.sender}`);
  return 0;
}
