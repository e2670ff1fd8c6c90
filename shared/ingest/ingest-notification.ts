/** Ingesting every object an S3 notification (one SQS message body) reports. */
import { ingestSubmission, type IngestOptions, type IngestOutcome } from './ingest-submission';
import type { IngestStore, MailQuota, Mailer, ObjectReader } from './ports';
import { allowedSubmitter, composeSubmitterEmail, MAILS_PER_ADDRESS_PER_DAY, SUBMITTER_METADATA } from './submitter-email';
import { SUBMITTERS_PREFIX } from './routing';
import { objectsCreated } from './s3-notification';
import { INGEST_MESSAGES } from './ingest-messages';
import { ObjectGoneError } from './transient-fault';
import { UnreadableFileError } from './parsing/unreadable-file-error';


/** Sending the checked workbook back to its submitter (submitter-email.ts). */
export interface SubmitterMail {
  mailer: Mailer;
  sender: string;
  district: string;
  allowedDomains: readonly string[];
  /** One more mail to this address today, if its daily allowance has room. */
  quota: MailQuota;
}

export interface NotificationResult {
  key: string;
  outcome: IngestOutcome;
  /** What became of the email to the submitter, when the upload had a checked workbook. */
  mailed?: string;
}

async function mailSubmitter(key: string, versionId: string | undefined, outcome: IngestOutcome, objects: ObjectReader, mail: SubmitterMail): Promise<string | undefined> {
  // A receipt for every processed upload, with the checked workbook when there is something to fix or explain.
  if (outcome.outcome !== 'processed' || mail.allowedDomains.length === 0) return undefined;
  // A submitter's own upload never goes to an address the uploader chose: only the roster's, when it exists.
  if (key.startsWith(SUBMITTERS_PREFIX)) return undefined;
  try {
    const named = (await objects.metadata(key, versionId))[SUBMITTER_METADATA];
    const to = allowedSubmitter(named, mail.allowedDomains);
    if (!to) return named ? `not sent: the address is not a plain address in an allowed domain` : undefined;
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
