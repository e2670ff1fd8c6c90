/**
 * The review of a reporting year (data contract sections 10.2 and 10.3):
 * findings over the records in force, each explained by the record's note or
 * not, and completeness — who was expected to report and who did not.
 */
import { foldId } from '../domain/unit-id';
import { DATASETS, type DatasetName } from '../domain/datasets';
import { bilingual } from '../domain/bilingual';
import type { EnterpriseRecord, IncubatorRecord } from '../domain/records';
import { figuresDetail, REVIEW_RULES, type ReviewContext, type ReviewRule } from '../domain/review-rules';
import type { DistrictPackage } from '../domain/district-package';
import { expectedReporters, type ExemptReporter, type ExpectedReporter, type ReportingDataset, type RosterEntry } from './expected-reporters';

export interface Finding {
  rule: string;
  dataset: DatasetName;
  /** The record's key as written: incubator_id, uscc or project_id. */
  key: string;
  /** The name as last reported, for people. */
  name: string;
  year: number;
  column: string | null;
  message: string;
  /** The submitter's explanation; null when unexplained. */
  note: string | null;
  /** The record's figure as a share of the year's total of that column (contract 10.5 for unit_suspect; every finding on a figure). */
  share?: number;
}

export interface Completeness {
  expected: number;
  reported: number;
  missing: string[];
  /** Roster entries that need not report, with their reason (contract 12.1); never counted missing. */
  exempt: { key: string; name: string; reason: string }[];
}

/** A reporter that was expected and did not report, as last reported. */
export interface MissingReporter {
  dataset: ReportingDataset;
  contact?: string;
  email?: string;
  phone?: string;
  key: string;
  name: string;
  /** The year it last reported; null for a roster entry that is expected though it never reported. */
  lastYear: number | null;
}

export interface Review {
  year: number;
  findings: Finding[];
  completeness: { incubators: Completeness; enterprises: Completeness };
  missing: MissingReporter[];
  /** Of the expected reporters, how many reported by the deadline (contract 12.3); set by the report run. */
  timeliness?: { deadline: string; expected: number; onTime: number };
}

export interface ReviewInput {
  incubators: ReadonlyMap<number, readonly IncubatorRecord[]>;
  enterprises: ReadonlyMap<number, readonly EnterpriseRecord[]>;
  /** The roster's entries (contract 12.1), by year; none means 10.3's expectation alone. */
  roster?: ReadonlyMap<number, readonly RosterEntry[]>;
  /** A city's districts' packages (contract 15): a district on the roster with none for the year is missing. */
  districts?: readonly DistrictPackage[];
}

const byKey = <T>(records: readonly T[] | undefined, key: (r: T) => string): Map<string, T> => new Map((records ?? []).map((r) => [key(r), r]));

function completeness(
  dataset: ReportingDataset,
  expected: readonly ExpectedReporter[],
  exempt: readonly ExemptReporter[],
  reportedKeys: ReadonlySet<string>,
): Completeness {
  const keys = expected.filter((e) => e.dataset === dataset).map((e) => e.key);
  const missing = keys.filter((k) => !reportedKeys.has(k)).sort();
  return {
    expected: keys.length,
    reported: keys.length - missing.length,
    missing,
    exempt: exempt.filter((e) => e.dataset === dataset).map(({ key, name, reason }) => ({ key, name, reason })),
  };
}

/** Money in fen as the Review sheet words it, in 万元. */
const wan = (fen: number) => `${(fen / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元`;

/** A jump in words: both years' figures and the ratio (money in 万元), so nobody has to look them up. */
function jumpDetail(e: EnterpriseRecord, column: string, year: number, ctx: ReviewContext): { zh: string; en: string } {
  const before = ctx.previousEnterprise(e.uscc);
  const now = Number((e as Record<string, unknown>)[column]);
  const then = Number((before as Record<string, unknown> | undefined)?.[column]);
  const money = column !== 'employees';
  const show = (v: number) => (money ? wan(v) : v.toLocaleString('en-US'));
  const ratio = (now / then).toLocaleString('en-US', { maximumFractionDigits: 2 });
  const label = DATASETS.enterprises.columns.find((c) => c.name === column)?.label ?? column;
  return {
    zh: `（${label}：${year - 1} 年 ${show(then)}，${year} 年 ${show(now)}，为上年的 ${ratio} 倍）`,
    en: ` (${column}: ${show(then)} in ${year - 1}, ${show(now)} in ${year}, ×${ratio})`,
  };
}

const optional = (share: number | undefined) => (share === undefined ? {} : { share });

/** A record's figure as a share of the year's total of its column, the totals added up once. */
function shareOfTotal<R extends object>(records: readonly R[]): (e: R, column: string) => number | undefined {
  const totals = new Map<string, number>();
  const value = (e: R, column: string) => {
    const v = (e as unknown as Record<string, unknown>)[column];
    return typeof v === 'number' ? v : 0;
  };
  return (e, column) => {
    if (!totals.has(column))
      totals.set(
        column,
        records.reduce((sum, r) => sum + value(r, column), 0),
      );
    const total = totals.get(column)!;
    return total > 0 ? value(e, column) / total : undefined;
  };
}

