/**
 * Every mail once and only once, under the faults a mail path meets
 * (mail/send-once.ts): the campaign's reminders through a real SMTP server on
 * loopback that refuses one mailbox (550), a server that is down for a day,
 * a mark of "sent" that fails, a run that dies after handing a message over
 * with its claim lapsed, and two checks at once; and a scheduled report the
 * mail service did not take, sent by the next daily check.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../scripts/local/smtp-sink';
import { freePort } from '../../scripts/local/local-stack';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import { MailUnavailableError } from '../../shared/mail/mail-errors';
import { SEND_TIMING } from '../../shared/mail/send-once';
import { campaignWorkbook } from '../../shared/report/campaign-workbook';
import { runCampaign, type CampaignPorts } from '../../shared/report/campaign';
import { runScheduledReports } from '../../shared/report/scheduled-reports';
import { asPrincipal } from '../../shared/storage/aws-calls';
import { smtpMailer } from '../../shared/storage/smtp-mailer';
import { submissionTemplate } from '../../shared/templates/submission-template';
import { awsPorts } from '../../shared/storage/aws-ports';
import { freshPorts } from '../support/local-servers';
import { csv, ENTERPRISE_HEADER, loadWorkbook, uscc } from '../support/submission-files';

const UNITS = ['a', 'b', 'c', 'd'].map((name, i) => ({ key: uscc(200 + i), name: `单位${name.toUpperCase()}`, email: `${name}@qiye.cn` }));
/** The first reminder of reporting year 2021 (7 days before the 03-31 deadline), 09:00 in Beijing, and the next. */
const DAY1 = new Date('2022-03-24T09:00:00+08:00');
const DAY1_NEXT = new Date('2022-03-25T09:00:00+08:00');
const DAY2 = new Date('2022-03-30T09:00:00+08:00');
const FAST = { ...SEND_TIMING, waitMs: 0, sleep: async () => undefined };

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.stop();
});

const toSink = (port = sink.port) => smtpMailer({ host: sink.host, port, secure: false, ca: sink.ca, credentials: async () => undefined });
const receivedBy = (address: string, since: number) => sink.received.slice(since).filter((m) => m.to.includes(address)).length;

/** A table and bucket holding the 2021 roster of four units, each with an address, none reported. */
async function withRoster() {
  const ports = await freshPorts();
  const key = 'submissions/roster/2021.csv';
  const body = csv([['year', 'dataset', 'key', 'name', 'email'], ...UNITS.map((u) => [2021, 'enterprises', u.key, u.name, u.email])]);
  await asPrincipal({ kind: 'staff' }, () => ports.clients.s3.send(new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: body })));
  await asPrincipal({ kind: 'ingest' }, () =>
    ingestSubmission({ key, sequencer: '01', eventTime: '2022-01-05T00:00:00Z' }, () => ports.objects.open(key), ports.ingestStore),
  );
  const campaignPorts = (mailer = toSink()): CampaignPorts => ({
    records: ports.reportPorts.records,
    ledger: ports.sendLedger,
    sendRawEmail: (raw) => mailer.sendRawEmail(raw),
    template: (d) => submissionTemplate(d),
    sendTiming: FAST,
  });
  const check = (at: Date, ports = campaignPorts()) =>
    asPrincipal({ kind: 'report' }, () => runCampaign(ports, { district: '迎泽区', sender: 'keji@yingze.gov.cn', replyTo: [] }, at));
  return { ports, campaignPorts, check };
}

