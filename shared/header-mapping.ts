/**
 * Matching a file's header row to a dataset's columns (data contract section 2):
 * case, spaces, `_` and `-` are ignored, full-width and ASCII brackets are the
 * same, and a trailing bracketed unit is read off rather than matched.
 */
import type { ColumnSpec, DatasetSpec } from './datasets';
import { moneyUnitMultiplier } from './money';

export interface ParsedHeader {
  key: string;
  unit?: string;
  /** The name without its unit, spaces kept: bilingual headers are split on them. */
  base: string;
}

export function parseHeader(raw: string): ParsedHeader {
  const text = raw
    .normalize('NFKC')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']')
    .trim();
  const m = /^(.*?)\s*[([]([^()[\]]*)[)\]]\s*$/.exec(text);
  const base = m && m[1] !== '' ? m[1]! : text;
  const unit = m && m[1] !== '' ? m[2]!.trim() : undefined;
  return { key: headerKey(base), unit: unit || undefined, base };
}

export function headerKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-\u3000]/g, '');
}

export interface MappedColumn {
  index: number;
  column: ColumnSpec;
  /** The header as written in the file. */
  header: string;
  /** For money columns, yuan per unit of the cells (1 for 元, 10000 for 万元). */
  multiplier: number;
}

export interface HeaderMapping {
  columns: MappedColumn[];
  /** Required columns not found, each with the names that would have matched. */
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

export function mapHeaders(spec: DatasetSpec, headers: readonly string[]): HeaderMapping {
  const lookup = lookupFor(spec);
  const mapping: HeaderMapping = { columns: [], missing: [], warnings: [], errors: [] };
  const seen = new Set<string>();
  headers.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const { key, unit, base } = parseHeader(raw);
    const column = lookup.get(key) ?? bilingualColumn(base, lookup);
    if (!column) {
      mapping.warnings.push(`unknown column "${raw}" ignored`);
      return;
    }
    if (seen.has(column.name)) {
      mapping.warnings.push(`column "${raw}" repeats ${column.name}; the first one is used`);
      return;
    }
    seen.add(column.name);
    let multiplier = 1;
    if (column.type.kind === 'money' && unit !== undefined) {
      const m = moneyUnitMultiplier(unit);
      if (m === undefined) {
        mapping.errors.push({
          column: column.name,
          message: `unknown money unit "${unit}" in header "${raw}" (use 元/yuan or 万元/10k yuan)`,
        });
        return;
      }
      multiplier = m;
    }
    mapping.columns.push({ index, column, header: raw, multiplier });
  });
  mapping.missing = spec.columns.filter((c) => c.required && !seen.has(c.name));
  return mapping;
}

export function describeColumn(column: ColumnSpec): string {
  return `${column.name} (${column.aliases.join(' / ')})`;
}
