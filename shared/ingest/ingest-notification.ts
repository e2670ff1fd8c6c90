/** Ingesting every object an S3 notification (one SQS message body) reports. */
import { ingestSubmission, type IngestOptions, type IngestOutcome } from './ingest-submission';
import type { IngestStore, MailQuota, Mailer, ObjectReader } from './ports';
import { allowedSubmitter, composeSubmitterEmail, MAILS_PER_ADDRESS_PER_DAY, SUBMITTER_METADATA } from './submitter-email';
import { SUBMITTERS_PREFIX } from './routing';
import { objectsCreated } from './s3-notification';
import { INGEST_MESSAGES } from './ingest-messages';
import { ObjectGoneError } from './transient-fault';
import { UnreadableFileError } from './parsing/unreadable-file-error';
import type { SubmissionStatus } from '../domain/submission-status';


/** Sending the checked workbook back to its submitter (submitter-email.ts). */
export interface SubmitterMail {
  mailer: Mailer;
  sender: string;
  district: string;
  /** Domains an address in staff uploads' metadata may be in; empty, such uploads draw no mail. */
  allowedDomains: readonly string[];
  /** One more mail to this address today, if its daily allowance has room. */
  quota: MailQuota;
  /** The roster's address for a submitter's key in the latest of these years (contract 12.1). */
  rosterAddress(org: string, years: readonly number[]): Promise<string | undefined>;
  /** When an upload was made, where that is not its S3 event time (the local pipeline's --now and date folders). */
  uploadedAt?(upload: Pick<SubmissionStatus, 'key' | 'order'>): string;
}

export interface NotificationResult {
  key: string;
  outcome: IngestOutcome;
  /** What became of the email to the submitter, when the upload had a checked workbook. */
  mailed?: string;
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
async function recipientOf(key: string, versionId: string | undefined, outcome: Processed, objects: ObjectReader, mail: SubmitterMail): Promise<{ to?: string; why?: string }> {
  if (outcome.org) {
    const to = await mail.rosterAddress(outcome.org, yearsOf(outcome, mail));
    return to ? { to } : { why: `not sent: no address on the roster for ${outcome.org}` };
  }
  if (key.startsWith(SUBMITTERS_PREFIX) || mail.allowedDomains.length === 0) return {};
  const named = (await objects.metadata(key, versionId))[SUBMITTER_METADATA];
  const to = allowedSubmitter(named, mail.allowedDomains);
  return to ? { to } : named ? { why: 'not sent: the address is not a plain address in an allowed domain' } : {};
}

async function mailSubmitter(key: string, versionId: string | undefined, outcome: IngestOutcome, objects: ObjectReader, mail: SubmitterMail): Promise<string | undefined> {
  // A receipt for every processed upload, with the checked workbook when there is something to fix or explain.
  if (outcome.outcome !== 'processed') return undefined;
  try {
    const { to, why } = await recipientOf(key, versionId, outcome, objects, mail);
    if (!to) return why;
    if (!(await mail.quota.take(to.toLowerCase(), new Date().toISOString().slice(0, 10), MAILS_PER_ADDRESS_PER_DAY))) {
      return `not sent: ${to} has had ${MAILS_PER_ADDRESS_PER_DAY} checked workbooks today`;
    }
    const raw = await composeSubmitterEmail({
      to,
      sender: mail.sender,
      district: mail.district,
      fileName: key.split('/').pop()!,
      statuses: outcome.statuses,
      checkedWorkbook: outcome.checkedWorkbook,
      toFix: outcome.toFix,
      toExplain: outcome.toExplain,
    });
    return `sent to ${to} (${(await mail.mailer.sendRawEmail(raw)) ?? 'no message id'})`;
  } catch (err) {
    // The upload is recorded whatever happens to the courtesy email; retrying the upload would not help it.
    return `failed: ${err instanceof Error ? err.message : String(err)}`;
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
    const open = async () => {
      try {
        return await objects.open(created.key, created.versionId);
      } catch (err) {
        // Gone before we got to it: retrying cannot help, so it is recorded as rejected instead.
        if (err instanceof ObjectGoneError) throw new UnreadableFileError(err.why === 'gone' ? INGEST_MESSAGES.objectGone : INGEST_MESSAGES.objectRefused, undefined, { cause: err });
        throw err;
      }
    };
    const outcome = await ingestSubmission(created, open, store, { ...options, objectSize: created.size });
    const mailed = mail ? await mailSubmitter(created.key, created.versionId, outcome, objects, mail) : undefined;
    results.push({ key: created.key, outcome, ...(mailed ? { mailed } : {}) });
  }
  return results;
}
