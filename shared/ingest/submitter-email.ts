/**
 * Sending the checked workbook back (data contract section 10.4, and the
 * bureau's practice): when an upload names its submitter (S3 metadata
 * `submitter-email`) and that address's domain is on the configured
 * allow-list, the submitter gets a short bilingual email with what to fix
 * and the checked workbook attached. An empty allow-list never sends.
 */
import { bureauFrom, withCrlf, XLSX_MIME } from '../domain/mime-lines';
import { addressDomain } from '../domain/email-address';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { STATE_LABELS, type SubmissionStatus } from '../domain/submission-status';
import { INGEST_MESSAGES } from './ingest-messages';

export const SUBMITTER_METADATA = 'submitter-email';

/**
 * The submitter's address when it is strict and its domain is allowed; undefined otherwise. A domain
 * on the list allows exactly that domain; written with a leading dot (`.yingze.gov.cn`) it allows its
 * subdomains too.
 */
export function allowedSubmitter(address: string | undefined, allowedDomains: readonly string[]): string | undefined {
  if (!address || allowedDomains.length === 0) return undefined;
  const domain = addressDomain(address.trim());
  if (!domain) return undefined;
  const allowed = allowedDomains.some((d) => {
    const entry = d.toLowerCase();
    return entry.startsWith('.') ? domain === entry.slice(1) || domain.endsWith(entry) : domain === entry;
  });
  return allowed ? address.trim() : undefined;
}

/** Checked workbooks mailed to one address in one day, at most: an uploader cannot turn the bureau's sender into a mail cannon. */
export const MAILS_PER_ADDRESS_PER_DAY = 10;

export interface SubmitterEmailInput {
  to: string;
  sender: string;
  district: string;
  fileName: string;
  statuses: readonly SubmissionStatus[];
  /** Absent when there is nothing to fix or explain: the email is then a receipt. */
  checkedWorkbook?: Buffer;
  /** Rows with an error, and rows with only a warning or finding. */
  toFix: number;
  toExplain: number;
  /** The records this returned copy withdrew from its source (contract 11, v4). */
  withdrawn?: readonly string[];
}

export function submitterEmailText(input: SubmitterEmailInput): { subject: string; text: string } {
  const worst = input.statuses.some((s) => s.status === 'rejected')
    ? 'rejected'
    : input.statuses.some((s) => s.status === 'partially_accepted')
      ? 'partially_accepted'
      : 'accepted';
  // The file name is the uploader's text: it stays in the body and the attachment, never in the subject.
  const subject = `${input.district}科技局：您提交的文件已处理（${STATE_LABELS[worst]}）/ Your submission has been processed`;
  const lines = [
    `您好！您提交的文件 ${input.fileName} 已处理完毕。 / Your file ${input.fileName} has been processed.`,
    '',
    ...input.statuses.map(
      (s) =>
        `${s.sheet ? `工作表 ${s.sheet}：` : ''}${STATE_LABELS[s.status]}；数据 ${s.rows} 行，接受 ${s.accepted} 行，退回 ` +
        `${s.rejected} 行 / ${s.rows} rows, ${s.accepted} accepted, ${s.rejected} rejected`,
    ),
    ...(input.withdrawn && input.withdrawn.length > 0 ? ['', INGEST_MESSAGES.rowsWithdrawn(input.withdrawn)] : []),
    // Held by an approved year (contract 14): said, so the unit knows its figures wait for the bureau.
    ...input.statuses.flatMap((s) => (s.status === 'locked' ? ['', INGEST_MESSAGES.yearLocked(s.years)] : [])),
    ...(input.checkedWorkbook
      ? [
          '',
          `需要修改 ${input.toFix} 行（标红），需要说明 ${input.toExplain} 行（标黄，请在「备注」列写明原因）。 / ${input.toFix} rows to fix (red), ` +
            `${input.toExplain} rows to explain (yellow: write why in the 备注 column).`,
          '请打开附件（核对工作簿），修改后保存，将整个文件重新提交；文件名不限。',
          'Open the attached checked workbook, make the changes, save it and send the whole file back; any file name will do.',
        ]
      : []),
  ];
  return { subject, text: lines.join('\n') };
}

export async function composeSubmitterEmail(input: SubmitterEmailInput): Promise<Buffer> {
  const { subject, text } = submitterEmailText(input);
  const mail = new MailComposer({
    from: bureauFrom(input.district, input.sender),
    to: input.to,
    subject,
    text,
    attachments: input.checkedWorkbook ? [{ filename: `${input.fileName}.checked.xlsx`, content: input.checkedWorkbook, contentType: XLSX_MIME }] : [],
  });
  return withCrlf(await mail.compile().build());
}
