/**
 * What the indicators of data contract section 7 are: their fields, and one
 * table of their labels and roles that the computation, the workbook, the
 * email and the CLI all read. Adding an indicator is one field and one entry.
 */
import type { IncubatorLevel } from '../domain/enumerations';
import type { SectorCode } from '../domain/sectors';

export interface SectorIndicators {
  high_tech_enterprises: number;
  scitech_smes: number;
  rd_staff: number;
  tech_projects: number;
  tech_project_funding: number;
}

export interface YearIndicators {
  high_tech_enterprises: number;
  scitech_smes: number;
  scitech_smes_3y: number;
  incubators: number;
  incubators_by_level: Record<IncubatorLevel, number>;
  incubating_companies: number;
  cumulative_incubated: number;
  graduated_companies: number;
  rd_staff: number;
  rd_expenditure: number;
  revenue: number;
  rd_intensity: number | null;
  invention_patents: number;
  tech_projects: number;
  tech_project_funding: number;
  by_sector: Record<SectorCode, SectorIndicators>;
}

export interface Growth {
  yoy: Record<string, number | null>;
  cagr: number | null;
}

export interface IndicatorsDocument {
  district: string;
  window: { from: number; to: number };
  years: Record<string, YearIndicators>;
  window_totals: { tech_projects: number; tech_project_funding: number };
  growth: Record<GrowthIndicator, Growth>;
}

/** The indicators that are one number per year (not the by-level or by-sector breakdowns). */
type ScalarIndicator = Exclude<keyof YearIndicators, 'incubators_by_level' | 'by_sector'>;

export interface IndicatorSpec {
  /** The dataset its figures come from: a year with no submission of it has no figure. */
  dataset: 'enterprises' | 'incubators' | 'projects';
  /** Years before the reported one that it also needs (a three-year window needs two). */
  needsYearsBefore?: number;
  zh: string;
  en: string;
  /** How it is shown: a count, money (stored in yuan), or a ratio. */
  kind: 'count' | 'money' | 'ratio';
  /** On the Summary, in the email and in the CLI's table. */
  headline: boolean;
  /** Gets year-on-year change and CAGR. */
  growth: boolean;
}

/** In the order the Indicators sheet lists them. */
export const INDICATORS = {
  high_tech_enterprises: { dataset: 'enterprises', zh: '高新技术企业数', en: 'High-tech enterprises', kind: 'count', headline: true, growth: true },
  scitech_smes: { dataset: 'enterprises', zh: '科技型中小企业数', en: 'Sci-tech SMEs', kind: 'count', headline: true, growth: true },
  scitech_smes_3y: {
    dataset: 'enterprises',
    needsYearsBefore: 2,
    zh: '近三年科技型中小企业数',
    en: 'Sci-tech SMEs (3 years)',
    kind: 'count',
    headline: true,
    growth: true,
  },
  incubators: { dataset: 'incubators', zh: '孵化器数', en: 'Incubators', kind: 'count', headline: true, growth: true },
  incubating_companies: { dataset: 'incubators', zh: '在孵企业数', en: 'Companies incubating', kind: 'count', headline: true, growth: true },
  cumulative_incubated: { dataset: 'incubators', zh: '累计孵化企业数', en: 'Companies incubated (cumulative)', kind: 'count', headline: true, growth: true },
  graduated_companies: { dataset: 'incubators', zh: '当年毕业企业数', en: 'Companies graduated', kind: 'count', headline: true, growth: true },
  rd_staff: { dataset: 'enterprises', zh: '研发人员数', en: 'R&D staff', kind: 'count', headline: true, growth: true },
  rd_expenditure: { dataset: 'enterprises', zh: '研发经费（万元）', en: 'R&D expenditure (10k yuan)', kind: 'money', headline: true, growth: true },
  revenue: { dataset: 'enterprises', zh: '营业收入（万元）', en: 'Revenue (10k yuan)', kind: 'money', headline: true, growth: true },
  rd_intensity: { dataset: 'enterprises', zh: '研发投入强度', en: 'R&D intensity', kind: 'ratio', headline: true, growth: false },
  invention_patents: { dataset: 'enterprises', zh: '发明专利授权数', en: 'Invention patents granted', kind: 'count', headline: true, growth: true },
  tech_projects: { dataset: 'projects', zh: '科技项目数', en: 'Tech projects', kind: 'count', headline: true, growth: true },
  tech_project_funding: {
    dataset: 'projects',
    zh: '科技项目资助金额（万元）',
    en: 'Tech project funding (10k yuan)',
    kind: 'money',
    headline: true,
    growth: true,
  },
} as const satisfies Record<ScalarIndicator, IndicatorSpec>;

