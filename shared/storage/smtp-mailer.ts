/**
 * The mail port's SMTP adapter: the bureau's own mail server, for the AWS
 * China regions (no SES there) or any bureau that prefers it. The raw MIME
 * message goes out exactly as built (the same bytes the SES adapter sends
 * and the local pipeline writes as .eml); the envelope is read from its
 * headers. TLS certificates are always checked. What went wrong is told by
 * what it means for sending again (mail/mail-errors.ts): a recipient or
 * message the server refused (5xx at RCPT TO or DATA) is a refusal; a server
 * that could not be reached, trusted or logged in to, or that said "later"
 * (4xx), never took the message; a connection lost during DATA may have
 * delivered it, and is passed on as it is.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../ingest/ports';
import { MailRejectedError, MailUnavailableError } from '../mail/mail-errors';
import { MAIL_TIMEOUTS } from '../mail/mail-timeouts';

export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (465); otherwise STARTTLS is required. */
  secure: boolean;
  /** Read once, when the first mail goes out (a Secrets Manager secret in AWS). */
  credentials: () => Promise<{ username: string; password: string } | undefined>;
  /** Test certificates only (the local sink's); a deployed stack trusts the system's CAs. */
  ca?: string;
}

/** The SMTP commands before the message itself: a failure there means the server never took it. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/i;

/** nodemailer's error as what it means for sending again. */
export function smtpFailure(err: unknown): Error {
  const { responseCode, response, command, code } = err as { responseCode?: number; response?: string; command?: string; code?: string };
  const reply = String(response ?? responseCode ?? code ?? 'no reply').slice(0, 300);
  const beforeData = command === undefined ? code === 'ECONNECTION' || code === 'EDNS' || code === 'ETLS' || code === 'EAUTH' : BEFORE_DATA.test(command);
  // A refused recipient or message is the message's; a refused login or sender is the bureau's settings, fixed and sent again.
  if (
    responseCode !== undefined &&
    responseCode >= 500 &&
    (command === undefined || /^(RCPT TO|DATA)/i.test(command) || code === 'EENVELOPE' || code === 'EMESSAGE')
  ) {
    return new MailRejectedError(reply, { cause: err });
  }
  // Any other reply (4xx, or 5xx to the login or sender) and any failure before DATA: the server did not take the message.
  if (responseCode !== undefined || beforeData) return new MailUnavailableError(reply, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

/** The addresses of a header value: `"名" <a@b.cn>, c@d.cn`. */
function addresses(value: string): string[] {
  return [...value.matchAll(/<([^<>\s]+@[^<>\s]+)>|(?:^|[\s,;])([^<>\s,;"]+@[^<>\s,;"]+)/g)].map((m) => (m[1] ?? m[2])!);
}

/** The SMTP envelope of a raw message: From, and every To, Cc and Bcc. */
export function envelopeOf(raw: Buffer): { from: string; to: string[] } {
  const head = raw
    .toString('utf8', 0, Math.min(raw.length, 64 * 1024))
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) =>
    head
      .split(/\r?\n/)
      .filter((l) => l.toLowerCase().startsWith(`${name}:`))
      .map((l) => l.slice(name.length + 1));
  const from = addresses(header('from').join(','))[0];
  const to = ['to', 'cc', 'bcc'].flatMap((n) => addresses(header(n).join(',')));
  if (!from || to.length === 0) throw new Error('a message without a From or any recipient cannot be sent');
  return { from, to };
}

export function smtpMailer(settings: SmtpSettings): Mailer {
  let transport: Promise<nodemailer.Transporter> | undefined;
  const open = async () => {
    const credentials = await settings.credentials();
    return nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: !settings.secure,
      auth: credentials ? { user: credentials.username, pass: credentials.password } : undefined,
      tls: { rejectUnauthorized: true, ...(settings.ca ? { ca: settings.ca } : {}) },
      connectionTimeout: MAIL_TIMEOUTS.connectMs,
      greetingTimeout: MAIL_TIMEOUTS.greetingMs,
      socketTimeout: MAIL_TIMEOUTS.socketMs,
    });
  };
  return {
    sendRawEmail: async (raw) => {
      let opened: nodemailer.Transporter;
      try {
        opened = await (transport ??= open());
      } catch (err) {
        // A transport that failed to open (the secret unreadable for a moment) is opened again on the next send.
        transport = undefined;
        throw new MailUnavailableError(err instanceof Error ? err.message : String(err), { cause: err });
      }
      try {
        const info = await opened.sendMail({ envelope: envelopeOf(raw), raw });
        return String(info.messageId ?? info.response);
      } catch (err) {
        throw smtpFailure(err);
      }
    },
  };
}
