/** One error taxonomy: per context a base class; every error names its class (also in the minified bundle) and keeps its cause. */
import { describe, expect, it } from 'vitest';
import { DailyLimitReachedError, IngestError, UnreadableFileError, XmlPartError } from '../../shared/ingest/ingest-errors';
import {
  ExampleAddressError,
  InvalidTriggerError,
  ReportError,
  ReportNotSentError,
  SendInProgressError,
  StoredRecordError,
} from '../../shared/report/report-errors';
import { LeaseLostError, MailError, MailRejectedError, MailUnavailableError } from '../../shared/mail/mail-errors';
import { ObjectGoneError, ReportFunctionError, SmtpSecretError, StackUnreachableError, StorageError, StoreFault } from '../../shared/storage/storage-errors';

const cause = new Error('the socket closed');

describe('the error taxonomy', () => {
  it.each([
    ['UnreadableFileError', IngestError, new UnreadableFileError('bad zip', 3, { cause })],
    ['XmlPartError', IngestError, new XmlPartError('not well-formed')],
    ['DailyLimitReachedError', IngestError, new DailyLimitReachedError('a@b.cn')],
    ['SendInProgressError', ReportError, new SendInProgressError('k')],
    ['ReportNotSentError', ReportError, new ReportNotSentError('k', 'refused', '550')],
    ['ExampleAddressError', ReportError, new ExampleAddressError('example')],
    ['StoredRecordError', ReportError, new StoredRecordError('enterprises', 'k')],
    ['InvalidTriggerError', ReportError, new InvalidTriggerError('shape')],
    ['MailRejectedError', MailError, new MailRejectedError('550 no such user', { cause })],
    ['MailUnavailableError', MailError, new MailUnavailableError('ECONNREFUSED', { cause })],
    ['LeaseLostError', MailError, new LeaseLostError('k', { cause })],
    ['StoreFault', StorageError, new StoreFault(cause)],
    ['ObjectGoneError', StorageError, new ObjectGoneError('k', 'gone', { cause })],
    ['SmtpSecretError', StorageError, new SmtpSecretError('arn', 'is not JSON')],
    ['StackUnreachableError', StorageError, new StackUnreachableError('no stack', { cause })],
    ['ReportFunctionError', StorageError, new ReportFunctionError('failed')],
  ] as const)("%s is its context's error, named by its class", (name, base, error) => {
    expect(error).toBeInstanceOf(base);
    expect(error.name).toBe(name);
  });

  it('keeps the cause it was given', () => {
    expect(new StoreFault(cause).cause).toBe(cause);
    expect(new UnreadableFileError('bad zip', 3, { cause }).cause).toBe(cause);
    expect(new StackUnreachableError('no stack', { cause }).cause).toBe(cause);
  });
});
