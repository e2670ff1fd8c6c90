/**
 * Messages as the mail programs units use write them: nodemailer's RFC 2231
 * names (as Thunderbird and Apple Mail write them), Outlook and 网易/QQ 邮箱's
 * RFC 2047 names in GB18030, Foxmail's raw GB18030 bytes, forwarded messages,
 * zips made on Chinese Windows (GB18030 entry names), auto-replies, bounces.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import JSZip from 'jszip';
import iconv from 'iconv-lite';

export interface FixtureAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

/** A message as a modern client writes it (names in RFC 2231 / RFC 2047 UTF-8). */
export async function composedMessage(options: {
  from: string;
  to?: string;
  subject?: string;
  messageId?: string;
  date?: Date;
  headers?: Record<string, string>;
  attachments?: FixtureAttachment[];
  text?: string;
}): Promise<Buffer> {
  const mail = new MailComposer({
    from: options.from,
    to: options.to ?? 'keji@yingze.gov.cn',
    subject: options.subject ?? '2025年度报表',
    text: options.text ?? '您好，附件是我单位的报表。',
    ...(options.messageId ? { messageId: options.messageId } : {}),
    date: options.date ?? new Date('2026-03-20T02:00:00Z'),
    headers: options.headers ?? {},
    attachments: options.attachments ?? [],
  });
  return mail.compile().build();
}

const b64 = (bytes: Buffer) => (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

/** A message whose attachment's name is written as Outlook and 网易邮箱 write it: RFC 2047 in GB18030, or as Foxmail wrote it: raw GB18030 bytes. */
export function handwrittenMessage(options: {
  from: string;
  messageId: string;
  name: string;
  style: 'rfc2047-gb18030' | 'raw-gb18030';
  content: Buffer;
}): Buffer {
  const gb = iconv.encode(options.name, 'gb18030');
  const nameParam = options.style === 'rfc2047-gb18030' ? `"=?GB18030?B?${gb.toString('base64')}?="` : Buffer.concat([Buffer.from('"'), gb, Buffer.from('"')]);
  const head = [
    `From: ${options.from}`,
    'To: keji@yingze.gov.cn',
    `Subject: =?GB18030?B?${iconv.encode('报表', 'gb18030').toString('base64')}?=`,
    `Message-ID: <${options.messageId}>`,
    'Date: Fri, 20 Mar 2026 10:00:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="=_b1"',
    '',
    '--=_b1',
    'Content-Type: text/plain; charset=GB18030',
    'Content-Transfer-Encoding: base64',
    '',
    b64(iconv.encode('附件是报表', 'gb18030')),
    '--=_b1',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
  ].join('\r\n');
  return Buffer.concat([
    Buffer.from(head + '\r\nContent-Disposition: attachment; filename='),
    Buffer.isBuffer(nameParam) ? nameParam : Buffer.from(nameParam),
    Buffer.from(`\r\n\r\n${b64(options.content)}\r\n--=_b1--\r\n`),
  ]);
}

/** A zip as Windows' "send to compressed folder" makes it on a Chinese system: entry names in GB18030, no UTF-8 flag. */
export async function gbZip(entries: Record<string, Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({
    type: 'nodebuffer', // JSZip's types say string; it writes whatever bytes the function returns.
    encodeFileName: (name) => iconv.encode(name, 'gb18030') as unknown as string,
  });
}
