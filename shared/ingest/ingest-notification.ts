/** Ingesting every object an S3 notification (one SQS message body) reports. */
import { isMailboxFile, S3_PREFIXES, SEND_KEYS } from '../layout';
import { ingestSubmission, type IngestOptions, type IngestOutcome } from './ingest-submission';
import type { IngestStore, MailQuota, Mailer, ObjectReader } from './ports';
import { allowedSubmitter, composeSubmitterEmail, MAILS_PER_ADDRESS_PER_DAY, SUBMITTER_METADATA } from './submitter-email';
import { objectsCreated } from './s3-notification';
import { INGEST_MESSAGES } from './ingest-messages';
import { ObjectGoneError } from '../storage/storage-errors';
import { DailyLimitReachedError, UnreadableFileError } from './ingest-errors';
import type { SubmissionStatus } from '../domain/submission-status';
import { shanghaiDay } from '../domain/shanghai-time';
import { randomUUID } from 'node:crypto';
import type { SendLedger } from '../mail/send-ledger';
import { SEND_TIMING, sendOnce } from '../mail/send-once';
import type { Clock } from '../domain/clock';

/** Sending the checked workbook back to its submitter (submitter-email.ts). */
export interface SubmitterMail {
  mailer: Mailer;
  sender: string;
  district: string;
  /** Domains an address in staff uploads' metadata may be in; empty, such uploads draw no mail. */
  allowedDomains: readonly string[];
  /** One more mail to this address today, if its daily allowance has room. */
  quota: MailQuota;
  /** Each upload's receipt is sent once (mail/send-once.ts), however often its event is delivered. */
  ledger: SendLedger;
  /** The app's clock: the day a receipt is counted against (a Beijing day), and the send's lease. */
  clock: Clock;
  /** The roster's address for a submitter's key in the latest of these years (contract 12.1). */
  rosterAddress(org: string, years: readonly number[]): Promise<string | undefined>;
  /** When an upload was made, where that is not its S3 event time (the local pipeline's --now and date folders). */
  uploadedAt?(upload: Pick<SubmissionStatus, 'key' | 'order'>): string;
}

/** What became of the receipt to the submitter: as data, for the log and the tests. */
export type ReceiptOutcome =
  | { outcome: 'sent'; to: string; messageId?: string }
  | { outcome: 'refused' | 'unavailable' | 'uncertain'; to: string; reason: string }
  /** Sent (or being sent) for an earlier delivery of the same event. */
  | { outcome: 'already'; to: string }
  | { outcome: 'not_sent'; why: 'no_roster_address' | 'address_not_allowed' | 'daily_limit'; to?: string }
  /** Reading the roster or the object's metadata, or composing the mail, failed: the upload is recorded all the same. */
  | { outcome: 'failed'; reason: string };

export interface NotificationResult {
  key: string;
  outcome: IngestOutcome;
  /** What became of the email to the submitter, when there was one to send. */
  mailed?: ReceiptOutcome;
}

type Processed = Extract<IngestOutcome, { outcome: 'processed' }>;

/** The reporting years an upload is about: its accepted rows' years or, when none was accepted, the campaign it was uploaded in (year Y is reported in Y+1). */
function yearsOf(outcome: Processed, mail: SubmitterMail): number[] {
  const years = outcome.statuses.flatMap((s) => s.years);
  if (years.length > 0) return years;
  const first = outcome.statuses[0]!;
  const uploaded = Number((mail.uploadedAt?.(first) ?? first.source.eventTime).slice(0, 4));
  return [uploaded - 1, uploaded];
}

/**
 * Where the mail about an upload goes: a submitter's own upload (`submitters/<org>/`) to the roster's
 * address for that org, never to one the uploader chose; a staff upload to the address its metadata
 * names, when that is in an allowed domain.
 */
