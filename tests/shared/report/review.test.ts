import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, IncubatorRecord } from '../../../shared/domain/records';
import { REVIEW_RULES } from '../../../shared/domain/review-rules';
import { reviewDocument, reviewYear, unexplainedCount } from '../../../shared/report/review';

const ent = (uscc: string, year: number, more: Partial<EnterpriseRecord> = {}): EnterpriseRecord => ({
  uscc,
  name: `企业${uscc}`,
  year,
  sector: 'other',
  high_tech: false,
  scitech_sme: false,
  ...more,
});
const inc = (id: string, year: number, more: Partial<IncubatorRecord> = {}): IncubatorRecord => ({
  incubator_id: id,
  name: `孵化器${id}`,
  level: 'provincial',
  year,
  incubating_companies: 10,
  cumulative_incubated: 50,
  ...more,
});
const byYear = <T extends { year: number }>(rows: T[]) => {
  const m = new Map<number, T[]>();
  for (const r of rows) m.set(r.year, [...(m.get(r.year) ?? []), r]);
  return m;
};

/** For each rule: a record that fires it and one that must not, in 2021 (with 2020 behind it). */
const CASES: Record<
  string,
  { fires: { e?: EnterpriseRecord[]; i?: IncubatorRecord[] }; passes: { e?: EnterpriseRecord[]; i?: IncubatorRecord[] }; column: string }
> = {
  rd_exceeds_revenue: {
    fires: { e: [ent('A', 2021, { revenue: 100_000_00, rd_expenditure: 200_000_00 })] },
    passes: { e: [ent('A', 2021, { revenue: 0, rd_expenditure: 5 })] },
    column: 'rd_expenditure',
  },
  high_tech_without_certificate: {
    fires: { e: [ent('A', 2021, { high_tech: true })] },
    passes: { e: [ent('A', 2021, { high_tech: true, high_tech_cert_no: 'GR202114000123' })] },
    column: 'high_tech_cert_no',
  },
  certificate_format: {
    fires: { e: [ent('A', 2021, { high_tech_cert_no: 'GR2021-14' })] },
    passes: { e: [ent('A', 2021, { high_tech_cert_no: 'GR202114000123' })] },
    column: 'high_tech_cert_no',
  },
  unknown_incubator: {
    fires: { e: [ent('A', 2021, { incubator_id: 'I-9' })], i: [inc('I-1', 2021)] },
    passes: { e: [ent('A', 2021, { incubator_id: 'I-1' })], i: [inc('I-1', 2021)] },
    column: 'incubator_id',
  },
  new_exceeds_incubating: {
    fires: { i: [inc('I-1', 2021, { new_incubated: 11 })] },
    passes: { i: [inc('I-1', 2021, { new_incubated: 10 })] },
    column: 'new_incubated',
  },
  cumulative_decreased: {
    fires: { i: [inc('I-1', 2020, { cumulative_incubated: 60 }), inc('I-1', 2021)] },
    passes: { i: [inc('I-1', 2020, { cumulative_incubated: 50 }), inc('I-1', 2021)] },
    column: 'cumulative_incubated',
  },
  unit_suspect: {
    fires: { e: [ent('A', 2021, { revenue: 1250_00, employees: 120 })] },
    passes: { e: [ent('A', 2021, { revenue: 12_500_000_00, employees: 120 })] },
    column: 'revenue',
  },
  yoy_jump: {
    fires: { e: [ent('A', 2020, { employees: 10 }), ent('A', 2021, { employees: 31 })] },
    passes: { e: [ent('A', 2020, { employees: 10 }), ent('A', 2021, { employees: 30 })] },
    column: 'employees',
  },
};

