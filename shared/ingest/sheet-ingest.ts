/**
 * Ingesting one sheet whose dataset is known: a table sheet read as a form
 * (data contract section 9), or the objects of a JSON file. Every row is
 * counted, validated and either written as a record version or kept as
 * rejected with its reasons.
 */
import { displayText } from '../domain/display-text';
import type { RecordVersion } from '../domain/record-version';
import { naturalKey, type DatasetSpec } from '../domain/datasets';
import type { SourceRef } from '../domain/records';
import type { CheckedBudget } from './checked-workbook';
import { INGEST_MESSAGES } from './ingest-messages';
import type { PagedWriter } from './paged-writer';
import { formRows, locateHeader, readHead, type FormHeader, type SheetHead } from './parsing/form-layout';
import { describeColumn, mapHeaders, type HeaderMapping } from './parsing/header-mapping';
import { validateRow, type RowResult, type ValidationContext } from './parsing/row-validator';
import type { CellInput } from './parsing/cell-values';
import type { RowError } from '../domain/submission-status';
import type { ObjectSheet, TableSheet } from './parsing/sheet-rows';
import { CHECKED_LIMITS } from './checked-workbook';
import { SeenKeys } from './seen-keys';
import type { SheetTally } from './sheet-tally';
import { StatedTotals } from './stated-totals';

/** Where accepted rows go, and what every one of them carries. */
export interface RowSink {
  /** What the upload's checked workbook may still copy of rejected rows. */
  checked: CheckedBudget;
  writer: PagedWriter<RecordVersion>;
  ctx: ValidationContext;
  order: string;
  source: SourceRef;
  /** An upload under submitters/<org>/: every row must be the org's own. */
  org?: string;
}

/** A row validated, and for a submitter's upload bound to its org. */
function validateOwnRow(spec: DatasetSpec, mapping: HeaderMapping, cells: readonly CellInput[], row: number, sink: RowSink): RowResult {
  const result = validateRow(mapping.columns, spec.columns, cells, row, sink.ctx, spec.name);
  const foreign = result.ok ? notOwnRow(spec, mapping, result.record, row, sink.org) : undefined;
  return foreign ? { ok: false, errors: [foreign] } : result;
}

/** A row of a submitter's upload that is not its own (another credit code, incubator or project lead): the error on that column. */
function notOwnRow(spec: DatasetSpec, mapping: HeaderMapping, record: Readonly<Record<string, unknown>>, row: number, org: string | undefined): RowError | undefined {
  if (org === undefined) return undefined;
  const value = record[spec.orgColumn];
  if (typeof value === 'string' && value.toUpperCase() === org) return undefined;
  const header = mapping.columns.find((c) => c.column.name === spec.orgColumn)?.header ?? spec.orgColumn;
  return { row, column: header, message: INGEST_MESSAGES.notOwnFigures };
}

/** Records the header's problems; true when the rows below it can be read. */
function acceptHeader(mapping: HeaderMapping, headerErrors: readonly string[], row: number, tally: SheetTally, wholeWhat: 'sheet' | 'file'): boolean {
  for (const w of mapping.warnings) tally.warn(w);
  for (const message of headerErrors) tally.error({ row, column: '', message });
  for (const e of mapping.errors) tally.error({ row, column: e.column, message: e.message });
  for (const column of mapping.missing) {
    tally.error({
      row,
      column: describeColumn(column),
      message: INGEST_MESSAGES.missingColumn(column.label, column.aliases, column.name, wholeWhat === 'sheet'),
    });
  }
  return headerErrors.length === 0 && mapping.errors.length === 0 && mapping.missing.length === 0;
}

/** Keeps one accepted row: the last row of a repeated key wins, with a warning. */
class AcceptedRows {
  private readonly seen = new SeenKeys();

  constructor(
    private readonly spec: DatasetSpec,
    private readonly tally: SheetTally,
    private readonly sink: RowSink,
  ) {}

  async add(record: Record<string, unknown>, row: number): Promise<void> {
    const key = naturalKey(this.spec.name, record);
    const earlier = this.seen.firstRow(key, row);
    if (earlier !== undefined) {
      this.tally.warn(INGEST_MESSAGES.repeatedKey(row, earlier, this.spec.keyColumns.join('+'), displayText(key.replace('#', ' / '), 60)));
    }
    this.tally.accepted++;
    this.tally.years.add(record.year as number);
    await this.sink.writer.add({
      dataset: this.spec.name,
      naturalKey: key,
      year: record.year as number,
      order: this.sink.order,
      sheetIndex: this.tally.sheetIndex,
      row,
      record,
      source: this.sink.source,
    });
  }
}

