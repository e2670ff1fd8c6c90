/**
 * The city's roll-up end to end (contract 15): three districts' pipeline runs
 * each approve their year and write their package; a city run reads only
 * those packages (two workbooks, one JSON, one of them a draft) and its
 * figures are the sums of theirs, its ratio recomputed from their parts, its
 * 分区县 sheet ranks them, and its own package carries each listed unit's
 * district and reads back the same way.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../scripts/local/run-pipeline';
import { PACKAGE_FIGURES, tenths } from '../../shared/domain/district-package';
import { readPackageWorkbook } from '../../shared/ingest/package-reader';
import { readSheets } from '../../shared/ingest/parsing/submission-parser';
import type { UpwardDocument } from '../../shared/report/upward-package';
import { endpoints, uniqueName } from '../support/local-servers';
import { csv, loadWorkbook, uscc } from '../support/submission-files';

const DISTRICTS = [
  { name: '迎泽区', base: 0, approve: true },
  { name: '小店区', base: 100, approve: true },
  { name: '杏花岭区', base: 200, approve: false },
];

async function run(input: string, district: string, approve: boolean, now?: string) {
  const out = await mkdtemp(join(tmpdir(), 'torchline-city-out-'));
  const { ses, dynamodb } = endpoints();
  await runPipeline({
    ...(now ? { now } : {}),
    inputDir: input,
    outDir: out,
    year: 2021,
    reuse: { ses, dynamodb },
    tableName: uniqueName('city'),
    bucket: uniqueName('city'),
    env: { TORCHLINE_DISTRICT: district },
    ...(approve ? { approve: '王飞跃', approveReason: '测试' } : {}),
  });
  const doc = JSON.parse(await readFile(join(out, 'upward-2021.json'), 'utf8')) as UpwardDocument;
  return { out, doc };
}

/** A district's small year: enterprises of 2020 and 2021 (one large), an incubator. */
async function districtInput(base: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'torchline-district-'));
  await mkdir(join(dir, 'enterprises'));
  await mkdir(join(dir, 'incubators'));
  const header = ['uscc', 'name', 'year', 'sector', 'high_tech', 'scitech_sme', 'rd_staff', 'revenue', 'rd_expenditure'];
  const rows = (year: number, grow: number) => [
    // In yuan: the first is large (2亿元 or more), the last reports no R&D (outside the ratio's parts).
    [uscc(base + 1), `大企业${base}`, year, 'other', 'yes', 'no', 50 * grow, 300_000_000 * grow + base * 1_000, 10_000_050.55 * grow],
    [uscc(base + 2), `小企业${base}`, year, 'electronic_information', 'no', 'yes', 5 + base / 100, 8_000_025.25 + base, 400_000],
    [uscc(base + 3), `新企业${base}`, year, 'other', year === 2021 ? 'yes' : 'no', 'yes', 3, 1_200_050.05, null],
  ];
  await writeFile(join(dir, 'enterprises', '2020.csv'), csv([header, ...rows(2020, 1)]));
  await writeFile(join(dir, 'enterprises', '2021.csv'), csv([header, ...rows(2021, 2)]));
  const incubator = ['incubator_id', 'name', 'level', 'year', 'incubating_companies', 'cumulative_incubated', 'graduated_companies'];
  await writeFile(
    join(dir, 'incubators', '2021.csv'),
    csv([
      incubator,
      [`INC-${base}`, `孵化器${base}`, 'municipal', 2021, 10 + base / 10, 30 + base / 10, 2],
      [`INC-${base}`, `孵化器${base}`, 'municipal', 2020, 8, 20, 1],
    ]),
  );
  return dir;
}

let districts: { name: string; doc: UpwardDocument; out: string }[];
let city: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  districts = [];
  for (const d of DISTRICTS) {
    const { out, doc } = await run(await districtInput(d.base), d.name, d.approve);
    districts.push({ name: d.name, doc, out });
  }
  const cityInput = await mkdtemp(join(tmpdir(), 'torchline-city-'));
  await mkdir(join(cityInput, '区县'));
  // Two as the districts' Torchlines wrote the workbooks, one as its JSON.
  await copyFile(join(districts[0]!.out, 'upward-2021.xlsx'), join(cityInput, '区县', '迎泽区-upward-2021.xlsx'));
  await copyFile(join(districts[1]!.out, 'upward-2021.json'), join(cityInput, '区县', '小店区-upward-2021.json'));
  await copyFile(join(districts[2]!.out, 'upward-2021.xlsx'), join(cityInput, '区县', '杏花岭区-upward-2021.xlsx'));
  // The city's roster of districts, by division code; 尖草坪区 has sent nothing.
  await mkdir(join(cityInput, '名录'));
  await writeFile(
    join(cityInput, '名录', '2021-区县名录.csv'),
    csv([
      ['year', 'dataset', 'key', 'name', 'email'],
      [2021, '区县', '140106', '迎泽区', 'kjj@yingze.gov.cn'],
      [2021, '区县', '140105', '小店区', 'kjj@xiaodian.gov.cn'],
      [2021, '区县', '140107', '杏花岭区', 'kjj@xinghualing.gov.cn'],
      [2021, '区县', '140108', '尖草坪区', 'kjj@jiancaoping.gov.cn'],
    ]),
  );
  city = await run(cityInput, '太原市', true, '2022-04-07');
}, 300_000);

