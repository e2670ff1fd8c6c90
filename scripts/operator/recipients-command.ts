/**
 * `recipients [--set LIST] [--reply-to LIST] [--reset]`: who the report goes
 * to. The setting is stored in the table and read by every run, so a change
 * takes effect at the next report without a redeploy.
 */
import { bilingual } from '../../shared/domain/bilingual';
import { beijingTime } from '../../shared/domain/shanghai-time';
import { effectiveRecipients } from '../../shared/report/recipient-settings';
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
  const { operator, config } = target.torchline;
  const done = await operator.recipients(options);
  if (done.outcome === 'refused') {
    out.error(done.reason);
    return 1;
  }
  if (done.outcome === 'removed')
    out.log(bilingual('收件人设置已删除：报表重新发往部署时的地址', 'recipients setting removed: reports go to the addresses deployed again'));
  if (done.outcome === 'stored') {
    out.log(
      bilingual(
        `收件人已设置：${done.setting?.recipients.join(', ')}；下一次报表发往这些地址（无需重新部署）`,
        `recipients set: ${done.setting?.recipients.join(', ')}; the next report goes to them (no redeploy needed)`,
      ),
    );
    out.log('while SES is in its sandbox, every recipient must be a verified identity: aws sesv2 create-email-identity --email-identity <address>');
  }
  const stored = done.setting;
  const effective = effectiveRecipients(config, stored);
  out.log(`${bilingual('部署时', 'deployed')} (torchline:recipients): ${config.recipients.join(', ')}`);
  out.log(
    stored
      ? `${bilingual('设置', 'setting')}: ` +
          `${stored.recipients.join(', ')}${stored.replyTo.length ? `; reply-to ${stored.replyTo.join(', ')}` : ''} ` +
          `(${beijingTime(stored.updatedAt)} ${stored.updatedBy ?? '?'})`
      : bilingual('设置：无', 'setting: none'),
  );
  out.log(
    bilingual(
      `报表发往：${effective.recipients.join(', ')}；发件人 ${config.sender}`,
      `reports go to: ${effective.recipients.join(', ')} (from the ${effective.source}); sent from ${config.sender}`,
    ),
  );
  return 0;
}
