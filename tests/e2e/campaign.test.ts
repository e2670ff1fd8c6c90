/**
 * The reporting campaign (contract section 12) through the local servers:
 * a roster, last year's reporters, uploads dated by their folders, the daily
 * check as of a day, its reminders through the SES emulator, and what a
 * crashed or repeated check does.
 */
import { asPrincipal } from '../../shared/storage/aws-calls';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineResult } from '../../scripts/local/run-pipeline';
import { localUploadedAt } from '../../scripts/local/campaign-outputs';
import { torchlineFromEnv, type Torchline } from '../../shared/torchline';
import { configFromEnv } from '../../shared/config';
import { reminderDays, DEFAULT_CAMPAIGN } from '../../shared/report/campaign';
import { submissionTemplate } from '../../shared/templates/submission-template';
import { csv, ENTERPRISE_HEADER, loadWorkbook, uscc } from '../support/submission-files';
import { endpoints, uniqueName } from '../support/local-servers';
import { writeLocalStackFile } from '../../scripts/local/local-stack-file';
import { runTorchline } from '../../scripts/operator/operator-cli';
import { reportHandler } from '../../lambdas/report';

const ROSTER_HEADER = ['年度', '报表类型', '统一社会信用代码', '单位名称', '联系人', '电子邮箱', '联系电话', '免报原因'];

async function inputDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'torchline-campaign-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), body);
  }
  return dir;
}

const files = {
  // 2020: E was a high-tech enterprise, so it is expected for 2021 though the roster omits it (12.1).
  'enterprises/2020.csv': csv([ENTERPRISE_HEADER, [uscc(5), 'Epsilon', 2020, 'big_data', 'yes', 'no'], [uscc(4), 'Delta', 2020, 'big_data', 'yes', 'no']]),
  // Under roster/ (the English folder), so it is uploaded before the submitters' own files and answers their mail.
  'roster/2021.csv': csv([
    ROSTER_HEADER,
    [2021, '企业', uscc(1), 'Alpha', '张三', 'alpha@example.cn', '0351-1', ''],
    [2021, '企业', uscc(2), 'Beta', '李四', 'beta@example.cn', '0351-2', ''],
    [2021, '企业', uscc(3), 'Gamma', '王五', '', '0351-3', ''],
    [2021, '企业', uscc(4), 'Delta', '', '', '', '注销'],
  ]),
  // Gamma tried, under its own prefix, and every row was refused (an unknown sector): 有错误, still missing.
  [`submitters/${uscc(3)}/企业/gamma.csv`]: csv([ENTERPRISE_HEADER, [uscc(3), 'Gamma', 2021, 'no_such_sector', 'no', 'yes']]),
  // Beta tries to exempt itself through its own prefix: refused, it stays expected and is chased.
  [`submitters/${uscc(2)}/名录/self.csv`]: csv([ROSTER_HEADER, [2021, '企业', uscc(2), 'Beta', '', 'elsewhere@example.cn', '', '注销']]),
  // Alpha reported after the deadline: the folder dates the upload (12.4). Its R&D above its revenue is a finding it has not explained.
  'enterprises/2022-04-05/alpha.csv': csv([
    [...ENTERPRISE_HEADER, 'revenue', 'rd_expenditure'],
    [uscc(1), 'Alpha', 2021, 'big_data', 'no', 'yes', '100,000', '500,000'],
  ]),
};

const uploadedAt = localUploadedAt;

