import { describe, expect, it } from 'vitest';
import { MAIL_TIMEOUTS } from '../../../shared/mail/mail-timeouts';
import { REPORT_SEND_TIMING, SEND_TIMING } from '../../../shared/mail/send-once';
import { MailRejectedError, MailUnavailableError } from '../../../shared/mail/mail-errors';
import { smtpFailure } from '../../../shared/storage/smtp-mailer';
import { sesFailure } from '../../../shared/storage/ses-mailer';

describe('the send-once mechanism and the mail adapters', () => {
  it('lets no mail request outlast the claim it is made under', () => {
    expect(MAIL_TIMEOUTS.connectMs + MAIL_TIMEOUTS.greetingMs + MAIL_TIMEOUTS.socketMs).toBeLessThan(SEND_TIMING.leaseMs);
    // A scheduled report waits out a dead run's lease; reminders and receipts never wait on one another.
    expect(REPORT_SEND_TIMING.waitMs).toBeGreaterThan(REPORT_SEND_TIMING.leaseMs);
    expect(SEND_TIMING.waitMs).toBe(0);
  });

  it('tells an SMTP refusal of the message from a server that never took it, and passes on a failure during DATA as it is', () => {
    expect(
      smtpFailure(Object.assign(new Error('x'), { responseCode: 550, command: 'RCPT TO', code: 'EENVELOPE', response: '550 5.1.1 no such user' })),
    ).toBeInstanceOf(MailRejectedError);
    expect(smtpFailure(Object.assign(new Error('x'), { responseCode: 552, command: 'DATA', code: 'EMESSAGE' }))).toBeInstanceOf(MailRejectedError);
    expect(smtpFailure(Object.assign(new Error('x'), { responseCode: 535, command: 'AUTH PLAIN', code: 'EAUTH' }))).toBeInstanceOf(MailUnavailableError);
    expect(smtpFailure(Object.assign(new Error('x'), { responseCode: 451, command: 'RCPT TO' }))).toBeInstanceOf(MailUnavailableError);
    expect(smtpFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', command: 'CONN' }))).toBeInstanceOf(MailUnavailableError);
    const lost = Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT', command: 'DATA' });
    expect(smtpFailure(lost)).toBe(lost);
  });

  it('tells an SES rejection from an SES that did not take the message, and passes on a request cut off after it went out', () => {
    expect(
      sesFailure(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } })),
    ).toBeInstanceOf(MailRejectedError);
    expect(sesFailure(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }))).toBeInstanceOf(
      MailUnavailableError,
    );
    expect(sesFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeInstanceOf(MailUnavailableError);
    const cut = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(sesFailure(cut)).toBe(cut);
  });
});
