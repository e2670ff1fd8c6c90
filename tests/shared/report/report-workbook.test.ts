import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, reportWorkbookBuffer, SHEET_NAMES } from '../../../shared/report/report-workbook';
import { loadWorkbook } from '../../support/submission-files';
import { HOSTILE, reportInput } from '../../support/report-fixtures';
import { reviewYear } from '../../../shared/report/review';
import type { EnterpriseRecord } from '../../../shared/domain/records';

let bytes: Buffer;
let wb: ExcelJS.Workbook;
const input = reportInput();

beforeAll(async () => {
  bytes = await reportWorkbookBuffer(input);
  wb = await loadWorkbook(bytes);
});

function findRow(sheet: ExcelJS.Worksheet, predicate: (first: string) => boolean): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && predicate(String(row.getCell(1).value ?? ''))) found = row;
  });
  if (!found) throw new Error('row not found');
  return found;
}

describe('report workbook', () => {
  it("says under the Summary's title whether the year is approved, once, in Chinese", async () => {
    const subtitle = (w: ExcelJS.Workbook) => String(w.getWorksheet(SHEET_NAMES.summary)!.getRow(2).getCell(1).value);
    expect(subtitle(wb)).toContain('　未审核　');
    const approval = { year: 2021, state: 'approved' as const, history: [{ action: 'approve' as const, by: '王飞跃', at: '2022-04-10T02:00:00Z' }] };
    const approved = subtitle(await loadWorkbook(await reportWorkbookBuffer({ ...input, approval })));
    expect(approved).toContain('　已审核（王飞跃，2022-04-10）　');
    expect(approved).not.toContain('approved by');
  });

  it('has the bilingual sheets leadership reads, in order', () => {
    // 分区县 is a city's sheet only (contract 15).
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEET_NAMES).filter((n) => n !== SHEET_NAMES.districts));
  });

  it('marks every figure that includes an unexplained unit-suspect record, beside it, and leaves the figure as it is', async () => {
    const suspect = {
      rule: 'unit_suspect',
      dataset: 'enterprises' as const,
      key: 'X',
      name: 'X',
      year: 2021,
      column: 'revenue',
      message: 'm',
      note: null,
      share: 0.993,
    };
    const marked = await loadWorkbook(
      await reportWorkbookBuffer({
        ...input,
        review: { ...input.review, findings: [...input.review.findings, suspect, { ...suspect, key: 'Y', note: '核实无误' }] },
      }),
    );
    const row = findRow(marked.getWorksheet(SHEET_NAMES.summary)!, (t) => t.startsWith('营业收入'));
    expect(row.getCell(5).value).toBe('含 1 条存疑数据 / includes 1 suspect record');
    expect(row.getCell(2).value).toBe(findRow(wb.getWorksheet(SHEET_NAMES.summary)!, (t) => t.startsWith('营业收入')).getCell(2).value);
    const indicators = findRow(marked.getWorksheet(SHEET_NAMES.indicators)!, (t) => t.startsWith('研发投入强度'));
    expect(indicators.values).toContain('含 1 条存疑数据 / includes 1 suspect record');
    expect(findRow(marked.getWorksheet(SHEET_NAMES.summary)!, (t) => t.startsWith('高新技术企业数')).getCell(5).value).toBeNull();
    // The Review sheet gives the record's share of the total, as a percentage.
    const review = marked.getWorksheet(SHEET_NAMES.review)!;
    const share = review.getRow(1).values as unknown[];
    const at = share.indexOf('占全区合计 Share of total');
    const x = findRow(review, (t) => t === '金额单位存疑');
    expect([x.getCell(at).value, x.getCell(at).numFmt]).toEqual([0.993, '0.0%']);
  });

  it('puts the headline figures, year-on-year change and CAGR on the summary', () => {
    const summary = wb.getWorksheet(SHEET_NAMES.summary)!;
    expect(String(summary.getCell('A1').value)).toContain('迎泽区');
    const row = findRow(summary, (t) => t.startsWith('高新技术企业数'));
    expect(row.getCell(2).value).toBe(input.indicators.years[2021]!.high_tech_enterprises);
    expect(row.getCell(3).value).toBeCloseTo(input.indicators.growth.high_tech_enterprises.yoy[2021]!, 6);
    expect(row.getCell(4).value).toBeCloseTo(input.indicators.growth.high_tech_enterprises.cagr!, 6);
    expect(row.getCell(2).numFmt).toBe(FORMATS.count);
    expect(row.getCell(3).numFmt).toBe(FORMATS.percent);
    // Money as the bureau states it: 万元, the unit in the label; the JSON keeps yuan.
    const funding = findRow(summary, (t) => t.startsWith('科技项目资助金额（万元）'));
    expect(funding.getCell(2).value).toBeCloseTo(12.345678, 8);
    expect(funding.getCell(2).numFmt).toBe(FORMATS.wan);
  });

  it('tabulates every indicator by year and sectors for the reporting year', () => {
    const sheet = wb.getWorksheet(SHEET_NAMES.indicators)!;
    expect((sheet.getRow(1).values as unknown[]).slice(2, 7)).toEqual(['2017', '2018', '2019', '2020', '2021']);
    const ht = findRow(sheet, (t) => t.startsWith('高新技术企业数'));
    expect((ht.values as unknown[]).slice(2, 7)).toEqual([2017, 2018, 2019, 2020, 2021].map((y) => input.indicators.years[y]!.high_tech_enterprises));
    // R&D intensity to the hundredth of a percent, as the email and the CLI give it (2.77 %, not 2.8 %).
    const intensity = findRow(sheet, (t) => t.startsWith('研发投入强度'));
    expect(intensity.getCell(6).numFmt).toBe(FORMATS.ratio);
    const onSummary = findRow(wb.getWorksheet(SHEET_NAMES.summary)!, (t) => t.startsWith('研发投入强度'));
    expect(onSummary.getCell(2).numFmt).toBe(FORMATS.ratio);
    const sectors = wb.getWorksheet(SHEET_NAMES.sectors)!;
    const bigData = findRow(sectors, (t) => t.startsWith('大数据'));
    expect(bigData.getCell(6).value).toBeCloseTo(12.345678, 8);
    expect(sectors.getRow(1).getCell(6).value).toContain('万元');
  });

  it('freezes the header, adds filters, widths and number formats on the detail sheets', async () => {
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    const xml = await Promise.all(names.map((n) => zip.file(n)!.async('string')));
    const details = xml.filter((x) => x.includes('autoFilter'));
    expect(details.length).toBeGreaterThanOrEqual(5);
    for (const x of details) {
      expect(x).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
      expect(x).toMatch(/<col [^>]*width=/);
    }
    // Headed in Chinese from the dataset table, money in 万元 like the rest of the report, the year every row shares left out.
    const enterprises = wb.getWorksheet(SHEET_NAMES.enterprises)!;
    const headers = (enterprises.getRow(1).values as unknown[]).slice(1);
    expect(headers).toContain('营业收入（万元）');
    expect(headers).not.toContain('年度');
    const revenue = headers.indexOf('营业收入（万元）') + 1;
    expect(enterprises.getRow(2).getCell(revenue).numFmt).toBe(FORMATS.wan);
    expect(enterprises.getRow(2).getCell(revenue).value).toBe(100);
  });

  it('writes submitted text that looks like a formula as plain text, never as a formula', async () => {
    const values: ExcelJS.CellValue[] = [];
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          values.push(cell.value);
        }),
      );
    }
    for (const text of [
      ...HOSTILE.slice(0, 4),
      '=cmd|"/c calc"!A1',
      '+SUM(1)',
      '@lead',
      '-USCC check character is wrong',
      'submissions/enterprises/=bad.csv',
    ]) {
      expect(values).toContain(text);
    }
    const zip = await JSZip.loadAsync(bytes);
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
      expect(await zip.file(name)!.async('string')).not.toMatch(/<f>/);
    }
  });

  it('lists the data quality of the period with the rejected rows', () => {
    const sheet = wb.getWorksheet(SHEET_NAMES.quality)!;
    expect(sheet.getRow(2).getCell(4).value).toBe('部分接受 partially accepted');
    expect(sheet.getRow(3).getCell(8).value).toBe(3);
    expect(sheet.getRow(3).getCell(9).value).toBe('uscc');
  });

  it('shows — for a figure whose inputs are incomplete, never 0, and no growth across it, with the footnote', () => {
    const sheet = wb.getWorksheet(SHEET_NAMES.indicators)!;
    const incubators = findRow(sheet, (t) => t.startsWith('孵化器数'));
    expect((incubators.values as unknown[]).slice(2, 8)).toEqual(['—', '—', '—', '—', 1, '—']);
    const smes3y = findRow(sheet, (t) => t.startsWith('近三年科技型中小企业数'));
    expect((smes3y.values as unknown[]).slice(2, 4)).toEqual(['—', '—']);
    expect(typeof smes3y.getCell(4).value).toBe('number');
    const summary = wb.getWorksheet(SHEET_NAMES.summary)!;
    expect(findRow(summary, (t) => t.startsWith('孵化器数')).getCell(3).value).toBe('—');
    expect(findRow(summary, (t) => t.startsWith('— 表示')).getCell(1).value).toContain('left out of growth');
  });

  it('prints: the header row repeats on every page, pages are numbered, A4 fitted to width', async () => {
    const zip = await (await import('jszip')).default.loadAsync(bytes);
    const book = await zip.file('xl/workbook.xml')!.async('string');
    for (const name of [SHEET_NAMES.enterprises, SHEET_NAMES.incubators, SHEET_NAMES.projects]) {
      expect(book).toContain(`&apos;${name}&apos;!$1:$1`);
    }
    const enterprises = wb.getWorksheet(SHEET_NAMES.enterprises)!;
    expect(enterprises.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    expect(enterprises.headerFooter.oddFooter).toContain('&P');
    expect(enterprises.headerFooter.oddHeader).toContain('迎泽区');
  });
});

