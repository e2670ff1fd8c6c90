import { describe, expect, it } from 'vitest';
import { DATASETS, FORM_DATASETS } from '../../../shared/domain/datasets';
import { mapHeaders } from '../../../shared/ingest/parsing/header-mapping';
import { submissionTemplate } from '../../../shared/templates/submission-template';
import { loadWorkbook } from '../../support/submission-files';

describe('submission templates', () => {
  it.each(FORM_DATASETS)('%s: bilingual headers that map to every column, dropdowns and a notes sheet', async (dataset) => {
    const wb = await loadWorkbook(await submissionTemplate(dataset));
    const [data, notes] = wb.worksheets;
    expect(data!.name).toBe(DATASETS[dataset].label);
    expect(notes!.name).toMatch(/Notes/);
    const headers = (data!.getRow(1).values as unknown[]).slice(1).map(String);
    const mapping = mapHeaders(DATASETS[dataset], headers);
    expect(mapping.columns.map((c) => c.column.name)).toEqual(DATASETS[dataset].columns.map((c) => c.name));
    expect(mapping.warnings).toEqual([]);
    expect(headers.every((h) => /[\u4e00-\u9fff]/.test(h) && /[a-z]/.test(h))).toBe(true);
    const lists = Object.values(
      (data as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model,
    ).filter((v) => v.type === 'list');
    const expectedLists = DATASETS[dataset].columns.filter((c) => c.type.kind === 'enum' || c.type.kind === 'bool').length;
    expect(lists.length).toBeGreaterThanOrEqual(expectedLists);
    const notesText = notes!.getSheetValues().flat().join(' ');
    for (const column of DATASETS[dataset].columns) expect(notesText).toContain(column.name);
  });

  it('offers the Chinese labels of sectors and the 是/否 booleans as choices', async () => {
    const wb = await loadWorkbook(await submissionTemplate('enterprises'));
    const model = (wb.worksheets[0] as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    const formulae = Object.values(model)
      .flatMap((v) => v.formulae)
      .join(' ');
    expect(formulae).toContain('信息技术应用创新');
    expect(formulae).toContain('"是,否"');
  });
});
