/**
 * The review a bureau's data officer makes (data contract section 10.2):
 * findings never reject anything; the submitter explains each in the row's
 * `note`. One table of rules that the review, the report's Review sheet,
 * review.json and the tests all read: adding a rule is one entry.
 */
import type { DatasetName } from './datasets';
import { foldId } from './unit-id';
import type { EnterpriseRecord, IncubatorRecord } from './records';

/** What a rule may look at besides the record: the year's incubators and last year's records. */
export interface ReviewContext {
  /** Folded (unit-id.ts). */
  incubatorIdsThisYear: ReadonlySet<string>;
  previousIncubator(id: string): IncubatorRecord | undefined;
  previousEnterprise(uscc: string): EnterpriseRecord | undefined;
}

interface RuleOf<D extends DatasetName, R> {
  id: string;
  dataset: D;
  severity: 'finding';
  zh: string;
  en: string;
  /** What the rule is called where a person reads it (the Review sheet). */
  name: string;
  /** The columns at fault ([] when the record passes). */
  test: (record: R, ctx: ReviewContext) => string[];
  /** The row alone shows it: the ingest marks it in the checked workbook, where the submitter can explain it (contract 11). */
  rowAlone: boolean;
}

export type ReviewRule = RuleOf<'enterprises', EnterpriseRecord> | RuleOf<'incubators', IncubatorRecord>;

const wan = (fen: number) => `${(fen / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元`;

/**
 * The figures behind a finding that compares a record with itself, so the reader need not look them up (the Review
 * sheet, and the checked workbook at ingest): which of the wrong-unit signs it is, with the figures that show it.
 */
export function figuresDetail(rule: string, e: EnterpriseRecord, column: string): { zh: string; en: string } | undefined {
  if (rule === 'rd_exceeds_revenue' && e.rd_expenditure !== undefined && e.revenue !== undefined) {
    return { zh: `（研发经费 ${wan(e.rd_expenditure)}，营业收入 ${wan(e.revenue)}）`, en: ` (R&D ${wan(e.rd_expenditure)}, revenue ${wan(e.revenue)})` };
  }
  if (rule !== 'unit_suspect') return undefined;
  if (column === 'revenue' && e.revenue !== undefined && e.employees) {
    const yuanPerHead = e.revenue / 100 / e.employees;
    const perHead = yuanPerHead < 10_000 ? `${Math.round(yuanPerHead).toLocaleString('en-US')} 元` : wan(Math.round(e.revenue / e.employees));
    const low = yuanPerHead < MIN_REVENUE_PER_EMPLOYEE_YUAN;
    const why = low
      ? { zh: '不足 100 元，疑似把万元填成了元', en: 'under 100 yuan (万元 entered as 元?)' }
      : { zh: '超过 1 亿元，疑似把元填在了万元栏', en: 'over 100 million yuan (元 entered under 万元?)' };
    return {
      zh: `：营业收入 ${wan(e.revenue)}，从业人员 ${e.employees} 人，人均 ${perHead}，${why.zh}`,
      en: `: revenue ${wan(e.revenue)}, ${e.employees} employees, ${perHead} each — ${why.en}`,
    };
  }
  if (column === 'rd_expenditure' && e.rd_expenditure !== undefined && e.rd_staff) {
    const perHead = wan(Math.round(e.rd_expenditure / e.rd_staff));
    return {
      zh: `：研发经费 ${wan(e.rd_expenditure)}，研发人员 ${e.rd_staff} 人，人均 ${perHead}，超过 2000 万元，疑似把元填在了万元栏`,
      en: `: R&D ${wan(e.rd_expenditure)}, ${e.rd_staff} R&D staff, ${perHead} each — over 20 million yuan (元 entered under 万元?)`,
    };
  }
  return undefined;
}

const CERTIFICATE = /^GR\d{12}$/;
const JUMP_COLUMNS = ['employees', 'revenue', 'rd_expenditure'] as const;
/** Below this many yuan of revenue per employee the figures look like 万元 read as 元. */
const MIN_REVENUE_PER_EMPLOYEE_YUAN = 100;
/** Above these, the figures look like 元 written under 万元 (contract v3, 10.2). */
const MAX_REVENUE_PER_EMPLOYEE_YUAN = 100_000_000;
const MAX_RD_PER_RD_STAFF_YUAN = 20_000_000;

const positive = (v: number | undefined): v is number => v !== undefined && v > 0;

