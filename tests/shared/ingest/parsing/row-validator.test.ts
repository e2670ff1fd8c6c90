import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../../../shared/domain/datasets';
import { mapHeaders } from '../../../../shared/ingest/parsing/header-mapping';
import { validateRow } from '../../../../shared/ingest/parsing/row-validator';
import { completeUscc } from '../../../../shared/domain/uscc';

const ctx = { maxYear: 2027 };
const USCC = completeUscc('91140105MA0GRJ0R1');

function validate(dataset: keyof typeof DATASETS, headers: string[], cells: unknown[], row = 2) {
  const mapping = mapHeaders(DATASETS[dataset], headers);
  return validateRow(mapping.columns, DATASETS[dataset].columns, cells as never[], row, ctx, dataset);
}

describe('row validation', () => {
  it('turns a good enterprise row into a typed record with defaults', () => {
    const r = validate(
      'enterprises',
      ['uscc', 'name', 'year', 'sector', 'high_tech', '研发经费（万元）'],
      [USCC.toLowerCase(), ' 数云  科技 ', '2021', '数字产业', '是', '1.5'],
    );
    expect(r).toEqual({
      ok: true,
      record: { uscc: USCC, name: '数云 科技', year: 2021, sector: 'digital_industry', high_tech: true, scitech_sme: false, rd_expenditure: 1_500_000 },
    });
  });

  it('rejects half a character (a lone surrogate, as `_xD801_` decodes) naming the cell, and keeps a whole one', () => {
    const r = validate('enterprises', ['uscc', '企业名称', 'year', 'sector'], [USCC, 'a\uD801b', '2021', '数字产业']);
    expect(r).toMatchObject({ ok: false, errors: [{ row: 2, column: '企业名称' }] });
    expect(!r.ok && r.errors[0]!.message).toContain('U+D801');
    expect(validate('enterprises', ['uscc', 'name', 'year', 'sector'], [USCC, 'a\uDC00', '2021', '数字产业']).ok).toBe(false);
    const whole = validate('enterprises', ['uscc', 'name', 'year', 'sector'], [USCC, '𠀀科技', '2021', '数字产业']);
    expect(whole).toMatchObject({ ok: true, record: { name: '𠀀科技' } });
  });

  it.each(['\u200B', '\u202E', '\u2066', '\uFEFF'])(
    'rejects a name holding the invisible format character %j, naming its code point and never echoing it',
    (ch) => {
      const r = validate('enterprises', ['uscc', 'name', 'year', 'sector'], [USCC, `数云${ch}科技`, '2021', '数字产业']);
      expect(r.ok).toBe(false);
      const message = !r.ok ? r.errors[0]!.message : '';
      expect(message).toContain(`U+${ch.charCodeAt(0).toString(16).toUpperCase()}`);
      expect(message.includes(ch)).toBe(false);
    },
  );

  it.each([
    ['智能制造', '智能装备制造 (intelligent_manufacturing)'],
    ['现代物流业', '现代物流 (modern_logistics)'],
  ])('names the nearest allowed value of a code list once in each language: %s', (typed, meant) => {
    const r = validate('enterprises', ['uscc', 'name', 'year', 'sector'], [USCC, '数云', '2021', typed]);
    const message = !r.ok ? r.errors[0]!.message : '';
    expect(message).toContain(`是否应为「${meant.split(' ')[0]}」`);
    expect(message).toContain(`did you mean ${meant}?`);
    // The list of allowed values once, in Chinese; never twice, never the codes.
    expect(message.split('数字产业').length - 1).toBe(1);
    expect(message).not.toContain('digital_industry');
  });

  it('reports every bad cell of a row with row, column and reason', () => {
    const r = validate(
      'enterprises',
      ['uscc', 'name', 'year', 'sector', 'high_tech', 'employees'],
      [USCC.slice(0, 17) + 'Z', '', '1990', 'mining', 'perhaps', '-4'],
      7,
    );
    expect(r.ok).toBe(false);
    const errors = !r.ok ? r.errors : [];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [7, 'uscc'],
      [7, 'name'],
      [7, 'year'],
      [7, 'sector'],
      [7, 'high_tech'],
      [7, 'employees'],
    ]);
    expect(errors.find((e) => e.column === 'name')!.message).toMatch(/required/);
    expect(errors.find((e) => e.column === 'sector')!.message).toMatch(/可填：信息技术应用创新、/);
  });

  it('reports a cell problem (Excel error, formula without result) in its column', () => {
    const r = validate(
      'enterprises',
      ['uscc', 'name', 'year', 'sector', 'high_tech', 'employees'],
      [USCC, 'A', 2021, 'other', 'no', { problem: 'the cell shows the Excel error #REF!' }],
    );
    expect(!r.ok && r.errors).toEqual([{ row: 2, column: 'employees', message: 'the cell shows the Excel error #REF!' }]);
  });

  it('checks ID patterns and text length', () => {
    const r = validate('projects', ['project_id', 'title', 'year', 'field', 'funding'], ['P 001', 'x'.repeat(301), 2021, 'other', 1]);
    expect(!r.ok && r.errors.map((e) => e.column)).toEqual(['project_id', 'title']);
  });

  it('accepts incubator levels and project statuses by code or Chinese label; status defaults to approved', () => {
    const inc = validate('incubators', ['孵化器编号', '名称', '级别', '年度', '在孵企业数', '累计孵化企业数'], ['INC-1', 'A', '国家级', 2021, 3, 9]);
    expect(inc.ok && inc.record.level).toBe('national');
    const p = validate('projects', ['项目编号', '项目名称', '立项年度', '技术领域', '资助金额（万元）', '状态'], ['P-1', 'T', 2021, 'AI', 30, '终止']);
    expect(p.ok).toBe(false);
    const p2 = validate('projects', ['项目编号', '项目名称', '立项年度', '技术领域', '资助金额（万元）', '状态'], ['P-1', 'T', 2021, '人工智能', 30, '终止']);
    expect(p2.ok && p2.record).toMatchObject({ field: 'artificial_intelligence', funding: 30_000_000, status: 'terminated' });
    const p3 = validate('projects', ['项目编号', '项目名称', '立项年度', '技术领域', '资助金额'], ['P-1', 'T', 2021, 'big_data', '1,000']);
    expect(p3.ok && p3.record.status).toBe('approved');
  });
  it('rejects a credit code Excel stored as a number, saying the column must be text', () => {
    for (const cell of [9.11401057e17, '9.11401E+17']) {
      const r = validate('enterprises', ['统一社会信用代码', 'name', 'year', 'sector', 'high_tech'], [cell, 'A', 2021, 'other', 'no']);
      expect(r).toEqual({ ok: false, errors: [{ row: 2, column: '统一社会信用代码', message: expect.stringContaining('format the column as text') }] });
    }
  });

  it('never stores text holding U+FFFD: the row is rejected naming the cell as its header is written', () => {
    const r = validate(
      'enterprises',
      ['uscc', '企业名称', 'year', 'sector', 'high_tech'],
      [USCC, '山西朝阳鼎信生物材料有限公\uFFFD\uFFFD', 2021, 'other', 'no'],
    );
    expect(r).toEqual({ ok: false, errors: [{ row: 2, column: '企业名称', message: expect.stringContaining('U+FFFD') }] });
  });

  it('keeps the note on every dataset, up to 500 characters', () => {
    const r = validate('projects', ['project_id', 'title', 'year', 'field', 'funding', '情况说明'], ['P-1', 't', 2021, 'other', 1, '因疫情延期']);
    expect(r).toMatchObject({ ok: true, record: { note: '因疫情延期' } });
    const long = validate(
      'incubators',
      ['incubator_id', 'name', 'level', 'year', 'incubating_companies', 'cumulative_incubated', '备注'],
      ['I-1', 'n', '省级', 2021, 1, 2, '长'.repeat(501)],
    );
    expect(long).toEqual({ ok: false, errors: [{ row: 2, column: '备注', message: expect.stringContaining('500') }] });
  });

  it('rejects a row whose figures contradict each other (section 10.1), naming the column as written', () => {
    const e = validate('enterprises', ['uscc', 'name', 'year', 'sector', 'high_tech', '从业人员', '研发人员数'], [USCC, 'A', 2021, 'other', 'no', 10, 12]);
    expect(e).toEqual({ ok: false, errors: [{ row: 2, column: '研发人员数', message: '研发人员数大于从业人员数 / rd_staff exceeds employees' }] });
    expect(
      validate('enterprises', ['uscc', 'name', 'year', 'sector', 'high_tech', '从业人员', '研发人员数'], [USCC, 'A', 2021, 'other', 'no', 12, 12]).ok,
    ).toBe(true);
    expect(validate('enterprises', ['uscc', 'name', 'year', 'sector', 'high_tech', '研发人员数'], [USCC, 'A', 2021, 'other', 'no', 12]).ok).toBe(true);
    const head = ['incubator_id', 'name', 'level', 'year', '在孵企业数', '累计孵化企业数', '当年毕业企业数'];
    const i = validate('incubators', head, ['I-1', 'n', '省级', 2021, 30, 20, 25]);
    expect(i).toEqual({
      ok: false,
      errors: [
        { row: 2, column: '在孵企业数', message: expect.stringContaining('incubating_companies exceeds cumulative_incubated') },
        { row: 2, column: '当年毕业企业数', message: expect.stringContaining('graduated_companies exceeds cumulative_incubated') },
      ],
    });
    expect(validate('incubators', head, ['I-1', 'n', '省级', 2021, 20, 20, 5]).ok).toBe(true);
  });
});
