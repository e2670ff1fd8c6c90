/**
 * The whole pipeline through the local servers: files uploaded to s3rver,
 * its events delivered as SQS messages to the ingest handler, DynamoDB
 * Local, the report handler, and the SES emulator.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../scripts/local/run-pipeline';
import { DEFAULT_CHAOS, type ChaosOptions } from '../../scripts/local/chaos';
import { PUBLISHED } from '../../scripts/samples/yingze-sample';
import { csv, ENTERPRISE_HEADER, loadWorkbook, uscc } from '../support/submission-files';
import { FORM_COMPANIES, FORM_SKIPPED, formCsvGb18030, formWorkbook } from '../support/bureau-forms';
import { sampleEnterprises } from '../../scripts/samples/yingze-sample';
import { readXlsx } from '../../shared/ingest/parsing/xlsx-reader';
import { READ_LIMITS } from '../../shared/ingest/parsing/workbook-limits';
import JSZip from 'jszip';
import { endpoints, uniqueName } from '../support/local-servers';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function inputDir(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'torchline-in-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), body);
  }
  return dir;
}

async function pipeline(input: string, year?: number, chaos?: ChaosOptions) {
  const out = await mkdtemp(join(tmpdir(), 'torchline-out-'));
  const { ses, dynamodb } = endpoints();
  const result = await runPipeline({
    inputDir: input,
    outDir: out,
    year,
    chaos,
    reuse: { ses, dynamodb },
    tableName: uniqueName('e2e'),
    bucket: uniqueName('e2e'),
  });
  const indicators = JSON.parse(await readFile(join(out, 'indicators.json'), 'utf8'));
  const submissions = JSON.parse(await readFile(join(out, 'submissions.json'), 'utf8'));
  return { result, out, indicators, submissions };
}

describe('pipeline', () => {
  it('turns a directory with one valid enterprises CSV into indicators, statuses, a workbook and the email SES got', async () => {
    const dir = await inputDir({
      'enterprises/2021.csv': csv([
        [...ENTERPRISE_HEADER, 'rd_staff', 'revenue', 'rd_expenditure'],
        [uscc(1), 'Alpha', 2021, 'it_innovation', 'yes', 'yes', 10, '1,000,000', '50,000'],
        [uscc(2), 'Beta', 2021, 'big_data', 'no', 'yes', 4, '', ''],
        [uscc(3), 'Gamma', 2021, 'big_data', 'yes', 'no', '', '2,000,000', '150,000'],
      ]),
    });
    const { result, out, indicators, submissions } = await pipeline(dir);
    expect(result.year).toBe(2021);
    const y = indicators.years['2021'];
    expect(indicators.window).toEqual({ from: 2017, to: 2021 });
    expect(y).toMatchObject({ high_tech_enterprises: 2, scitech_smes: 2, scitech_smes_3y: 2, rd_staff: 14, revenue: 3_000_000, rd_expenditure: 200_000 });
    expect(y.rd_intensity).toBeCloseTo(200_000 / 3_000_000, 6);
    expect(y.by_sector.big_data).toMatchObject({ high_tech_enterprises: 1, scitech_smes: 1, rd_staff: 4 });
    expect(submissions).toEqual([
      {
        key: 'submissions/enterprises/2021.csv',
        dataset: 'enterprises',
        status: 'accepted',
        rows: 3,
        accepted: 3,
        rejected: 0,
        warnings: [],
        errors: [],
        skipped: [],
      },
    ]);

    const xlsx = await readFile(join(out, 'report-2021.xlsx'));
    const wb = await loadWorkbook(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toContain('企业 Enterprises');

    const eml = await readFile(join(out, 'email-2021.eml'));
    const mail = await simpleParser(eml);
    expect(mail.subject).toContain('迎泽区');
    expect(mail.subject).toContain('2021');
    expect(mail.attachments).toHaveLength(1);
    // A Chinese name and subject a director recognizes; the stored object keeps its ASCII key.
    expect(mail.attachments[0]!.filename).toBe('迎泽区2021年度科技创新统计报告.xlsx');
    expect(mail.subject).toMatch(/^迎泽区2021年度科技创新统计报告/);
    expect(mail.attachments[0]!.content.equals(xlsx)).toBe(true);

    const store = (await (await fetch(`${endpoints().ses}/store`)).json()) as { emails: { subject: string; messageId: string }[] };
    expect(store.emails.some((e) => e.subject === mail.subject)).toBe(true);
  });

  it('reports every row of messy files as accepted or rejected with a reason', async () => {
    const dir = await inputDir({
      'enterprises/a.csv': csv([ENTERPRISE_HEADER, [uscc(4), 'Ok', 2020, 'other', 'y', 'n'], ['bad', 'No', 2020, 'other', 'y', 'n']]),
      'enterprises/b.txt': 'hello',
      'projects/p.csv': csv([
        ['project_id', 'title'],
        ['P-1', 'x'],
      ]),
      'loose.csv': 'a,b\n1,2\n',
    });
    const { submissions, out } = await pipeline(dir, 2020);
    expect(submissions.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
      ['submissions/enterprises/a.csv', 'partially_accepted'],
      ['submissions/enterprises/b.txt', 'rejected'],
      ['submissions/loose.csv', 'rejected'],
      ['submissions/projects/p.csv', 'rejected'],
    ]);
    for (const s of submissions) {
      expect(s.accepted + s.rejected).toBe(s.rows);
      if (s.status !== 'accepted') expect(s.errors.length).toBeGreaterThan(0);
    }
    expect(submissions[0].errors).toEqual([{ row: 3, column: 'uscc', message: expect.stringContaining('18 characters') }]);
    const checked = await loadWorkbook(await readFile(join(out, 'checked/enterprises/a.csv.checked.xlsx')));
    expect(checked.worksheets.map((w) => w.name)).toEqual(['错误清单 Errors', '企业']);
  });

  it('lists every rejected row in submissions.json, beyond those kept on the status record', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`BAD${i}`, 'x', 2021, 'other', 'yes', 'no']);
    const dir = await inputDir({ 'enterprises/many-bad.csv': csv([ENTERPRISE_HEADER, ...rows, [uscc(9), 'ok', 2021, 'other', 'no', 'no']]) });
    const { submissions } = await pipeline(dir);
    expect(submissions[0]).toMatchObject({ status: 'partially_accepted', rows: 151, accepted: 1, rejected: 150 });
    expect(submissions[0].errors).toHaveLength(150);
    expect(submissions[0].errors.at(-1)).toEqual({ row: 151, column: 'uscc', message: expect.any(String) });
  });

  it('lets a later resubmission change the counts, and a rejected one change nothing', async () => {
    const dir = await inputDir({
      'enterprises/2021-a.csv': csv([ENTERPRISE_HEADER, [uscc(5), 'A', 2021, 'other', 'yes', 'no'], [uscc(6), 'B', 2021, 'other', 'yes', 'no']]),
      // The correction: B lost its certificate; C is new.
      'enterprises/2021-b-correction.csv': csv([ENTERPRISE_HEADER, [uscc(6), 'B', 2021, 'other', 'no', 'no'], [uscc(7), 'C', 2021, 'other', 'yes', 'yes']]),
      // Rejected as a whole (missing column): must not undo anything.
      'enterprises/2021-c-broken.csv': csv([
        ['uscc', 'name', 'year'],
        [uscc(5), 'A', 2021],
      ]),
      'projects/p.csv': csv([
        ['project_id', 'title', 'year', 'field', 'funding'],
        ['P-1', 'x', 2021, 'other', '100'],
        ['P-2', 'y', 2020, 'other', '50'],
      ]),
      'projects/q-correction.csv': csv([
        ['project_id', 'title', 'year', 'field', 'funding', 'status'],
        ['P-2', 'y', 2021, 'other', '70', 'ongoing'],
        ['P-1', 'x', 2021, 'other', '100', '终止'],
      ]),
    });
    const { indicators } = await pipeline(dir);
    expect(indicators.years['2021']).toMatchObject({ high_tech_enterprises: 2, scitech_smes: 1, tech_projects: 1, tech_project_funding: 70 });
    expect(indicators.years['2020']).toMatchObject({ tech_projects: 0 });
  });

  it('reproduces the Yingze sample figures as published', async () => {
    const { indicators, submissions } = await pipeline(join(root, 'samples'));
    const { years, window_totals, growth } = indicators;
    expect(indicators.window).toEqual({ from: 2017, to: 2021 });
    expect(years['2017'].high_tech_enterprises).toBe(PUBLISHED.highTech2017);
    expect(years['2021'].high_tech_enterprises).toBe(PUBLISHED.highTech2021);
    expect(growth.high_tech_enterprises.cagr).toBeGreaterThan(0.94);
    expect(growth.high_tech_enterprises.cagr).toBeLessThan(0.96);
    expect(years['2021'].incubators).toBe(PUBLISHED.incubators2021);
    expect(years['2021'].incubators_by_level.national + years['2021'].incubators_by_level.provincial).toBe(6);
    expect(years['2021'].cumulative_incubated).toBe(PUBLISHED.cumulativeIncubated2021);
    expect(years['2021'].scitech_smes_3y).toBeGreaterThan(PUBLISHED.scitechSmes3yMin);
    expect(window_totals.tech_projects).toBe(PUBLISHED.windowProjects);
    expect(window_totals.tech_project_funding).toBeGreaterThan(PUBLISHED.windowFundingMinYuan);
    const late = submissions.filter((s: { status: string }) => s.status !== 'accepted');
    expect(late.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
      ['submissions/enterprises/2022-04-06/2021年度迎泽区科技型企业统计表（补报）.xlsx', 'partially_accepted'],
    ]);
  });

  it('shows the whole correction cycle on the sample: a late form with mistakes, its checked workbook fixed and explained, the review after', async () => {
    const { out, submissions } = await pipeline(join(root, 'samples'));
    const [original, returned] = submissions.filter((s: { key: string }) => s.key.includes('（补报）'));
    // The mistakes: an unknown sector (rejected, with the nearest value), a unit slip and a start-up's R&D (yellow, to explain).
    expect(original).toMatchObject({
      status: 'partially_accepted',
      rows: 3,
      accepted: 2,
      rejected: 1,
      errors: [{ row: 5, column: '行业领域', message: expect.stringContaining('「智能装备制造」') }],
    });
    const checked = await loadWorkbook(await readFile(join(out, 'checked/enterprises/2022-04-06/2021年度迎泽区科技型企业统计表（补报）.xlsx.checked.xlsx')));
    const listed = checked
      .getWorksheet('错误清单 Errors')!
      .getSheetValues()
      .slice(5)
      .map((r) => (r as unknown[]).slice(2, 5));
    expect(listed).toContainEqual([6, '营业收入', '待说明 finding']);
    expect(listed).toContainEqual([7, '研发经费支出', '待说明 finding']);
    // The returned copy: fixed cells accepted, nothing left to fix, no checked workbook for it.
    expect(returned).toMatchObject({ status: 'accepted', rows: 3, accepted: 3, rejected: 0, errors: [], warnings: [] });
    expect(await readdir(join(out, 'checked/enterprises'))).toEqual(['2022-04-06']);
    const review = JSON.parse(await readFile(join(out, 'review.json'), 'utf8'));
    const byRule = new Map<string, { note: string | null }[]>();
    for (const f of review.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    expect(byRule.get('rd_exceeds_revenue')).toEqual([expect.objectContaining({ note: expect.stringContaining('初创期') })]);
    expect(byRule.get('unit_suspect')).toBeUndefined();
    expect(byRule.get('yoy_jump')).toEqual([expect.objectContaining({ column: 'revenue', note: null })]);
    const fixed = JSON.parse(await readFile(join(out, 'indicators.json'), 'utf8')).years['2021'];
    // 865 万元, not 8,650,000 万元: the headline revenue stays in the district's range.
    expect(fixed.revenue).toBeLessThan(60_000_000_000);
  });

  it('keeps every character of the sample: the report holds no U+FFFD and every 2021 enterprise name exactly', async () => {
    const { out } = await pipeline(join(root, 'samples'));
    const report = await readFile(join(out, 'report-2021.xlsx'));
    const zip = await JSZip.loadAsync(report);
    for (const name of Object.keys(zip.files)) {
      const text = await zip.file(name)?.async('string');
      if (text !== undefined) expect(text.includes('\uFFFD') || text.includes('&#65533;'), name).toBe(false);
    }
    const names = new Set<string>();
    for await (const sheet of readXlsx(report, READ_LIMITS)) {
      for await (const row of sheet.rows) for (const cell of row.cells) if (typeof cell === 'string') names.add(cell);
    }
    const expected = sampleEnterprises()
      .filter((e) => e.year === 2021)
      .map((e) => e.name);
    expect(expected.length).toBeGreaterThan(1000);
    expect(expected.filter((name) => !names.has(name))).toEqual([]);
    expect((await readFile(join(out, 'email-2021.eml'), 'utf8')).includes('\uFFFD')).toBe(false);
  });

  it("reads a district's real forms end to end: title blocks, merged two-row headers, totals and footers in .xlsx, GB18030 .csv and .xls", async () => {
    const dir = await inputDir({
      'enterprises/2020-迎泽区科技型企业统计表.csv': formCsvGb18030(FORM_COMPANIES, 2020),
      'enterprises/2021-迎泽区科技型企业统计表.xlsx': await formWorkbook(),
      '汇总/2021-迎泽区报表.xls': await readFile(join(root, 'tests/fixtures/bureau-form.xls')),
    });
    const { indicators, submissions } = await pipeline(dir, 2021);
    const skipped = FORM_SKIPPED;
    expect(
      submissions.map((s: { key: string; status: string; rows: number; accepted: number; skipped: unknown }) => [
        s.key,
        s.status,
        s.rows,
        s.accepted,
        s.skipped,
      ]),
    ).toEqual([
      ['submissions/enterprises/2020-迎泽区科技型企业统计表.csv', 'accepted', 3, 3, skipped],
      ['submissions/enterprises/2021-迎泽区科技型企业统计表.xlsx', 'accepted', 3, 3, skipped],
      ['submissions/汇总/2021-迎泽区报表.xls', 'accepted', 3, 3, skipped],
    ]);
    for (const year of ['2020', '2021']) {
      expect(indicators.years[year]).toMatchObject({ high_tech_enterprises: 2, rd_staff: 116, revenue: 52_912_500, rd_expenditure: 2_795_500 });
    }
  });

  /** Every cell of every sheet, the generation time aside. */
  async function workbookCells(path: string): Promise<unknown[]> {
    const cells: unknown[] = [];
    for await (const sheet of readXlsx(await readFile(path), READ_LIMITS)) {
      for await (const row of sheet.rows) {
        cells.push([sheet.name, row.row, row.cells.map((c) => (typeof c === 'string' ? c.replace(/生成时间 Generated: \S+/, '') : c))]);
      }
    }
    return cells;
  }

  it.each([
    ['the Yingze sample', () => Promise.resolve(join(root, 'samples')), undefined],
    [
      'messy files',
      async () =>
        inputDir({
          'enterprises/a.csv': csv([ENTERPRISE_HEADER, [uscc(4), 'Ok', 2021, 'other', 'y', 'n'], ['bad', 'No', 2021, 'other', 'y', 'n']]),
          'enterprises/b.txt': 'hello',
          'enterprises/c.csv': csv([ENTERPRISE_HEADER, [uscc(4), 'Corrected', 2021, 'other', 'n', 'y']]),
          'projects/p.json': '[{"project_id": "P-1"',
          'enterprises/form.xlsx': await formWorkbook(),
        }),
      2021,
    ],
  ])('gives %s the same outputs under chaos: faults, broken bodies, every event twice and out of order', async (name, input, year) => {
    const dir = await input();
    const normal = await pipeline(dir, year);
    const chaotic = await pipeline(dir, year, { ...DEFAULT_CHAOS, seed: 11, faultRate: 0.1, brokenBodyRate: 0.5 });
    expect(chaotic.result.faults!.injected).toBeGreaterThan(0);
    // Seven files meet enough draws for a body to break; the handful of messy ones may not.
    if (name === 'the Yingze sample') expect(chaotic.result.faults!.brokenBodies).toBeGreaterThan(0);
    expect(chaotic.result.deadLetters).toBe(0);
    expect(chaotic.indicators).toEqual(normal.indicators);
    expect(chaotic.submissions).toEqual(normal.submissions);
    expect(await workbookCells(chaotic.result.files.report)).toEqual(await workbookCells(normal.result.files.report));
  });

  it('reviews the reported year: findings with their explanations, missing reporters, in review.json, the Review sheet and the email', async () => {
    const header = [...ENTERPRISE_HEADER, 'employees', 'revenue', '备注'];
    const dir = await inputDir({
      'enterprises/2020.csv': csv([
        header,
        [uscc(70), 'Grows', 2020, 'other', 'no', 'yes', 10, '1,000,000', ''],
        [uscc(71), 'Gone', 2020, 'other', 'yes', 'no', 5, '500,000', ''],
        [uscc(72), 'Jumps', 2020, 'other', 'no', 'yes', 10, '1,000,000', ''],
      ]),
      'enterprises/2021.csv': csv([
        header,
        [uscc(70), 'Grows', 2021, 'other', 'no', 'yes', 40, '1,200,000', '并购了一家企业'],
        [uscc(72), 'Jumps', 2021, 'other', 'no', 'yes', 50, '1,100,000', ''],
      ]),
    });
    const { result, out } = await pipeline(dir, 2021);
    const review = JSON.parse(await readFile(join(out, 'review.json'), 'utf8'));
    expect(review).toEqual({
      year: 2021,
      findings: [
        { rule: 'yoy_jump', dataset: 'enterprises', key: uscc(72), year: 2021, column: 'employees', message: expect.stringContaining('3×'), note: null },
        { rule: 'yoy_jump', dataset: 'enterprises', key: uscc(70), year: 2021, column: 'employees', message: expect.any(String), note: '并购了一家企业' },
      ],
      completeness: { incubators: { expected: 0, reported: 0, missing: [] }, enterprises: { expected: 3, reported: 2, missing: [uscc(71)] } },
    });
    const cells: string[] = [];
    for await (const sheet of readXlsx(await readFile(result.files.report), READ_LIMITS)) {
      if (sheet.name !== '审核 Review') continue;
      for await (const row of sheet.rows) cells.push(row.cells.map((c) => String(c ?? '')).join('|'));
    }
    // In words: the rule's Chinese name first, the column as the forms name it, the rule's code last for machines.
    expect(cells[1]).toContain(`与上年相比变化异常|企业|${uscc(72)}|Jumps|从业人员|`);
    expect(cells[1]).toMatch(/\|yoy_jump$/);
    expect(cells[1]).toContain('未说明 unexplained');
    expect(cells[2]).toContain('并购了一家企业');
    expect(cells.some((c) => c.includes(uscc(71)) && c.includes('Gone'))).toBe(true);
    const mail = await simpleParser(await readFile(result.files.email));
    expect(mail.text).toContain('2 findings, 1 unexplained; 1 expected reporters missing');
  });

  it('recomputes the review over the records in force: a resubmission that fixes a figure removes its finding', async () => {
    const header = [...ENTERPRISE_HEADER, 'employees'];
    const dir = await inputDir({
      'enterprises/2020.csv': csv([header, [uscc(80), 'Jumps', 2020, 'other', 'no', 'yes', 10]]),
      'enterprises/2021-a.csv': csv([header, [uscc(80), 'Jumps', 2021, 'other', 'no', 'yes', 50]]),
      'enterprises/2021-b-fix.csv': csv([header, [uscc(80), 'Jumps', 2021, 'other', 'no', 'yes', 12]]),
    });
    const { out } = await pipeline(dir, 2021);
    const review = JSON.parse(await readFile(join(out, 'review.json'), 'utf8'));
    expect(review.findings).toEqual([]);
    expect(review.completeness.enterprises).toEqual({ expected: 1, reported: 1, missing: [] });
  });
});