export const REVIEW_RULES: readonly ReviewRule[] = [
  {
    id: 'rd_exceeds_revenue',
    name: '研发经费超过营业收入',
    rowAlone: true,
    dataset: 'enterprises',
    severity: 'finding',
    zh: '研发经费大于营业收入',
    en: 'R&D expenditure exceeds revenue',
    test: (e) => (positive(e.revenue) && e.rd_expenditure !== undefined && e.rd_expenditure > e.revenue ? ['rd_expenditure'] : []),
  },
  {
    id: 'high_tech_without_certificate',
    name: '高企未填证书编号',
    // At ingest only where the form has the certificate column (sheet-ingest.ts): most bureau forms have none.
    rowAlone: true,
    dataset: 'enterprises',
    severity: 'finding',
    zh: '填报为高新技术企业，但未填高企证书编号',
    en: 'reported as high-tech with no certificate number',
    test: (e) => (e.high_tech && !e.high_tech_cert_no ? ['high_tech_cert_no'] : []),
  },
  {
    id: 'certificate_format',
    name: '高企证书编号格式不对',
    rowAlone: true,
    dataset: 'enterprises',
    severity: 'finding',
    zh: '高企证书编号格式不对（应为 GR 加 12 位数字，如 GR202114000123）',
    en: 'certificate number is not GR followed by 12 digits (e.g. GR202114000123)',
    test: (e) => (e.high_tech_cert_no && !CERTIFICATE.test(e.high_tech_cert_no) ? ['high_tech_cert_no'] : []),
  },
  {
    id: 'unknown_incubator',
    name: '所属孵化器未报送',
    rowAlone: false,
    dataset: 'enterprises',
    severity: 'finding',
    zh: '所属孵化器编号在本年度没有孵化器报送',
    en: 'no incubator with this id reports for the year',
    test: (e, ctx) => (e.incubator_id && !ctx.incubatorIdsThisYear.has(foldId(e.incubator_id)) ? ['incubator_id'] : []),
  },
  {
    id: 'new_exceeds_incubating',
    name: '新增在孵超过在孵总数',
    rowAlone: true,
    dataset: 'incubators',
    severity: 'finding',
    zh: '当年新增在孵企业数大于在孵企业数',
    en: 'new incubated companies exceed companies incubating',
    test: (i) => (i.new_incubated !== undefined && i.new_incubated > i.incubating_companies ? ['new_incubated'] : []),
  },
  {
    id: 'cumulative_decreased',
    name: '累计孵化数减少',
    rowAlone: false,
    dataset: 'incubators',
    severity: 'finding',
    zh: '累计孵化企业数比上年减少（累计数不应减少）',
    en: "cumulative incubated companies fell below last year's (a cumulative count cannot fall)",
    test: (i, ctx) => {
      const before = ctx.previousIncubator(i.incubator_id);
      return before && i.cumulative_incubated < before.cumulative_incubated ? ['cumulative_incubated'] : [];
    },
  },
  {
    id: 'unit_suspect',
    name: '金额单位存疑',
    rowAlone: true,
    dataset: 'enterprises',
    severity: 'finding',
    // Which of the signs it is, with the record's figures, comes from figuresDetail.
    zh: '金额单位存疑',
    en: 'the money unit looks wrong',
    // Money is stored in fen; both directions (contract v3).
    test: (e) => {
      const columns: string[] = [];
      if (positive(e.revenue) && positive(e.employees)) {
        const perHead = e.revenue / 100 / e.employees;
        if (perHead < MIN_REVENUE_PER_EMPLOYEE_YUAN || perHead > MAX_REVENUE_PER_EMPLOYEE_YUAN) columns.push('revenue');
      }
      if (positive(e.rd_expenditure) && positive(e.rd_staff) && e.rd_expenditure / 100 / e.rd_staff > MAX_RD_PER_RD_STAFF_YUAN) columns.push('rd_expenditure');
      return columns;
    },
  },
  {
    id: 'yoy_jump',
    name: '与上年相比变化异常',
    rowAlone: false,
    dataset: 'enterprises',
    severity: 'finding',
    zh: '与上年相比增加到 3 倍以上或减少到三分之一以下',
    en: "more than 3× or less than a third of last year's figure",
    test: (e, ctx) => {
      const before = ctx.previousEnterprise(e.uscc);
      if (!before) return [];
      return JUMP_COLUMNS.filter((c) => {
        const now = e[c];
        const then = before[c];
        return positive(now) && positive(then) && (now > 3 * then || now * 3 < then);
      });
    },
  },
];
