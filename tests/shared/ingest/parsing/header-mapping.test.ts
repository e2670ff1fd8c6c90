import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../../../shared/domain/datasets';
import { mapHeaders, parseHeader } from '../../../../shared/ingest/parsing/header-mapping';

describe('header mapping', () => {
  it('ignores case, spaces, underscores, hyphens and reads the unit in either kind of bracket', () => {
    expect(parseHeader(' RD_Expenditure (万元) ')).toMatchObject({ key: 'rdexpenditure', unit: '万元' });
    expect(parseHeader('研发经费（万元）')).toMatchObject({ key: '研发经费', unit: '万元' });
    expect(parseHeader('孵化场地面积【平方米】')).toMatchObject({ key: '孵化场地面积', unit: '平方米' });
    expect(parseHeader('high-tech')).toMatchObject({ key: 'hightech', unit: undefined });
  });

  it('maps English names and Chinese aliases to the same columns', () => {
    const m = mapHeaders(DATASETS.enterprises, ['统一社会信用代码', 'Name', '年份', '产业领域', 'High Tech', '营业收入（万元）', 'rd_expenditure(yuan)']);
    expect(m.columns.map((c) => c.column.name)).toEqual(['uscc', 'name', 'year', 'sector', 'high_tech', 'revenue', 'rd_expenditure']);
    expect(m.columns.find((c) => c.column.name === 'revenue')!.multiplier).toBe(10_000);
    expect(m.columns.find((c) => c.column.name === 'rd_expenditure')!.multiplier).toBe(1);
    expect(m.missing).toEqual([]);
  });

  it('reads bilingual headers when every part names the same column, and only then', () => {
    const m = mapHeaders(DATASETS.enterprises, ['统一社会信用代码 / uscc', '企业名称 Name', '营业收入 / revenue（万元）', 'year of founding', '年度\nYear']);
    expect(m.columns.map((c) => [c.column.name, c.multiplier])).toEqual([
      ['uscc', 1],
      ['name', 1],
      ['revenue', 10_000],
      ['year', 1],
    ]);
    expect(m.warnings).toEqual([expect.stringContaining('year of founding')]);
  });

  it('names every missing required column', () => {
    const m = mapHeaders(DATASETS.enterprises, ['name', 'year']);
    expect(m.missing.map((c) => c.name)).toEqual(['uscc', 'sector', 'high_tech']);
  });

  it('warns about unknown and repeated columns', () => {
    const m = mapHeaders(DATASETS.projects, ['project_id', '附件', 'title', '项目名称']);
    expect(m.warnings).toEqual([
      expect.stringMatching(/^未识别的列「附件」已忽略 \/ unknown column "附件" ignored$/),
      expect.stringContaining('repeats title'),
    ]);
  });

  it('understands the other money units of Chinese statistics', () => {
    const m = mapHeaders(DATASETS.enterprises, ['营业收入（千元）', '研发经费（亿元）']);
    expect(m.columns.map((c) => c.multiplier)).toEqual([1_000, 100_000_000]);
  });

  it('refuses a money column in an unknown unit', () => {
    const m = mapHeaders(DATASETS.projects, ['project_id', 'title', 'year', 'field', '资助金额（美元）']);
    expect(m.errors).toEqual([{ column: '资助金额（美元）', message: expect.stringContaining('美元') }]);
  });
});
