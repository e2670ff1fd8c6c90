/** A district's package read back as the city reads it: as written, after a person's edits, and refused when it does not add up. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readPackageJson, readPackageWorkbook } from '../../../shared/ingest/package-reader';
import { readSheets } from '../../../shared/ingest/parsing/submission-parser';
import { upwardWorkbook } from '../../../shared/report/upward-workbook';
import { upwardPackage } from '../../../shared/report/upward-package';
import { districtDoc } from '../../support/district-packages';

const readBuffer = (bytes: Buffer, format: 'xlsx' | 'xls' = 'xlsx') => readPackageWorkbook(readSheets(Readable.from([bytes]), format));

describe("a district's package, as the city reads it", () => {
  it('reads back from its workbook every figure, the R&D parts, the lists and the approval, exactly as stated', async () => {
    const doc = districtDoc(true);
    const read = await readBuffer(await upwardWorkbook(doc, '2022-04-10'));
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.draft).toBe(false);
    expect(read.pkg.district).toBe('迎泽区');
    expect(read.pkg.year).toBe(2021);
    expect(read.pkg.approved).toEqual({ by: '王飞跃', at: '2022-04-10', reason: null });
    for (const i of doc.indicators) expect(read.pkg.figures[i.id as keyof typeof read.pkg.figures]).toEqual({ previous: i.previous, current: i.current });
    expect(read.pkg.parts.current).toEqual(doc.rd_intensity_parts);
    expect(read.pkg.parts.current).toEqual({ rd_expenditure: 6100, revenue: 254_000 });
    expect(read.pkg.lists.large_enterprises.map((e) => [e.name, e.revenue])).toEqual([['企业1', 250_000]]);
    expect(read.pkg.lists.incubators.map((i) => [i.incubator_id, i.level, i.incubating_companies])).toEqual([
      ['A', 'municipal', 12],
      ['B', 'municipal', 5],
    ]);
    expect(read.pkg.lists.non_reporters).toEqual([{ dataset: 'enterprises', key: '91140100MA00000009', name: '未报公司', reason: 'missing' }]);
  });

  it('reads the same package from its JSON, and a draft as a draft', async () => {
    const doc = districtDoc(false);
    const fromJson = readPackageJson(JSON.stringify(doc));
    const fromXlsx = await readBuffer(await upwardWorkbook(doc, '2022-04-10'));
    if (!fromJson.ok || !fromXlsx.ok) throw new Error('not read');
    expect(fromJson.draft).toBe(true);
    expect(fromXlsx.draft).toBe(true);
    expect(fromJson.pkg.figures).toEqual(fromXlsx.pkg.figures);
    expect(fromJson.pkg.parts).toEqual(fromXlsx.pkg.parts);
  });

  it('refuses a package whose totals do not equal its own lists, saying which', async () => {
    const doc = districtDoc(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await upwardWorkbook(doc, '2022-04-10')) as unknown as ArrayBuffer);
    // A person deletes an incubator's row but leaves the totals.
    wb.getWorksheet('孵化器')!.spliceRows(4, 1);
    const read = await readBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => e.message).join('\n')).toContain('“孵化器数”为 2，而孵化器表的孵化器个数为 1');
  });

  it('refuses a package with a sheet missing or a changed figure that no longer adds up', async () => {
    const doc = districtDoc(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await upwardWorkbook(doc, '2022-04-10')) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('汇总表')!;
    summary.eachRow((row) => {
      if (row.getCell(1).value === '高新技术企业数') row.getCell(4).value = 99;
    });
    const edited = await readBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(!edited.ok && edited.errors.some((e) => e.column === '汇总表：增减' && e.message.includes('高新技术企业数'))).toBe(true);
    wb.removeWorksheet(wb.getWorksheet('封面')!.id);
    const missing = await readBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(!missing.ok && missing.errors[0]!.message).toContain('缺少“封面”工作表');
  });

  it('refuses JSON that is not a package, naming the field', () => {
    const read = readPackageJson(JSON.stringify({ district: '迎泽区', year: 2021 }));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors[0]!.column).toBe('approved');
  });
});

describe('a package someone opened and saved before forwarding it', () => {
  const fixtures = join(import.meta.dirname, '../../fixtures/packages');
  it.each([
    ['LibreOffice .xlsx', 'libreoffice.xlsx', 'xlsx'],
    ['LibreOffice Excel 97 .xls', 'libreoffice.xls', 'xls'],
  ] as const)('reads the figures, parts and lists of a package saved by %s exactly as its JSON states them', async (_, file, format) => {
    const json = readPackageJson(await readFile(join(fixtures, 'upward-2021.json'), 'utf8'));
    const read = await readBuffer(await readFile(join(fixtures, file)), format);
    if (!json.ok || !read.ok) throw new Error(JSON.stringify(read.ok ? json : read));
    expect(read.pkg.figures).toEqual(json.pkg.figures);
    expect(read.pkg.parts).toEqual(json.pkg.parts);
    expect(read.pkg.lists).toEqual(json.pkg.lists);
    expect(read.pkg.approved).toEqual({ ...json.pkg.approved, at: '2022-04-10' });
  });
});

describe("a district's own explanations", () => {
  it('are read from its 增减对比 (workbook) and its comparison (JSON) alike, and the city quotes them for that district', async () => {
    const doc = districtDoc(true);
    const fromXlsx = await readBuffer(await upwardWorkbook(doc, '2022-04-10'));
    const fromJson = readPackageJson(JSON.stringify(doc));
    if (!fromXlsx.ok || !fromJson.ok) throw new Error('not read');
    expect(fromXlsx.pkg.explanations).toContainEqual({ id: 'revenue', name: '企业1', note: '新产线投产' });
    expect(fromJson.pkg.explanations).toEqual(fromXlsx.pkg.explanations);
    const city = upwardPackage({
      indicators: { district: '太原市', window: { from: 2017, to: 2021 }, years: { '2020': { revenue: 155_000 }, '2021': { revenue: 255_000 } } } as never,
      year: 2021,
      enterprises: { previous: [], current: [] },
      incubators: { previous: [], current: [] },
      projects: [],
      nonReporters: [],
      districts: [{ ...fromXlsx.pkg, district: '迎泽区' }],
    });
    const revenue = city.comparison.find((c) => c.id === 'revenue')!;
    expect(revenue.movers[0]).toMatchObject({ dataset: 'districts', name: '迎泽区', note: expect.stringContaining('企业1：新产线投产') });
  });
});