/** A table sheet (CSV, XLSX, XLS, ET) read as a form: section 9 of the contract. */
export async function ingestForm(head: SheetHead, header: FormHeader, tally: SheetTally, sink: RowSink): Promise<void> {
  const { spec, mapping } = header;
  for (const s of header.skipped) tally.skip(s);
  tally.headerRows = head.rows
    .filter((r) => r.row >= header.headerRow && r.row <= header.lastHeaderRow)
    .map((r) => ({ row: r.row, cells: r.cells.slice(0, CHECKED_LIMITS.columns) }));
  const indexOf = new Map(mapping.columns.map((c) => [c.header, c.index]));
  const usable = acceptHeader(mapping, header.errors, header.headerRow, tally, tally.sheet !== undefined ? 'sheet' : 'file');
  const accepted = new AcceptedRows(spec, tally, sink);
  const totals = new StatedTotals(mapping.columns);
  let footerSeen = false;
  for await (const row of formRows(head, header)) {
    if (row.kind === 'footer') {
      if (!footerSeen) {
        tally.warn(INGEST_MESSAGES.footerFrom(row.row));
        footerSeen = true;
      }
      tally.skip({ row: row.row, kind: 'footer' });
      continue;
    }
    if (row.kind === 'total') {
      tally.skip({ row: row.row, kind: 'total' });
      tally.warn(INGEST_MESSAGES.totalRow(row.row));
      if (usable && !row.subtotal) for (const w of totals.check(row.cells, row.row)) tally.warn(w);
      continue;
    }
    tally.rows++;
    if (!usable) {
      tally.rejected++;
      continue;
    }
    const result = validateOwnRow(spec, mapping, row.cells, row.row, sink);
    if (!result.ok) {
      tally.rejected++;
      for (const e of result.errors) tally.error(e);
      tally.keepRejected(row.row, row.cells, result.errors, indexOf, sink.checked);
      continue;
    }
    totals.add(result.record);
    await accepted.add(result.record, row.row);
  }
  if (tally.rows === 0 && tally.errors.length === 0) {
    tally.error({ row: 0, column: '', message: INGEST_MESSAGES.headerOnly });
  }
}

/** JSON and JSON Lines: each object names its own columns; a missing required key is a row error. */
export async function ingestObjects(sheet: ObjectSheet, spec: DatasetSpec, tally: SheetTally, sink: RowSink): Promise<void> {
  let mapping: HeaderMapping | undefined;
  let indexOf = new Map<string, number>();
  const accepted = new AcceptedRows(spec, tally, sink);
  for await (const row of sheet.rows) {
    if (row.kind === 'header') {
      const first = mapping === undefined;
      mapping = mapHeaders(spec, row.cells.map((c) => String(c ?? '')));
      indexOf = new Map(mapping.columns.map((c) => [c.header, c.index]));
      tally.headerRows = [{ row: 0, cells: row.cells.slice(0, CHECKED_LIMITS.columns) }];
      if (first) for (const w of mapping.warnings) tally.warn(w);
      continue;
    }
    tally.rows++;
    if (!mapping) continue;
    if (mapping.errors.length > 0) {
      tally.rejected++;
      for (const e of mapping.errors) tally.error({ row: row.row, column: e.column, message: e.message });
      continue;
    }
    const result = validateOwnRow(spec, mapping, row.cells, row.row, sink);
    if (!result.ok || mapping.missing.length > 0) {
      tally.rejected++;
      for (const column of mapping.missing) {
        tally.error({ row: row.row, column: column.name, message: INGEST_MESSAGES.missingKey(column.label, column.name) });
      }
      if (!result.ok) for (const e of result.errors) tally.error(e);
      tally.keepRejected(row.row, row.cells, result.ok ? [] : result.errors, indexOf, sink.checked);
      continue;
    }
    await accepted.add(result.record, row.row);
  }
  if (tally.rows === 0 && tally.errors.length === 0) {
    tally.error({ row: 0, column: '', message: INGEST_MESSAGES.noData });
  }
}

/** For the benchmark: one table sheet read and validated as the ingest does, nothing stored. */
export async function countValidRows(sheet: TableSheet, spec: DatasetSpec, ctx: ValidationContext): Promise<number> {
  const head = await readHead(sheet);
  const header = locateHeader(spec, head);
  if (!header) return 0;
  let valid = 0;
  for await (const row of formRows(head, header)) {
    if (row.kind === 'data' && validateRow(header.mapping.columns, spec.columns, row.cells, row.row, ctx, spec.name).ok) valid++;
  }
  return valid;
}
