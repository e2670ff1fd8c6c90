/**
 * Matching a file's header row to a dataset's columns (data contract section 2):
 * case, spaces, `_` and `-` are ignored, full-width and ASCII brackets are the
 * same, and a trailing bracketed unit is read off rather than matched. Serial
 * columns (序号) are passed over silently (section 9.4).
 */
import { bilingual } from '../../domain/bilingual';
import { displayText } from '../../domain/display-text';
import type { CellInput } from './cell-values';
import type { ColumnSpec, DatasetSpec } from '../../domain/datasets';
import { moneyUnitMultiplier } from '../../domain/money';

export interface ParsedHeader {
  key: string;
  unit?: string;
  /** The name without its unit, spaces kept: bilingual headers are split on them. */
  base: string;
}

/** No column name, alias or unit comes near this: a longer header cell names nothing and is not worked on. */
export const HEADER_CHARACTERS = 200;

export function parseHeader(raw: string): ParsedHeader {
  const text = (raw.length > HEADER_CHARACTERS ? raw.slice(0, HEADER_CHARACTERS) : raw)
    .normalize('NFKC')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']')
    .trim();
  const { base, unit } = trailingUnit(text);
  return { key: headerKey(base), unit, base };
}

/**
 * "研发经费（万元）" → base "研发经费", unit "万元": the last bracketed group, when it ends the text,
 * holds no bracket and something stands before it. Found by scanning back from the end, once.
 */
function trailingUnit(text: string): { base: string; unit?: string } {
  const last = text[text.length - 1];
  if (last !== ')' && last !== ']') return { base: text };
  let open = -1;
  for (let i = text.length - 2; i >= 0; i--) {
    const c = text[i];
    if (c === '(' || c === '[') {
      open = i;
      break;
    }
    if (c === ')' || c === ']') return { base: text };
  }
  const base = open > 0 ? text.slice(0, open).trimEnd() : '';
  if (base === '') return { base: text };
  const unit = text.slice(open + 1, -1).trim();
  return { base, unit: unit || undefined };
}

export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-\u3000]/g, '');
}

const SERIAL_HEADERS = new Set(['序号', '行号', 'no.', 'no', '#']);

/** A serial-number column (序号, No.): ignored without a warning. */
export function isSerialHeader(text: string): boolean {
  return SERIAL_HEADERS.has(headerKey(parseHeader(text).base));
}

/** One header cell as the layout resolved it. */
export interface HeaderInput {
  index: number;
  /** The text matched against the column names (its own unit in brackets, if any). */
  text: string;
  /** The header as a person reads it in the file, for messages. */
  written: string;
  /** A money unit the column takes from above or below it (merged parent, second header row). */
  inheritedUnit?: string;
}

export interface MappedColumn {
  index: number;
  column: ColumnSpec;
  /** The header as written in the file. */
  header: string;
  /** For money columns, yuan per unit of the cells (1 for 元, 10000 for 万元). */
  multiplier: number;
  /** A value for every row, not read from a cell (the year named in the title block). */
  fixedValue?: CellInput;
}

export interface HeaderMapping {
  columns: MappedColumn[];
  /** Required columns not found. */
  missing: ColumnSpec[];
  warnings: string[];
  /** Problems that make the file unreadable (e.g. an unknown money unit). */
  errors: { column: string; message: string }[];
}

const lookupCache = new WeakMap<DatasetSpec, Map<string, ColumnSpec>>();

function lookupFor(spec: DatasetSpec): Map<string, ColumnSpec> {
  let lookup = lookupCache.get(spec);
  if (!lookup) {
    lookup = new Map();
    for (const column of spec.columns) {
      for (const name of [column.name, ...column.aliases]) lookup.set(headerKey(name), column);
    }
    lookupCache.set(spec, lookup);
  }
  return lookup;
}

/**
 * "统一社会信用代码 / uscc", "企业名称 Name", "营业收入\nRevenue": a header
 * written in both languages names one column when every part names it.
 */
function bilingualColumn(base: string, lookup: Map<string, ColumnSpec>): ColumnSpec | undefined {
  const parts = base.split(/[\s/|／｜]+/).filter(Boolean);
  if (parts.length < 2) return undefined;
  const columns = new Set(parts.map((p) => lookup.get(headerKey(p))));
  const [only] = columns;
  return columns.size === 1 ? only : undefined;
}

/** The dataset column a header text names, if any. */
export function columnNamed(spec: DatasetSpec, text: string): ColumnSpec | undefined {
  if (text.length > HEADER_CHARACTERS || text.trim() === '') return undefined;
  const lookup = lookupFor(spec);
  const { key, base } = parseHeader(text);
  return lookup.get(key) ?? bilingualColumn(base, lookup);
}

export interface MapOptions {
  /** The money unit the title block states (单位：万元), for money columns with no unit of their own. */
  defaultMoneyUnit?: string;
}

export function mapHeaders(spec: DatasetSpec, headers: readonly (string | HeaderInput)[], options: MapOptions = {}): HeaderMapping {
  const mapping: HeaderMapping = { columns: [], missing: [], warnings: [], errors: [] };
  const seen = new Set<string>();
  headers.forEach((entry, position) => {
    const input: HeaderInput = typeof entry === 'string' ? { index: position, text: entry, written: entry } : entry;
    const raw = input.text;
    if (raw.trim() === '' || isSerialHeader(raw)) return;
    const column = columnNamed(spec, raw);
    // Quoted in every message about the column: a hostile header can make them neither long nor misleading.
    const written = displayText(input.written.trim(), 60).replace(/ {2,}/g, ' ');
    if (!column) {
      mapping.warnings.push(bilingual(`未识别的列「${written}」已忽略`, `unknown column "${written}" ignored`));
      return;
    }
    if (seen.has(column.name)) {
      mapping.warnings.push(
        bilingual(`列「${written}」与前面的列重复（${column.label}），使用前一列`, `column "${written}" repeats ${column.name}; the first one is used`),
      );
      return;
    }
    seen.add(column.name);
    let multiplier = 1;
    const ownUnit = parseHeader(raw).unit;
    const unit = column.type.kind === 'money' ? (ownUnit ?? input.inheritedUnit ?? options.defaultMoneyUnit) : undefined;
    if (unit !== undefined) {
      const m = moneyUnitMultiplier(unit);
      if (m === undefined) {
        mapping.errors.push({
          column: written,
          message: bilingual(
            `「${written}」的金额单位“${displayText(unit, 20)}”无法识别，请用 元、千元、万元、百万元 或 亿元`,
            `unknown money unit "${displayText(unit, 20)}" in header "${written}" (use 元/yuan, 千元, 万元/10k yuan, 百万元 or 亿元)`,
          ),
        });
        return;
      }
      multiplier = m;
    }
    mapping.columns.push({ index: input.index, column, header: written, multiplier });
  });
  mapping.missing = spec.columns.filter((c) => c.required && !seen.has(c.name));
  return mapping;
}

export function describeColumn(column: ColumnSpec): string {
  return `${column.label}（${column.name}）`;
}