describe("a city's Torchline fed only its districts' packages", () => {
  it('states every summable figure as the sum of its districts, exactly to the 千元', () => {
    for (const f of PACKAGE_FIGURES) {
      if (f.id === 'rd_intensity') continue;
      const cityFigure = city.doc.indicators.find((i) => i.id === f.id)!;
      const sum = (which: 'previous' | 'current') => districts.reduce((a, d) => a + tenths(d.doc.indicators.find((i) => i.id === f.id)![which] ?? 0), 0) / 10;
      expect([f.id, cityFigure.current]).toEqual([f.id, sum('current')]);
      expect([f.id, cityFigure.previous]).toEqual([f.id, sum('previous')]);
    }
  });

  it('recomputes R&D intensity from the parts the packages carry, never averaging their ratios', () => {
    const parts = districts.map((d) => d.doc.rd_intensity_parts!);
    const rd = parts.reduce((a, p) => a + tenths(p.rd_expenditure), 0) / 10;
    const revenue = parts.reduce((a, p) => a + tenths(p.revenue), 0) / 10;
    expect(city.doc.rd_intensity_parts).toEqual({ rd_expenditure: rd, revenue });
    expect(city.doc.indicators.find((i) => i.id === 'rd_intensity')!.current).toBe(Math.round((rd / revenue) * 10_000) / 100);
  });

  it("lists every district's large enterprises and incubators with their district", () => {
    expect(city.doc.large_enterprises.map((e) => e.district).sort()).toEqual(['小店区', '杏花岭区', '迎泽区']);
    // Districts in the order of their names (pinyin), as every list of the city.
    expect(city.doc.incubators.map((i) => [i.district, i.incubator_id])).toEqual([
      ['小店区', 'INC-100'],
      ['杏花岭区', 'INC-200'],
      ['迎泽区', 'INC-0'],
    ]);
    expect(city.doc.district).toBe('太原市');
    expect(city.doc.approved?.by).toBe('王飞跃');
  });

  it('ranks the districts on the 分区县 sheet, the draft marked as such', async () => {
    const wb = await loadWorkbook(await readFile(join(city.out, 'report-2021.xlsx')));
    const sheet = wb.getWorksheet('分区县 Districts')!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const highTech = rows.findIndex((r) => String(r[0]).startsWith('高新技术企业数'));
    expect(rows[highTech]!.slice(1, 3)).toEqual(['全市 City', city.doc.indicators.find((i) => i.id === 'high_tech_enterprises')!.current]);
    const block = rows.slice(highTech + 1, highTech + 4);
    expect(block.map((r) => r[3])).toEqual([1, 1, 1]);
    expect(block.find((r) => r[1] === '杏花岭区')![5]).toBe('草稿（未审核）');
  });

  it('writes a package the province reads the same way, district columns and all', async () => {
    const read = await readPackageWorkbook(readSheets(Readable.from([await readFile(join(city.out, 'upward-2021.xlsx'))]), 'xlsx'));
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.pkg.district).toBe('太原市');
    expect(read.pkg.figures.revenue.current).toBe(city.doc.indicators.find((i) => i.id === 'revenue')!.current);
    expect(read.pkg.lists.incubators.map((i) => i.district)).toEqual(['小店区', '杏花岭区', '迎泽区']);
  });

  it("tracks the districts through the city's campaign: who sent, who sent a draft, who is reminded (without a blank form)", async () => {
    const campaign = JSON.parse(await readFile(join(city.out, 'campaign.json'), 'utf8')) as {
      summary: Record<string, number>;
      reporters: { dataset: string; key: string; status: string }[];
    };
    expect(campaign.summary).toMatchObject({ expected: 4, reported: 3, missing: 1 });
    expect(campaign.reporters.find((r) => r.key === '140108')).toMatchObject({ dataset: 'districts', status: 'missing' });
    const status = await loadWorkbook(await readFile(join(city.out, 'campaign-status.xlsx')));
    const texts: string[] = [];
    status.worksheets[0]!.eachRow((r) => texts.push((r.values as unknown[]).map(String).join('|')));
    expect(texts.find((t) => t.includes('杏花岭区'))).toContain('草稿');
    const reminder = await readFile(join(city.out, 'reminders', '1.eml'), 'latin1');
    expect(reminder).toContain('kjj@jiancaoping.gov.cn');
    expect(reminder).not.toContain('.xlsx"');
    // The city's review names the missing district on the package's 未报名单.
    expect(city.doc.non_reporters).toContainEqual({ dataset: 'districts', key: '140108', name: '尖草坪区', reason: 'missing' });
  });
});
