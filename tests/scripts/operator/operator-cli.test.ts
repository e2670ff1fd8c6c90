/**
 * The operator CLI end to end against a local stack as `npm start -- --keep`
 * leaves it: the same commands an operator types, through s3rver (whose
 * events the runner's queue ingests), DynamoDB Local and the SES emulator.
 */
import { asPrincipal } from '../../../shared/storage/aws-calls';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLocalStackFile } from '../../../scripts/local/local-stack-file';
import { runPipeline, type PipelineResult } from '../../../scripts/local/run-pipeline';
import { runTorchline } from '../../../scripts/operator/operator-cli';
import { reportHandler } from '../../../lambdas/report';
import { torchlineFromEnv } from '../../../shared/torchline';
import { csv, ENTERPRISE_HEADER, loadWorkbook, uscc } from '../../support/submission-files';
import { endpoints, uniqueName } from '../../support/local-servers';

let dir: string;
let stackFile: string;
let pipeline: PipelineResult;

async function torchline(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTorchline(
    ['--local', '--local-file', stackFile, ...argv],
    { log: (l) => out.push(l), error: (l) => err.push(l) },
    { localFile: stackFile, pollMs: 50 },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function inbox(recipient: string) {
  const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
  return store.emails.filter((e) => e.destination.to.includes(recipient));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchline-cli-'));
  const input = join(dir, 'in');
  await mkdir(join(input, 'enterprises'), { recursive: true });
  await writeFile(
    join(input, 'enterprises', '2021.csv'),
    csv([ENTERPRISE_HEADER, [uscc(1), '甲公司', 2021, 'other', 'yes', 'no'], [uscc(2), '乙公司', 2021, 'big_data', 'no', 'yes']]),
  );
  const { ses, dynamodb } = endpoints();
  // A local stack as `npm start -- --keep` leaves it: its own s3rver, whose events the runner's queue ingests.
  pipeline = await runPipeline({
    inputDir: input,
    outDir: join(dir, 'out'),
    reuse: { ses, dynamodb },
    tableName: uniqueName('cli'),
    bucket: uniqueName('cli'),
    keepRunning: true,
  });
  stackFile = join(dir, 'local-stack.json');
  await writeLocalStackFile(stackFile, pipeline.stack.env);
});

afterAll(async () => {
  await pipeline?.stack.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run torchline', () => {
  it('status lists each submission with its state, counts and where its results are', async () => {
    const { code, out } = await torchline('status');
    expect(code).toBe(0);
    expect(out).toContain('submissions/enterprises/2021.csv  已接受 accepted  enterprises  共 2 行，接受 2，退回 0 / rows 2, accepted 2, rejected 0');
    expect(out).toContain('data quality: 1 submissions, 1 accepted');
    // When, in Beijing time, as the bureau reads it.
    expect(out).toMatch(/rejected 0 {2}\(\d{4}-\d{2}-\d{2} \d{2}:\d{2} \+08:00\)/);
  });

  it('upload puts a file under its dataset, waits for the ingest and prints its errors and result files', async () => {
    const file = join(dir, '2021-补报.csv');
    await writeFile(file, csv([ENTERPRISE_HEADER, [uscc(3), '丙公司', 2021, 'other', 'yes', 'no'], ['', '丁公司', 2021, 'other', 'no', 'no']]));
    const { code, out } = await torchline('upload', file, '--dataset', '企业', '--submitter-email', 'clerk@qiye.cn');
    expect(code).toBe(2); // done, but not every row was accepted
    expect(out).toContain(`已上传 ${file} 到 s3://${pipeline.stack.bucket}/submissions/enterprises/2021-补报.csv`);
    expect(out).toContain('部分接受 partially accepted');
    expect(out).toMatch(/第 3 行 row 3, uscc: 「uscc」为必填项.*required/);
    expect(out).toContain(`错误报告 error report: s3://${pipeline.stack.bucket}/results/enterprises/2021-补报.csv.errors.csv`);
    expect(out).toContain(`核对工作簿 checked workbook: s3://${pipeline.stack.bucket}/results/enterprises/2021-补报.csv.checked.xlsx`);
  });

  it('upload refuses, before sending anything, a file the ingest would reject by its type or name', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'hello');
    const bad = await torchline('upload', file, '--dataset', 'enterprises');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('unsupported file type ".txt"');
    const noDataset = await torchline('upload', join(dir, 'in', 'enterprises', '2021.csv'), '--dataset', 'companies');
    expect(noDataset.err).toContain('--dataset companies: 不是数据集名称');
    expect((await torchline('status')).out).not.toContain('notes.txt');
  });

  it('errors prints every rejected row and saves the error report and checked workbook', async () => {
    const outDir = join(dir, 'errors');
    const { code, out } = await torchline('errors', 'enterprises/2021-补报.csv', '--out', outDir);
    expect(code).toBe(0);
    expect(out).toMatch(/^第 3 行 row 3, uscc: /m);
    const csvText = await readFile(join(outDir, '2021-补报.csv.errors.csv'), 'utf8');
    expect(csvText).toContain(',3,uscc,');
    // The checked workbook holds the rejected row itself, for the submitter to mend.
    const checked = await loadWorkbook(await readFile(join(outDir, '2021-补报.csv.checked.xlsx')));
    const texts = checked.worksheets.flatMap((w) => w.getSheetValues().flat().map(String));
    expect(texts).toContain('丁公司');
    const clean = await torchline('errors', 'submissions/enterprises/2021.csv');
    expect(clean.out).toContain('没有退回的行 / no rejected rows (2 of 2 rows accepted)');
    const unknown = await torchline('errors', 'enterprises/nope.csv');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('submissions/enterprises/nope.csv 没有处理状态');
  });

  it('status filters by key prefix and by time', async () => {
    const byKey = await torchline('status', '--key', 'enterprises/2021-补');
    expect(byKey.out).toContain('2021-补报.csv');
    expect(byKey.out).not.toContain('enterprises/2021.csv ');
    const future = await torchline('status', '--since', '2999-01-01');
    expect(future.out).toContain('没有符合条件的已处理提交 / no processed submissions match');
    const badDate = await torchline('status', '--since', 'yesterday');
    expect(badDate.code).toBe(1);
    expect(badDate.err).toContain('--since yesterday：不是日期');
  });

  it('recipients are changed without a redeploy: the next report goes to the new ones', async () => {
    const director = `director-${Math.random().toString(36).slice(2)}@yingze.gov.cn`;
    const rejected = await torchline('recipients', '--set', 'not-an-address');
    expect(rejected.code).toBe(1);
    const set = await torchline('recipients', '--set', director);
    expect(set.out).toContain(`reports go to: ${director} (from the setting)`);
    const dry = await torchline('report', '--year', '2021');
    expect(dry.out).toContain('dry run: not sent; it would go to ' + director);
    expect(await inbox(director)).toHaveLength(0);
    const outDir = join(dir, 'report');
    const sent = await torchline('report', '--year', '2021', '--send', '--out', outDir);
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(new RegExp(`report 2021: s3://${pipeline.stack.bucket}/reports/2021/.+/report-2021\\.xlsx`));
    expect(sent.out).toContain(`sent to ${director}`);
    expect(await inbox(director)).toHaveLength(1);
    const workbook = await loadWorkbook(await readFile(join(outDir, 'report-2021.xlsx')));
    expect(workbook.worksheets.map((w) => w.name)).toContain('企业 Enterprises');
    const reset = await torchline('recipients', '--reset');
    expect(reset.out).toContain('(from the deployment)');
  });

  it('schedule changes the days the reports go out without a redeploy, and the daily check follows it', async () => {
    const shown = await torchline('schedule');
    expect(shown.out).toContain('deployed: monthly on day 1, annual on 01-15');
    expect(shown.out).toContain('setting: none');
    const bad = await torchline('schedule', '--monthly-day', '31');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--monthly-day 31: a day of the month, 1 to 28');
    const set = await torchline('schedule', '--monthly-day', '5', '--annual-date', 'off');
    expect(set.out).toContain('setting: monthly on day 5, annual on off');
    expect(set.out).toMatch(/next .*: monthly \d{4}-\d{2}-05, annual off \(from the setting\)/);
    // The daily check of a 5th, run by the same handler the scheduler invokes, now sends the monthly report.
    const local = torchlineFromEnv(pipeline.stack.env);
    const handler = reportHandler(() => local);
    const due = await handler({ kind: 'daily', scheduledTime: '2022-03-05T00:00:00Z' });
    expect(due).toMatchObject({ due: [{ kind: 'monthly', report: { year: 2022 } }] });
    expect(await handler({ kind: 'daily', scheduledTime: '2022-03-01T00:00:00Z' })).toEqual({ due: [], reminders: 0 });
    expect((await torchline('schedule', '--reset')).out).toContain('(from the deployment)');
  });

  it('withdraw takes a wrong upload back: its rows stop counting and what they replaced counts again, in the next report', async () => {
    const local = torchlineFromEnv(pipeline.stack.env);
    const highTech = async () => {
      expect((await torchline('report', '--year', '2021')).code).toBe(0);
      return (await asPrincipal({ kind: 'harness' }, () => local.operator.indicators(2021)))!.years['2021']!.high_tech_enterprises;
    };
    const before = await highTech();
    // A wrong file over the same key: 甲公司 no longer high-tech.
    const wrong = join(dir, '2021.csv');
    await writeFile(wrong, csv([ENTERPRISE_HEADER, [uscc(1), '甲公司', 2021, 'other', 'no', 'no']]));
    expect((await torchline('upload', wrong, '--dataset', 'enterprises')).code).toBe(0);
    expect(await highTech()).toBe(before - 1);
    expect((await torchline('withdraw', 'enterprises/2021.csv')).err).toContain('--reason');
    const taken = await torchline('withdraw', 'enterprises/2021.csv', '--reason', '文件传错了');
    expect(taken.out).toContain('已撤回');
    expect(await highTech()).toBe(before);
    const statuses = await asPrincipal({ kind: 'harness' }, () => local.operator.allStatuses()).then((all) =>
      all.filter((s) => s.key === 'submissions/enterprises/2021.csv'),
    );
    expect(statuses.at(-1)).toMatchObject({ status: 'withdrawn', withdrawn: { reason: '文件传错了' } });
    expect((await torchline('status', '--key', 'enterprises/2021.csv')).out).toContain('已撤回 withdrawn');
  });

  it('aliases let the bureau accept its own words for codes at the next upload, without a redeploy', async () => {
    const file = join(dir, '2021-信创.csv');
    await writeFile(file, csv([ENTERPRISE_HEADER, [uscc(7), '戊公司', 2021, '信创', 'no', 'no']]));
    expect((await torchline('upload', file, '--dataset', 'enterprises')).code).toBe(2);
    expect((await torchline('aliases', '--add', '信创=nonsense')).err).toContain('no code or label');
    expect((await torchline('aliases', '--add', '信创=it_innovation')).out).toContain('sector: 信创 = it_innovation');
    const again = await torchline('upload', file, '--dataset', 'enterprises');
    expect(again.code).toBe(0);
    const stored = await asPrincipal({ kind: 'harness' }, () => torchlineFromEnv(pipeline.stack.env).operator.allStatuses()).then((all) =>
      all.filter((s) => s.key === 'submissions/enterprises/2021-信创.csv'),
    );
    expect(stored.at(-1)).toMatchObject({ status: 'accepted', accepted: 1 });
    expect((await torchline('aliases', '--reset')).out).toContain('aliases: none');
  });

  it('mailbox lists what came in by mail, and says when the message to assign is not kept or the command is wrong', async () => {
    const listed = await torchline('mailbox');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('共 0 封邮件，其中未登记发件人 0 封');
    const missing = await torchline('mailbox', 'assign', '<nobody@nowhere>', '--org', uscc(1));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('没有保存编号为 <nobody@nowhere> 的未登记发件人邮件');
    expect((await torchline('mailbox', 'assign', '<x@y>')).err).toContain('mailbox assign 需要 --org');
    expect((await torchline('mailbox', 'delete')).err).toContain('mailbox 只接受 assign');
  });

  it('says what is wrong with a command, and where the local stack is missing', async () => {
    const unknown = await torchline('deploy');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown command "deploy"');
    expect(unknown.err).toContain('usage: npm run torchline');
    const help = await torchline('status', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: npm run torchline -- status [--since DATE] [--key PREFIX]');
    expect(help.out).not.toContain('recipients [--set');
    // Each command takes only its own options, and its help says what each means, with an example.
    const foreign = await torchline('status', '--reason', 'x');
    expect(foreign.code).toBe(1);
    expect(foreign.err).toContain('status：没有选项 --reason / no option --reason here');
    expect(foreign.err).toContain('--since DATE');
    expect(foreign.err).not.toContain('--reason 说明');
    const approveHelp = await torchline('approve', '--help');
    expect(approveHelp.out).toContain('--reason 说明');
    expect(approveHelp.out).toContain('npm run torchline -- approve --year 2021 --by 王飞跃');
    expect((await torchline('campaign', '--help')).out).toContain('截止前几天发提醒，逗号分隔，如 7,1 即前 7 天和前 1 天');
    const both = await torchline('report', '--send', '--dry-run');
    expect(both.err).toContain('--send and --dry-run exclude each other');
    const gone = await runTorchline(
      ['--local', '--local-file', join(dir, 'none.json'), 'status'],
      { log: () => undefined, error: (l) => expect(l).toContain('npm start -- --keep') },
      { localFile: '' },
    );
    expect(gone).toBe(1);
  });
});
