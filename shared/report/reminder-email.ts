/**
 * A reminder or a chaser (contract 12.2): Chinese first — the unit's name,
 * the year, what is missing, the deadline or how late it is, how to submit —
 * with the blank template of its dataset attached.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { bureauFrom, withCrlf, XLSX_MIME } from '../domain/mime-lines';
import type { ExpectedReporter } from './expected-reporters';

const LABELS = { incubators: '孵化器统计表', enterprises: '企业统计表', districts: '上报材料' } as const;

export interface ReminderInput {
  district: string;
  sender: string;
  /** Where the submitter sends its file: the bureau's address. */
  replyTo: string;
  year: number;
  deadline: string;
  today: string;
  reporter: ExpectedReporter;
  /** The blank form of its dataset; a district sends the package its own Torchline made, so it gets none. */
  template?: Buffer;
}

export function reminderText(input: ReminderInput): { subject: string; text: string } {
  const late = Math.round((Date.parse(`${input.today}T00:00:00Z`) - Date.parse(`${input.deadline}T00:00:00Z`)) / 86_400_000);
  const what = LABELS[input.reporter.dataset];
  const when = late > 0 ? `报送截止日期 ${input.deadline} 已过 ${late} 天` : `报送截止日期为 ${input.deadline}（还有 ${-late} 天）`;
  const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
  const whenEn = late > 0 ? `the deadline, ${input.deadline}, passed ${days(late)} ago` : `the deadline is ${input.deadline} (${days(-late)} from now)`;
  const subject = `${input.district}科技局：请报送 ${input.year} 年度${what}${late > 0 ? '（已逾期）' : ''} / Please report your ${input.year} figures`;
  const text = [
    `${input.reporter.name}：`,
    '',
    `您单位尚未报送 ${input.year} 年度${what}，${when}。`,
    input.reporter.dataset === 'districts'
      ? `请将本区县 Torchline 审核后生成的 upward-${input.year}.xlsx（上报材料）回复本邮件发送至 ${input.replyTo}。如已报送，请忽略本提醒。`
      : `请填写附件中的空白模板（或本单位自己的报表），回复本邮件发送至 ${input.replyTo}。如已报送，请忽略本提醒。`,
    '',
    `${input.reporter.name}: your ${input.year} report (${input.reporter.dataset}) has not been received; ${whenEn}.`,
    input.reporter.dataset === 'districts'
      ? `Send the approved upward-${input.year}.xlsx your Torchline made to ${input.replyTo} by replying to this email.`
      : `Fill in the attached blank template (or your own form) and send it to ${input.replyTo} by replying to this ` +
        `email. If you have already reported, please ignore this reminder.`,
  ].join('\n');
  return { subject, text };
}

export async function composeReminder(input: ReminderInput): Promise<Buffer> {
  const { subject, text } = reminderText(input);
  const mail = new MailComposer({
    from: bureauFrom(input.district, input.sender),
    to: input.reporter.email,
    replyTo: input.replyTo,
    subject,
    text,
    attachments: input.template
      ? [{ filename: `${input.year}年度${LABELS[input.reporter.dataset]}（模板）.xlsx`, content: input.template, contentType: XLSX_MIME }]
      : [],
  });
  return withCrlf(await mail.compile().build());
}
