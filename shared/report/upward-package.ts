/**
 * The package a district sends its city each year (contract 15), as data:
 * every indicator for Y−1 and Y with its change, the indicators that moved
 * 20 % or more with the three records that moved each most and their notes,
 * the large enterprises, who did not report, and the incubators. Money in
 * 千元 (yuan ÷ 1000, half away from zero to one decimal).
 */
import type { YearApproval } from '../domain/approval';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../domain/records';
import { explanationOf, tenths, type DistrictPackage, type PackageFigureId, type PackageLists, type RdParts } from '../domain/district-package';
import { INDICATOR_NAMES, INDICATORS, type IndicatorName, type IndicatorsDocument } from './indicator-table';

/** Fen to 千元: one decimal, half away from zero, in integers so that no float rounds a half the wrong way. */
export function qianYuanOfFen(fen: number): number {
  const tenths = Math.floor((Math.abs(Math.round(fen)) + 5_000) / 10_000);
  return (Math.sign(fen) * tenths) / 10 || 0;
}

/** Revenue from which an enterprise is large (2亿元), in fen. */
const LARGE_REVENUE_FEN = 200_000_000 * 100;
/** A change this large, either way, must be explained upward. */
const SWING_PCT = 20;

type Unit = '千元' | '个' | '人' | '%';
const unitOf = (name: IndicatorName): Unit =>
  INDICATORS[name].kind === 'money' ? '千元' : INDICATORS[name].kind === 'ratio' ? '%' : name === 'rd_staff' ? '人' : '个';

export interface UpwardIndicator {
  id: IndicatorName;
  label: string;
  unit: Unit;
  previous: number | null;
  current: number | null;
  change: number | null;
  change_pct: number | null;
}

export interface Mover {
  dataset: 'enterprises' | 'incubators' | 'projects' | 'districts';
  key: string;
  name: string;
  previous: number;
  current: number;
  note: string | null;
}

/** The package's lists as the city reads them back (domain/district-package.ts): one shape for writer and reader. */
export interface UpwardDocument extends PackageLists {
  district: string;
  year: number;
  approved: { by: string; at: string; reason: string | null } | null;
  indicators: UpwardIndicator[];
  /** R&D intensity's parts (千元): the sums over enterprises that report both, so a city recomputes the ratio, never averages it. */
  rd_intensity_parts: RdParts | null;
  /** The same for Y−1 (this project's addition: a city's first year has no Y−1 packages to take them from). */
  rd_intensity_parts_previous: RdParts | null;
  comparison: { id: IndicatorName; previous: number | null; current: number | null; change_pct: number | null; movers: Mover[] }[];
}

export interface UpwardInput {
  indicators: IndicatorsDocument;
  year: number;
  approval?: YearApproval | undefined;
  enterprises: { previous: readonly EnterpriseRecord[]; current: readonly EnterpriseRecord[] };
  incubators: { previous: readonly IncubatorRecord[]; current: readonly IncubatorRecord[] };
  projects: readonly ProjectRecord[];
  nonReporters: { dataset: string; key: string; name: string; reason: string }[];
  /** A city's districts' packages of Y (contract 15): the lists are theirs, each with its district, and the movers are districts. */
  districts?: readonly DistrictPackage[];
}

/** An indicator's figure as the package states it: 千元, a percentage to two decimals, or the count. */
function stated(name: IndicatorName, raw: number | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  if (INDICATORS[name].kind === 'money') return qianYuanOfFen(Math.round(raw * 100));
  if (INDICATORS[name].kind === 'ratio') return Math.round(raw * 10_000) / 100;
  return raw;
}

