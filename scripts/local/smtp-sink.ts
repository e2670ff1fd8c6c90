/**
 * A real SMTP server on loopback (smtp-server, from nodemailer's authors) that
 * keeps what it receives: the mail port's SMTP adapter is tested against it,
 * and `npm start -- --mail smtp` sends through it. It offers STARTTLS with a
 * certificate made when it starts (so the adapter's certificate check is
 * exercised), and AUTH when credentials are given.
 */
import type { AddressInfo } from 'node:net';
import { loopbackCertificate } from './loopback-certificate';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message exactly as the server received it. */
  raw: Buffer;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** The sink's certificate, for the adapter to trust (a test certificate, never a deployed one). */
  ca: string;
  received: ReceivedMail[];
  /** Addresses the sink refuses at RCPT TO with 550, as a real server refuses a mailbox that does not exist (tests). */
  refused: Set<string>;
  stop(): Promise<void>;
}

export async function startSmtpSink(options: { auth?: { username: string; password: string } } = {}): Promise<SmtpSink> {
  const pems = await loopbackCertificate();
  const received: ReceivedMail[] = [];
  const refused = new Set<string>();
  const server = new SMTPServer({
    key: pems.key,
    cert: pems.cert,
    authOptional: !options.auth,
    disabledCommands: options.auth ? [] : ['AUTH'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.username && auth.password === options.auth?.password;
      callback(ok ? null : Object.assign(new Error('Invalid username or password'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { host: '127.0.0.1', port, ca: pems.cert, received, refused, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
