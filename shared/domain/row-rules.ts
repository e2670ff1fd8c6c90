/**
 * Checks across the cells of one row that reject it at ingest (data contract
 * section 10.1). Rules are data: adding one is one entry.
 */
import type { DatasetName } from './datasets';
import { parseUscc } from './uscc';

export interface RowRule {
  id: string;
  dataset: DatasetName;
  /** The column the error is reported on. */
  column: string;
  /** True when the row breaks the rule (both figures given). */
  breaks: (record: Readonly<Record<string, unknown>>) => boolean;
  zh: string;
  en: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const exceeds = (a: unknown, b: unknown): boolean => num(a) !== undefined && num(b) !== undefined && num(a)! > num(b)!;

export const ROW_RULES: readonly RowRule[] = [
  {
    id: 'rd_staff_exceeds_employees',
    dataset: 'enterprises',
    column: 'rd_staff',
    breaks: (r) => exceeds(r.rd_staff, r.employees),
    zh: '研发人员数大于从业人员数',
    en: 'rd_staff exceeds employees',
  },
  {
    id: 'incubating_exceeds_cumulative',
    dataset: 'incubators',
    column: 'incubating_companies',
    breaks: (r) => exceeds(r.incubating_companies, r.cumulative_incubated),
    zh: '在孵企业数大于累计孵化企业数（累计数包含曾经孵化的全部企业）',
    en: 'incubating_companies exceeds cumulative_incubated (which counts every company ever incubated)',
  },
  {
    id: 'graduated_exceeds_cumulative',
    dataset: 'incubators',
    column: 'graduated_companies',
    breaks: (r) => exceeds(r.graduated_companies, r.cumulative_incubated),
    zh: '当年毕业企业数大于累计孵化企业数',
    en: 'graduated_companies exceeds cumulative_incubated',
  },
  {
    id: 'roster_key_of_dataset',
    dataset: 'roster',
    column: 'key',
    // An enterprise is named by its credit code (check character included); an incubator by its id.
    breaks: (r) => r.dataset === 'enterprises' && typeof r.key === 'string' && !parseUscc(r.key).ok,
    zh: '报表类型为企业时，编号应为 18 位统一社会信用代码（含校验位）',
    en: 'for an enterprise the key must be its 18-character credit code (check character included)',
  },
];
