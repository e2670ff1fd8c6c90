/**
 * The yearly innovation indicators of data contract section 7, as pure
 * functions over the records in force. Counts are over distinct natural keys;
 * sums skip missing values; money is summed in fen and reported in yuan.
 */
import { LEVEL_CODES, type IncubatorLevel } from '../domain/enumerations';
import { fenToYuan } from '../domain/money';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../domain/records';
import { SECTOR_CODES, type SectorCode } from '../domain/sectors';
import { GROWTH_INDICATORS, type Growth, type GrowthIndicator, type IndicatorsDocument, type SectorIndicators, type YearIndicators } from './indicator-table';

export interface IndicatorInput {
  incubators: ReadonlyMap<number, readonly IncubatorRecord[]>;
  enterprises: ReadonlyMap<number, readonly EnterpriseRecord[]>;
  projects: readonly ProjectRecord[];
}

const sum = <T>(items: readonly T[], pick: (item: T) => number | undefined): number =>
  items.reduce((acc, item) => acc + (pick(item) ?? 0), 0);

/** Rounds a ratio for output; 6 decimals is finer than any published figure. */
export const roundRatio = (r: number): number => Math.round(r * 1e6) / 1e6;

/** The years whose enterprise records the window needs (three-year SME counts reach back two years). */
export function yearsNeeded(from: number, to: number): number[] {
  const years: number[] = [];
  for (let y = from - 2; y <= to; y++) years.push(y);
  return years;
}

export function fundedProjects(projects: readonly ProjectRecord[], year: number): ProjectRecord[] {
  return projects.filter((p) => p.year === year && p.status !== 'terminated');
}

export function yearIndicators(input: IndicatorInput, year: number): YearIndicators {
  const enterprises = input.enterprises.get(year) ?? [];
  const incubators = input.incubators.get(year) ?? [];
  const projects = fundedProjects(input.projects, year);

  const smes3y = new Set<string>();
  for (let y = year - 2; y <= year; y++) {
    for (const e of input.enterprises.get(y) ?? []) if (e.scitech_sme) smes3y.add(e.uscc);
  }

  const byLevel = Object.fromEntries(LEVEL_CODES.map((l) => [l, 0])) as Record<IncubatorLevel, number>;
  for (const i of incubators) byLevel[i.level]++;

  const both = enterprises.filter((e) => e.revenue !== undefined && e.rd_expenditure !== undefined);
  const bothRevenue = sum(both, (e) => e.revenue);
  const rdIntensity = both.length > 0 && bothRevenue > 0 ? roundRatio(sum(both, (e) => e.rd_expenditure) / bothRevenue) : null;

  const bySector = Object.fromEntries(
    SECTOR_CODES.map((code) => {
      const es = enterprises.filter((e) => e.sector === code);
      const ps = projects.filter((p) => p.field === code);
      return [
        code,
        {
          high_tech_enterprises: es.filter((e) => e.high_tech).length,
          scitech_smes: es.filter((e) => e.scitech_sme).length,
          rd_staff: sum(es, (e) => e.rd_staff),
          tech_projects: ps.length,
          tech_project_funding: fenToYuan(sum(ps, (p) => p.funding)),
        },
      ];
    }),
  ) as Record<SectorCode, SectorIndicators>;

  return {
    high_tech_enterprises: enterprises.filter((e) => e.high_tech).length,
    scitech_smes: enterprises.filter((e) => e.scitech_sme).length,
    scitech_smes_3y: smes3y.size,
    incubators: incubators.length,
    incubators_by_level: byLevel,
    incubating_companies: sum(incubators, (i) => i.incubating_companies),
    cumulative_incubated: sum(incubators, (i) => i.cumulative_incubated),
    graduated_companies: sum(incubators, (i) => i.graduated_companies),
    rd_staff: sum(enterprises, (e) => e.rd_staff),
    rd_expenditure: fenToYuan(sum(enterprises, (e) => e.rd_expenditure)),
    revenue: fenToYuan(sum(enterprises, (e) => e.revenue)),
    rd_intensity: rdIntensity,
    invention_patents: sum(enterprises, (e) => e.invention_patents),
    tech_projects: projects.length,
    tech_project_funding: fenToYuan(sum(projects, (p) => p.funding)),
    by_sector: bySector,
  };
}

export function yoy(current: number, previous: number | undefined): number | null {
  return previous === undefined || previous === 0 ? null : roundRatio(current / previous - 1);
}

export function cagr(first: number | undefined, last: number, periods: number): number | null {
  if (first === undefined || first === 0 || periods <= 0) return null;
  return roundRatio(Math.pow(last / first, 1 / periods) - 1);
}

export function computeIndicators(
  input: IndicatorInput,
  window: { from: number; to: number },
  district: string,
): IndicatorsDocument {
  const years: Record<string, YearIndicators> = {};
  for (let y = window.from; y <= window.to; y++) years[y] = yearIndicators(input, y);
  // The year before the window gives the first window year its year-on-year change.
  const before = yearIndicators(input, window.from - 1);
  const hasBefore =
    (input.enterprises.get(window.from - 1)?.length ?? 0) > 0 ||
    (input.incubators.get(window.from - 1)?.length ?? 0) > 0 ||
    input.projects.some((p) => p.year === window.from - 1);

  const growth = Object.fromEntries(
    GROWTH_INDICATORS.map((name) => {
      const yoyByYear: Record<string, number | null> = {};
      for (let y = window.from; y <= window.to; y++) {
        const previous = y === window.from ? (hasBefore ? before[name] : undefined) : years[y - 1]![name];
        yoyByYear[y] = yoy(years[y]![name], previous);
      }
      return [name, { yoy: yoyByYear, cagr: cagr(years[window.from]![name], years[window.to]![name], window.to - window.from) }];
    }),
  ) as Record<GrowthIndicator, Growth>;

  const inWindow = input.projects.filter((p) => p.year >= window.from && p.year <= window.to && p.status !== 'terminated');
  return {
    district,
    window,
    years,
    window_totals: {
      tech_projects: inWindow.length,
      tech_project_funding: fenToYuan(sum(inWindow, (p) => p.funding)),
    },
    growth,
  };
}

/** The default report window: the `length` years ending at the reporting year. */
export function reportWindow(year: number, length = 5): { from: number; to: number } {
  return { from: year - length + 1, to: year };
}
