/**
 * The one reply to a handled message of the mailbox (contract 13): to the
 * unit's roster address (never the message's Reply-To), threaded under the
 * message (In-Reply-To, References, `回复：` and its subject), Chinese first.
 * Per file what became of it and what to do, the checked workbooks attached
 * where there is something to fix; or why nothing was read.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { bureauFrom, withCrlf, XLSX_MIME } from '../domain/mime-lines';
import { STATE_LABELS, type SubmissionStatus } from '../domain/submission-status';
import { displayText } from '../domain/display-text';
import { INGEST_MESSAGES } from '../ingest/ingest-messages';

export interface FileResult {
  name: string;
  statuses: readonly SubmissionStatus[];
  checkedWorkbook?: Buffer;
  toFix: number;
  toExplain: number;
  /** The records this returned copy withdrew from its source (contract 11, v4). */
  withdrawn?: readonly string[];
  /** Why the file was not read at all (its type or a limit). */
  rejectedWhole?: string;
}

export type ReplyBody =
  | { kind: 'ingested'; files: readonly FileResult[]; ignored: readonly string[] }
  | { kind: 'no_attachment'; templates: readonly { name: string; content: Buffer }[] }
  | { kind: 'refused'; reason: string }
  /** Nothing of the message is echoed back: the sender is nobody the bureau knows. */
  | { kind: 'unknown_sender'; contact: string };

export interface MailboxReply {
  to: string;
  sender: string;
  district: string;
  /** The message answered: its Message-ID (without brackets) and subject. */
  inReplyTo: string;
  subject: string;
  body: ReplyBody;
}

/** A subject as a header may carry it: one line, bounded (it is the sender's text), without the replies' prefixes it gathered. */
const oneLine = (text: string) => displayText(text.replace(/[\r\n]+/g, ' '), 120).replace(/^(?:(?:回复|答复|re|aw)\s*[:：]\s*)+/i, '');

function fileLines(f: FileResult): string[] {
  if (f.rejectedWhole) return [`■ ${f.name}：未读取 not read — ${f.rejectedWhole}`];
  const lines = [`■ ${f.name}`];
  for (const s of f.statuses) {
    const sheet = s.sheet ? `工作表 ${s.sheet}：` : '';
    const en = `${s.rows} rows, ${s.accepted} accepted, ${s.rejected} rejected`;
    lines.push(`  ${sheet}${STATE_LABELS[s.status]}；数据 ${s.rows} 行，接受 ${s.accepted} 行，退回 ${s.rejected} 行 / ${en}`);
    // The first problems in the message itself: a unit reading on its phone knows at once what to fix.
    for (const e of s.errors.slice(0, 5)) lines.push(`    第 ${e.row} 行 row ${e.row}, ${e.column}: ${e.message}`);
    if (s.errorCount > 5) lines.push(`    …（共 ${s.errorCount} 处，见附件 / ${s.errorCount} in all, see the attachment）`);
  }
  if (f.withdrawn && f.withdrawn.length > 0) lines.push(`  ${INGEST_MESSAGES.rowsWithdrawn(f.withdrawn)}`);
  for (const s of f.statuses) if (s.status === 'locked') lines.push(`  ${INGEST_MESSAGES.yearLocked(s.years)}`);
  if (f.checkedWorkbook) {
    lines.push(
      `  需要修改 ${f.toFix} 行（标红），需要说明 ${f.toExplain} 行（标黄，请在「备注」列写明原因）；请修改附件中的核对工作簿，保存后直接回复本邮件发回。`,
      `  ${f.toFix} rows to fix (red), ${f.toExplain} to explain (yellow: write why in the 备注 column); fix the attached checked workbook and reply with it.`,
    );
  }
  return lines;
}

function bodyText(reply: MailboxReply): string {
  const b = reply.body;
  switch (b.kind) {
    case 'ingested':
      return [
        '您好！您发来的报表已处理如下 / Your forms have been processed:',
        '',
        ...b.files.flatMap(fileLines),
        ...(b.ignored.length > 0 ? ['', `以下附件不是报表，未读取 / Not forms, not read: ${b.ignored.map((n) => displayText(n, 80)).join('、')}`] : []),
        '',
        '如有疑问，请直接回复本邮件。 / Reply to this email with any question.',
      ].join('\n');
    case 'no_attachment':
      return [
        '未找到报表附件。请填写附件中的空白模板（或贵单位自己的报表），作为附件回复本邮件。',
        'No form was attached. Fill in the attached blank template (or your own form) and reply to this email with it attached.',
      ].join('\n');
    case 'refused':
      return [`邮件未读取：${b.reason}。请分成几封邮件发送。`, `The message was not read: ${b.reason}. Send the forms in several messages.`].join('\n');
    case 'unknown_sender':
      return [
        `您的邮箱地址不在${reply.district}科技局的报送名录中，邮件未读取。请联系 ${b.contact} 登记您单位的报送邮箱。`,
        `Your address is not on the reporting roster of the bureau, so the message was not read. Contact ${b.contact} to register your unit's address.`,
      ].join('\n');
  }
}

function attachmentsOf(body: ReplyBody): { filename: string; content: Buffer; contentType: string }[] {
  if (body.kind === 'ingested') {
    return body.files.flatMap((f) => (f.checkedWorkbook ? [{ filename: `${f.name}.checked.xlsx`, content: f.checkedWorkbook, contentType: XLSX_MIME }] : []));
  }
  if (body.kind === 'no_attachment') return body.templates.map((t) => ({ filename: t.name, content: t.content, contentType: XLSX_MIME }));
  return [];
}

export async function composeMailboxReply(reply: MailboxReply): Promise<Buffer> {
  const id = `<${reply.inReplyTo}>`;
  // An unknown sender's subject is not echoed: nothing of the message goes back to an address the bureau does not know.
  const subject = reply.body.kind === 'unknown_sender' ? `${reply.district}科技局：邮箱未登记 / Address not on the roster` : `回复：${oneLine(reply.subject)}`;
  const mail = new MailComposer({
    from: bureauFrom(reply.district, reply.sender),
    to: reply.to,
    subject,
    inReplyTo: id,
    references: id,
    // An auto-reply of the unit's own must not answer this answer (RFC 3834).
    headers: { 'Auto-Submitted': 'auto-replied' },
    text: bodyText(reply),
    attachments: attachmentsOf(reply.body),
  });
  return withCrlf(await mail.compile().build());
}
