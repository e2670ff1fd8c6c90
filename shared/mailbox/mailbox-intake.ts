/**
 * One message of the bureau's mailbox handled (contract 13): who sent it,
 * which units it may report for, each of its files stored under
 * `submitters/<org>/mail/…` and ingested as that unit's (section 1,
 * Identity: its rows are confined to the unit), and the one reply. Handled
 * once whatever re-polls, retries or duplicate deliveries happen: the
 * message's ledger item is claimed before anything is stored and marked when
 * its reply was handed over (mail/send-once.ts); a message answered already
 * is a duplicate.
 */
import { randomUUID } from 'node:crypto';
import { OBJECT_KEYS, SEND_KEYS } from '../layout';
import type { Clock } from '../domain/clock';
import type { DatasetName } from '../domain/datasets';
import type { SubmissionStatus } from '../domain/submission-status';
import { shanghaiDay } from '../domain/shanghai-time';
import type { IngestOutcome } from '../ingest/ingest-submission';
import type { SendLedger } from '../mail/send-ledger';
import { SEND_TIMING, sendOnce } from '../mail/send-once';
import { readInboundMessage, type InboundMessage } from './inbound-message';
import { campaignYear } from '../report/campaign';
import { composeMailboxReply, type FileResult, type ReplyBody } from './mailbox-reply';

/** A unit the roster lists with the sender's address (or the one an officer assigned the message to). */
export interface SenderUnit {
  org: string;
  dataset: Extract<DatasetName, 'incubators' | 'enterprises' | 'districts'>;
  name: string;
  /** The roster's address for the unit: where the reply goes. */
  email: string;
}

export type MailboxOutcome = 'ingested' | 'unknown_sender' | 'no_attachment' | 'auto' | 'duplicate' | 'refused';

/** What became of one message: the officer's list and the local pipeline's mailbox.json. */
export interface MailboxEntry {
  message_id: string;
  from: string;
  subject: string;
  received_at: string;
  /** The message's place in its folder (IMAP UID), or 0 for one an officer assigned: orders messages received in the same second. */
  uid: number;
  orgs: string[];
  outcome: MailboxOutcome;
  files: { name: string; key: string; status: string; accepted: number; rejected: number }[];
  ignored: string[];
  /** Why nothing was read: the limit passed, or the automatic mail's kind. */
  reason?: string;
  /** What became of the reply: sent, refused by the server (why), not taken yet (the next poll tries again). */
  reply: 'sent' | 'refused' | 'unavailable' | 'uncertain' | 'none';
}

export interface MailboxPorts {
  /** The units whose roster entries for the year carry the address (lower case). */
  unitsOf(address: string, year: number): Promise<SenderUnit[]>;
  /** The unit an officer assigned a message to, with its roster address (undefined: no such unit on the roster). */
  unit(org: string, year: number): Promise<SenderUnit | undefined>;
  ledger: SendLedger;
  storeFile(key: string, bytes: Buffer): Promise<void>;
  /** Ingests a stored file as its unit's upload made at `eventTime`; `sequencer` orders the message's files. */
  ingest(key: string, eventTime: string, sequencer: string): Promise<IngestOutcome>;
  /** The statuses and checked workbook of a file ingested before (a retried message's). */
  processed(key: string): Promise<{ statuses: SubmissionStatus[]; checkedWorkbook?: Buffer }>;
  /** Keeps an unknown sender's message for the officer (to assign it later). */
  hold(messageId: string, raw: Buffer): Promise<void>;
  sendRawEmail(raw: Buffer): Promise<string | undefined>;
  template(dataset: 'incubators' | 'enterprises'): Promise<Buffer>;
  clock: Clock;
}

export interface MailboxSettings {
  sender: string;
  district: string;
  /** Whom an unknown sender is told to contact. */
  contact: string;
  /** Only mail the bureau's server authenticated (DMARC or SPF pass) is read as a unit's. */
  requireAuth: boolean;
}

export interface HandledMessage {
  entry: MailboxEntry;
  /** The reply the mail service took (none for automatic mail, duplicates, or a reply it did not take). */
  reply?: Buffer;
  /** Whether the message is done with (marked seen and moved); not when its reply waits for the mail service. */
  done: boolean;
}

/** The upload time of a mailed file: the message's Date, or when it came in where that is missing or in the future. */
function uploadTime(message: InboundMessage, receivedAt: Date): Date {
  return message.date && message.date.getTime() <= receivedAt.getTime() ? message.date : receivedAt;
}

async function fileResult(ports: MailboxPorts, key: string, name: string, outcome: IngestOutcome): Promise<FileResult> {
  if (outcome.outcome === 'processed') return { name, ...outcome };
  if (outcome.outcome === 'duplicate') {
    const again = await ports.processed(key);
    return { name, statuses: again.statuses, toFix: 0, toExplain: 0, ...(again.checkedWorkbook ? { checkedWorkbook: again.checkedWorkbook } : {}) };
  }
  return { name, statuses: [], toFix: 0, toExplain: 0, rejectedWhole: outcome.reason };
}

