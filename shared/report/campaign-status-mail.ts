/**
 * The officer's status workbook by email (contract 12.3): the daily check
 * sends 收报情况 to the officer whenever the campaign changed since the last
 * one sent — a send-ledger item per campaign state (a digest of
 * campaign.json), claimed before and marked after the send, so a retried or
 * repeated check sends the same state once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sendOnce } from '../mail/send-once';
import { SEND_KEYS } from '../layout';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { TorchlineConfig } from '../config';
import { bureauFrom, withCrlf, XLSX_MIME } from '../domain/mime-lines';
import { campaignJson, type CampaignDocument, type CampaignPorts } from './campaign';
import { campaignWorkbook } from './campaign-workbook';

/** Who gets it: the campaign's officer setting, else the first reply-to address (the bureau's own), else the sender (12.3's default). */
export const officerAddress = (config: Pick<TorchlineConfig, 'replyTo' | 'sender'>, officer?: string): string => officer ?? config.replyTo[0] ?? config.sender;

export async function composeStatusEmail(
  doc: CampaignDocument,
  config: Pick<TorchlineConfig, 'district' | 'sender' | 'replyTo'>,
  workbook: Buffer,
  officer?: string,
): Promise<Buffer> {
  const s = doc.summary;
  const rate = s.on_time_rate === null ? '—' : `${(s.on_time_rate * 100).toFixed(1)}%`;
  const toPhone = doc.reporters.filter((r) => r.status === 'missing' && !r.email).length;
  const mail = new MailComposer({
    from: bureauFrom(config.district, config.sender),
    to: officerAddress(config, officer),
    subject: `${config.district}${doc.year}年度收报情况：已报 ${s.reported}/${s.expected}，未报 ${s.missing} / Reporting status ${doc.year}`,
    text: [
      `${doc.year} 年度收报情况（截止 ${doc.deadline}）：应报 ${s.expected}，已报 ${s.reported}（按时 ${s.on_time}，逾期 ${s.late}），未报 ${s.missing}，免报 ${s.exempt}，按时报送率 ${rate}。`,
      `需电话催报（未报且无邮箱）${toPhone} 家，名单在附件表格最前。`,
      '',
      `${doc.year} reporting status (deadline ${doc.deadline}): expected ${s.expected}, reported ${s.reported} (on ` +
        `time ${s.on_time}, late ${s.late}), missing ${s.missing}, exempt ${s.exempt}, on-time rate ${rate}.`,
      `${toPhone} missing units have no email and must be phoned; they head the attached workbook.`,
    ].join('\n'),
    attachments: [{ filename: `${config.district}${doc.year}年度收报情况.xlsx`, content: workbook, contentType: XLSX_MIME }],
  });
  return withCrlf(await mail.compile().build());
}

/** Sends the status workbook when this state of the campaign has not been sent (mail/send-once.ts); the raw message, or undefined. */
export async function sendStatusIfChanged(
  ports: Pick<CampaignPorts, 'ledger' | 'sendRawEmail' | 'sendTiming'>,
  config: Pick<TorchlineConfig, 'district' | 'sender' | 'replyTo'>,
  doc: CampaignDocument,
  officer?: string,
): Promise<Buffer | undefined> {
  const digest = createHash('sha256')
    .update(JSON.stringify(campaignJson(doc)))
    .digest('hex')
    .slice(0, 32);
  const key = SEND_KEYS.campaignStatus(doc.year, officerAddress(config, officer), digest);
  const prepare = async () => {
    const raw = await composeStatusEmail(doc, config, await campaignWorkbook(doc, config.district), officer);
    return { raw, value: raw };
  };
  const sent = await sendOnce(ports.ledger, { key, prepare, send: (raw) => ports.sendRawEmail(raw) }, `${key}#${randomUUID()}`, ports.sendTiming);
  // Refused or not taken: the next check tries the state then current (a service that did not take it frees the key).
  return sent.outcome === 'sent' ? sent.value : undefined;
}
