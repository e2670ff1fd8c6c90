/**
 * One message of the bureau's mailbox as the intake reads it (contract
 * section 13): who sent it, whether it is automatic mail, and its submission
 * files — attachments with a submission extension, also inside a `.zip`
 * attachment (one level, no encrypted entries) and inside an attached or
 * forwarded message — with their names decoded however the mail program
 * wrote them (RFC 2231, RFC 2047, or raw GB18030 / UTF-8 bytes). Nothing
 * here sends or stores anything.
 */
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import JSZip from 'jszip';
import { decodeHeaderBytes, utf8Headers } from './header-bytes';

/** What one message may carry (section 13): past them it is refused with a reply naming the limit. */
export const MAILBOX_LIMITS = {
  messageBytes: 25 * 1024 * 1024,
  files: 20,
  /** Entries of a zip attachment looked at, and bytes inflated from it: a zip bomb is refused, not unpacked. */
  zipEntries: 200,
  zipBytes: 100 * 1024 * 1024,
} as const;

const SUBMISSION_EXTENSIONS = new Set(['csv', 'xlsx', 'xls', 'et', 'json', 'jsonl']);

export interface InboundFile {
  name: string;
  content: Buffer;
}

export type AutomaticReason = 'auto_submitted' | 'precedence' | 'autoreply_header' | 'null_return_path' | 'delivery_report' | 'own_sender';

export interface InboundMessage {
  /** The Message-ID without its angle brackets; one made from the content when the message has none. */
  messageId: string;
  /** The From address, lower case; empty when the message has none that parses. */
  from: string;
  subject: string;
  /** The message's Date, when it has one. */
  date?: Date;
  /** Why it is automatic mail (never read, never answered); absent for a person's message. */
  automatic?: AutomaticReason;
  /** The Authentication-Results the bureau's server added: did DMARC or SPF pass for the From domain? */
  authenticated: boolean;
  files: InboundFile[];
  /** Attachments that are not submissions (pictures, signatures, .doc, .pdf), by name. */
  ignored: string[];
  /** Why the message is refused whole (a limit), in words for the reply. */
  refused?: string;
}

const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
const isSubmission = (name: string) => name.includes('.') && SUBMISSION_EXTENSIONS.has(extension(name));

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
}

function fromAddress(mail: ParsedMail): string {
  const from = mail.from as AddressObject | undefined;
  return (from?.value[0]?.address ?? '').trim().toLowerCase();
}

/** Automatic mail by its headers (RFC 3834 and the conventions of vacation responders and list servers), or from the bureau itself. */
function automaticReason(mail: ParsedMail, raw: Buffer, ownSender: string): AutomaticReason | undefined {
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_submitted';
  if (['bulk', 'junk', 'list'].includes(headerText(mail, 'precedence').trim().toLowerCase())) return 'precedence';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'autoreply_header';
  // mailparser reads `Return-Path: <>` as no address at all: look at the header as written.
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const headerEnd = head.search(/\r?\n\r?\n/);
  if (/^return-path:[ \t]*<>[ \t]*$/im.test(headerEnd >= 0 ? head.slice(0, headerEnd) : head)) return 'null_return_path';
  const type = headerText(mail, 'content-type').toLowerCase();
  if (type.includes('multipart/report') || mail.attachments.some((a) => a.contentType === 'message/delivery-status')) return 'delivery_report';
  if (fromAddress(mail) !== '' && fromAddress(mail) === ownSender.trim().toLowerCase()) return 'own_sender';
  return undefined;
}

/** DMARC or SPF passed, as the bureau's own server recorded it (its Authentication-Results header). */
function authenticatedFrom(mail: ParsedMail): boolean {
  const results = mail.headers.get('authentication-results');
  const texts = (Array.isArray(results) ? results : [results]).map((r) => (typeof r === 'string' ? r : r ? JSON.stringify(r) : '')).join(' ');
  const domain = fromAddress(mail).split('@')[1] ?? '';
  return domain !== '' && /\b(dmarc|spf)=pass\b/i.test(texts) && texts.toLowerCase().includes(domain);
}

