/**
 * Validating one data row against a dataset's columns. Every problem becomes a
 * {row, column, message} a person can act on; a row with any error is rejected whole.
 */
import type { ColumnSpec } from './datasets';
import type { MappedColumn } from './header-mapping';
import {
  cellToText,
  isBlank,
  isCellProblem,
  parseBoolean,
  parseMoney,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parseYear,
  type CellInput,
  type Parsed,
} from './cell-values';
import { parseUscc } from './uscc';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ValidationContext {
  /** Latest acceptable reporting year (next year). */
  maxYear: number;
}

export type RowResult = { ok: true; record: Record<string, unknown> } | { ok: false; errors: RowError[] };

const ID_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

function parseCell(column: ColumnSpec, cell: CellInput, multiplier: number, ctx: ValidationContext): Parsed<unknown> {
  const type = column.type;
  switch (type.kind) {
    case 'id': {
      const text = cellToText(cell).normalize('NFKC');
      return ID_PATTERN.test(text)
        ? { ok: true, value: text }
        : { ok: false, message: `"${text}" is not a valid ID (1–32 letters, digits or hyphens)` };
    }
    case 'text': {
      const text = cellToText(cell);
      const length = [...text].length;
      if (type.maxLength !== undefined && length > type.maxLength) {
        return { ok: false, message: `text is ${length} characters, longer than the ${type.maxLength} allowed` };
      }
      return { ok: true, value: text };
    }
    case 'enum': {
      const text = cellToText(cell);
      const code = type.enumeration.parse(text);
      if (code !== undefined) return { ok: true, value: code };
      const allowed = Object.entries(type.enumeration.labels)
        .map(([c, l]) => `${c}/${String(l)}`)
        .join(', ');
      return { ok: false, message: `"${text}" is not a known ${type.enumeration.name}; use one of ${allowed}` };
    }
    case 'year':
      return parseYear(cell, ctx.maxYear);
    case 'int':
      return parseNonNegativeInteger(cell);
    case 'number':
      return parseNonNegativeNumber(cell);
    case 'money':
      return parseMoney(cell, multiplier);
    case 'bool':
      return parseBoolean(cell);
    case 'uscc': {
      const result = parseUscc(cellToText(cell));
      return result.ok ? result : { ok: false, message: result.message };
    }
  }
}

export function validateRow(
  columns: readonly MappedColumn[],
  allColumns: readonly ColumnSpec[],
  cells: readonly CellInput[],
  row: number,
  ctx: ValidationContext,
): RowResult {
  const record: Record<string, unknown> = {};
  const errors: RowError[] = [];
  for (const mapped of columns) {
    const cell = cells[mapped.index];
    const { column } = mapped;
    if (isCellProblem(cell)) {
      errors.push({ row, column: column.name, message: cell.problem });
      continue;
    }
    if (isBlank(cell)) {
      if (column.required) errors.push({ row, column: column.name, message: `${column.name} is required but empty` });
      continue;
    }
    const parsed = parseCell(column, cell, mapped.multiplier, ctx);
    if (parsed.ok) record[column.name] = parsed.value;
    else errors.push({ row, column: column.name, message: parsed.message });
  }
  if (errors.length > 0) return { ok: false, errors };
  for (const column of allColumns) {
    if (record[column.name] === undefined && column.defaultValue !== undefined) {
      record[column.name] = column.defaultValue;
    }
  }
  return { ok: true, record };
}