function findingsOf(rule: ReviewRule, input: ReviewInput, year: number, ctx: ReviewContext): Finding[] {
  const make = (key: string, name: string, note: string | undefined, column: string, detail = { zh: '', en: '' }) => ({
    rule: rule.id,
    dataset: rule.dataset,
    key,
    name,
    year,
    column,
    message: bilingual(rule.zh + detail.zh, rule.en + detail.en),
    note: note?.trim() ? note : null,
  });
  if (rule.dataset === 'enterprises') {
    const records = input.enterprises.get(year) ?? [];
    // Every finding on a figure says how much of the district's total it is: what the officer weighs first.
    const share = shareOfTotal(records);
    return records.flatMap((e) =>
      rule.test(e, ctx).map((c) => ({
        ...make(e.uscc, e.name, e.note, c, rule.id === 'yoy_jump' ? jumpDetail(e, c, year, ctx) : figuresDetail(rule.id, e, c)),
        ...optional(share(e, c)),
      })),
    );
  }
  const incubators = input.incubators.get(year) ?? [];
  const share = shareOfTotal(incubators);
  return incubators.flatMap((i) => rule.test(i, ctx).map((c) => ({ ...make(i.incubator_id, i.name, i.note, c), ...optional(share(i, c)) })));
}

export function reviewYear(input: ReviewInput, year: number): Review {
  // Ids in any case or width are one id (contract 1, "Identity").
  const incubatorsNow = byKey(input.incubators.get(year), (i) => foldId(i.incubator_id));
  const incubatorsBefore = byKey(input.incubators.get(year - 1), (i) => foldId(i.incubator_id));
  const enterprisesNow = byKey(input.enterprises.get(year), (e) => e.uscc);
  const enterprisesBefore = byKey(input.enterprises.get(year - 1), (e) => e.uscc);
  const ctx: ReviewContext = {
    incubatorIdsThisYear: new Set(incubatorsNow.keys()),
    previousIncubator: (id) => incubatorsBefore.get(foldId(id)),
    previousEnterprise: (uscc) => enterprisesBefore.get(uscc),
  };
  const order = new Map(REVIEW_RULES.map((r, i) => [r.id, i]));
  const findings = REVIEW_RULES.flatMap((rule) => findingsOf(rule, input, year, ctx)).sort(
    (a, b) => Number(a.note !== null) - Number(b.note !== null) || order.get(a.rule)! - order.get(b.rule)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const { expected, exempt } = expectedReporters(year, input.roster?.get(year) ?? [], [...incubatorsBefore.values()], [...enterprisesBefore.values()]);
  const reported = (keys: Iterable<string>) => new Set([...keys].map(foldId));
  const incubators = completeness('incubators', expected, exempt, reported(incubatorsNow.keys()));
  const enterprises = completeness('enterprises', expected, exempt, reported(enterprisesNow.keys()));
  const missingKeys = new Set([...incubators.missing.map((k) => `incubators\u0000${k}`), ...enterprises.missing.map((k) => `enterprises\u0000${k}`)]);
  // A district's roster key may be its code or its name; its package names it by name.
  const sent = new Set((input.districts ?? []).filter((p) => p.year === year).map((p) => foldId(p.district)));
  const districtMissing = (e: ExpectedReporter) => e.dataset === 'districts' && !sent.has(foldId(e.name)) && !sent.has(foldId(e.key));
  const missing: MissingReporter[] = expected
    .filter((e) => missingKeys.has(`${e.dataset}\u0000${e.key}`) || districtMissing(e))
    .map(({ dataset, key, name, contact, email, phone, lastYear }) => ({ dataset, key, name, contact, email, phone, lastYear }));
  return { year, findings, completeness: { incubators, enterprises }, missing };
}

const completenessOf = ({ expected, reported, missing }: Completeness) => ({ expected, reported, missing });

/** review.json (data contract section 8). */
export function reviewDocument(review: Review) {
  return {
    year: review.year,
    findings: review.findings.map(({ rule, dataset, key, year, column, message, note }) => ({ rule, dataset, key, year, column, message, note })),
    // Exactly the contract's shape: exempt reporters are in the Review sheet and the campaign, not here.
    completeness: {
      incubators: completenessOf(review.completeness.incubators),
      enterprises: completenessOf(review.completeness.enterprises),
    },
  };
}

/** The money columns each indicator adds up: a figure that includes a record suspected of the wrong unit says so (contract 10.5). */
const SUSPECT_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  revenue: ['revenue'],
  rd_expenditure: ['rd_expenditure'],
  rd_intensity: ['revenue', 'rd_expenditure'],
});

/** How many records with an unexplained unit_suspect finding the indicator's figure for the review's year includes. */
export function suspectRecords(review: Review, indicator: string): number {
  const columns = Object.hasOwn(SUSPECT_COLUMNS, indicator) ? SUSPECT_COLUMNS[indicator]! : [];
  if (columns.length === 0) return 0;
  const keys = new Set(
    review.findings.filter((f) => f.rule === 'unit_suspect' && f.note === null && f.column !== null && columns.includes(f.column)).map((f) => f.key),
  );
  return keys.size;
}

/** The words beside a figure that includes suspect records, or '' (contract 10.5). */
export function suspectNote(count: number): string {
  return count === 0 ? '' : `含 ${count} 条存疑数据 / includes ${count} suspect record${count === 1 ? '' : 's'}`;
}

export function unexplainedCount(review: Review): number {
  return review.findings.filter((f) => f.note === null).length;
}

/** The line the Summary and the email state. */
export function reviewSummary(review: Review): string {
  const unexplained = unexplainedCount(review);
  const missing = review.missing.length;
  const t = review.timeliness;
  const rate = t && t.expected > 0 ? `${((t.onTime / t.expected) * 100).toFixed(1)}%` : undefined;
  return bilingual(
    `审核：${review.findings.length} 条疑点，其中 ${unexplained} 条未说明；应报未报 ${missing} 家` +
      (rate ? `；按时报送率 ${rate}（截止 ${t!.deadline}）` : ''),
    `review: ${review.findings.length} findings, ${unexplained} unexplained; ${missing} expected reporters missing` +
      (rate ? `; on-time rate ${rate} (deadline ${t!.deadline})` : ''),
  );
}
