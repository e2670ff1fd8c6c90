/**
 * `mailbox` lists what came in by mail (handled, unknown senders, refused,
 * automatic), in Beijing time; `mailbox assign MESSAGE-ID --org KEY` hands
 * an unknown sender's message to a unit, which is then handled as that
 * unit's and answered at its roster address (contract section 13).
 */
import { bilingual } from '../../shared/domain/bilingual';
import { beijingTime } from '../../shared/domain/shanghai-time';
import type { MailboxEntry } from '../../shared/mailbox/mailbox-intake';
import { UsageError } from './cli-error';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

const OUTCOME_LABELS: Record<MailboxEntry['outcome'], string> = {
  ingested: '已读取 read',
  unknown_sender: '未登记发件人 unknown sender',
  no_attachment: '无报表附件 no form',
  auto: '自动邮件 automatic',
  duplicate: '重复 duplicate',
  refused: '超出限制 refused',
};

const REPLY_LABELS: Record<MailboxEntry['reply'], string> = {
  sent: '已回复 answered',
  refused: '回复被拒 reply refused',
  unavailable: '待回复 reply waiting',
  uncertain: '回复未确认 reply uncertain',
  none: '未回复 not answered',
};

export function mailboxLines(e: MailboxEntry): string[] {
  const orgs = e.orgs.length > 0 ? `  ${e.orgs.join(', ')}` : '';
  const lines = [`${beijingTime(e.received_at)}  ${OUTCOME_LABELS[e.outcome]}  ${e.from || '—'}${orgs}  <${e.message_id}>  ${REPLY_LABELS[e.reply]}`];
  for (const f of e.files)
    lines.push(
      `  ${f.name}: ${f.status}, ${bilingual(`接受 ${f.accepted}，退回 ${f.rejected}`, `accepted ${f.accepted}, rejected ${f.rejected}`)}  (${f.key})`,
    );
  if (e.reason) lines.push(`  ${bilingual('原因', 'why')}: ${e.reason}`);
  if (e.ignored.length > 0) lines.push(`  ${bilingual('未读取的附件', 'attachments not read')}: ${e.ignored.join(', ')}`);
  return lines;
}

export async function mailboxCommand(target: OperatorTarget, args: string[], options: { org?: string }, out: Output): Promise<number> {
  const { operator } = target.torchline;
  if (args.length === 0) {
    const entries = await operator.mailbox();
    for (const e of entries) for (const line of mailboxLines(e)) out.log(line);
    const unknown = entries.filter((e) => e.outcome === 'unknown_sender').length;
    out.log(bilingual(`共 ${entries.length} 封邮件，其中未登记发件人 ${unknown} 封`, `${entries.length} message(s), ${unknown} from unknown senders`));
    if (unknown > 0)
      out.log(
        bilingual('将未登记发件人的邮件交给某单位：', "hand an unknown sender's message to a unit:") +
          ' npm run torchline -- mailbox assign <message-id> --org <统一社会信用代码>',
      );
    return 0;
  }
  if (args[0] !== 'assign' || args.length !== 2) throw new UsageError('mailbox 只接受 assign <message-id> / mailbox takes only: assign <message-id> --org KEY');
  if (!options.org) throw new UsageError('mailbox assign 需要 --org <单位的统一社会信用代码或孵化器编号> / needs --org KEY');
  const entry = await operator.assignMessage(args[1]!, options.org);
  if (!entry) {
    out.error(
      bilingual(
        `没有保存编号为 ${args[1]} 的未登记发件人邮件（npm run torchline -- mailbox 列出它们）`,
        `no unknown sender's message ${args[1]} is kept (npm run torchline -- mailbox lists them)`,
      ),
    );
    return 1;
  }
  for (const line of mailboxLines(entry)) out.log(line);
  if (entry.orgs.length === 0) {
    out.error(
      bilingual(
        `${options.org} 不在本年度名录中，或名录中没有其邮箱：请先在名录中登记`,
        `${options.org} is not on this year's roster with an email: add it to the roster first`,
      ),
    );
    return 1;
  }
  return 0;
}
