/**
 * The local pipeline's mailbox (contract 13): every `*.eml` of the mailbox
 * folder, in name order, delivered into a real IMAP server started here
 * (Dovecot, scripts/local/dovecot.ts) or the one given, then one poll of the
 * app as the mailbox role, writing `replies/<n>.eml` (each reply exactly as
 * handed to the mail service) and `mailbox.json`.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { MailboxEntry } from '../../shared/mailbox/mailbox-intake';
import { imapMailboxSource } from '../../shared/torchline';
import { asPrincipal, type Torchline } from '../../shared/torchline';
import type { Clock } from '../../shared/domain/clock';
import { startDovecot, type ImapServer } from './dovecot';

export interface MailboxFiles {
  json: string;
  replies: string[];
  messages: MailboxJsonMessage[];
}

/** One message of mailbox.json, as the contract writes it. */
export interface MailboxJsonMessage {
  message_id: string;
  from: string;
  subject: string;
  orgs: string[];
  outcome: MailboxEntry['outcome'];
  files: MailboxEntry['files'];
  ignored: string[];
  reply: string | null;
}

type ImapEndpoint = Pick<ImapServer, 'host' | 'port' | 'ca' | 'user' | 'password'>;

/** Delivers messages into a folder of the server, in order, as a mail server would (IMAP APPEND). */
export async function deliver(server: ImapEndpoint, folder: string, messages: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: true,
    auth: { user: server.user, pass: server.password },
    tls: { ca: [server.ca] },
    logger: false,
  });
  await client.connect();
  try {
    if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
    for await (const raw of messages) await client.append(folder, raw);
  } finally {
    await client.logout();
  }
}

async function deliverAll(server: ImapEndpoint, folder: string, dir: string): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.eml')).sort();
  await deliver(
    server,
    folder,
    (async function* () {
      for (const name of names) yield await readFile(join(dir, name));
    })(),
  );
  return names.length;
}

/** Delivers the folder's messages, polls once as the app's mailbox, and writes what it answered. */
/** The day the run plays (its --now), at 09:00 Beijing time, advancing as the run does: the mailbox's campaign year and its leases. */
function dayClock(day: string | undefined): Clock | undefined {
  if (!day) return undefined;
  const start = Date.parse(`${day}T09:00:00+08:00`);
  const began = Date.now();
  return { now: () => new Date(start + (Date.now() - began)) };
}

export async function runMailbox(dir: string, outDir: string, app: Torchline, day?: string, given?: ImapEndpoint & { folder?: string }): Promise<MailboxFiles> {
  const started = given ? undefined : await startDovecot();
  const server = (given ?? started)!;
  const folder = given?.folder ?? 'INBOX';
  try {
    await deliverAll(server, folder, dir);
    const source = await imapMailboxSource({ ...server, folder, doneFolder: `${folder === 'INBOX' ? '' : `${folder}/`}Torchline/已处理` });
    const clock = dayClock(day);
    const run = await asPrincipal({ kind: 'mailbox' }, () => app.mailbox({ source, ...(clock ? { clock } : {}) })).finally(() => source.close());
    await mkdir(join(outDir, 'replies'), { recursive: true });
    const replies: string[] = [];
    for (const [i, raw] of run.replies.entries()) {
      const path = join(outDir, 'replies', `${i + 1}.eml`);
      await writeFile(path, raw);
      replies.push(path);
    }
    let n = 0;
    const messages = run.entries.map((e) => ({
      message_id: e.message_id,
      from: e.from,
      subject: e.subject,
      orgs: e.orgs,
      outcome: e.outcome,
      files: e.files,
      ignored: e.ignored,
      reply: e.reply === 'sent' ? `${++n}.eml` : null,
    }));
    const json = join(outDir, 'mailbox.json');
    await writeFile(json, JSON.stringify({ messages }, null, 2) + '\n');
    return { json, replies, messages };
  } finally {
    await started?.stop();
  }
}