describe('what the report says of its own lists', () => {
  const cells = (sheet: ExcelJS.Worksheet) => {
    const rows: string[] = [];
    sheet.eachRow((r) =>
      rows.push(
        (r.values as unknown[])
          .slice(1)
          .map((v) => String(v ?? ''))
          .join('|'),
      ),
    );
    return rows;
  };

  it('names an upload whose rows were all replaced as superseded on Data quality, without its old errors', async () => {
    const superseded = await loadWorkbook(await reportWorkbookBuffer({ ...input, inForce: new Set(['2']) }));
    const rows = cells(superseded.getWorksheet(SHEET_NAMES.quality)!);
    expect(rows.find((r) => r.includes('=bad.csv'))).toContain('已被替换 superseded');
    expect(rows.join('\n')).not.toContain('USCC check character is wrong');
    // In force, the same upload keeps its errors.
    expect(cells(wb.getWorksheet(SHEET_NAMES.quality)!).join('\n')).toContain('USCC check character is wrong');
  });

  it('says on Projects why its list is longer than the Summary: terminated projects are listed, not counted', async () => {
    const terminated = { project_id: 'P-3', title: '终止项目', year: 2021, field: 'big_data' as const, funding: 100_00, status: 'terminated' as const };
    const withTerminated = await loadWorkbook(await reportWorkbookBuffer({ ...input, projects: [...(input.projects as never[]), terminated] }));
    expect(cells(withTerminated.getWorksheet(SHEET_NAMES.projects)!).join('\n')).toContain(
      '本表列出 3 个项目，其中状态为“终止”的 1 个不计入科技项目数和资助金额（概要、指标表为 2 个）',
    );
  });

  it("gives every finding on a figure its share of the district's total on the Review sheet", async () => {
    const odd = {
      uscc: '91140105MA0K01001N',
      name: '研发大户',
      year: 2021,
      sector: 'other' as const,
      high_tech: false,
      scitech_sme: false,
      revenue: 100_00,
      rd_expenditure: 300_000_00,
    };
    const enterprises: EnterpriseRecord[] = [...(input.enterprises as EnterpriseRecord[]), odd];
    const review = reviewYear({ enterprises: new Map([[2021, enterprises]]), incubators: new Map() }, 2021);
    const finding = review.findings.find((f) => f.rule === 'rd_exceeds_revenue')!;
    // 300,000 of the year's R&D: 300,000 + 10 enterprises × 50,000.
    expect(finding.share).toBeCloseTo(300_000 / 800_000, 6);
    const sheet = (await loadWorkbook(await reportWorkbookBuffer({ ...input, review }))).getWorksheet(SHEET_NAMES.review)!;
    let shown: unknown;
    sheet.eachRow((r) => r.getCell(9).value === 'rd_exceeds_revenue' && (shown = r.getCell(7).value));
    expect(shown).toBeCloseTo(300_000 / 800_000, 6);
  });
});
