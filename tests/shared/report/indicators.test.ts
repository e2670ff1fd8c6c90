import { describe, expect, it } from 'vitest';
import { cagr, computeIndicators, reportWindow, yearIndicators, yoy, type IndicatorInput } from '../../../shared/report/indicators';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../../../shared/domain/records';
import { SECTOR_CODES } from '../../../shared/domain/sectors';
import { SeededRandom } from '../../../scripts/samples/random';

const ent = (uscc: string, year: number, over: Partial<EnterpriseRecord> = {}): EnterpriseRecord => ({
  uscc,
  name: uscc,
  year,
  sector: 'it_innovation',
  high_tech: false,
  scitech_sme: false,
  ...over,
});
const inc = (id: string, year: number, over: Partial<IncubatorRecord> = {}): IncubatorRecord => ({
  incubator_id: id,
  name: id,
  level: 'provincial',
  year,
  incubating_companies: 0,
  cumulative_incubated: 0,
  ...over,
});
const proj = (id: string, year: number, fen: number, over: Partial<ProjectRecord> = {}): ProjectRecord => ({
  project_id: id,
  title: id,
  year,
  field: 'big_data',
  funding: fen,
  status: 'approved',
  ...over,
});

function input(e: EnterpriseRecord[], i: IncubatorRecord[] = [], p: ProjectRecord[] = []): IndicatorInput {
  const group = <T extends { year: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) m.set(r.year, [...(m.get(r.year) ?? []), r]);
    return m;
  };
  return { enterprises: group(e), incubators: group(i), projects: p };
}

