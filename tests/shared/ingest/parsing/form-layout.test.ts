/** Data contract section 9, rule by rule, on sheets built in memory (as every reader hands them on). */
import { describe, expect, it } from 'vitest';
import type { CellInput } from '../../../../shared/ingest/parsing/cell-values';
import { DATASETS } from '../../../../shared/domain/datasets';
import { formRows, locateHeader, readHead, type FormRow } from '../../../../shared/ingest/parsing/form-layout';
import type { MergeRange, TableSheet } from '../../../../shared/ingest/parsing/sheet-rows';
import { uscc } from '../../../support/submission-files';

function sheet(rows: CellInput[][], merges: MergeRange[] = [], spans: TableSheet['spans'] = merges.length > 0 ? 'merged' : 'empty-cells'): TableSheet {
  const raw = rows.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c !== null && c !== ''));
  return {
    kind: 'table',
    name: undefined,
    hidden: false,
    spans,
    merges,
    rows: (async function* () {
      yield* raw;
    })(),
  };
}

async function layout(rows: CellInput[][], merges: MergeRange[] = [], dataset: keyof typeof DATASETS = 'enterprises', spans?: TableSheet['spans']) {
  const head = await readHead(sheet(rows, merges, spans));
  const header = locateHeader(DATASETS[dataset], head);
  const body: FormRow[] = [];
  if (header) for await (const row of formRows(head, header)) body.push(row);
  const columns = Object.fromEntries(header?.mapping.columns.map((c) => [c.column.name, { index: c.index, header: c.header, multiplier: c.multiplier }]) ?? []);
  return { header, body, columns };
}

const E = ['统一社会信用代码', '企业名称', '年度', '行业领域', '高新技术企业'];
const row = (n: number, year: CellInput = 2021): CellInput[] => [uscc(n), `企业${n}`, year, '数字产业', '是'];

