/**
 * The mail port's SMTP adapter against a real SMTP server on loopback
 * (STARTTLS with a certificate made now, AUTH): the report and a checked
 * workbook go through it, and what the server received is the .eml byte for
 * byte; refusals and unreachable servers are told apart.
 */
import { SYSTEM_CLOCK } from '../../../shared/domain/clock';
import { asPrincipal } from '../../../shared/storage/aws-calls';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../../scripts/local/smtp-sink';
import { ingestNotification } from '../../../shared/ingest/ingest-notification';
import { ingestSubmission } from '../../../shared/ingest/ingest-submission';
import { MailRejectedError, MailUnavailableError } from '../../../shared/mail/mail-errors';
import { runReport } from '../../../shared/report/report-run';
import { envelopeOf, smtpMailer } from '../../../shared/storage/smtp-mailer';
import { awsPorts } from '../../../shared/storage/aws-ports';
import { freshPorts } from '../../support/local-servers';
import { csv, ENTERPRISE_HEADER, uscc } from '../../support/submission-files';

const AUTH = { username: 'torchline', password: 'test-only-password' };
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink({ auth: AUTH });
});
afterAll(async () => {
  await sink?.stop();
});

const mailer = (overrides: Partial<Parameters<typeof smtpMailer>[0]> = {}) =>
  smtpMailer({ host: sink.host, port: sink.port, secure: false, ca: sink.ca, credentials: async () => AUTH, ...overrides });

describe('the SMTP adapter of the mail port', () => {
  it('sends the report as the exact bytes of its .eml, to the recipients, from the sender', async () => {
    const ports = await freshPorts({ TORCHLINE_RECIPIENTS: 'director@yingze.gov.cn, office@yingze.gov.cn', TORCHLINE_SENDER: 'keji@yingze.gov.cn' });
    const key = 'submissions/enterprises/2021.csv';
    await asPrincipal({ kind: 'staff' }, () =>
      ports.clients.s3.send(
        new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: csv([ENTERPRISE_HEADER, [uscc(1), 'A', 2021, 'other', 'yes', 'no']]) }),
      ),
    );
    await asPrincipal({ kind: 'ingest' }, () =>
      ingestSubmission({ key, sequencer: '1', eventTime: '2022-01-01T00:00:00Z' }, () => ports.objects.open(key), ports.ingestStore),
    );
    const reportPorts = awsPorts(ports.clients, ports.config, mailer()).reportPorts;
    const before = sink.received.length;
    const result = await asPrincipal({ kind: 'report' }, () => runReport(reportPorts, ports.config, { year: 2021 }));
    if ('skipped' in result) throw new Error('skipped');
    const got = sink.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.from).toBe('keji@yingze.gov.cn');
    expect(got[0]!.to.sort()).toEqual(['director@yingze.gov.cn', 'office@yingze.gov.cn']);
    const eml = await asPrincipal({ kind: 'harness' }, () => ports.objects.getBytes(result.emailKey));
    expect(Buffer.compare(got[0]!.raw, eml)).toBe(0);
    const parsed = await simpleParser(got[0]!.raw);
    expect(Buffer.compare(parsed.attachments[0]!.content, result.workbook)).toBe(0);
  });

  it('sends a checked workbook to its submitter through the same port, the attachment byte for byte', async () => {
    const ports = await freshPorts();
    const key = 'submissions/enterprises/bad.csv';
    await asPrincipal({ kind: 'staff' }, () =>
      ports.clients.s3.send(
        new PutObjectCommand({
          Bucket: ports.bucket,
          Key: key,
          Body: csv([ENTERPRISE_HEADER, ['BAD', 'Bad', 2022, 'other', 'no', 'no']]),
          Metadata: { 'submitter-email': 'zhang@qiye.cn' },
        }),
      ),
    );
    const event = {
      Records: [
        { eventName: 'ObjectCreated:Put', eventTime: '2023-01-01T00:00:00Z', s3: { bucket: { name: ports.bucket }, object: { key, sequencer: '01' } } },
      ],
    };
    const mail = {
      mailer: mailer(),
      sender: 'keji@yingze.gov.cn',
      district: '迎泽区',
      allowedDomains: ['qiye.cn'],
      quota: ports.mailQuota,
      ledger: ports.sendLedger,
      clock: SYSTEM_CLOCK,
      rosterAddress: async () => undefined,
    };
    const [result] = await asPrincipal({ kind: 'ingest' }, () =>
      ingestNotification(JSON.stringify(event), ports.submissionReader, ports.ingestStore, undefined, mail),
    );
    expect(result!.mailed).toMatchObject({ outcome: 'sent', to: 'zhang@qiye.cn' });
    const got = sink.received.at(-1)!;
    expect(got.to).toEqual(['zhang@qiye.cn']);
    const parsed = await simpleParser(got.raw);
    const stored = await asPrincipal({ kind: 'harness' }, () => ports.objects.getBytes('results/enterprises/bad.csv.checked.xlsx'));
    expect(Buffer.compare(parsed.attachments[0]!.content, stored)).toBe(0);
  });

  it('tells a refusal (5xx, permanent) from a server it cannot reach or trust (transient)', async () => {
    const raw = Buffer.from('From: a@yingze.gov.cn\r\nTo: b@yingze.gov.cn\r\nSubject: t\r\n\r\nhello\r\n');
    // A refused login is the bureau's settings, not the message's: it is sent again once they are fixed.
    await expect(mailer({ credentials: async () => ({ username: 'torchline', password: 'wrong' }) }).sendRawEmail(raw)).rejects.toBeInstanceOf(
      MailUnavailableError,
    );
    await expect(mailer({ port: 1 }).sendRawEmail(raw)).rejects.toBeInstanceOf(MailUnavailableError);
    // Its certificate is checked: a server whose certificate is not trusted is not talked to.
    await expect(mailer({ ca: undefined }).sendRawEmail(raw)).rejects.toBeInstanceOf(MailUnavailableError);
    expect(envelopeOf(Buffer.from('From: =?UTF-8?B?5rWL?= <a@b.cn>\r\nTo: "x, y" <c@d.cn>, e@f.cn\r\nCc: g@h.cn\r\n\r\n'))).toEqual({
      from: 'a@b.cn',
      to: ['c@d.cn', 'e@f.cn', 'g@h.cn'],
    });
  });
});