describe('the reporting campaign', () => {
  let result: PipelineResult;
  let out: string;
  let root: Torchline;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'torchline-campaign-out-'));
    const { ses, dynamodb } = endpoints();
    // The first chaser day: the deadline (03-31) plus 7.
    result = await runPipeline({
      inputDir: await inputDir(files),
      outDir: out,
      now: '2022-04-07',
      keepRunning: true,
      reuse: { ses, dynamodb },
      tableName: uniqueName('camp'),
      bucket: uniqueName('camp'),
    });
    root = torchlineFromEnv({ ...result.stack.env });
  });
  afterAll(async () => {
    root?.close();
    await result?.stack.stop();
  });

  it('finds who must report from the roster and last year, exempt entries apart, and dates uploads by their folder', async () => {
    const doc = JSON.parse(await readFile(join(out, 'campaign.json'), 'utf8'));
    expect(doc.year).toBe(2021);
    expect(doc.deadline).toBe('2022-03-31');
    expect(doc.summary).toEqual({ expected: 4, reported: 1, on_time: 0, late: 1, missing: 3, exempt: 1 });
    const by = new Map(doc.reporters.map((r: { key: string }) => [r.key, r]));
    expect(by.get(uscc(1))).toMatchObject({ status: 'reported', on_time: false, first_upload: '2022-04-05T01:00:00.000Z', reminders: [] });
    expect(by.get(uscc(4))).toMatchObject({ status: 'exempt', on_time: null, reminders: [] });
    expect(by.get(uscc(5))).toMatchObject({ status: 'missing', name: 'Epsilon' });
    // Only Beta is missing with an address on the roster: the chaser of 04-07 goes to it alone.
    expect(by.get(uscc(2))).toMatchObject({ status: 'missing', reminders: ['2022-04-07'] });
    expect(by.get(uscc(3))).toMatchObject({ status: 'missing', reminders: [] });
  });

  it("sends the day's chaser in Chinese first, to the roster's address, with the blank template attached", async () => {
    expect(await readdir(join(out, 'reminders'))).toEqual(['1.eml']);
    const mail = await simpleParser(await readFile(join(out, 'reminders', '1.eml')));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('beta@example.cn');
    expect(mail.subject).toMatch(/^[^A-Za-z]*2021/);
    expect(mail.text).toContain('Beta');
    expect(mail.text).toContain('2022-03-31');
    expect(mail.text).toMatch(/逾期|已过/);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['2021年度企业统计表（模板）.xlsx']);
    expect(mail.attachments[0]!.content.equals(await submissionTemplate('enterprises'))).toBe(true);
    // The SES emulator received it, and nobody else on the roster got anything.
    const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
    const roster = ['alpha@example.cn', 'beta@example.cn'];
    const got = store.emails.filter((e) => e.destination.to.some((to) => roster.includes(to)) && !e.subject.includes('您提交的文件'));
    expect(got.map((e) => e.destination.to)).toEqual([['beta@example.cn']]);
  });

  it("answers a submitter's own upload at the roster's address, never at one its file names", async () => {
    const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
    const receipts = store.emails.filter((e) => e.subject.includes('您提交的文件'));
    // Beta's refused roster upload is answered at Beta's roster address; Gamma has none on the roster, so nothing is sent.
    expect(receipts.map((e) => [e.destination.to, e.subject.includes('已拒绝')])).toEqual([[['beta@example.cn'], true]]);
    expect(store.emails.some((e) => e.destination.to.includes('elsewhere@example.cn'))).toBe(false);
  });

  it('emails the officer the status workbook when the campaign changed, and not again while it has not', async () => {
    const mail = await simpleParser(await readFile(join(out, 'campaign-status.eml')));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(root.config.replyTo[0] ?? root.config.sender);
    expect(mail.subject).toContain('收报情况');
    expect(mail.text).toContain('需电话催报（未报且无邮箱）2 家');
    expect(mail.attachments[0]!.filename).toMatch(/收报情况\.xlsx$/);
    const again = await asPrincipal({ kind: 'report' }, () => root.campaign(new Date('2022-04-07T11:00:00+08:00'), { uploadedAt: uploadedAt('2022-04-07') }));
    expect(again.statusMail).toBeUndefined();
  });

  it("never sends the same reminder twice, however often the day's check runs", async () => {
    const again = await asPrincipal({ kind: 'report' }, () => root.campaign(new Date('2022-04-07T10:00:00+08:00'), { uploadedAt: uploadedAt('2022-04-07') }));
    expect(again.sent).toEqual([]);
    expect(again.campaign.reporters.find((r) => r.key === uscc(2))!.reminders).toEqual(['2022-04-07']);
  });

  it('sends nothing to a reporter once it has reported, nor on a day that is not a reminder day', async () => {
    const off = await asPrincipal({ kind: 'report' }, () => root.campaign(new Date('2022-04-10T09:00:00+08:00'), { uploadedAt: uploadedAt('2022-04-10') }));
    expect(off.sent).toEqual([]);
    const alpha = off.campaign.reporters.find((r) => r.key === uscc(1))!;
    expect(alpha.reminders).toEqual([]);
    expect(reminderDays(2021, DEFAULT_CAMPAIGN)).toEqual(['2022-03-24', '2022-03-30', '2022-04-07', '2022-04-14', '2022-04-21']);
  });

  it('stores the deadline and chasers from the CLI, refuses an impossible deadline, and builds the workbook on demand without sending', async () => {
    const stackFile = join(out, 'local-stack.json');
    // As `npm start -- --keep` leaves it: the run's settings and its day, so the CLI dates uploads as the run did.
    await writeLocalStackFile(stackFile, result.handlerEnv, result.day);
    const cli = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runTorchline(
        ['--local', '--local-file', stackFile, ...argv],
        { log: (l) => lines.push(l), error: (l) => lines.push(l) },
        { localFile: stackFile },
      );
      return { code, text: lines.join('\n') };
    };
    expect((await cli('campaign', '--deadline', '02-30')).code).toBe(1);
    expect((await cli('campaign', '--officer', 'not an address')).code).toBe(1);
    const set = await cli(
      'campaign',
      '--deadline',
      '04-15',
      '--remind',
      '3',
      '--chase-every',
      '5',
      '--chase-times',
      '1',
      '--officer',
      'chu@yingze.gov.cn',
      '--now',
      '2022-04-13',
      '--out',
      join(out, 'cli'),
    );
    expect(set.code).toBe(0);
    expect(set.text).toContain('deadline 04-15, reminders 3 days before, a chaser every 5 days, at most 1');
    const doc = JSON.parse(await readFile(join(out, 'cli', 'campaign.json'), 'utf8'));
    // Alpha's upload is dated by its folder (2022-04-05), as the run dated it: on time for the new deadline.
    expect(doc.deadline).toBe('2022-04-15');
    expect(doc.summary).toMatchObject({ expected: 4, reported: 1, on_time: 1, late: 0, missing: 3, exempt: 1 });
    // The chaser of 04-07 was sent under the earlier settings: still listed, though 04-07 is no reminder day of these.
    expect(doc.reporters.find((r: { key: string }) => r.key === uscc(2)).reminders).toContain('2022-04-07');
    // The daily check follows the stored setting: 04-12 is 3 days before the new deadline.
    const check = await asPrincipal({ kind: 'report' }, () => root.campaign(new Date('2022-04-12T09:00:00+08:00'), { uploadedAt: uploadedAt('2022-04-12') }));
    expect(check.sent).toHaveLength(1);
    // The scheduler's daily check sends the day's chaser (04-15 + 5) once, however often it is invoked.
    const daily = reportHandler(() => root);
    expect(await daily({ kind: 'daily', scheduledTime: '2022-04-20T00:00:00Z' })).toMatchObject({ reminders: 1 });
    expect(await daily({ kind: 'daily', scheduledTime: '2022-04-20T00:00:00Z' })).toMatchObject({ reminders: 0 });
    // The status workbook went to the officer the setting names: once for each changed state (the checks of 04-12 and 04-20), not for the repeat.
    const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
    const officer = store.emails.filter((e) => e.destination.to.includes('chu@yingze.gov.cn'));
    expect(officer).toHaveLength(2);
    expect(officer.every((e) => e.subject.includes('收报情况'))).toBe(true);
    expect((await cli('campaign', '--reset')).text).toContain('defaults apply again');
  });

  it('states in the report how complete and on time the year is, by the same upload dates', async () => {
    const mail = await simpleParser(await readFile(join(out, 'email-2021.eml')));
    expect(mail.text).toContain('3 expected reporters missing; on-time rate 0.0% (deadline 2022-03-31)');
    expect(mail.text).toContain('应报未报 3 家；按时报送率 0.0%（截止 2022-03-31）');
  });

  it("writes the officer's workbook with those to phone first and the on-time rate", async () => {
    const wb = await loadWorkbook(await readFile(join(out, 'campaign-status.xlsx')));
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell('A2').value)).toContain('按时报送率 0.0%');
    const keys = [5, 6, 7, 8].map((r) => String(sheet.getRow(r).getCell(2).value));
    // Missing without an email (Gamma, Epsilon) before missing with one (Beta), then reported, then exempt.
    expect(keys).toEqual([uscc(3), uscc(5), uscc(2), uscc(1)]);
    // The officer's words: Gamma uploaded but nothing was accepted; Delta is exempt with its reason in Chinese.
    // Its own upload, nothing accepted: how it came in is said beside the state.
    expect(sheet.getCell('G5').value).toBe('有错误（上传）');
    expect([sheet.getCell('K5').value, sheet.getCell('L5').value]).toEqual([0, 1]);
    expect(sheet.getCell('G6').value).toBe('未报');
    // Alpha's figures came from the bureau's own upload.
    expect(sheet.getCell('G8').value).toBe('已报（科技局）');
    // Alpha's unexplained finding is counted for the officer to ask about.
    expect([sheet.getCell('M4').value, sheet.getCell('M8').value, sheet.getCell('M6').value]).toEqual(['未说明疑点', 1, '']);
    expect(sheet.getCell('G9').value).toBe('免报（注销）');
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.printTitlesRow).toBe('4:4');
  });
});

