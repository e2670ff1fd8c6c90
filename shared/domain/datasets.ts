/**
 * The three datasets of data contract section 3: every column's English name,
 * Chinese aliases, type and whether it is required. One table drives header
 * matching, validation, templates and the report's detail sheets.
 */
import { foldId } from './unit-id';
import { EXEMPT_REASONS, INCUBATOR_LEVELS, PROJECT_STATUSES, ROSTER_DATASETS, SECTOR_ENUM, type Enumeration } from './enumerations';

/**
 * The three statistical datasets, the roster of who must report them (contract v3, 12.1), and the districts'
 * packages a city reads (contract 15): one record per district and year, read from the package, never from a form.
 */
export type DatasetName = 'incubators' | 'enterprises' | 'projects' | 'roster' | 'districts';
export const DATASET_NAMES: DatasetName[] = ['incubators', 'enterprises', 'projects', 'roster', 'districts'];
/** The datasets read from forms (header matching, templates, a workbook's sheets chosen by name): all but the packages. */
export const FORM_DATASETS: Exclude<DatasetName, 'districts'>[] = ['incubators', 'enterprises', 'projects', 'roster'];

export type ColumnType =
  | { kind: 'id' }
  | { kind: 'text'; maxLength?: number }
  | { kind: 'enum'; enumeration: Enumeration<string> }
  | { kind: 'year' }
  | { kind: 'int' }
  | { kind: 'number' }
  | { kind: 'money' }
  | { kind: 'bool' }
  | { kind: 'uscc' }
  | { kind: 'email' };

export interface ColumnSpec {
  name: string;
  /** Chinese label used in templates and report headers. */
  label: string;
  aliases: string[];
  type: ColumnType;
  required: boolean;
  /** Value used when an optional cell is empty (booleans: false; project status: approved). */
  defaultValue?: string | boolean;
}

export interface DatasetSpec {
  name: DatasetName;
  label: string;
  columns: readonly ColumnSpec[];
  /** Columns forming the natural key (data contract section 6). */
  keyColumns: readonly string[];
  /** The column naming the unit a row belongs to: a submitter under submitters/<org>/ may report only rows where it is the org (contract v3 section 1). */
  orgColumn: string;
}

/** One column; its name, type and whether it is always present stay literal, so the record types come from this table. */
const col = <const N extends string, const T extends ColumnType, const R extends boolean, const D extends string | boolean | undefined = undefined>(
  name: N,
  aliases: string[],
  type: T,
  required: R,
  defaultValue?: D,
) => ({ name, label: aliases[0] ?? name, aliases, type, required, defaultValue: defaultValue as D });

/** Every dataset's optional remarks (contract v2): what explains a review finding. */
const note = () => col('note', ['备注', '说明', '情况说明'], { kind: 'text', maxLength: 500 }, false);

const sector = () => ({ kind: 'enum', enumeration: SECTOR_ENUM }) as const;

