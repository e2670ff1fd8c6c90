/**
 * The package a district sends its city (contract 15) as the city reads it:
 * its sheets, its figures in the package's units (千元, counts, %), its
 * lists, and the checks that its sheets add up. One table of figures that
 * the package's writer (report/upward-*.ts), its reader (ingest/package-*.ts)
 * and the city's report all read. A district's record of the `districts`
 * dataset holds the package as stated, so a city's figures are the sums of
 * its districts' and nothing is recomputed from rows it never saw.
 */

export const PACKAGE_SHEETS = {
  cover: '封面',
  summary: '汇总表',
  comparison: '增减对比',
  large: '大企业名单',
  nonReporters: '未报名单',
  incubators: '孵化器',
} as const;

export type PackageUnit = '千元' | '个' | '人' | '%';

/** The indicators a package states, in order; all but the ratio add up across districts. */
export const PACKAGE_FIGURES = [
  { id: 'high_tech_enterprises', label: '高新技术企业数', unit: '个' },
  { id: 'scitech_smes', label: '科技型中小企业数', unit: '个' },
  { id: 'scitech_smes_3y', label: '近三年科技型中小企业数', unit: '个' },
  { id: 'incubators', label: '孵化器数', unit: '个' },
  { id: 'incubating_companies', label: '在孵企业数', unit: '个' },
  { id: 'cumulative_incubated', label: '累计孵化企业数', unit: '个' },
  { id: 'graduated_companies', label: '当年毕业企业数', unit: '个' },
  { id: 'rd_staff', label: '研发人员数', unit: '人' },
  { id: 'rd_expenditure', label: '研发经费', unit: '千元' },
  { id: 'revenue', label: '营业收入', unit: '千元' },
  { id: 'rd_intensity', label: '研发投入强度', unit: '%' },
  { id: 'invention_patents', label: '发明专利授权数', unit: '个' },
  { id: 'tech_projects', label: '科技项目数', unit: '个' },
  { id: 'tech_project_funding', label: '科技项目资助金额', unit: '千元' },
] as const satisfies readonly { id: string; label: string; unit: PackageUnit }[];

export type PackageFigureId = (typeof PACKAGE_FIGURES)[number]['id'];

/** R&D intensity's parts, as 汇总表 states them under the figures: the sums over enterprises that report both (千元). */
export const PARTS_LABELS = {
  rd_expenditure: '研发投入强度分子：研发经费（同时填报营业收入的企业）',
  revenue: '研发投入强度分母：营业收入（同时填报研发经费的企业）',
};

export interface RdParts {
  rd_expenditure: number;
  revenue: number;
}

export interface PackageFigure {
  previous: number | null;
  current: number | null;
}

export interface PackageLists {
  large_enterprises: {
    /** A city's package: the district each comes from (contract 15). */
    district?: string;
    uscc: string;
    name: string;
    sector: string;
    high_tech: boolean;
    revenue: number | null;
    rd_expenditure: number | null;
    employees: number | null;
    rd_staff: number | null;
  }[];
  non_reporters: { district?: string; dataset: string; key: string; name: string; reason: string }[];
  incubators: {
    district?: string;
    incubator_id: string;
    name: string;
    level: string;
    incubating_companies: number;
    cumulative_incubated: number;
    graduated_companies: number | null;
  }[];
}

/** What a district's own 增减对比 explains: the unit that moved an indicator and its note. */
export interface Explanation {
  id: PackageFigureId;
  name: string;
  note: string;
}

/** A district's package as read: what its record keeps. */
export interface DistrictPackage {
  district: string;
  year: number;
  approved: { by: string; at: string; reason: string | null } | null;
  figures: Record<PackageFigureId, PackageFigure>;
  parts: { current: RdParts | null; previous: RdParts | null };
  lists: PackageLists;
  /** Its 增减对比's notes, so the city's comparison quotes them rather than asking again. */
  explanations?: Explanation[];
}

/** A district's explanations of one indicator, as one note the city's comparison quotes: `某公司：新产线投产；…`. */
export function explanationOf(p: DistrictPackage, id: string): string | null {
  const notes = (p.explanations ?? []).filter((e) => e.id === id).map((e) => `${e.name}：${e.note}`);
  return notes.length > 0 ? notes.join('；').slice(0, 500) : null;
}