/** Each file stored and ingested as each unit's, in the order the message holds them. */
async function ingestFiles(ports: MailboxPorts, message: InboundMessage, units: readonly SenderUnit[], at: Date) {
  const day = shanghaiDay(at);
  const files: FileResult[] = [];
  const listed: MailboxEntry['files'] = [];
  for (const unit of units) {
    for (const [i, file] of message.files.entries()) {
      const key = OBJECT_KEYS.mailFile(unit.org, day, message.messageId, file.name);
      await ports.storeFile(key, file.content);
      const result = await fileResult(ports, key, file.name, await ports.ingest(key, at.toISOString(), (i + 1).toString(16)));
      files.push(result);
      const accepted = result.statuses.reduce((n, s) => n + s.accepted, 0);
      const rejected = result.statuses.reduce((n, s) => n + s.rejected, 0);
      listed.push({ name: file.name, key, status: result.rejectedWhole ? 'rejected' : (result.statuses[0]?.status ?? 'rejected'), accepted, rejected });
    }
  }
  return { files, listed };
}

/** Who may report in this message, and what it says: decided before anything is stored. */
async function plan(ports: MailboxPorts, settings: MailboxSettings, message: InboundMessage, year: number, assigned?: string) {
  if (assigned) {
    const unit = await ports.unit(assigned, year);
    return unit ? [unit] : [];
  }
  if (settings.requireAuth && !message.authenticated) return [];
  return message.from ? ports.unitsOf(message.from, year) : [];
}

async function prepareReply(
  ports: MailboxPorts,
  settings: MailboxSettings,
  message: InboundMessage,
  raw: Buffer,
  entry: MailboxEntry,
  units: SenderUnit[],
  at: Date,
) {
  let body: ReplyBody;
  if (units.length === 0) {
    await ports.hold(message.messageId, raw);
    entry.outcome = 'unknown_sender';
    body = { kind: 'unknown_sender', contact: settings.contact };
  } else if (message.refused) {
    entry.outcome = 'refused';
    entry.reason = message.refused;
    body = { kind: 'refused', reason: message.refused };
  } else if (message.files.length === 0) {
    entry.outcome = 'no_attachment';
    // A district sends the package its own Torchline made: there is no blank form of it to offer.
    const datasets = [...new Set(units.map((u) => u.dataset))].filter((d) => d !== 'districts');
    body = {
      kind: 'no_attachment',
      templates: await Promise.all(datasets.map(async (d) => ({ name: `${d}-template.xlsx`, content: await ports.template(d) }))),
    };
  } else {
    const { files, listed } = await ingestFiles(ports, message, units, at);
    entry.outcome = 'ingested';
    entry.files = listed;
    body = { kind: 'ingested', files, ignored: message.ignored };
  }
  // Never to Reply-To: to the roster's address, so a unit learns of every message sent in its name; an unknown sender to its From.
  const to = units[0]?.email ?? message.from;
  return composeMailboxReply({ to, sender: settings.sender, district: settings.district, inReplyTo: message.messageId, subject: message.subject, body });
}

export interface HandleOptions {
  /** Hands an unknown sender's message to this unit (the officer's `mailbox assign`). */
  assigned?: string;
  /** The message was this many bytes, past the limit: only its header was fetched, and it is refused. */
  tooLarge?: number;
  /** Its IMAP UID in the folder read. */
  uid?: number;
}

/** Handles one message as it came in at `receivedAt`. */
export async function handleMessage(
  ports: MailboxPorts,
  settings: MailboxSettings,
  raw: Buffer,
  receivedAt: Date,
  options: HandleOptions = {},
): Promise<HandledMessage> {
  const { assigned, tooLarge } = options;
  const read = await readInboundMessage(raw, settings.sender);
  const message = tooLarge ? { ...read, files: [], refused: `邮件 ${(tooLarge / 1048576).toFixed(1)} MB，超过 25 MB / the message is over 25 MB` } : read;
  const at = uploadTime(message, receivedAt);
  const year = campaignYear(shanghaiDay(ports.clock.now()));
  const base = { message_id: message.messageId, from: message.from, subject: message.subject, received_at: receivedAt.toISOString(), uid: options.uid ?? 0 };
  const entry: MailboxEntry = { ...base, orgs: [], outcome: 'auto', files: [], ignored: message.ignored, reply: 'none' };
  if (message.automatic) return { entry: { ...entry, reason: message.automatic }, done: true };
  const units = await plan(ports, settings, message, year, assigned);
  entry.orgs = units.map((u) => u.org);
  if (units.length === 0 && !message.from) return { entry: { ...entry, outcome: 'unknown_sender' }, done: true };
  // Assigned to a unit the roster does not list with an address: nothing is read, and the stranger is not answered again.
  if (units.length === 0 && assigned) return { entry: { ...entry, outcome: 'unknown_sender', reason: `${assigned} 不在名录中 not on the roster` }, done: true };
  // An assigned message is a new handling of it: its own ledger item, so the unit's reply goes out though the sender's went before.
  const ledgerKey = SEND_KEYS.mailMessage(assigned ? `${message.messageId}#${assigned}` : message.messageId);
  const prepare = async () => {
    const reply = await prepareReply(ports, settings, message, raw, entry, units, at);
    return { raw: reply, value: reply };
  };
  const sent = await sendOnce(ports.ledger, { key: ledgerKey, prepare, send: (r) => ports.sendRawEmail(r) }, randomUUID(), {
    ...SEND_TIMING,
    clock: ports.clock,
  });
  if (sent.outcome === 'already' || sent.outcome === 'busy') return { entry: { ...entry, outcome: 'duplicate' }, done: sent.outcome === 'already' };
  entry.reply = sent.outcome === 'sent' ? 'sent' : sent.outcome;
  return { entry, ...(sent.outcome === 'sent' ? { reply: sent.value } : {}), done: sent.outcome !== 'unavailable' };
}
