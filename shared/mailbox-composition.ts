/**
 * The mailbox's part of the composition root (shared/torchline.ts): its
 * ports over the storage adapters — the roster read once per poll, files
 * stored and ingested as their unit's, the send ledger, the log — and the
 * bureau's IMAP server as its source.
 */
import { OBJECT_KEYS } from './layout';
import type { TorchlineConfig } from './config';
import type { Clock } from './domain/clock';
import { foldId } from './domain/unit-id';
import { XLSX_MIME } from './domain/mime-lines';
import { ingestSubmission } from './ingest/ingest-submission';
import type { MailboxPorts, MailboxSettings } from './mailbox/mailbox-intake';
import type { MailboxLog } from './mailbox/mailbox-poll';
import { rosterSenders, type RosterSenders } from './mailbox/roster-senders';
import { latestUploads } from './operator/submission-statuses';
import { campaignSettings } from './report/operator-settings';
import { officerAddress } from './report/campaign-status-mail';
import { submissionTemplate } from './templates/submission-template';
import type { AwsPorts } from './storage/aws-ports';
import { guarded, guardedLedger } from './storage/store-boundary';

// A Map: the extension is the sender's text (a file named `x.__proto__` must find nothing).
const MIME_OF = new Map([
  ['xlsx', XLSX_MIME],
  ['csv', 'text/csv'],
  ['json', 'application/json'],
  ['jsonl', 'application/jsonl'],
]);
const mimeOf = (key: string) => MIME_OF.get(key.slice(key.lastIndexOf('.') + 1).toLowerCase()) ?? 'application/octet-stream';

export function mailboxPorts(ports: AwsPorts, clock: Clock): MailboxPorts & { log: MailboxLog } {
  // The roster, read once per set of ports (one poll), for the year first asked.
  const rosters = new Map<number, Promise<RosterSenders>>();
  const roster = (year: number) => {
    if (!rosters.has(year)) rosters.set(year, rosterSenders(ports.reportPorts.records, year));
    return rosters.get(year)!;
  };
  return {
    unitsOf: async (address, year) => (await roster(year)).byAddress.get(address.trim().toLowerCase()) ?? [],
    unit: async (org, year) => (await roster(year)).byOrg.get(foldId(org)),
    ledger: guardedLedger(ports.sendLedger),
    storeFile: (key, bytes) => guarded(() => ports.objects.put(key, bytes, mimeOf(key))),
    ingest: (key, eventTime, sequencer) =>
      ingestSubmission({ key, eventTime, sequencer }, () => ports.submissionReader.open(key), ports.ingestStore, { now: () => clock.now() }),
    processed: async (key) => {
      const latest = latestUploads(await guarded(() => ports.submissions.statusesOf(key)));
      const checked = latest.find((s) => s.checkedWorkbook)?.checkedWorkbook;
      return { statuses: latest, ...(checked ? { checkedWorkbook: await guarded(() => ports.objects.getBytes(checked)) } : {}) };
    },
    hold: (messageId, raw) => guarded(() => ports.objects.put(OBJECT_KEYS.heldMessage(messageId), raw, 'message/rfc822')),
    sendRawEmail: (raw) => ports.mailer.sendRawEmail(raw),
    template: (dataset) => submissionTemplate(dataset),
    log: { put: (entry) => guarded(() => ports.mailboxLog.put(entry)), list: () => guarded(() => ports.mailboxLog.list()) },
    clock,
  };
}

export async function mailboxSettings(ports: AwsPorts, config: TorchlineConfig): Promise<MailboxSettings> {
  const { officer } = await campaignSettings(ports.settings);
  return { sender: config.sender, district: config.district, contact: officerAddress(config, officer), requireAuth: config.mailboxRequireAuth };
}