describe('forms as bureaus fill them (contract section 9)', () => {
  it('rule 1: the header is the first of the first 30 non-empty rows in which two cells name columns; rows above are title', async () => {
    const { header, body } = await layout([['迎泽区企业统计表'], ['填报单位：迎泽区科技局'], ['企业名称'], E, row(1)]);
    expect(header!.headerRow).toBe(4);
    expect(header!.skipped).toEqual([
      { row: 1, kind: 'title' },
      { row: 2, kind: 'title' },
      { row: 3, kind: 'title' },
    ]);
    // A data row carries its cells (merges filled) and its raw cells, for the checked workbook.
    expect(body).toEqual([{ kind: 'data', row: 5, cells: row(1), raw: row(1) }]);
  });

  it('rule 1: no header among the first 30 non-empty rows means none', async () => {
    const title = Array.from({ length: 30 }, (_, i) => [`说明第${i + 1}行`]);
    expect((await layout([...title, E, row(1)])).header).toBeUndefined();
    expect((await layout([...title.slice(1), E, row(1)])).header!.headerRow).toBe(30);
  });

  it('rule 2: a unit in the title block sets money columns without a unit of their own; a header unit wins', async () => {
    const { columns } = await layout([['单位：千元、人、平方米'], [...E, '营业收入', '研发经费（元）'], [...row(1), 5, 6]]);
    expect(columns.revenue!.multiplier).toBe(1_000);
    expect(columns.rd_expenditure!.multiplier).toBe(1);
    const named = await layout([['金额单位：万元'], [...E, '营业收入'], [...row(1), 5]]);
    expect(named.columns.revenue!.multiplier).toBe(10_000);
    const reporter = await layout([['填报单位：迎泽区科技局'], [...E, '营业收入'], [...row(1), 5]]);
    expect(reporter.columns.revenue!.multiplier).toBe(1);
  });

  it('rule 2: two different money units in the title block are an error, not a guess', async () => {
    const { header } = await layout([
      ['单位：万元', '金额单位：元'],
      [...E, '营业收入'],
      [...row(1), 5],
    ]);
    expect(header!.errors).toEqual([expect.stringContaining('more than one money unit')]);
  });

  it('rule 3: a two-row header with merged cells names each column from the second row, the first, or both', async () => {
    const rows: CellInput[][] = [
      ['序号', '企业名称', '统一社会信用代码', '年度', '行业领域', '高新技术企业', '从业人员', null, '经济指标（万元）', null, '研发', null],
      [null, null, null, null, null, null, '合计', '其中：研发人员', '营业收入', '发明专利授权数', '经费', '人员'],
      [1, '企业1', uscc(1), 2021, '数字产业', '是', 10, 3, '12.5', 2, '7', 3],
    ];
    const merges: MergeRange[] = [
      ...[0, 1, 2, 3, 4, 5].map((c) => ({ top: 1, bottom: 2, left: c, right: c })),
      { top: 1, bottom: 1, left: 6, right: 7 },
      { top: 1, bottom: 1, left: 8, right: 9 },
      { top: 1, bottom: 1, left: 10, right: 11 },
    ];
    const { header, columns, body } = await layout(rows, merges);
    expect(header!.lastHeaderRow).toBe(2);
    expect(header!.skipped).toEqual([{ row: 2, kind: 'subheader' }]);
    expect(columns.employees).toEqual({ index: 6, header: '从业人员', multiplier: 1 });
    expect(columns.rd_staff).toEqual({ index: 7, header: '其中：研发人员', multiplier: 1 });
    // The merged parent's unit is the unit of the money columns it spans.
    expect(columns.revenue).toEqual({ index: 8, header: '营业收入', multiplier: 10_000 });
    expect(columns.invention_patents!.index).toBe(9);
    // Neither "经费" nor "人员" names a column alone: the first-row text followed by the second does.
    expect(columns.rd_expenditure).toEqual({ index: 10, header: '研发 经费', multiplier: 1 });
    expect(header!.mapping.warnings).toEqual([expect.stringContaining('"研发 人员"')]);
    expect(body.map((r) => r.row)).toEqual([3]);
  });

  it('rule 3: a unit alone in the second row is the unit of the column above it (and a row of units alone is a header row)', async () => {
    const rows: CellInput[][] = [
      [...E, '营业收入', '研发经费'],
      [null, null, null, null, null, '万元', '（千元）'],
      [...row(1), 5, 6],
    ];
    const { columns, header } = await layout(rows, [{ top: 1, bottom: 2, left: 0, right: 0 }]);
    expect(header!.lastHeaderRow).toBe(2);
    expect([columns.revenue!.multiplier, columns.rd_expenditure!.multiplier]).toEqual([10_000, 1_000]);
  });

  it('rule 3: in a CSV an empty header cell right of a header gives it its text when the second row names the column', async () => {
    const rows: CellInput[][] = [
      [...E, '从业人员', ''],
      ['', '', '', '', '', '合计', '其中：研发人员'],
      [...row(1), '10', '3'],
    ];
    const { columns } = await layout(rows);
    expect([columns.employees!.index, columns.rd_staff!.index]).toEqual([5, 6]);
  });

  it('rule 3: a row with a valid credit code under the key column is data, not a second header', async () => {
    const rows: CellInput[][] = [
      [...E, '从业人员', ''],
      [...row(1), '10', '合计'],
    ];
    const { header, body } = await layout(rows);
    expect(header!.lastHeaderRow).toBe(1);
    expect(body).toHaveLength(1);
  });

  it('rule 4: serial columns are ignored without a warning, and a line holding only its serial number is empty', async () => {
    const { header, body } = await layout([['序号', ...E], [1, ...row(1)], [2], [3, null, '']]);
    expect(header!.mapping.warnings).toEqual([]);
    expect(header!.mapping.columns.some((c) => c.index === 0)).toBe(false);
    expect(body.filter((r) => r.kind === 'data').map((r) => r.row)).toEqual([2]);
    // The pre-numbered blank lines are no data, but stay in the sheet the submitter gets back.
    expect(body.filter((r) => r.kind === 'blank').map((r) => r.row)).toEqual([3, 4]);
  });

  it('rule 5: total rows are recognised by their first non-empty cell, serial column included, in any case and spacing', async () => {
    const { body } = await layout([
      ['序号', ...E],
      [1, ...row(1)],
      ['合 计', null, null, null, null, null],
      [null, '小计'],
      [null, 'TOTAL'],
      [null, 'Sum'],
      [null, '全区合计'],
    ]);
    expect(body.map((r) => [r.row, r.kind, r.kind === 'total' ? r.subtotal : null])).toEqual([
      [2, 'data', null],
      [3, 'total', false],
      [4, 'total', true],
      [5, 'total', false],
      [6, 'total', false],
      [7, 'total', false],
    ]);
  });

  it('rule 6: the footer starts at the first row that begins with who filled it in, and everything below is footer', async () => {
    const { body } = await layout([E, row(1), ['填表人：张三', null, '联系电话：0351-1234567'], row(2), ['注：金额单位为万元']]);
    expect(body.map((r) => [r.row, r.kind])).toEqual([
      [2, 'data'],
      [3, 'footer'],
      [4, 'footer'],
      [5, 'footer'],
    ]);
  });

  it('rule 7: a merged range in the data gives its value to every cell it covers', async () => {
    const rows: CellInput[][] = [E, [uscc(1), '企业1', 2021, '数字产业', '是'], [uscc(2), '企业2', null, null, '否'], [uscc(3), '企业3', 2020, '其他', '否']];
    const { body } = await layout(rows, [{ top: 2, bottom: 3, left: 2, right: 3 }], 'enterprises', 'merged');
    expect(body.map((r) => (r.kind === 'data' ? r.cells.slice(2, 4) : null))).toEqual([
      [2021, 2021],
      [2021, 2021],
      [2020, '其他'],
    ]);
  });

  it('rule 9: without a year column the year comes from 年度 in the title block, or the one year of the first title row', async () => {
    const noYear = ['统一社会信用代码', '企业名称', '行业领域', '高新技术企业'];
    const annual = await layout([['迎泽区科技型企业统计表（2021年度）'], ['填报日期：2022年1月10日'], noYear]);
    expect(annual.header!.mapping.columns.find((c) => c.column.name === 'year')!.fixedValue).toBe(2021);
    expect(annual.header!.mapping.missing).toEqual([]);
    const named = await layout([['迎泽区2020年科技企业统计表'], noYear]);
    expect(named.header!.mapping.columns.find((c) => c.column.name === 'year')!.fixedValue).toBe(2020);
    const dateOnly = await layout([['科技企业统计表'], ['填报日期：2022年1月10日'], noYear]);
    expect(dateOnly.header!.mapping.missing.map((c) => c.name)).toEqual(['year']);
    const two = await layout([['2020年度、2021年度企业统计表'], noYear]);
    expect(two.header!.mapping.missing.map((c) => c.name)).toEqual(['year']);
  });
});
