/**
 * Approving and locking a year (contract 14), through the app on the local
 * servers as the operator and the ingest: approval refused while anything is
 * open unless a reason is given; an upload for the locked year held (checked,
 * answered, not counted); withdrawal refused; reopening releases what was held.
 */
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../scripts/local/smtp-sink';
import { smtpMailer } from '../../shared/storage/smtp-mailer';
import { asPrincipal, createTorchline, type Torchline } from '../../shared/torchline';
import { enterpriseNamesInForce, freshPorts, ingestingUploader } from '../support/local-servers';
import { csv, ENTERPRISE_HEADER, uscc } from '../support/submission-files';

type Ports = Awaited<ReturnType<typeof freshPorts>>;
let ports: Ports;
let app: Torchline;
const A = uscc(91);
const B = uscc(92);
// In the 2021 campaign, after its deadline.
const clock = { now: () => new Date('2022-04-10T02:00:00Z') };

let uploadFile: ReturnType<typeof ingestingUploader>;
let sink: SmtpSink;
const OFFICER = 'tongji@yingze.gov.cn';
const upload = (key: string, rows: (string | number)[][]) => uploadFile(key, csv(rows));

const asOperator = <T>(work: () => Promise<T>) => asPrincipal({ kind: 'operator' }, work);

beforeAll(async () => {
  ports = await freshPorts();
  uploadFile = ingestingUploader(ports);
  sink = await startSmtpSink();
  const mailer = smtpMailer({ host: sink.host, port: sink.port, secure: false, ca: sink.ca, credentials: async () => undefined });
  app = createTorchline({ config: ports.config, clients: ports.clients, clock, mailer });
  await asOperator(() => app.operator.campaignSettings({ officer: OFFICER, by: '王飞跃' }));
  await upload('submissions/roster/2021.csv', [
    ['year', 'dataset', 'key', 'name'],
    [2021, 'enterprises', A, '甲公司'],
    [2021, 'enterprises', B, '乙公司'],
  ]);
  await upload('submissions/enterprises/2021.csv', [ENTERPRISE_HEADER, [A, '甲公司', 2021, 'other', 'yes', 'no']]);
});

afterAll(async () => {
  await sink?.stop();
});

/** The messages the officer received, parsed as a mail program reads them. */
const officerMail = () => Promise.all(sink.received.filter((m) => m.to.includes(OFFICER)).map((m) => simpleParser(m.raw)));

describe('approving a year', () => {
  it('is refused while anything is open, naming it; approved with a reason, which is kept with what was open', async () => {
    const refused = await asOperator(() => app.operator.approve({ year: 2021, by: '王飞跃' }));
    // 甲 is high-tech with no certificate column, a finding no note explains; 乙 has not reported.
    const open = [`未说明疑点 1 处 unexplained findings: 甲公司（${A}）`, `未报 missing: 乙公司（${B}）`];
    expect(refused).toEqual({ outcome: 'refused', open });
    expect((await asOperator(() => app.operator.approval(2021)))?.state).toBeUndefined();
    const approved = await asOperator(() => app.operator.approve({ year: 2021, by: '王飞跃', reason: '乙公司已停产，待注销' }));
    expect(approved).toMatchObject({ outcome: 'approved', forcedOver: open, mailed: { outcome: 'sent', to: OFFICER } });
    expect((await asOperator(() => app.operator.approval(2021)))?.history).toEqual([
      { action: 'approve', by: '王飞跃', at: '2022-04-10T02:00:00.000Z', reason: '乙公司已停产，待注销', open },
    ]);
  });

  it('mails the approved package to the officer once: the workbook and its JSON, approved, with the forced reason', async () => {
    const [mail, ...more] = await officerMail();
    expect(more).toEqual([]);
    expect(mail!.subject).toContain('2021年度上报材料（已审核）');
    expect(mail!.text).toContain('强制上报说明：乙公司已停产，待注销');
    const xlsx = mail!.attachments.find((a) => a.filename?.endsWith('上报材料.xlsx'))!;
    const json = JSON.parse(mail!.attachments.find((a) => a.filename === 'upward-2021.json')!.content.toString('utf8'));
    expect(json.approved).toEqual({ by: '王飞跃', at: '2022-04-10T02:00:00.000Z', reason: '乙公司已停产，待注销' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    const cover = wb.getWorksheet('封面')!;
    expect(String(cover.getCell('A1').value)).not.toContain('草稿');
    // The missing unit is listed by its roster name for the officer to phone.
    const missing = wb.getWorksheet('未报名单')!.getRow(3).values as unknown[];
    expect(missing).toContain('乙公司');
    // Once per approval: asked again (the daily check), nothing more is sent.
    expect(await asPrincipal({ kind: 'report' }, () => app.mailPackage(2021))).toEqual({ outcome: 'already', year: 2021 });
    expect(await officerMail()).toHaveLength(1);
  });

  it('holds a later upload for the locked year: checked and kept, not counted, and says so', async () => {
    const later = await upload('submissions/enterprises/2021-更正.csv', [ENTERPRISE_HEADER, [A, '甲公司（更正）', 2021, 'other', 'yes', 'no']]);
    expect(later.statuses[0]).toMatchObject({ status: 'locked', heldState: 'accepted', accepted: 1 });
    expect(later.statuses[0]!.warnings.join(' ')).toContain('2021 年度已审核锁定');
    expect(await enterpriseNamesInForce(ports, 2021)).toEqual(['甲公司']);
  });

  it('refuses to withdraw an upload of the locked year', async () => {
    expect(await asOperator(() => app.operator.withdraw('enterprises/2021.csv', '传错了', '王飞跃'))).toEqual({
      outcome: 'locked',
      key: 'submissions/enterprises/2021.csv',
      years: [2021],
    });
  });

  it('reopens with a reason: what the locked year held counts again, in upload order, and the history keeps both', async () => {
    const reopened = await asOperator(() => app.operator.reopen({ year: 2021, by: '李四', reason: '甲公司更正营业收入' }));
    expect(reopened).toMatchObject({ outcome: 'reopened', released: 1 });
    expect(await enterpriseNamesInForce(ports, 2021)).toEqual(['甲公司（更正）']);
    expect((await asOperator(() => app.operator.approval(2021)))?.history.map((h) => [h.action, h.by])).toEqual([
      ['approve', '王飞跃'],
      ['reopen', '李四'],
    ]);
    expect(await asOperator(() => app.operator.reopen({ year: 2021, by: '李四', reason: '再次' }))).toEqual({ outcome: 'not_approved' });
    // Reopened, nothing is mailed; approved again, the new package is.
    expect(await asPrincipal({ kind: 'report' }, () => app.mailPackage(2021))).toEqual({ outcome: 'not_approved', year: 2021 });
    const again = await asOperator(() => app.operator.approve({ year: 2021, by: '李四', reason: '乙公司已停产，待注销' }));
    expect(again).toMatchObject({ outcome: 'approved', mailed: { outcome: 'sent' } });
    const mails = await officerMail();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain('李四');
  });
});