function indicatorRow(doc: IndicatorsDocument, year: number, name: IndicatorName): UpwardIndicator {
  const raw = (y: number) => (doc.years[String(y)]?.[name] as number | null | undefined) ?? null;
  const [prev, cur] = [raw(year - 1), raw(year)];
  const change =
    prev === null || cur === null ? null : INDICATORS[name].kind === 'money' ? qianYuanOfFen(Math.round((cur - prev) * 100)) : stated(name, cur - prev);
  // A change from nothing has no percentage (a previous year of zero).
  const pct = prev === null || cur === null || prev === 0 ? null : Math.round(((cur - prev) / Math.abs(prev)) * 1000) / 10;
  // The label without the report's 万元: the package states its unit (千元) beside it.
  const label = INDICATORS[name].zh.replace('（万元）', '');
  return { id: name, label, unit: unitOf(name), previous: stated(name, prev), current: stated(name, cur), change, change_pct: pct };
}

/** Each record's part in an indicator (the money parts in fen), where the indicator is a sum over records. */
const PARTS: Partial<Record<IndicatorName, { dataset: Mover['dataset']; part: (r: Record<string, unknown>) => number; money?: true }>> = {
  high_tech_enterprises: { dataset: 'enterprises', part: (r) => (r.high_tech === true ? 1 : 0) },
  scitech_smes: { dataset: 'enterprises', part: (r) => (r.scitech_sme === true ? 1 : 0) },
  rd_staff: { dataset: 'enterprises', part: (r) => Number(r.rd_staff ?? 0) },
  rd_expenditure: { dataset: 'enterprises', part: (r) => Number(r.rd_expenditure ?? 0), money: true },
  revenue: { dataset: 'enterprises', part: (r) => Number(r.revenue ?? 0), money: true },
  invention_patents: { dataset: 'enterprises', part: (r) => Number(r.invention_patents ?? 0) },
  incubators: { dataset: 'incubators', part: () => 1 },
  incubating_companies: { dataset: 'incubators', part: (r) => Number(r.incubating_companies ?? 0) },
  cumulative_incubated: { dataset: 'incubators', part: (r) => Number(r.cumulative_incubated ?? 0) },
  graduated_companies: { dataset: 'incubators', part: (r) => Number(r.graduated_companies ?? 0) },
  tech_projects: { dataset: 'projects', part: () => 1 },
  tech_project_funding: { dataset: 'projects', part: (r) => Number(r.funding ?? 0), money: true },
};

/** A dataset's records for Y−1 and Y, and how each names itself: read in place, never copied (a country's year is a million records). */
interface Dataset {
  previous: readonly object[];
  current: readonly object[];
  key(r: object): string;
  name(r: object): string;
  note(r: object): string | null;
}

function datasetOf(input: UpwardInput, dataset: Mover['dataset']): Dataset {
  if (dataset === 'enterprises') {
    const e = (r: object) => r as EnterpriseRecord;
    return { ...input.enterprises, key: (r) => e(r).uscc, name: (r) => e(r).name, note: (r) => e(r).note ?? null };
  }
  if (dataset === 'incubators') {
    const i = (r: object) => r as IncubatorRecord;
    return { ...input.incubators, key: (r) => i(r).incubator_id, name: (r) => i(r).name, note: (r) => i(r).note ?? null };
  }
  const p = (r: object) => r as ProjectRecord;
  return {
    previous: input.projects.filter((r) => r.year === input.year - 1),
    current: input.projects.filter((r) => r.year === input.year),
    ...{ key: (r) => p(r).project_id, name: (r) => p(r).title, note: (r) => p(r).note ?? null },
  };
}