const DATASET_TABLE = {
  incubators: {
    name: 'incubators',
    label: '孵化器',
    keyColumns: ['incubator_id', 'year'],
    orgColumn: 'incubator_id',
    columns: [
      col('incubator_id', ['孵化器编号'], { kind: 'id' }, true),
      col('name', ['孵化器名称', '名称'], { kind: 'text', maxLength: 200 }, true),
      col('level', ['级别'], { kind: 'enum', enumeration: INCUBATOR_LEVELS }, true),
      col('year', ['年度', '年份'], { kind: 'year' }, true),
      col('incubating_companies', ['在孵企业数'], { kind: 'int' }, true),
      col('cumulative_incubated', ['累计孵化企业数'], { kind: 'int' }, true),
      col('new_incubated', ['当年新增在孵企业数'], { kind: 'int' }, false),
      col('graduated_companies', ['当年毕业企业数'], { kind: 'int' }, false),
      col('area_m2', ['孵化场地面积', '场地面积'], { kind: 'number' }, false),
      col('operator_uscc', ['运营主体统一社会信用代码'], { kind: 'uscc' }, false),
      note(),
    ],
  },
  enterprises: {
    name: 'enterprises',
    label: '企业',
    keyColumns: ['uscc', 'year'],
    orgColumn: 'uscc',
    columns: [
      col('uscc', ['统一社会信用代码', '信用代码'], { kind: 'uscc' }, true),
      col('name', ['企业名称', '名称'], { kind: 'text', maxLength: 200 }, true),
      col('year', ['年度', '年份'], { kind: 'year' }, true),
      col('sector', ['行业领域', '产业领域', '领域'], sector(), true),
      col('high_tech', ['高新技术企业', '是否高新技术企业'], { kind: 'bool' }, true),
      col('scitech_sme', ['科技型中小企业', '是否科技型中小企业'], { kind: 'bool' }, false, false),
      col('high_tech_cert_no', ['高企证书编号'], { kind: 'text', maxLength: 100 }, false),
      col('incubator_id', ['所属孵化器编号'], { kind: 'id' }, false),
      col('employees', ['从业人员', '从业人员数'], { kind: 'int' }, false),
      col('rd_staff', ['研发人员', '研发人员数', '科技人员'], { kind: 'int' }, false),
      col('revenue', ['营业收入'], { kind: 'money' }, false),
      col('rd_expenditure', ['研发经费', '研发经费支出'], { kind: 'money' }, false),
      col('invention_patents', ['发明专利授权数'], { kind: 'int' }, false),
      note(),
    ],
  },
  projects: {
    name: 'projects',
    label: '科技项目',
    keyColumns: ['project_id'],
    orgColumn: 'lead_uscc',
    columns: [
      col('project_id', ['项目编号'], { kind: 'id' }, true),
      col('title', ['项目名称'], { kind: 'text', maxLength: 300 }, true),
      col('year', ['立项年度', '年度'], { kind: 'year' }, true),
      col('field', ['技术领域', '领域'], sector(), true),
      col('funding', ['资助金额', '区级资金', '财政资金'], { kind: 'money' }, true),
      col('lead_uscc', ['承担单位统一社会信用代码'], { kind: 'uscc' }, false),
      col('lead_name', ['承担单位'], { kind: 'text', maxLength: 200 }, false),
      col('status', ['状态'], { kind: 'enum', enumeration: PROJECT_STATUSES }, false, 'approved'),
      note(),
    ],
  },
  roster: {
    name: 'roster',
    label: '名录',
    keyColumns: ['year', 'dataset', 'key'],
    orgColumn: 'key',
    columns: [
      col('year', ['年度', '年份'], { kind: 'year' }, true),
      col('dataset', ['报表类型', '类别'], { kind: 'enum', enumeration: ROSTER_DATASETS }, true),
      col('key', ['统一社会信用代码', '信用代码', '孵化器编号', '编号'], { kind: 'id' }, true),
      col('name', ['单位名称', '名称'], { kind: 'text', maxLength: 200 }, true),
      col('contact', ['联系人'], { kind: 'text', maxLength: 50 }, false),
      col('email', ['电子邮箱', '邮箱'], { kind: 'email' }, false),
      col('phone', ['联系电话', '电话'], { kind: 'text', maxLength: 50 }, false),
      col('exempt_reason', ['免报原因'], { kind: 'enum', enumeration: EXEMPT_REASONS }, false),
      note(),
    ],
  },
  districts: {
    name: 'districts',
    label: '区县',
    keyColumns: ['district', 'year'],
    orgColumn: 'district',
    // What shared/domain/district-package.ts reads from a package: its figures and lists kept as the package states
    // them (JSON text, 千元), so nothing is recomputed from rows the city never saw.
    columns: [
      col('district', ['区县'], { kind: 'text', maxLength: 50 }, true),
      col('year', ['统计年度', '年度'], { kind: 'year' }, true),
      col('approved', ['审核情况'], { kind: 'bool' }, true),
      col('approved_by', ['审核人'], { kind: 'text', maxLength: 100 }, false),
      col('approved_at', ['审核时间'], { kind: 'text', maxLength: 40 }, false),
      col('approval_reason', ['强制上报说明'], { kind: 'text', maxLength: 2000 }, false),
      col('figures', ['汇总表'], { kind: 'text' }, true),
      col('lists', ['名单'], { kind: 'text' }, true),
      note(),
    ],
  },
} as const;

