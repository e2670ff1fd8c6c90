/**
 * The mail port's SES adapter: the raw MIME message as built. An answer from
 * SES is told by what it means for sending again (mail/mail-errors.ts): a
 * rejected message is a refusal; any other answer (throttling, a quota, a
 * service error) means SES did not take it; a connection that failed before
 * the request went out likewise. A request cut off after it went out (a
 * timeout) may have been taken, and is passed on as it is.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../ingest/ports';
import { MailRejectedError, MailUnavailableError } from '../mail/mail-errors';

const REFUSALS = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException']);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function sesFailure(err: unknown): Error {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const reason = `${e.name ?? 'Error'}: ${e.message ?? ''}`.slice(0, 300);
  if (e.$metadata?.httpStatusCode !== undefined)
    return REFUSALS.has(e.name ?? '') ? new MailRejectedError(reason, { cause: err }) : new MailUnavailableError(reason, { cause: err });
  if (e.code !== undefined && NOT_SENT_CODES.has(e.code)) return new MailUnavailableError(reason, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

export function sesMailer(ses: SESv2Client): Mailer {
  return {
    sendRawEmail: async (raw) => {
      try {
        return (await ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }))).MessageId;
      } catch (err) {
        throw sesFailure(err);
      }
    },
  };
}