describe('every mail once and only once', () => {
  it('sends the other reminders when the server refuses one address (550), and lists the refusal against that unit for the officer', async () => {
    const { check } = await withRoster();
    const since = sink.received.length;
    sink.refused.add('c@qiye.cn');
    try {
      const run = await check(DAY1);
      expect(run.sent).toHaveLength(3);
      expect(run.refused).toBe(1);
      for (const u of ['a@qiye.cn', 'b@qiye.cn', 'd@qiye.cn']) expect(receivedBy(u, since)).toBe(1);
      const c = run.campaign.reporters.find((r) => r.email === 'c@qiye.cn')!;
      expect(c.reminders).toEqual([]);
      expect(c.mail_refused).toMatch(/^2022-03-24: 550/);
      // The refused reminder is not tried again that day; the officer's workbook says it was refused.
      const again = await check(DAY1);
      expect(again.sent).toEqual([]);
      expect(again.campaign.reporters.find((r) => r.email === 'c@qiye.cn')!.mail_refused).toMatch(/550/);
      const workbook = await loadWorkbook(await campaignWorkbook(again.campaign, '迎泽区'));
      expect(JSON.stringify(workbook.worksheets[0]!.getSheetValues())).toContain('邮件被拒收 2022-03-24: 550');
    } finally {
      sink.refused.delete('c@qiye.cn');
    }
  });

  it("sends a day's reminders at the next check when the mail server was down that day, and stops trying after three failures in a row", async () => {
    const { check, campaignPorts } = await withRoster();
    const since = sink.received.length;
    const down = await check(DAY1, campaignPorts(toSink(await freePort())));
    expect(down.sent).toEqual([]);
    expect(down.unsent).toBe(4);
    expect(sink.received.length).toBe(since);
    const next = await check(DAY1_NEXT);
    expect(next.sent).toHaveLength(4);
    for (const u of UNITS) expect(receivedBy(u.email, since)).toBe(1);
    expect(next.campaign.reporters.map((r) => r.reminders)).toEqual(UNITS.map(() => ['2022-03-24']));
    expect((await check(DAY1_NEXT)).sent).toEqual([]);
  });

  it(
    'never sends again a reminder handed to the server whose mark as sent failed, or whose run died after the ' +
      'hand-over; sends one whose run died before it',
    async () => {
      const { ports, check, campaignPorts } = await withRoster();
      const since = sink.received.length;
      let marks = 0;
      const failingMark = {
        ...campaignPorts(),
        ledger: Object.assign(Object.create(ports.sendLedger) as typeof ports.sendLedger, {
          markSent: async () => {
            marks++;
            throw new Error('ProvisionedThroughputExceededException');
          },
        }),
      };
      const marked = await check(DAY1, failingMark);
      expect(marked.sent).toHaveLength(4);
      expect(marks).toBe(4 * FAST.markAttempts);
      expect((await check(DAY1_NEXT)).sent).toEqual([]);
      for (const u of UNITS) expect(receivedBy(u.email, since)).toBe(1);

      // The next reminder: a run claimed A's with a short lease, handed it to the server, and died before marking it.
      const key = `remind#2021#enterprises#${UNITS[0]!.key}#2022-03-30`;
      await asPrincipal({ kind: 'report' }, async () => {
        expect(await ports.sendLedger.claim(key, 'dead-run', new Date(), 1)).toBe('claimed');
        expect(await ports.sendLedger.markHanded(key, 'dead-run', new Date())).toBe(true);
        // And another claimed B's, and died before handing it over: once its lease lapsed, B's is sent.
        expect(await ports.sendLedger.claim(`remind#2021#enterprises#${UNITS[1]!.key}#2022-03-30`, 'died-early', new Date(), 1)).toBe('claimed');
      });
      await new Promise((r) => setTimeout(r, 20));
      const after = await check(DAY2);
      expect(after.sent).toHaveLength(3);
      expect(receivedBy('a@qiye.cn', since)).toBe(1);
      expect(receivedBy('b@qiye.cn', since)).toBe(2);
      expect(after.campaign.reporters.find((r) => r.email === 'a@qiye.cn')!.reminders).toEqual(['2022-03-24', '2022-03-30']);
    },
  );

  it('sends each reminder once when two checks run at once', async () => {
    const { check } = await withRoster();
    const since = sink.received.length;
    const [one, two] = await Promise.all([check(DAY1), check(DAY1)]);
    expect(one.sent.length + two.sent.length).toBe(4);
    for (const u of UNITS) expect(receivedBy(u.email, since)).toBe(1);
  });

  it('sends a scheduled report the mail service did not take at the next daily check, once', async () => {
    const ports = await freshPorts({ TORCHLINE_RECIPIENTS: 'director@yingze.gov.cn' });
    const key = 'submissions/enterprises/2021.csv';
    await asPrincipal({ kind: 'staff' }, () =>
      ports.clients.s3.send(
        new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: csv([ENTERPRISE_HEADER, [uscc(1), 'A', 2021, 'other', 'yes', 'no']]) }),
      ),
    );
    await asPrincipal({ kind: 'ingest' }, () =>
      ingestSubmission({ key, sequencer: '1', eventTime: '2022-01-01T00:00:00Z' }, () => ports.objects.open(key), ports.ingestStore),
    );
    const since = sink.received.length;
    const down = { ...ports.reportPorts, sendRawEmail: async () => Promise.reject(new MailUnavailableError('connect ECONNREFUSED')) };
    const up = awsPorts(ports.clients, ports.config, toSink()).reportPorts;
    const march1 = '2022-03-01T00:00:00Z';
    const failed = await asPrincipal({ kind: 'report' }, () => runScheduledReports(down, ports.config, march1, new Date(march1), FAST));
    expect(failed.map((o) => [o.kind, o.error?.name])).toEqual([['monthly', 'ReportNotSentError']]);
    const march2 = '2022-03-02T00:00:00Z';
    const caught = await asPrincipal({ kind: 'report' }, () => runScheduledReports(up, ports.config, march2, new Date(march2), FAST));
    expect(caught.map((o) => [o.kind, o.scheduledTime, o.result && 'messageId' in o.result])).toEqual([['monthly', '2022-03-01T00:00:00.000Z', true]]);
    expect(receivedBy('director@yingze.gov.cn', since)).toBe(1);
    expect(await asPrincipal({ kind: 'report' }, () => runScheduledReports(up, ports.config, march2, new Date(march2), FAST))).toEqual([]);
  });
});