export type IndicatorName = keyof typeof INDICATORS;
export const INDICATOR_NAMES = Object.keys(INDICATORS) as IndicatorName[];
export const HEADLINE_INDICATORS = INDICATOR_NAMES.filter((name) => INDICATORS[name].headline);

export type GrowthIndicator = { [K in IndicatorName]: (typeof INDICATORS)[K]['growth'] extends true ? K : never }[IndicatorName];
export const GROWTH_INDICATORS = INDICATOR_NAMES.filter((name): name is GrowthIndicator => INDICATORS[name].growth);

/** Money is stored and exported in yuan; people read it in 万元 (ten thousand yuan), as bureau reports state it. */
export const YUAN_PER_WAN = 10_000;

/** The figure as people read it: money in 万元, everything else as it is. */
/** 万元 in one 亿元. */
const WAN_PER_YI = 10_000;

/**
 * A headline money figure (in 万元, as honestFigures gives it) in the unit a director reads it in: 亿元
 * once it reaches one 亿 (营业收入 568.85 亿元, not 5,688,456.80 万元), 万元 below; with the label that
 * names the unit. The Summary and the email both show it this way, so they show the same figures.
 */
export function headlineMoney(name: IndicatorName, wan: number | typeof DASH | null): { value: number | typeof DASH | null; zh: string; en: string } {
  const spec = INDICATORS[name];
  if (spec.kind !== 'money' || typeof wan !== 'number' || Math.abs(wan) < WAN_PER_YI) return { value: wan, zh: spec.zh, en: spec.en };
  return { value: wan / WAN_PER_YI, zh: spec.zh.replace('（万元）', '（亿元）'), en: spec.en.replace('(10k yuan)', '(100 million yuan)') };
}

export function shownValue(name: IndicatorName, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return INDICATORS[name].kind === 'money' ? value / YUAN_PER_WAN : value;
}

/** The years that have data, per dataset: a year of a dataset nobody submitted has no figures, not zeros. */
export type Coverage = Readonly<Record<IndicatorSpec['dataset'], ReadonlySet<number>>>;

/** Whether the figure of a year rests on complete inputs (contract: honest figures). */
export function isComplete(name: IndicatorName, year: number, coverage: Coverage): boolean {
  const spec: IndicatorSpec = INDICATORS[name];
  for (let y = year - (spec.needsYearsBefore ?? 0); y <= year; y++) if (!coverage[spec.dataset].has(y)) return false;
  return true;
}

/** What a reader is told about a '—'. */
export const INCOMPLETE_NOTE =
  '— 表示该年度没有相应数据的报送（或近三年的统计窗口早于首个有数据的年度），不计入同比、年均增长和图表 / — means no submissions of that dataset for the year (or ' +
  'a three-year window reaching before the first year with data); left out of growth, CAGR and charts';

/** What a reader sees where a figure's inputs are incomplete. */
export const DASH = '—';

/**
 * The figures as people read them (report and email alike): money in 万元,
 * DASH where the inputs are incomplete, and no growth across such a year.
 * Without a coverage every figure counts as complete.
 */
export function honestFigures(doc: IndicatorsDocument, coverage?: Coverage) {
  const complete = (name: IndicatorName, y: number) => !coverage || isComplete(name, y, coverage);
  return {
    value: (name: IndicatorName, y: number): number | typeof DASH | null => (complete(name, y) ? shownValue(name, doc.years[y]?.[name]) : DASH),
    /** null when the indicator has no growth figures. */
    yoy: (name: IndicatorName, y: number): number | typeof DASH | null => {
      const growth = growthOf(doc, name);
      if (!growth) return null;
      return complete(name, y) && complete(name, y - 1) ? (growth.yoy[y] ?? null) : DASH;
    },
    cagr: (name: IndicatorName): number | typeof DASH | null => {
      const growth = growthOf(doc, name);
      if (!growth) return null;
      return complete(name, doc.window.from) && complete(name, doc.window.to) ? growth.cagr : DASH;
    },
  };
}

/** An indicator's growth figures, when it has them. */
export function growthOf(doc: IndicatorsDocument, name: IndicatorName): Growth | undefined {
  return INDICATORS[name].growth ? doc.growth[name as GrowthIndicator] : undefined;
}

export const LEVEL_LABELS: ReadonlyMap<string, string> = new Map([
  ['national', '国家级 National'],
  ['provincial', '省级 Provincial'],
  ['municipal', '市级 Municipal'],
  ['district', '区级 District'],
]);
