/**
 * The bureau's mailbox end to end (contract 13): messages as units' mail
 * programs write them, delivered into a production IMAP server (Dovecot, over
 * TLS), polled by the app as the mailbox role, ingested into the local stack,
 * answered once each; the units' own checked workbook mailed back fixed.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import ExcelJS from 'exceljs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTorchline, asPrincipal, type Torchline } from '../../shared/torchline';
import { imapMailbox } from '../../shared/storage/imap-mailbox';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import { xlsxBytes } from '../../scripts/samples/sample-files';
import { freshPorts } from '../support/local-servers';
import { composedMessage } from '../support/mail-fixtures';
import { csv, ENTERPRISE_HEADER, uscc } from '../support/submission-files';

const A = uscc(81);
const B = uscc(82);
// Addresses of their own: the SES emulator's inboxes are shared by every test file.
const ZHANG = 'zhang@mailbox-e2e.cn';
const LI = 'li@mailbox-e2e.cn';
// A campaign day: the 2025 reports are due.
const clock = { now: () => new Date('2026-03-20T02:00:00Z') };

type Ports = Awaited<ReturnType<typeof freshPorts>>;
let ports: Ports;
let app: Torchline;
let folder: string;
let client: ImapFlow;

const enterpriseForm = (rows: (string | number)[][]) => xlsxBytes([{ name: '企业', headers: ENTERPRISE_HEADER, rows }]);

async function deliver(raw: Buffer): Promise<void> {
  await client.append(folder, raw);
}

function source() {
  const { host, port, ca, user, password } = inject('imap');
  return imapMailbox({ host, port, folder, doneFolder: `${folder}/已处理`, caPem: ca, credentials: async () => ({ username: user, password }) });
}

async function poll() {
  const from = await source();
  try {
    return await asPrincipal({ kind: 'mailbox' }, () => app.mailbox({ source: from }));
  } finally {
    await from.close();
  }
}

beforeAll(async () => {
  ports = await freshPorts({ TORCHLINE_DISTRICT: '迎泽区' });
  app = createTorchline({ config: ports.config, clients: ports.clients, clock });
  // The roster the bureau uploaded: two units with their addresses.
  const key = 'submissions/roster/2025.csv';
  const roster = csv([
    ['year', 'dataset', 'key', 'name', 'email'],
    [2025, 'enterprises', A, '甲公司', ZHANG],
    [2025, 'enterprises', B, '乙公司', LI],
  ]);
  await asPrincipal({ kind: 'staff' }, () => ports.clients.s3.send(new PutObjectCommand({ Bucket: ports.bucket, Key: key, Body: roster })));
  await asPrincipal({ kind: 'ingest' }, () =>
    ingestSubmission({ key, sequencer: '1', eventTime: '2026-01-05T00:00:00Z' }, () => ports.objects.open(key), ports.ingestStore),
  );
  const { host, port, ca, user, password } = inject('imap');
  client = new ImapFlow({ host, port, secure: true, auth: { user, pass: password }, tls: { ca: [ca] }, logger: false });
  await client.connect();
  folder = `T${randomUUID().slice(0, 8)}`;
  await client.mailboxCreate(folder);
});

afterAll(async () => {
  await client?.logout();
  app?.close();
});

describe('the mailbox', () => {
  it("reads each unit's form as that unit's, answers every person once at the roster address, and never answers automatic mail", async () => {
    await deliver(
      await composedMessage({
        from: `张三 <${ZHANG.toUpperCase()}>`,
        messageId: '<a1@qiye.cn>',
        subject: '甲公司2025年报表',
        attachments: [{ filename: '甲公司2025.xlsx', content: await enterpriseForm([[A, '甲公司', 2025, 'it_innovation', 'yes', 'no']]) }],
      }),
    );
    // 乙 writes a wrong sector, and also a row of 甲's, which is not its own to report.
    const liForm = await enterpriseForm([
      [B, '乙公司', 2025, '不存在的行业', 'no', 'no'],
      [A, '甲公司', 2025, 'new_materials', 'no', 'no'],
    ]);
    await deliver(
      await composedMessage({
        from: LI,
        messageId: '<b1@qiye.cn>',
        subject: '报表',
        headers: { 'Reply-To': 'attacker@evil.cn' },
        attachments: [{ filename: '乙.xlsx', content: liForm }],
      }),
    );
    await deliver(
      await composedMessage({
        from: 'stranger@evil.cn',
        messageId: '<c1@evil.cn>',
        subject: '秘密 secret',
        attachments: [{ filename: 'x.xlsx', content: liForm }],
      }),
    );
    await deliver(await composedMessage({ from: ZHANG, messageId: '<d1@qiye.cn>', subject: '自动回复：休假', headers: { 'Auto-Submitted': 'auto-replied' } }));
    // The same message delivered twice (a client that sent it again).
    await deliver(
      await composedMessage({
        from: `张三 <${ZHANG}>`,
        messageId: '<a1@qiye.cn>',
        subject: '甲公司2025年报表',
        attachments: [{ filename: '甲公司2025.xlsx', content: await enterpriseForm([[A, '甲公司', 2025, 'it_innovation', 'yes', 'no']]) }],
      }),
    );

    const run = await poll();
    expect(run.entries.map((e) => [e.message_id, e.outcome, e.orgs])).toEqual([
      ['a1@qiye.cn', 'ingested', [A]],
      ['b1@qiye.cn', 'ingested', [B]],
      ['c1@evil.cn', 'unknown_sender', []],
      ['d1@qiye.cn', 'auto', []],
      ['a1@qiye.cn', 'duplicate', [A]],
    ]);
    expect(run.entries[0]!.files).toEqual([expect.objectContaining({ name: '甲公司2025.xlsx', status: 'accepted', accepted: 1, rejected: 0 })]);
    expect(run.entries[0]!.files[0]!.key).toMatch(new RegExp(`^submitters/${A}/mail/2026-03-20/[0-9a-f]{16}/甲公司2025.xlsx$`));
    expect(run.entries[1]!.files).toEqual([expect.objectContaining({ status: 'rejected', accepted: 0, rejected: 2 })]);

    const replies = await Promise.all(run.replies.map((r) => simpleParser(r)));
    expect(replies.map((r) => [r.to && 'text' in r.to ? r.to.text : '', r.inReplyTo, r.subject])).toEqual([
      [ZHANG, '<a1@qiye.cn>', '回复：甲公司2025年报表'],
      // To the roster's address, never the Reply-To the message named.
      [LI, '<b1@qiye.cn>', '回复：报表'],
      ['stranger@evil.cn', '<c1@evil.cn>', '迎泽区科技局：邮箱未登记 / Address not on the roster'],
    ]);
    expect(replies[1]!.attachments.map((a) => a.filename)).toEqual(['乙.xlsx.checked.xlsx']);
    // Nothing of the stranger's message goes back to it.
    expect(replies[2]!.text).not.toContain('秘密');
    expect(replies[2]!.attachments).toEqual([]);

    // Every handled message left the folder; a second poll finds nothing and answers nothing.
    const again = await poll();
    expect(again.entries).toEqual([]);
    const status = await client.status(folder, { messages: true });
    expect(status && status.messages).toBe(0);
    // The officer's status workbook says 甲's figures came in by mail.
    const { campaign } = await asPrincipal({ kind: 'report' }, () => app.campaign(clock.now(), { send: false }));
    expect(campaign.reporters.find((r) => r.key === A)).toMatchObject({ status: 'reported', channel: '邮件' });
    // And the officer's list has them all.
    expect((await asPrincipal({ kind: 'operator' }, () => app.operator.mailbox())).map((e) => e.outcome)).toEqual([
      'ingested',
      'ingested',
      'unknown_sender',
      'auto',
      'duplicate',
    ]);
  });

  it('reads the checked workbook the unit fixed and mailed back, and accepts it', async () => {
    const first = await poll();
    expect(first.entries).toEqual([]);
    const keys = (await asPrincipal({ kind: 'operator' }, () => app.operator.mailbox())).find((e) => e.message_id === 'b1@qiye.cn')!.files;
    const statuses = await asPrincipal({ kind: 'operator' }, () => app.operator.rejectedRows(keys[0]!.key));
    const checked = await asPrincipal({ kind: 'operator' }, () => app.operator.resultFile(statuses.resultKeys.checkedWorkbook!));
    // 乙 opens the checked workbook, fixes its sector and deletes 甲's row, saves and replies with it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(checked as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.worksheets.find((w) => w.name === '企业')!;
    sheet.getCell('D2').value = 'new_materials';
    sheet.spliceRows(3, 1);
    const fixed = Buffer.from(new Uint8Array(await wb.xlsx.writeBuffer()));
    await deliver(
      await composedMessage({
        from: LI,
        messageId: '<b2@qiye.cn>',
        subject: '回复：报表',
        attachments: [{ filename: '乙.xlsx.checked.xlsx', content: fixed }],
      }),
    );
    const run = await poll();
    expect(run.entries.map((e) => [e.outcome, e.files.map((f) => [f.status, f.accepted, f.rejected])])).toEqual([['ingested', [['accepted', 1, 0]]]]);
    const reply = await simpleParser(run.replies[0]!);
    expect(reply.text).toContain('已接受');
    expect(reply.attachments).toEqual([]);
  });

  it("hands an unknown sender's message to the unit the officer names, answered at that unit's roster address", async () => {
    const entry = await asPrincipal({ kind: 'operator' }, () => app.operator.assignMessage('<c1@evil.cn>', B));
    expect(entry).toMatchObject({ outcome: 'ingested', orgs: [B] });
    expect(await asPrincipal({ kind: 'operator' }, () => app.operator.assignMessage('nobody@nowhere', B))).toBeUndefined();
  });
});
