import { describe, expect, it } from 'vitest';
import { qianYuanOfFen, upwardPackage, type UpwardInput } from '../../../shared/report/upward-package';
import type { IndicatorsDocument } from '../../../shared/report/indicator-table';
import type { EnterpriseRecord } from '../../../shared/domain/records';
import type { DistrictPackage } from '../../../shared/domain/district-package';

describe('千元', () => {
  it.each([
    [0, 0],
    [5_000, 0.1], // 50 yuan: half of a hundred yuan, away from zero
    [4_999, 0],
    [-5_000, -0.1],
    [-4_999, 0],
    [15_000, 0.2],
    [123_456_789, 1234.6], // 1,234,567.89 yuan
    [-123_446_789, -1234.5], // a negative change rounds away from zero too
    [100_000, 1], // 1,000 yuan
  ])('%i fen is %d 千元, one decimal, half away from zero', (fen, qian) => {
    expect(qianYuanOfFen(fen)).toBe(qian);
  });
});

const enterprise = (n: number, revenueYuan: number, extra: Partial<EnterpriseRecord> = {}): EnterpriseRecord =>
  ({ uscc: `U${n}`, name: `企业${n}`, year: 2025, sector: 'other', high_tech: false, revenue: revenueYuan * 100, ...extra }) as EnterpriseRecord;

function input(years: Record<string, Record<string, number | null>>, previous: EnterpriseRecord[], current: EnterpriseRecord[]): UpwardInput {
  return {
    indicators: {
      district: '迎泽区',
      window: { from: 2021, to: 2025 },
      years,
      window_totals: { tech_projects: 0, tech_project_funding: 0 },
      growth: {},
    } as unknown as IndicatorsDocument,
    year: 2025,
    enterprises: { previous, current },
    incubators: { previous: [], current: [] },
    projects: [],
    nonReporters: [{ dataset: 'enterprises', key: 'U9', name: '企业9', reason: 'missing' }],
  };
}

describe('the package for the city', () => {
  it('states money in 千元, with the change and its percentage; a previous year of zero has no percentage', () => {
    const doc = upwardPackage(input({ '2024': { revenue: 1_000_050, incubators: 0 }, '2025': { revenue: 900_000, incubators: 2 } }, [], []));
    expect(doc.indicators.find((i) => i.id === 'revenue')).toEqual({
      id: 'revenue',
      label: '营业收入',
      unit: '千元',
      previous: 1000.1,
      current: 900,
      change: -100.1,
      change_pct: -10,
    });
    expect(doc.indicators.find((i) => i.id === 'incubators')).toMatchObject({ unit: '个', previous: 0, current: 2, change: 2, change_pct: null });
    expect(doc.approved).toBeNull();
  });

  it('explains a swing of 20 % or more by the three records that moved it most, with their notes; 待说明 is left to the officer', () => {
    const previous = [enterprise(1, 50_000_000), enterprise(2, 10_000_000), enterprise(3, 1_000_000), enterprise(4, 1_000_000)];
    const current = [enterprise(1, 150_000_000, { note: '新产线投产' }), enterprise(2, 5_000_000), enterprise(3, 1_000_000), enterprise(4, 2_000_000)];
    const doc = upwardPackage(input({ '2024': { revenue: 62_000_000 }, '2025': { revenue: 158_000_000 } }, previous, current));
    const revenue = doc.comparison.find((c) => c.id === 'revenue')!;
    expect(revenue.change_pct).toBe(154.8);
    expect(revenue.movers).toEqual([
      { dataset: 'enterprises', key: 'U1', name: '企业1', previous: 50_000, current: 150_000, note: '新产线投产' },
      { dataset: 'enterprises', key: 'U2', name: '企业2', previous: 10_000, current: 5_000, note: null },
      { dataset: 'enterprises', key: 'U4', name: '企业4', previous: 1_000, current: 2_000, note: null },
    ]);
  });

  it('counts a record of the year before that is gone as moving its whole part, and breaks equal moves by key', () => {
    const previous = [enterprise(5, 30_000_000), enterprise(6, 1_000_000), enterprise(7, 1_000_000)];
    const current = [enterprise(7, 2_000_000), enterprise(6, 2_000_000), enterprise(8, 1_000_000, { note: '新设立' })];
    const doc = upwardPackage(input({ '2024': { revenue: 32_000_000 }, '2025': { revenue: 5_000_000 } }, previous, current));
    expect(doc.comparison.find((c) => c.id === 'revenue')!.movers).toEqual([
      { dataset: 'enterprises', key: 'U5', name: '企业5', previous: 30_000, current: 0, note: null },
      { dataset: 'enterprises', key: 'U6', name: '企业6', previous: 1_000, current: 2_000, note: null },
      { dataset: 'enterprises', key: 'U7', name: '企业7', previous: 1_000, current: 2_000, note: null },
    ]);
  });

  it('lists enterprises of 2亿元 revenue or more, largest first, and who did not report', () => {
    const current = [enterprise(1, 199_999_999), enterprise(2, 200_000_000), enterprise(3, 900_000_000)];
    const doc = upwardPackage(input({ '2024': {}, '2025': {} }, [], current));
    expect(doc.large_enterprises.map((e) => [e.uscc, e.revenue])).toEqual([
      ['U3', 900_000],
      ['U2', 200_000],
    ]);
    expect(doc.non_reporters).toEqual([{ dataset: 'enterprises', key: 'U9', name: '企业9', reason: 'missing' }]);
  });
});

describe("a city's package", () => {
  const pkg = (district: string, year: number, current: number, previous: number): DistrictPackage => ({
    district,
    year,
    approved: null,
    figures: {} as DistrictPackage['figures'],
    parts: { current: { rd_expenditure: current, revenue: 1_000 }, previous: { rd_expenditure: previous, revenue: 1_000 } },
    lists: { large_enterprises: [], non_reporters: [], incubators: [] },
  });

  it("takes Y−1's R&D parts from a district's Y−1 package where it sent one, as its Y−1 figures are counted", () => {
    const doc = upwardPackage({
      ...input({ '2024': {}, '2025': {} }, [], []),
      // 迎泽区 restated its 2024 parts in its 2025 package (12.3); its own 2024 package said 10.1, and that is what counts.
      districts: [pkg('迎泽区', 2024, 10.1, 9), pkg('迎泽区', 2025, 20, 12.3), pkg('小店区', 2025, 5, 4.2)],
    });
    expect(doc.rd_intensity_parts).toEqual({ rd_expenditure: 25, revenue: 2_000 });
    expect(doc.rd_intensity_parts_previous).toEqual({ rd_expenditure: 14.3, revenue: 2_000 });
  });
});
