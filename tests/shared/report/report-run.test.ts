/** A report run against the local servers: DynamoDB Local, s3rver and the SES emulator. */
import { asPrincipal } from '../../../shared/storage/aws-calls';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ingestSubmission } from '../../../shared/ingest/ingest-submission';
import { runReport, type ReportResult } from '../../../shared/report/report-run';
import { ReportNotSentError, SendInProgressError } from '../../../shared/report/report-errors';
import { REPORT_SEND_TIMING as LEASE_TIMING } from '../../../shared/mail/send-once';
import { LeaseLostError } from '../../../shared/mail/mail-errors';
import { MailUnavailableError } from '../../../shared/mail/mail-errors';
import { runScheduledReports } from '../../../shared/report/scheduled-reports';
import { csv, ENTERPRISE_HEADER, uscc } from '../../support/submission-files';
import { endpoints, freshPorts } from '../../support/local-servers';
import { PutObjectCommand } from '@aws-sdk/client-s3';

async function portsWithData(env: Record<string, string> = {}) {
  const ports = await freshPorts({ TORCHLINE_SES_ENDPOINT: endpoints().ses, TORCHLINE_RECIPIENTS: `boss-${Math.random()}@yingze.gov.cn`, ...env });
  const key = 'submissions/enterprises/2021.csv';
  await asPrincipal({ kind: 'staff' }, () =>
    ports.clients.s3.send(new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: csv([ENTERPRISE_HEADER, [uscc(1), 'A', 2021, 'other', 'yes', 'no']]) })),
  );
  await asPrincipal({ kind: 'ingest' }, () =>
    ingestSubmission({ key, sequencer: '1', eventTime: '2022-01-01T00:00:00Z' }, () => ports.objects.open(key), ports.ingestStore),
  );
  return ports;
}

async function inbox(recipient: string) {
  const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as {
    emails: { destination: { to: string[] }; subject: string; attachments: unknown[] }[];
  };
  return store.emails.filter((e) => e.destination.to.some((t) => t.includes(recipient)));
}