/** The three datasets, one table that header matching, validation, templates, the report and the record types all read. */
export const DATASETS: Readonly<Record<DatasetName, DatasetSpec>> = DATASET_TABLE;

type Columns<D extends DatasetName> = (typeof DATASET_TABLE)[D]['columns'][number];
type ValueOf<T> = T extends { kind: 'enum'; enumeration: Enumeration<infer C> }
  ? C
  : T extends { kind: 'bool' }
    ? boolean
    : T extends { kind: 'id' | 'text' | 'uscc' | 'email' }
      ? string
      : number;
/** Always present in a stored record: required, or given its default when empty. */
type Present<C> = C extends { required: true } ? true : C extends { defaultValue: string | boolean } ? true : false;

/** A validated record of the dataset, as stored and aggregated (money in fen), derived from its columns. */
export type DatasetRecord<D extends DatasetName> = {
  [C in Columns<D> as Present<C> extends true ? C['name'] : never]: ValueOf<C['type']>;
} & {
  [C in Columns<D> as Present<C> extends true ? never : C['name']]?: ValueOf<C['type']>;
};

/** The key columns that hold ids, folded in every key (contract 1, "Identity"); the record keeps them as written. */
const FOLDED_KEYS: ReadonlyMap<DatasetName, ReadonlySet<string>> = new Map(
  DATASET_NAMES.map((d) => [d, new Set(DATASET_TABLE[d].columns.filter((c) => c.type.kind === 'id').map((c) => c.name as string))]),
);

/** The key columns of the dataset that hold ids (folded in its natural key). */
export const keyIdColumns = (dataset: DatasetName): string[] => DATASETS[dataset].keyColumns.filter((c) => FOLDED_KEYS.get(dataset)!.has(c));

/** The natural key of data contract section 6, from the dataset's key columns, ids folded: `yz-inc-01` and `YZ-INC-01` are one record. */
export function naturalKey(dataset: DatasetName, record: Readonly<Record<string, unknown>>): string {
  const ids = FOLDED_KEYS.get(dataset)!;
  return DATASETS[dataset].keyColumns.map((c) => (ids.has(c) ? foldId(String(record[c])) : String(record[c]))).join('#');
}

const VALUE_TYPES: Record<ColumnType['kind'], 'string' | 'number' | 'boolean'> = {
  id: 'string',
  text: 'string',
  uscc: 'string',
  enum: 'string',
  bool: 'boolean',
  year: 'number',
  int: 'number',
  number: 'number',
  money: 'number',
  email: 'string',
};

/**
 * A stored record read back through the same definition: every column present has its type, every
 * column always present is there. Undefined for anything else (an item written by hand, an older shape).
 */
export function storedRecord<D extends DatasetName>(dataset: D, data: Readonly<Record<string, unknown>>): DatasetRecord<D> | undefined {
  for (const column of DATASETS[dataset].columns) {
    const value = data[column.name];
    if (value === undefined) {
      if (column.required || column.defaultValue !== undefined) return undefined;
    } else if (typeof value !== VALUE_TYPES[column.type.kind]) return undefined;
  }
  return data as DatasetRecord<D>;
}

/** Folder and sheet names that route to a dataset (section 1), compared case-insensitively. */
// A Map, never a plain object: a folder or sheet named `__proto__` or `constructor` must name nothing.
const DATASET_ALIASES: ReadonlyMap<string, DatasetName> = new Map([
  ['incubators', 'incubators'],
  ['孵化器', 'incubators'],
  ['enterprises', 'enterprises'],
  ['企业', 'enterprises'],
  ['projects', 'projects'],
  ['项目', 'projects'],
  ['科技项目', 'projects'],
  ['roster', 'roster'],
  ['名录', 'roster'],
  ['districts', 'districts'],
  ['区县', 'districts'],
]);

export function datasetForName(name: string): DatasetName | undefined {
  // No alias is long: a hostile name is not normalized at all.
  if (name.length > 64) return undefined;
  return DATASET_ALIASES.get(name.normalize('NFKC').trim().toLowerCase());
}

/** A stored or submitted value that is one of the three datasets, and nothing else. */
export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && (DATASET_NAMES as readonly string[]).includes(value);
}
