/**
 * The yearly innovation indicators of data contract section 7, as pure
 * functions over the records in force. Counts are over distinct natural keys;
 * sums skip missing values; money is summed in fen and reported in yuan.
 */
import { LEVEL_CODES, type IncubatorLevel } from '../domain/enumerations';
import { tenths, type DistrictPackage, type PackageFigureId } from '../domain/district-package';
import { fenToYuan } from '../domain/money';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../domain/records';
import { SECTOR_CODES, type SectorCode } from '../domain/sectors';
import { GROWTH_INDICATORS, type Growth, type GrowthIndicator, type IndicatorsDocument, type SectorIndicators, type YearIndicators } from './indicator-table';

export interface IndicatorInput {
  incubators: ReadonlyMap<number, readonly IncubatorRecord[]>;
  enterprises: ReadonlyMap<number, readonly EnterpriseRecord[]>;
  projects: readonly ProjectRecord[];
}

/** Rounds a ratio for output; 6 decimals is finer than any published figure. */
export const roundRatio = (r: number): number => Math.round(r * 1e6) / 1e6;

/** The years whose enterprise records the window needs (three-year SME counts reach back two years). */
export function yearsNeeded(from: number, to: number): number[] {
  const years: number[] = [];
  for (let y = from - 2; y <= to; y++) years.push(y);
  return years;
}

const emptySector = (): SectorIndicators => ({ high_tech_enterprises: 0, scitech_smes: 0, rd_staff: 0, tech_projects: 0, tech_project_funding: 0 });

/**
 * One year's figures, added up record by record: the report folds a year as
 * it streams from the store and never needs to hold it. Money stays in fen
 * until the end. Only the sci-tech SMEs' credit codes are kept, for the
 * three-year distinct count.
 */
class YearTally {
  records = 0;
  highTech = 0;
  smes = 0;
  readonly smeCodes = new Set<string>();
  incubators = 0;
  readonly byLevel = Object.fromEntries(LEVEL_CODES.map((l) => [l, 0])) as Record<IncubatorLevel, number>;
  incubating = 0;
  cumulative = 0;
  graduated = 0;
  rdStaff = 0;
  rdFen = 0;
  revenueFen = 0;
  /** Revenue and R&D of the enterprises that reported both: R&D intensity's ratio. */
  bothCount = 0;
  bothRevenueFen = 0;
  bothRdFen = 0;
  patents = 0;
  projects = 0;
  fundingFen = 0;
  readonly bySector = Object.fromEntries(SECTOR_CODES.map((c) => [c, emptySector()])) as Record<SectorCode, SectorIndicators>;
  /** Districts' own three-year SME counts (contract 15): a city adds what each district counted, never having seen the codes. */
  districtSmes3y = 0;

  /** A district's figures of this year as its package states them, its `which` column (千元 → fen in integers, so sums stay exact). */
  addDistrict(p: DistrictPackage, which: 'previous' | 'current', levels: readonly string[]): void {
    this.records++;
    const n = (id: PackageFigureId) => p.figures[id]?.[which] ?? 0;
    const fen = (id: PackageFigureId) => tenths(n(id)) * 10_000;
    const parts = p.parts[which];
    this.highTech += n('high_tech_enterprises');
    this.smes += n('scitech_smes');
    this.districtSmes3y += n('scitech_smes_3y');
    this.incubators += n('incubators');
    for (const level of levels) if (level in this.byLevel) this.byLevel[level as IncubatorLevel]++;
    this.incubating += n('incubating_companies');
    this.cumulative += n('cumulative_incubated');
    this.graduated += n('graduated_companies');
    this.rdStaff += n('rd_staff');
    this.rdFen += fen('rd_expenditure');
    this.revenueFen += fen('revenue');
    this.patents += n('invention_patents');
    this.projects += n('tech_projects');
    this.fundingFen += fen('tech_project_funding');
    if (parts) {
      this.bothCount++;
      this.bothRdFen += tenths(parts.rd_expenditure) * 10_000;
      this.bothRevenueFen += tenths(parts.revenue) * 10_000;
    }
  }

  addEnterprise(e: EnterpriseRecord): void {
    this.records++;
    const sector = this.bySector[e.sector];
    if (e.high_tech) {
      this.highTech++;
      sector.high_tech_enterprises++;
    }
    if (e.scitech_sme) {
      this.smes++;
      sector.scitech_smes++;
      this.smeCodes.add(e.uscc);
    }
    this.rdStaff += e.rd_staff ?? 0;
    sector.rd_staff += e.rd_staff ?? 0;
    this.rdFen += e.rd_expenditure ?? 0;
    this.revenueFen += e.revenue ?? 0;
    this.patents += e.invention_patents ?? 0;
    if (e.revenue !== undefined && e.rd_expenditure !== undefined) {
      this.bothCount++;
      this.bothRevenueFen += e.revenue;
      this.bothRdFen += e.rd_expenditure;
    }
  }

  addIncubator(i: IncubatorRecord): void {
    this.records++;
    this.incubators++;
    this.byLevel[i.level]++;
    this.incubating += i.incubating_companies ?? 0;
    this.cumulative += i.cumulative_incubated ?? 0;
    this.graduated += i.graduated_companies ?? 0;
  }

  /** Every project counts as data of its year; only those not terminated are funded. */
  addProject(p: ProjectRecord): void {
    this.records++;
    if (p.status === 'terminated') return;
    this.projects++;
    this.fundingFen += p.funding;
    const sector = this.bySector[p.field];
    sector.tech_projects++;
    sector.tech_project_funding += p.funding;
  }