/** The three records that moved an indicator most (by how much their part changed; ties by key), with their own notes (Y's). */
function movers(data: Dataset, index: ReadonlyMap<string, number>, name: IndicatorName): Mover[] {
  const spec = PARTS[name]!;
  const part = (r: object) => spec.part(r as Record<string, unknown>);
  const top: Mover[] = [];
  const size = (m: Mover) => Math.abs(m.current - m.previous);
  // A move is built only when it would enter the three: a country's year changes nearly every record.
  const consider = (r: object, before: number, now: number, note: string | null) => {
    const moved = Math.abs(now - before);
    if (moved === 0) return;
    const last = top[2];
    if (last && (moved < size(last) || (moved === size(last) && data.key(r) >= last.key))) return;
    top.push({ dataset: spec.dataset, key: data.key(r), name: data.name(r), previous: before, current: now, note });
    top.sort((a, b) => size(b) - size(a) || (a.key < b.key ? -1 : 1));
    if (top.length > 3) top.pop();
  };
  const seen = new Uint8Array(data.previous.length);
  for (const r of data.current) {
    const at = index.get(data.key(r));
    if (at !== undefined) seen[at] = 1;
    consider(r, at === undefined ? 0 : part(data.previous[at]!), part(r), data.note(r));
  }
  // Records of Y−1 with none in Y: their whole part went, and no note of Y explains it.
  for (const [at, r] of data.previous.entries()) if (!seen[at]) consider(r, part(r), 0, null);
  return top.map((m) => (spec.money ? { ...m, previous: qianYuanOfFen(m.previous), current: qianYuanOfFen(m.current) } : m));
}

/** A city's movers: the three districts whose figure moved most, in the package's units. */
function districtMovers(packages: readonly DistrictPackage[], id: IndicatorName): Mover[] {
  const moved = packages.flatMap((p) => {
    const f = p.figures[id as PackageFigureId];
    if (!f || id === 'rd_intensity') return [];
    const [previous, current] = [f.previous ?? 0, f.current ?? 0];
    // The district's own explanation of this indicator, from its 增减对比: the city asks only where it has none.
    return previous === current ? [] : [{ dataset: 'districts' as const, key: p.district, name: p.district, previous, current, note: explanationOf(p, id) }];
  });
  moved.sort((a, b) => Math.abs(b.current - b.previous) - Math.abs(a.current - a.previous) || (a.key < b.key ? -1 : 1));
  return moved.slice(0, 3);
}

/** The comparison list (当年汇总与上年比较): each dataset's Y−1 records indexed once, for all of its indicators. */
function comparisonOf(input: UpwardInput, swung: readonly UpwardIndicator[]): UpwardDocument['comparison'] {
  const indexed = new Map<Mover['dataset'], { data: Dataset; index: Map<string, number> }>();
  const of = (dataset: Mover['dataset']) => {
    let found = indexed.get(dataset);
    if (!found) {
      const data = datasetOf(input, dataset);
      found = { data, index: new Map(data.previous.map((r, i) => [data.key(r), i])) };
      indexed.set(dataset, found);
    }
    return found;
  };
  const packages = input.districts ?? [];
  return swung.map((i) => {
    if (packages.length > 0) return { id: i.id, previous: i.previous, current: i.current, change_pct: i.change_pct, movers: districtMovers(packages, i.id) };
    const spec = PARTS[i.id];
    const found = spec ? of(spec.dataset) : undefined;
    return { id: i.id, previous: i.previous, current: i.current, change_pct: i.change_pct, movers: found ? movers(found.data, found.index, i.id) : [] };
  });
}

/** R&D intensity's parts in 千元: revenue and R&D over the enterprises that report both (as the ratio is computed). */
function rdParts(enterprises: readonly EnterpriseRecord[]): RdParts | null {
  let [rd, revenue, both] = [0, 0, 0];
  for (const e of enterprises) {
    if (e.revenue === undefined || e.rd_expenditure === undefined) continue;
    both++;
    rd += e.rd_expenditure;
    revenue += e.revenue;
  }
  return both > 0 ? { rd_expenditure: qianYuanOfFen(rd), revenue: qianYuanOfFen(revenue) } : null;
}

function approvedBy(approval: YearApproval | undefined): UpwardDocument['approved'] {
  const last = approval?.history.filter((h) => h.action === 'approve').at(-1);
  return approval?.state === 'approved' && last ? { by: last.by, at: last.at, reason: last.reason ?? null } : null;
}