/** Tenths, exactly: the package's 千元 have one decimal, and adding them as floats would drift. */
export const tenths = (n: number): number => Math.round(n * 10);

/** The package's own sums, checked: what a district's totals must equal of its own lists (contract 15). Each problem in words. */
export function packageInconsistencies(p: DistrictPackage): string[] {
  const problems: string[] = [];
  const cur = (id: PackageFigureId) => p.figures[id].current;
  const sum = (values: readonly (number | null)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const against = (id: PackageFigureId, listed: number, what: string) => {
    const stated = cur(id);
    if (stated !== null && stated !== listed) {
      const label = PACKAGE_FIGURES.find((f) => f.id === id)!.label;
      problems.push(`${PACKAGE_SHEETS.summary}“${label}”为 ${stated}，而${PACKAGE_SHEETS.incubators}表${what}为 ${listed} / the total does not equal its list`);
    }
  };
  against('incubators', p.lists.incubators.length, '的孵化器个数');
  against('incubating_companies', sum(p.lists.incubators.map((i) => i.incubating_companies)), '在孵企业数合计');
  against('cumulative_incubated', sum(p.lists.incubators.map((i) => i.cumulative_incubated)), '累计孵化企业数合计');
  against('graduated_companies', sum(p.lists.incubators.map((i) => i.graduated_companies)), '当年毕业企业数合计');
  const small = p.lists.large_enterprises.filter((e) => e.revenue === null || e.revenue < 200_000);
  if (small.length > 0) problems.push(`${PACKAGE_SHEETS.large}中 ${small[0]!.name} 营业收入不足 2亿元（200,000 千元）/ a listed enterprise is not large`);
  const revenue = cur('revenue');
  const listedRevenue = sum(p.lists.large_enterprises.map((e) => e.revenue));
  if (revenue !== null && tenths(listedRevenue) > tenths(revenue)) {
    problems.push(
      `${PACKAGE_SHEETS.large}营业收入合计 ${listedRevenue} 千元，超过${PACKAGE_SHEETS.summary}营业收入 ${revenue} 千元 / the large enterprises exceed the total`,
    );
  }
  const parts = p.parts.current;
  const intensity = cur('rd_intensity');
  if (parts && intensity !== null && parts.revenue > 0 && Math.abs((parts.rd_expenditure / parts.revenue) * 100 - intensity) > 0.01) {
    problems.push(
      `${PACKAGE_SHEETS.summary}研发投入强度 ${intensity}% 与其分子、分母（${parts.rd_expenditure} / ${parts.revenue}）不符 / the ratio does not match its parts`,
    );
  }
  return problems;
}

/** The record of the `districts` dataset a package is stored as: figures and lists kept as JSON text, exactly as stated. */
export function districtRecord(p: DistrictPackage): Record<string, unknown> {
  return {
    district: p.district,
    year: p.year,
    approved: p.approved !== null,
    ...(p.approved ? { approved_by: p.approved.by, approved_at: p.approved.at } : {}),
    ...(p.approved?.reason ? { approval_reason: p.approved.reason } : {}),
    figures: JSON.stringify({ figures: p.figures, parts: p.parts, ...(p.explanations?.length ? { explanations: p.explanations } : {}) }),
    lists: JSON.stringify(p.lists),
  };
}

/** A stored district record read back as its package; undefined for a record of another shape. */
export function packageOfRecord(r: {
  district: string;
  year: number;
  approved: boolean;
  approved_by?: string;
  approved_at?: string;
  approval_reason?: string;
  figures: string;
  lists: string;
}): DistrictPackage | undefined {
  try {
    const { figures, parts, explanations } = JSON.parse(r.figures) as Pick<DistrictPackage, 'figures' | 'parts' | 'explanations'>;
    const lists = JSON.parse(r.lists) as PackageLists;
    const approved = r.approved ? { by: r.approved_by ?? '', at: r.approved_at ?? '', reason: r.approval_reason ?? null } : null;
    return { district: r.district, year: r.year, approved, figures, parts, lists, ...(explanations ? { explanations } : {}) };
  } catch {
    return undefined;
  }
}