describe('indicators', () => {
  it('counts high-tech enterprises and sci-tech SMEs of the year only', () => {
    const y = yearIndicators(
      input([ent('A', 2021, { high_tech: true }), ent('B', 2021, { high_tech: true, scitech_sme: true }), ent('C', 2020, { high_tech: true })]),
      2021,
    );
    expect(y.high_tech_enterprises).toBe(2);
    expect(y.scitech_smes).toBe(1);
  });

  it('counts sci-tech SMEs over three years as distinct enterprises', () => {
    const data = input([
      ent('A', 2019, { scitech_sme: true }),
      ent('A', 2020, { scitech_sme: true }),
      ent('A', 2021, { scitech_sme: true }),
      ent('B', 2019, { scitech_sme: true }),
      ent('C', 2021, { scitech_sme: true }),
      ent('D', 2018, { scitech_sme: true }),
      ent('E', 2021, { scitech_sme: false }),
    ]);
    expect(yearIndicators(data, 2021).scitech_smes_3y).toBe(3); // A, B, C — not D (2018), not E
    expect(yearIndicators(data, 2020).scitech_smes_3y).toBe(3); // A, B, D
  });

  it('counts incubators by level and sums their companies, skipping missing values', () => {
    const y = yearIndicators(
      input(
        [],
        [
          inc('I1', 2021, { level: 'national', incubating_companies: 10, cumulative_incubated: 40, graduated_companies: 3 }),
          inc('I2', 2021, { incubating_companies: 5, cumulative_incubated: 7 }),
          inc('I3', 2020, { incubating_companies: 99 }),
        ],
      ),
      2021,
    );
    expect(y.incubators).toBe(2);
    expect(y.incubators_by_level).toEqual({ national: 1, provincial: 1, municipal: 0, district: 0 });
    expect([y.incubating_companies, y.cumulative_incubated, y.graduated_companies]).toEqual([15, 47, 3]);
  });

  it('sums R&D staff, money in yuan, patents; R&D intensity only over enterprises reporting both', () => {
    const y = yearIndicators(
      input([
        ent('A', 2021, { rd_staff: 5, revenue: 100_000_00, rd_expenditure: 5_000_00, invention_patents: 2 }),
        ent('B', 2021, { rd_staff: 3, rd_expenditure: 1_000_00 }), // no revenue: not in intensity
        ent('C', 2021, { revenue: 50_000_00 }), // no R&D: not in intensity
      ]),
      2021,
    );
    expect(y.rd_staff).toBe(8);
    expect(y.rd_expenditure).toBe(6_000);
    expect(y.revenue).toBe(150_000);
    expect(y.rd_intensity).toBe(0.05);
    expect(y.invention_patents).toBe(2);
    expect(yearIndicators(input([ent('A', 2021)]), 2021).rd_intensity).toBeNull();
  });

  it('counts projects of the year, excluding terminated ones, with exact funding', () => {
    const p = [proj('P1', 2021, 10), proj('P2', 2021, 20), proj('P3', 2021, 1_000_000, { status: 'terminated' }), proj('P4', 2020, 5)];
    const y = yearIndicators(input([], [], p), 2021);
    expect(y.tech_projects).toBe(2);
    expect(y.tech_project_funding).toBe(0.3);
  });

  it('gives an empty year zeros and null intensity', () => {
    const y = yearIndicators(input([]), 2030);
    expect(y.high_tech_enterprises).toBe(0);
    expect(y.tech_project_funding).toBe(0);
    expect(y.rd_intensity).toBeNull();
  });

  it('splits by sector so that every sector sums to the total (property over random districts)', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = new SeededRandom(seed);
      const e = Array.from({ length: random.int(0, 80) }, (_, k) =>
        ent(`E${k}`, 2021, {
          sector: random.pick(SECTOR_CODES),
          high_tech: random.next() < 0.3,
          scitech_sme: random.next() < 0.4,
          rd_staff: random.next() < 0.2 ? undefined : random.int(0, 50),
        }),
      );
      const p = Array.from({ length: random.int(0, 30) }, (_, k) =>
        proj(`P${k}`, random.int(2020, 2021), random.int(0, 10_000_000), {
          field: random.pick(SECTOR_CODES),
          status: random.pick(['approved', 'ongoing', 'completed', 'terminated'] as const),
        }),
      );
      const y = yearIndicators(input(e, [], p), 2021);
      for (const key of ['high_tech_enterprises', 'scitech_smes', 'rd_staff', 'tech_projects'] as const) {
        expect(Object.values(y.by_sector).reduce((a, s) => a + s[key], 0)).toBe(y[key]);
      }
      const fundingBySector = Object.values(y.by_sector).reduce((a, s) => a + Math.round(s.tech_project_funding * 100), 0);
      expect(fundingBySector).toBe(Math.round(y.tech_project_funding * 100));
      expect(Object.keys(y.by_sector)).toEqual(SECTOR_CODES);
      expect(y.scitech_smes_3y).toBeGreaterThanOrEqual(y.scitech_smes);
    }
  });

  it('keeps window totals equal to the sum of the window years (property)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const random = new SeededRandom(seed * 31);
      const p = Array.from({ length: 40 }, (_, k) =>
        proj(`P${k}`, random.int(2014, 2023), random.int(1, 999_999), { status: random.pick(['approved', 'terminated'] as const) }),
      );
      const doc = computeIndicators(input([], [], p), reportWindow(2021), 'x');
      const years = Object.values(doc.years);
      expect(doc.window_totals.tech_projects).toBe(years.reduce((a, y) => a + y.tech_projects, 0));
      expect(Math.round(doc.window_totals.tech_project_funding * 100)).toBe(years.reduce((a, y) => a + Math.round(y.tech_project_funding * 100), 0));
    }
  });

  it('computes year-on-year change and CAGR, null where undefined', () => {
    expect(yoy(15, 10)).toBe(0.5);
    expect(yoy(15, 0)).toBeNull();
    expect(yoy(15, undefined)).toBeNull();
    expect(cagr(10, 145, 4)).toBeCloseTo(0.9514, 4);
    expect(cagr(0, 145, 4)).toBeNull();
    expect(cagr(10, 10, 0)).toBeNull();
  });

  it('builds the document for a window: totals, growth, and yoy of the first year against the year before', () => {
    const e = [
      ent('A', 2016, { high_tech: true }),
      ent('A', 2017, { high_tech: true }),
      ent('B', 2017, { high_tech: true }),
      ent('A', 2021, { high_tech: true }),
    ];
    const p = [proj('P1', 2017, 100), proj('P2', 2019, 250), proj('P3', 2016, 999), proj('P4', 2020, 7, { status: 'terminated' })];
    const doc = computeIndicators(input(e, [], p), reportWindow(2021), '迎泽区');
    expect(doc.window).toEqual({ from: 2017, to: 2021 });
    expect(Object.keys(doc.years)).toEqual(['2017', '2018', '2019', '2020', '2021']);
    expect(doc.window_totals).toEqual({ tech_projects: 2, tech_project_funding: 3.5 });
    expect(doc.growth.high_tech_enterprises.yoy).toEqual({ 2017: 1, 2018: -1, 2019: null, 2020: null, 2021: null });
    expect(doc.growth.high_tech_enterprises.cagr).toBeCloseTo(Math.pow(0.5, 0.25) - 1, 6);
    expect(doc.growth.incubators.cagr).toBeNull();
  });
});