/** A city's lists: its districts' own, each row with its district (contract 15); large enterprises largest first across the city. */
function cityLists(packages: readonly DistrictPackage[]) {
  const large = packages.flatMap((p) => p.lists.large_enterprises.map((e) => ({ ...e, district: e.district ?? p.district })));
  large.sort((a, b) => (b.revenue ?? 0) - (a.revenue ?? 0) || (a.uscc < b.uscc ? -1 : 1));
  return {
    large_enterprises: large,
    non_reporters: packages.flatMap((p) => p.lists.non_reporters.map((r) => ({ ...r, district: r.district ?? p.district }))),
    incubators: packages.flatMap((p) => p.lists.incubators.map((i) => ({ ...i, district: i.district ?? p.district }))),
  };
}

/** The parts summed across districts, exactly (tenths of 千元). */
function cityParts(parts: readonly (RdParts | null)[]): RdParts | null {
  const with_ = parts.filter((x): x is RdParts => x !== null);
  if (with_.length === 0) return null;
  const sum = (k: keyof RdParts) => with_.reduce((a, x) => a + tenths(x[k]), 0) / 10;
  return { rd_expenditure: sum('rd_expenditure'), revenue: sum('revenue') };
}

export function upwardPackage(input: UpwardInput): UpwardDocument {
  const packages = (input.districts ?? []).filter((d) => d.year === input.year);
  if (packages.length > 0) {
    const lists = cityLists(packages);
    // Y−1's parts as the city's Y−1 figures are counted (IndicatorTallies.addDistricts): a district's Y−1 package where it sent one.
    const earlier = new Map((input.districts ?? []).filter((d) => d.year === input.year - 1).map((d) => [d.district, d.parts.current]));
    const parts = {
      rd_intensity_parts: cityParts(packages.map((p) => p.parts.current)),
      rd_intensity_parts_previous: cityParts(packages.map((p) => (earlier.has(p.district) ? earlier.get(p.district)! : p.parts.previous))),
    };
    const doc = districtUpwardPackage({ ...input, districts: packages });
    return { ...doc, ...parts, ...lists, non_reporters: [...input.nonReporters, ...lists.non_reporters] };
  }
  return districtUpwardPackage(input);
}

function districtUpwardPackage(input: UpwardInput): UpwardDocument {
  const indicators = INDICATOR_NAMES.map((name) => indicatorRow(input.indicators, input.year, name));
  const swung = indicators.filter((i) => i.change_pct !== null && Math.abs(i.change_pct) >= SWING_PCT);
  const large = input.enterprises.current.filter((e) => (e.revenue ?? 0) >= LARGE_REVENUE_FEN).sort((a, b) => (b.revenue ?? 0) - (a.revenue ?? 0));
  const money = (fen: number | undefined) => (fen === undefined ? null : qianYuanOfFen(fen));
  return {
    district: input.indicators.district,
    year: input.year,
    approved: approvedBy(input.approval),
    indicators,
    rd_intensity_parts: rdParts(input.enterprises.current),
    rd_intensity_parts_previous: rdParts(input.enterprises.previous),
    comparison: comparisonOf(input, swung),
    large_enterprises: large.map((e) => ({
      ...{ uscc: e.uscc, name: e.name, sector: e.sector, high_tech: e.high_tech },
      ...{ revenue: money(e.revenue), rd_expenditure: money(e.rd_expenditure), employees: e.employees ?? null, rd_staff: e.rd_staff ?? null },
    })),
    non_reporters: input.nonReporters,
    incubators: [...input.incubators.current]
      .sort((a, b) => (a.incubator_id < b.incubator_id ? -1 : 1))
      .map((i) => ({
        ...{ incubator_id: i.incubator_id, name: i.name, level: i.level, incubating_companies: i.incubating_companies },
        ...{ cumulative_incubated: i.cumulative_incubated, graduated_companies: i.graduated_companies ?? null },
      })),
  };
}