describe("the reporting campaign through the bureau's own SMTP server", () => {
  it("delivers the report, the chaser, the submitter's receipt and the officer's workbook, each to its one address", async () => {
    const out = await mkdtemp(join(tmpdir(), 'torchline-campaign-smtp-'));
    const { dynamodb } = endpoints();
    const run = await runPipeline({
      inputDir: await inputDir(files),
      outDir: out,
      now: '2022-04-07',
      mail: 'smtp',
      reuse: { dynamodb },
      tableName: uniqueName('camps'),
      bucket: uniqueName('camps'),
    });
    const got = await Promise.all(
      run.smtpReceived!.map(async (path) => {
        const mail = await simpleParser(await readFile(path));
        const to = mail.to && 'text' in mail.to ? mail.to.text : '';
        const kind = mail.subject?.includes('收报情况')
          ? 'status'
          : mail.subject?.includes('您提交的文件')
            ? 'receipt'
            : mail.attachments.some((a) => a.filename?.includes('模板'))
              ? 'reminder'
              : 'report';
        return `${kind} → ${to}`;
      }),
    );
    const config = configFromEnv(run.stack.env);
    const officer = config.replyTo[0] ?? config.sender;
    const recipients = config.recipients.join(', ');
    expect(got.sort()).toEqual([`receipt → beta@example.cn`, `reminder → beta@example.cn`, `report → ${recipients}`, `status → ${officer}`].sort());
  });
});