/** An attachment's name as its sender's mail program wrote it; nameless ones named by their type. */
function attachmentName(a: Attachment, index: number): string {
  const name = a.filename?.trim();
  return name && name !== '' ? name : `attachment-${index + 1}`;
}

async function zipEntries(content: Buffer, zipName: string): Promise<{ files: InboundFile[]; ignored: string[]; refused?: string }> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(content, { decodeFileName: (bytes) => decodeHeaderBytes(Buffer.from(bytes as Uint8Array)) });
  } catch {
    return { files: [], ignored: [zipName], refused: undefined };
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > MAILBOX_LIMITS.zipEntries)
    return { files: [], ignored: [], refused: `${zipName} 中有 ${entries.length} 个文件 / holds ${entries.length} files` };
  const files: InboundFile[] = [];
  const ignored: string[] = [];
  let inflated = 0;
  for (const entry of entries) {
    const name = entry.name.split('/').pop() ?? entry.name;
    if (!isSubmission(name)) {
      ignored.push(`${zipName}/${name}`);
      continue;
    }
    const bytes = await entry.async('nodebuffer');
    inflated += bytes.length;
    if (inflated > MAILBOX_LIMITS.zipBytes) return { files: [], ignored: [], refused: `${zipName} 解压后超过 100 MB / inflates past 100 MB` };
    files.push({ name, content: bytes });
  }
  return { files, ignored };
}

/** The submission files of a message's attachments, one level into zips and attached messages. */
async function filesOf(mail: ParsedMail, depth: number): Promise<{ files: InboundFile[]; ignored: string[]; refused?: string }> {
  const files: InboundFile[] = [];
  const ignored: string[] = [];
  for (const [i, a] of mail.attachments.entries()) {
    const name = attachmentName(a, i);
    if (a.contentType === 'message/rfc822' && depth === 0) {
      const inner = await filesOf(await simpleParser(utf8Headers(a.content)), 1);
      if (inner.refused) return inner;
      files.push(...inner.files);
      ignored.push(...inner.ignored);
    } else if (extension(name) === 'zip' && depth <= 1) {
      const unzipped = await zipEntries(a.content, name);
      if (unzipped.refused) return unzipped;
      files.push(...unzipped.files);
      ignored.push(...unzipped.ignored);
    } else if (isSubmission(name)) files.push({ name, content: a.content });
    else if (a.contentDisposition === 'attachment' || a.filename) ignored.push(name);
  }
  return { files, ignored };
}

/** A message id for one that has none: the same bytes always get the same id, so a redelivery is still a duplicate. */
function contentId(raw: Buffer): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < raw.length; i++) h = Math.imul(h ^ raw[i]!, 0x01000193) >>> 0;
  return `no-id-${raw.length.toString(16)}-${h.toString(16)}@torchline`;
}

export async function readInboundMessage(raw: Buffer, ownSender: string): Promise<InboundMessage> {
  const mail = await simpleParser(utf8Headers(raw), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const base = {
    messageId: (mail.messageId ?? contentId(raw)).replace(/^<|>$/g, ''),
    from: fromAddress(mail),
    subject: mail.subject ?? '',
    ...(mail.date && !Number.isNaN(mail.date.getTime()) ? { date: mail.date } : {}),
    authenticated: authenticatedFrom(mail),
  };
  const automatic = automaticReason(mail, raw, ownSender);
  if (automatic) return { ...base, automatic, files: [], ignored: [] };
  if (raw.length > MAILBOX_LIMITS.messageBytes) {
    return { ...base, files: [], ignored: [], refused: `邮件超过 25 MB / the message is over 25 MB (${(raw.length / 1048576).toFixed(1)} MB)` };
  }
  const found = await filesOf(mail, 0);
  if (found.refused) return { ...base, files: [], ignored: [], refused: found.refused };
  if (found.files.length > MAILBOX_LIMITS.files) {
    return {
      ...base,
      files: [],
      ignored: found.ignored,
      refused: `附件中有 ${found.files.length} 个报表文件，超过 20 个 / ${found.files.length} submission files, more than 20`,
    };
  }
  return { ...base, files: found.files, ignored: found.ignored };
}
