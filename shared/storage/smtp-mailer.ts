/**
 * The mail port's SMTP adapter: the bureau's own mail server, for the AWS
 * China regions (no SES there) or any bureau that prefers it. The raw MIME
 * message goes out exactly as built (the same bytes the SES adapter sends
 * and the local pipeline writes as .eml); the envelope is read from its
 * headers. TLS certificates are always checked. A connection failure or a 4xx
 * reply is transient (retried as store faults are); a 5xx is the server's
 * refusal, with its reply in the error.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../ingest/ports';
import { StoreFault } from '../ingest/transient-fault';

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

/** A permanent refusal by the mail server (5xx): retrying the same message cannot help. */
export class MailRejectedError extends Error {
  constructor(reply: string, options?: ErrorOptions) {
    super(`the mail server refused the message: ${reply}`, options);
    this.name = 'MailRejectedError';
  }
}

/** The addresses of a header value: `"名" <a@b.cn>, c@d.cn`. */
function addresses(value: string): string[] {
  return [...value.matchAll(/<([^<>\s]+@[^<>\s]+)>|(?:^|[\s,;])([^<>\s,;"]+@[^<>\s,;"]+)/g)].map((m) => (m[1] ?? m[2])!);
}

/** The SMTP envelope of a raw message: From, and every To, Cc and Bcc. */
export function envelopeOf(raw: Buffer): { from: string; to: string[] } {
  const head = raw.toString('utf8', 0, Math.min(raw.length, 64 * 1024)).split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => head.split(/\r?\n/).filter((l) => l.toLowerCase().startsWith(`${name}:`)).map((l) => l.slice(name.length + 1));
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
    });
  };
  return {
    sendRawEmail: async (raw) => {
      transport ??= open();
      try {
        const info = await (await transport).sendMail({ envelope: envelopeOf(raw), raw });
        return String(info.messageId ?? info.response);
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) throw new MailRejectedError(String((err as { response?: string }).response ?? code), { cause: err });
        // Refused connections, timeouts and 4xx replies are the server's moment, not the message's.
        throw new StoreFault(err);
      }
    },
  };
}