  indicators(smes3y: number): YearIndicators {
    return {
      high_tech_enterprises: this.highTech,
      scitech_smes: this.smes,
      scitech_smes_3y: smes3y + this.districtSmes3y,
      incubators: this.incubators,
      incubators_by_level: { ...this.byLevel },
      incubating_companies: this.incubating,
      cumulative_incubated: this.cumulative,
      graduated_companies: this.graduated,
      rd_staff: this.rdStaff,
      rd_expenditure: fenToYuan(this.rdFen),
      revenue: fenToYuan(this.revenueFen),
      rd_intensity: this.bothCount > 0 && this.bothRevenueFen > 0 ? roundRatio(this.bothRdFen / this.bothRevenueFen) : null,
      invention_patents: this.patents,
      tech_projects: this.projects,
      tech_project_funding: fenToYuan(this.fundingFen),
      by_sector: Object.fromEntries(
        SECTOR_CODES.map((c) => [c, { ...this.bySector[c], tech_project_funding: fenToYuan(this.bySector[c].tech_project_funding) }]),
      ) as Record<SectorCode, SectorIndicators>,
    };
  }
}

/** The indicators of every year records were added for, folded as records arrive in any order. */
export class IndicatorTallies {
  private readonly years = new Map<number, YearTally>();

  private tally(year: number): YearTally {
    let t = this.years.get(year);
    if (!t) this.years.set(year, (t = new YearTally()));
    return t;
  }

  addEnterprise(e: EnterpriseRecord): void {
    this.tally(e.year).addEnterprise(e);
  }

  addIncubator(i: IncubatorRecord): void {
    this.tally(i.year).addIncubator(i);
  }

  addProject(p: ProjectRecord): void {
    this.tally(p.year).addProject(p);
  }

  /**
   * A city's districts' packages (contract 15): each package's figures count for its year, and its Y−1 figures
   * for Y−1 where that district sent no package of Y−1 (a city's first year has only this year's packages).
   */
  addDistricts(packages: readonly DistrictPackage[]): void {
    const sent = new Set(packages.map((p) => `${p.district}\u0000${p.year}`));
    for (const p of packages) {
      this.tally(p.year).addDistrict(
        p,
        'current',
        p.lists.incubators.map((i) => i.level),
      );
      if (!sent.has(`${p.district}\u0000${p.year - 1}`)) this.tally(p.year - 1).addDistrict(p, 'previous', []);
    }
  }

  hasData(year: number): boolean {
    return (this.years.get(year)?.records ?? 0) > 0;
  }

  yearIndicators(year: number): YearIndicators {
    const smes3y = new Set<string>();
    for (let y = year - 2; y <= year; y++) for (const code of this.years.get(y)?.smeCodes ?? []) smes3y.add(code);
    return (this.years.get(year) ?? new YearTally()).indicators(smes3y.size);
  }

  document(window: { from: number; to: number }, district: string): IndicatorsDocument {
    const years: Record<string, YearIndicators> = {};
    for (let y = window.from; y <= window.to; y++) years[y] = this.yearIndicators(y);
    // The year before the window gives the first window year its year-on-year change.
    const before = this.hasData(window.from - 1) ? this.yearIndicators(window.from - 1) : undefined;
    const growth = Object.fromEntries(
      GROWTH_INDICATORS.map((name) => {
        const yoyByYear: Record<string, number | null> = {};
        for (let y = window.from; y <= window.to; y++) {
          const previous = y === window.from ? before?.[name] : years[y - 1]![name];
          yoyByYear[y] = yoy(years[y]![name], previous);
        }
        return [name, { yoy: yoyByYear, cagr: cagr(years[window.from]![name], years[window.to]![name], window.to - window.from) }];
      }),
    ) as Record<GrowthIndicator, Growth>;
    let projects = 0;
    let fundingFen = 0;
    for (let y = window.from; y <= window.to; y++) {
      projects += this.years.get(y)?.projects ?? 0;
      fundingFen += this.years.get(y)?.fundingFen ?? 0;
    }
    return { district, window, years, window_totals: { tech_projects: projects, tech_project_funding: fenToYuan(fundingFen) }, growth };
  }
}

function talliesOf(input: IndicatorInput): IndicatorTallies {
  const tallies = new IndicatorTallies();
  for (const records of input.enterprises.values()) for (const e of records) tallies.addEnterprise(e);
  for (const records of input.incubators.values()) for (const i of records) tallies.addIncubator(i);
  for (const p of input.projects) tallies.addProject(p);
  return tallies;
}

/** One year's indicators over records already held (tests, small callers). */
export function yearIndicators(input: IndicatorInput, year: number): YearIndicators {
  return talliesOf(input).yearIndicators(year);
}

export function yoy(current: number, previous: number | undefined): number | null {
  return previous === undefined || previous === 0 ? null : roundRatio(current / previous - 1);
}

export function cagr(first: number | undefined, last: number, periods: number): number | null {
  if (first === undefined || first === 0 || periods <= 0) return null;
  return roundRatio(Math.pow(last / first, 1 / periods) - 1);
}

export function computeIndicators(input: IndicatorInput, window: { from: number; to: number }, district: string): IndicatorsDocument {
  return talliesOf(input).document(window, district);
}

/** The default report window: the `length` years ending at the reporting year. */
export function reportWindow(year: number, length = 5): { from: number; to: number } {
  return { from: year - length + 1, to: year };
}