describe('review (contract section 10)', () => {
  it('has a case for every rule of the table', () => {
    expect(Object.keys(CASES).sort()).toEqual(REVIEW_RULES.map((r) => r.id).sort());
  });

  it.each(Object.entries(CASES))('%s fires on its case and not on the one beside it', (rule, c) => {
    const fired = reviewYear({ enterprises: byYear(c.fires.e ?? []), incubators: byYear(c.fires.i ?? []) }, 2021).findings.filter((f) => f.rule === rule);
    expect(fired).toEqual([expect.objectContaining({ rule, year: 2021, column: c.column, note: null, message: expect.stringMatching(/ \/ /) })]);
    const passed = reviewYear({ enterprises: byYear(c.passes.e ?? []), incubators: byYear(c.passes.i ?? []) }, 2021).findings.filter((f) => f.rule === rule);
    expect(passed).toEqual([]);
  });

  it("gives a suspect record's share of the year's total, so the bureau sees how much of the figure it is (10.5)", () => {
    const slip = ent('A', 2021, { revenue: 8_650_000 * 10_000 * 100, employees: 20 });
    const others = [ent('B', 2021, { revenue: 4_000_000_00, employees: 40 }), ent('C', 2021, { employees: 12 })];
    const [f] = reviewYear({ enterprises: byYear([slip, ...others]), incubators: byYear([]) }, 2021).findings.filter((x) => x.rule === 'unit_suspect');
    expect(f!.share).toBeCloseTo(slip.revenue! / (slip.revenue! + 4_000_000_00), 12);
    // The figures behind it, in words: what was entered, by how many people, per head.
    expect(f!.message).toContain('金额单位存疑：营业收入 8,650,000 万元，从业人员 20 人，人均 432,500 万元，超过 1 亿元，疑似把元填在了万元栏');
    const rd = reviewYear(
      { enterprises: byYear([ent('R', 2021, { revenue: 35_2000_00, rd_expenditure: 88_0000_00, employees: 8 })]), incubators: byYear([]) },
      2021,
    ).findings.find((x) => x.rule === 'rd_exceeds_revenue');
    expect(rd!.message).toContain('（研发经费 88 万元，营业收入 35.2 万元）');
    expect(reviewYear({ enterprises: byYear(others), incubators: byYear([]) }, 2021).findings.some((x) => x.share !== undefined)).toBe(false);
  });

  it('gives one yoy_jump finding per column, lists unexplained findings first, and carries the note', () => {
    const review = reviewYear(
      {
        enterprises: byYear([
          ent('B', 2020, { employees: 10, revenue: 1_000_000_00 }),
          ent('B', 2021, { employees: 40, revenue: 200_000_00, note: '并购后人员增加' }),
          ent('C', 2021, { high_tech: true }),
        ]),
        incubators: new Map(),
      },
      2021,
    );
    expect(review.findings.map((f) => [f.key, f.rule, f.column, f.note])).toEqual([
      ['C', 'high_tech_without_certificate', 'high_tech_cert_no', null],
      ['B', 'yoy_jump', 'employees', '并购后人员增加'],
      ['B', 'yoy_jump', 'revenue', '并购后人员增加'],
    ]);
    expect(unexplainedCount(review)).toBe(1);
  });

  it("expects last year's incubators and high-tech or sci-tech SME enterprises, and lists who is missing", () => {
    const review = reviewYear(
      {
        incubators: byYear([inc('I-1', 2020), inc('I-2', 2020), inc('I-1', 2021)]),
        enterprises: byYear([ent('X', 2020, { high_tech: true }), ent('Y', 2020, { scitech_sme: true }), ent('Z', 2020), ent('X', 2021)]),
      },
      2021,
    );
    expect(reviewDocument(review).completeness).toEqual({
      incubators: { expected: 2, reported: 1, missing: ['I-2'] },
      enterprises: { expected: 2, reported: 1, missing: ['Y'] },
    });
    expect(review.missing).toEqual([
      { dataset: 'incubators', key: 'I-2', name: '孵化器I-2', lastYear: 2020 },
      { dataset: 'enterprises', key: 'Y', name: '企业Y', lastYear: 2020 },
    ]);
  });
});
