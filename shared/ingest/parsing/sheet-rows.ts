/**
 * What every reader hands the ingest: sheets of rows. Tables (CSV, XLSX, XLS,
 * ET) give raw rows as a person sees them, with the sheet's merged ranges;
 * the layout of the form (title, header, totals, footer) is found later, the
 * same way for every format. JSON gives objects, so it names its own columns.
 */
import type { CellInput } from './cell-values';

/** One non-empty row as it stands in the file; `row` is the 1-based row a person sees. */
export interface RawRow {
  row: number;
  cells: CellInput[];
}

/** A merged range: rows 1-based as a person sees them, columns 0-based. */
export interface MergeRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface TableSheet {
  kind: 'table';
  /** The worksheet name for workbooks; undefined for CSV. */
  name: string | undefined;
  hidden: boolean;
  /** Workbooks mark spanning header cells by merging; a CSV can only leave the cells to the right empty. */
  spans: 'merged' | 'empty-cells';
  /** Every merged range of the sheet, known before its rows are read. */
  merges: readonly MergeRange[];
  rows: AsyncIterable<RawRow>;
  /** The workbook's keywords (a document property): a checked workbook names its source there. */
  keywords?: string;
}

/** A JSON or JSON Lines row: 'header' rows (re)define the column names from the objects' keys. */
export interface ObjectRow {
  kind: 'header' | 'data';
  row: number;
  cells: CellInput[];
}

export interface ObjectSheet {
  kind: 'objects';
  name: undefined;
  rows: AsyncIterable<ObjectRow>;
}

export type Sheet = TableSheet | ObjectSheet;

export function isEmptyRow(cells: readonly CellInput[]): boolean {
  return cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
}