async function recipientOf(
  key: string,
  versionId: string | undefined,
  outcome: Processed,
  objects: ObjectReader,
  mail: SubmitterMail,
): Promise<{ to?: string; why?: 'no_roster_address' | 'address_not_allowed' }> {
  if (outcome.org) {
    const to = await mail.rosterAddress(outcome.org, yearsOf(outcome, mail));
    return to ? { to } : { why: 'no_roster_address' };
  }
  if (key.startsWith(S3_PREFIXES.submitters) || mail.allowedDomains.length === 0) return {};
  const named = (await objects.metadata(key, versionId))[SUBMITTER_METADATA];
  const to = allowedSubmitter(named, mail.allowedDomains);
  return to ? { to } : named ? { why: 'address_not_allowed' } : {};
}

async function mailSubmitter(
  key: string,
  versionId: string | undefined,
  outcome: IngestOutcome,
  objects: ObjectReader,
  mail: SubmitterMail,
): Promise<ReceiptOutcome | undefined> {
  // A receipt for every processed upload, with the checked workbook when there is something to fix or explain.
  if (outcome.outcome !== 'processed') return undefined;
  try {
    const { to, why } = await recipientOf(key, versionId, outcome, objects, mail);
    if (!to) return why ? { outcome: 'not_sent', why } : undefined;
    const day = shanghaiDay(mail.clock.now());
    const prepare = async () => {
      // The allowance is counted only for a receipt this delivery really sends.
      if (!(await mail.quota.take(to.toLowerCase(), day, MAILS_PER_ADDRESS_PER_DAY))) throw new DailyLimitReachedError(to);
      const raw = await composeSubmitterEmail({
        to,
        sender: mail.sender,
        district: mail.district,
        fileName: key.split('/').pop()!,
        statuses: outcome.statuses,
        checkedWorkbook: outcome.checkedWorkbook,
        toFix: outcome.toFix,
        toExplain: outcome.toExplain,
        ...(outcome.withdrawn ? { withdrawn: outcome.withdrawn } : {}),
      });
      return { raw, value: undefined };
    };
    const rk = SEND_KEYS.receipt(key, outcome.statuses[0]!.order);
    const sent = await sendOnce(mail.ledger, { key: rk, prepare, send: (raw) => mail.mailer.sendRawEmail(raw) }, randomUUID(), {
      ...SEND_TIMING,
      clock: mail.clock,
    });
    switch (sent.outcome) {
      case 'sent':
        return { outcome: 'sent', to, messageId: sent.messageId };
      case 'already':
      case 'busy':
        return { outcome: 'already', to };
      default:
        return { outcome: sent.outcome, to, reason: sent.reason };
    }
  } catch (err) {
    if (err instanceof DailyLimitReachedError) return { outcome: 'not_sent', why: 'daily_limit' };
    // The upload is recorded whatever happens to the courtesy email; retrying the upload would not help it.
    return { outcome: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }
}

export async function ingestNotification(
  body: string,
  objects: ObjectReader,
  store: IngestStore,
  options?: IngestOptions,
  mail?: SubmitterMail,
): Promise<NotificationResult[]> {
  const results: NotificationResult[] = [];
  for (const created of objectsCreated(body)) {
    if (isMailboxFile(created.key)) {
      // Stored by the mailbox intake, which ingested it and answered its message: read once, there.
      results.push({ key: created.key, outcome: { outcome: 'ignored', reason: 'ingested by the mailbox intake' } });
      continue;
    }
    const open = async () => {
      try {
        return await objects.open(created.key, created.versionId);
      } catch (err) {
        // Gone before we got to it: retrying cannot help, so it is recorded as rejected instead.
        if (err instanceof ObjectGoneError)
          throw new UnreadableFileError(err.why === 'gone' ? INGEST_MESSAGES.objectGone : INGEST_MESSAGES.objectRefused, undefined, { cause: err });
        throw err;
      }
    };
    const outcome = await ingestSubmission(created, open, store, { ...options, objectSize: created.size });
    const mailed = mail ? await mailSubmitter(created.key, created.versionId, outcome, objects, mail) : undefined;
    results.push({ key: created.key, outcome, ...(mailed ? { mailed } : {}) });
  }
  return results;
}