describe('report run', () => {
  it('stores the workbook and the MIME under reports/, snapshots the indicators and sends through SES', async () => {
    const ports = await portsWithData();
    const result = (await asPrincipal({ kind: 'report' }, () =>
      runReport(ports.reportPorts, ports.config, { now: new Date(Date.UTC(2022, 0, 15)) }),
    )) as ReportResult;
    expect(result.year).toBe(2021);
    expect(result.delivery).toBe('attached');
    const stored = await asPrincipal({ kind: 'harness' }, () => ports.clients.s3.send(new GetObjectCommand({ Bucket: ports.bucket, Key: result.reportKey })));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(result.workbook)).toBe(true);
    expect(result.reportKey).toMatch(/^reports\/2021\/.+\/report-2021\.xlsx$/);
    expect(await asPrincipal({ kind: 'harness' }, () => ports.snapshots.getSnapshot(2021))).toEqual(result.indicators);
    const mails = await inbox(ports.config.recipients[0]!);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.attachments).toHaveLength(1);
  });

  it('links the report (presigned, 7 days) instead of attaching it when it exceeds the limit', async () => {
    const ports = await portsWithData({ TORCHLINE_ATTACHMENT_LIMIT_BYTES: '1000' });
    const result = (await asPrincipal({ kind: 'report' }, () =>
      runReport(ports.reportPorts, ports.config, { now: new Date(Date.UTC(2022, 0, 15)) }),
    )) as ReportResult;
    expect(result.delivery).toBe('linked');
    const mail = await simpleParser(result.email);
    expect(mail.attachments).toHaveLength(0);
    const url = /https?:\/\/\S+/.exec(mail.text ?? '')![0];
    expect(url).toContain('X-Amz-Signature=');
    expect(url).toContain(encodeURIComponent(result.reportKey).replace(/%2F/g, '/'));
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe(String(7 * 24 * 3600));
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(result.workbook)).toBe(true);
  });

  it('sends to the recipients an operator stored, read at run time, without a redeploy', async () => {
    const ports = await portsWithData();
    const director = `director-${Math.random()}@yingze.gov.cn`;
    await asPrincipal({ kind: 'operator' }, () =>
      ports.settings.putSetting('recipients', { recipients: [director], replyTo: [], updatedAt: '2022-01-01T00:00:00Z', updatedBy: 'test' }),
    );
    const result = (await asPrincipal({ kind: 'report' }, () =>
      runReport(ports.reportPorts, ports.config, { now: new Date(Date.UTC(2022, 0, 15)) }),
    )) as ReportResult;
    expect(result.recipients).toEqual([director]);
    expect(await inbox(director)).toHaveLength(1);
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(0);
    // Removing the setting returns to the addresses deployed.
    await asPrincipal({ kind: 'operator' }, () => ports.settings.deleteSetting('recipients'));
    await asPrincipal({ kind: 'report' }, () => runReport(ports.reportPorts, ports.config, { now: new Date(Date.UTC(2022, 0, 15)) }));
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(1);
  });

  it('writes the workbook, review and email of a dry run but sends nothing and claims no scheduled send', async () => {
    const ports = await portsWithData();
    const request = { now: new Date(Date.UTC(2022, 0, 15)), idempotencyKey: 'annual#2022-01-15T01:00:00.000Z', dryRun: true };
    const result = (await asPrincipal({ kind: 'report' }, () => runReport(ports.reportPorts, ports.config, request))) as ReportResult;
    expect(result.dryRun).toBe(true);
    expect(result.messageId).toBeUndefined();
    for (const key of [result.reportKey, result.reviewKey, result.emailKey]) {
      const head = await asPrincipal({ kind: 'harness' }, () => ports.clients.s3.send(new GetObjectCommand({ Bucket: ports.bucket, Key: key })));
      expect(head.ContentLength).toBeGreaterThan(0);
    }
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(0);
    // The scheduled send it resembled is still to be made.
    const real = await asPrincipal({ kind: 'report' }, () => runReport(ports.reportPorts, ports.config, { ...request, dryRun: false }));
    expect('skipped' in real).toBe(false);
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(1);
  });

  it('sends on the days of the calendar, once each, and on new days an operator stored, without a redeploy', async () => {
    const ports = await portsWithData();
    const inbox0 = async () => (await inbox(ports.config.recipients[0]!)).length;
    // 08:00 in Beijing on 1 March 2022: the deployed monthly day.
    const march1 = '2022-03-01T00:00:00Z';
    const first = await asPrincipal({ kind: 'report' }, () => runScheduledReports(ports.reportPorts, ports.config, march1, new Date(march1)));
    expect(first.map((o) => o.kind)).toEqual(['monthly']);
    expect(await inbox0()).toBe(1);
    // The scheduler delivering the same check again sends nothing more.
    const again = await asPrincipal({ kind: 'report' }, () => runScheduledReports(ports.reportPorts, ports.config, march1, new Date(march1)));
    expect(again[0]!.result).toEqual({ skipped: 'already sent', idempotencyKey: 'monthly#2022-03-01T00:00:00.000Z' });
    const march2 = '2022-03-02T00:00:00Z';
    expect(await asPrincipal({ kind: 'report' }, () => runScheduledReports(ports.reportPorts, ports.config, march2, new Date(march2)))).toEqual([]);
    await asPrincipal({ kind: 'operator' }, () =>
      ports.settings.putSetting('calendar', { monthlyDay: '2', annualDate: '03-02', updatedAt: march2, updatedBy: 'test' }),
    );
    const moved = await asPrincipal({ kind: 'report' }, () => runScheduledReports(ports.reportPorts, ports.config, march2, new Date(march2)));
    expect(moved.map((o) => o.kind)).toEqual(['annual', 'monthly']);
    expect(await inbox0()).toBe(3);
  });

  it('sends a scheduled report once, however often the schedule invokes it', async () => {
    const ports = await portsWithData();
    const request = { now: new Date(Date.UTC(2022, 0, 15)), idempotencyKey: 'annual#2022-01-15T01:00:00.000Z' };
    const first = await asPrincipal({ kind: 'report' }, () => runReport(ports.reportPorts, ports.config, request));
    const second = await asPrincipal({ kind: 'report' }, () => runReport(ports.reportPorts, ports.config, request));
    expect('skipped' in first).toBe(false);
    expect(second).toEqual({ skipped: 'already sent', idempotencyKey: request.idempotencyKey });
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(1);
  });

  it('releases the send when it fails, so the schedule retry sends it', async () => {
    const ports = await portsWithData();
    let failures = 1;
    const flaky = {
      ...ports.reportPorts,
      sendRawEmail: async (raw: Buffer) => {
        if (failures-- > 0) throw new MailUnavailableError('TooManyRequestsException: Throttling');
        return ports.reportPorts.sendRawEmail(raw);
      },
    };
    const request = { now: new Date(Date.UTC(2022, 1, 1)), idempotencyKey: 'monthly#2022-02-01T00:00:00.000Z' };
    await expect(asPrincipal({ kind: 'report' }, () => runReport(flaky, ports.config, request))).rejects.toBeInstanceOf(ReportNotSentError);
    const retry = await asPrincipal({ kind: 'report' }, () => runReport(flaky, ports.config, request));
    expect('skipped' in retry).toBe(false);
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(1);
  });

  it('sends in place of a run that died mid-send: its lease lapses once it stops renewing, and the retry waits for that', async () => {
    const ports = await portsWithData();
    const key = 'annual#2023-01-15T01:00:00.000Z';
    // A run claimed the send, then its Lambda timed out: nobody renews the lease.
    expect(await asPrincipal({ kind: 'report' }, () => ports.reportPorts.ledger.claim(key, 'dead-run', new Date(), 300))).toBe('claimed');
    const timing = { ...LEASE_TIMING, leaseMs: 300, waitMs: 3_000, pollMs: 50 };
    const retry = await asPrincipal({ kind: 'report' }, () =>
      runReport(ports.reportPorts, ports.config, { now: new Date(Date.UTC(2023, 0, 15)), idempotencyKey: key }, timing),
    );
    expect('skipped' in retry).toBe(false);
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(1);
  });

  it('fails (so the scheduler retries and alarms) while another live run still renews its lease', async () => {
    const ports = await portsWithData();
    const key = 'monthly#2023-03-01T00:00:00.000Z';
    expect(await asPrincipal({ kind: 'report' }, () => ports.reportPorts.ledger.claim(key, 'live-run', new Date(), 300))).toBe('claimed');
    const alive = setInterval(() => void asPrincipal({ kind: 'report' }, () => ports.reportPorts.ledger.renew(key, 'live-run', Date.now() + 300)), 50);
    try {
      const timing = { ...LEASE_TIMING, leaseMs: 300, waitMs: 600, pollMs: 50 };
      await expect(asPrincipal({ kind: 'report' }, () => runReport(ports.reportPorts, ports.config, { idempotencyKey: key }, timing))).rejects.toBeInstanceOf(
        SendInProgressError,
      );
    } finally {
      clearInterval(alive);
    }
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(0);
  });

  it('stops before sending when a renewal of its lease fails or finds it taken, so the retry sends once', async () => {
    const ports = await portsWithData();
    const timing = { ...LEASE_TIMING, leaseMs: 30, waitMs: 0, pollMs: 10 };
    // The snapshot write stands for a long run: the lease is renewed meanwhile, and every renewal fails.
    const slow = (renew: () => Promise<boolean>) => ({
      ...ports.reportPorts,
      ledger: {
        claim: (...a: Parameters<typeof ports.sendLedger.claim>) => ports.sendLedger.claim(...a),
        markSent: (...a: Parameters<typeof ports.sendLedger.markSent>) => ports.sendLedger.markSent(...a),
        markHanded: (...a: Parameters<typeof ports.sendLedger.markHanded>) => ports.sendLedger.markHanded(...a),
        markRefused: (...a: Parameters<typeof ports.sendLedger.markRefused>) => ports.sendLedger.markRefused(...a),
        record: (...a: Parameters<typeof ports.sendLedger.record>) => ports.sendLedger.record(...a),
        release: (...a: Parameters<typeof ports.sendLedger.release>) => ports.sendLedger.release(...a),
        renew,
      },
      putSnapshot: async (...args: Parameters<typeof ports.reportPorts.putSnapshot>) => {
        await new Promise((r) => setTimeout(r, 120));
        return ports.reportPorts.putSnapshot(...args);
      },
    });
    const denied = slow(() => Promise.reject(Object.assign(new Error('not authorized to perform: dynamodb:UpdateItem'), { name: 'AccessDeniedException' })));
    await expect(
      asPrincipal({ kind: 'report' }, () => runReport(denied, ports.config, { idempotencyKey: 'monthly#2024-01-01T00:00:00.000Z' }, timing)),
    ).rejects.toBeInstanceOf(LeaseLostError);
    const taken = slow(async () => false);
    await expect(
      asPrincipal({ kind: 'report' }, () => runReport(taken, ports.config, { idempotencyKey: 'monthly#2024-02-01T00:00:00.000Z' }, timing)),
    ).rejects.toThrow(/could not be renewed/);
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(0);
    // The retry, with a store that renews, sends it once.
    const retry = await asPrincipal({ kind: 'report' }, () =>
      runReport(ports.reportPorts, ports.config, { idempotencyKey: 'monthly#2024-01-01T00:00:00.000Z' }, timing),
    );
    expect('skipped' in retry).toBe(false);
    expect(await inbox(ports.config.recipients[0]!)).toHaveLength(1);
  });
});
