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
import type { CheckedBudget } from './checked-budget';
import { INGEST_MESSAGES } from './ingest-messages';
import type { PagedWriter } from './paged-writer';
import { formRows, locateHeader, readHead, type FormHeader, type SheetHead } from './parsing/form-layout';
import { describeColumn, mapHeaders, type HeaderMapping } from './parsing/header-mapping';
import { validateRow, type RowResult, type ValidationContext } from './parsing/row-validator';
import type { CellInput } from './parsing/cell-values';
import type { RowError } from '../domain/submission-status';
import type { ObjectSheet, TableSheet } from './parsing/sheet-rows';
import { SEEN_KEYS_LIMIT, SeenKeys } from './seen-keys';
import { SheetCopy } from './sheet-copy';
import { figuresDetail, REVIEW_RULES, type ReviewContext } from '../domain/review-rules';
import type { EnterpriseRecord } from '../domain/records';
import type { SheetTally } from './sheet-tally';
import { StatedTotals } from './stated-totals';
import type { UnitIdentity } from './unit-identity';

/** Where accepted rows go, and what every one of them carries. */
export interface RowSink {
  /** What the upload's checked workbook may still copy of rejected rows. */
  checked: CheckedBudget;
  writer: PagedWriter<RecordVersion>;
  ctx: ValidationContext;
  order: string;
  source: SourceRef;
  /** An upload under submitters/<org>/: every row must be the org's own (unit-identity.ts). */
  identity?: UnitIdentity;
}

/** A row validated, and for a submitter's upload bound to its org (contract 1, "Identity"). */
async function validateOwnRow(spec: DatasetSpec, mapping: HeaderMapping, cells: readonly CellInput[], row: number, sink: RowSink): Promise<RowResult> {
  const result = validateRow(mapping.columns, spec.columns, cells, row, sink.ctx, spec.name);
  if (!result.ok || sink.identity === undefined) return result;
  const foreign = await notOwnRow(spec, mapping, result.record, row, sink.identity);
  return foreign ? { ok: false, errors: [foreign] } : result;
}

/** A row of a submitter's upload that is not its own to write: the error on the column that says whose it is. */
async function notOwnRow(
  spec: DatasetSpec,
  mapping: HeaderMapping,
  record: Readonly<Record<string, unknown>>,
  row: number,
  identity: UnitIdentity,
): Promise<RowError | undefined> {
  // A unit that could write the roster could exempt itself or redirect its reminders.
  if (spec.name === 'roster') return { row, column: '', message: INGEST_MESSAGES.rosterByBureauOnly };
  const owned = await identity.check(spec.name, record, spec.orgColumn);
  if (owned.ok) return undefined;
  const headerOf = (name: string) => mapping.columns.find((c) => c.column.name === name)?.header ?? name;
  switch (owned.why) {
    case 'not_own':
      return { row, column: headerOf(spec.orgColumn), message: INGEST_MESSAGES.notOwnFigures };
    case 'not_incubator':
      return { row, column: headerOf('incubator_id'), message: INGEST_MESSAGES.notAnIncubator(String(record.incubator_id), record.year as number) };
    case 'led_by_another':
      return { row, column: headerOf('project_id'), message: INGEST_MESSAGES.ledByAnother(String(record.project_id)) };
  }
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
    const wasFull = this.seen.full;
    const earlier = this.seen.firstRow(key, row);
    if (earlier !== undefined) {
      this.tally.warn(INGEST_MESSAGES.repeatedKey(row, earlier, this.spec.keyColumns.join('+'), displayText(key.replace('#', ' / '), 60)));
    }
    if (this.seen.full && !wasFull) this.tally.warn(INGEST_MESSAGES.tooManyKeys(row, SEEN_KEYS_LIMIT));
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

/** The review's findings that the row alone shows (domain/review-rules.ts): marked now, so the submitter explains them in the note. */
const NO_CONTEXT: ReviewContext = { incubatorIdsThisYear: new Set(), previousIncubator: () => undefined, previousEnterprise: () => undefined };

function rowFindings(spec: DatasetSpec, mapping: HeaderMapping, record: Readonly<Record<string, unknown>>, row: number): RowError[] {
  if (typeof record.note === 'string' && record.note.trim() !== '') return [];
  const findings: RowError[] = [];
  for (const rule of REVIEW_RULES) {
    if (!rule.rowAlone || rule.dataset !== spec.name) continue;
    const columns = (rule.test as (r: unknown, c: ReviewContext) => string[])(record, NO_CONTEXT);
    if (columns.length === 0) continue;
    // The column as the submitter wrote it, so the list points at the cell they see. A form without the certificate
    // column (most bureau forms) gets the finding on its 高新技术企业 cell: the unit explains it in the note all the same.
    const header = (name: string) => mapping.columns.find((c) => c.column.name === name && c.index >= 0)?.header;
    const column = header(columns[0]!) ?? (rule.id === 'high_tech_without_certificate' ? header('high_tech') : undefined);
    if (column === undefined) continue;
    const detail = figuresDetail(rule.id, record as EnterpriseRecord, columns[0]!);
    findings.push({ row, column, message: INGEST_MESSAGES.finding(rule.zh + (detail?.zh ?? ''), rule.en + (detail?.en ?? '')) });
  }
  return findings;
}

/** A row's errors, on the tally and as red cells of the copy. */
function rejectRow(tally: SheetTally, copy: SheetCopy, errors: readonly RowError[], indexOf: ReadonlyMap<string, number>): void {
  tally.rejected++;
  for (const e of errors) {
    tally.error(e);
    copy.error(e.row, indexOf.get(e.column) ?? -1, e.message);
  }
}

/** A warning of the sheet on the tally, and on its row of the copy (yellow). */
function warnRow(tally: SheetTally, copy: SheetCopy, row: number, message: string): void {
  tally.warn(message);
  copy.warn(row, message);
}

/** A finding of a row: on the tally's findings (not its warnings) and yellow on the copy. */
function noteFinding(tally: SheetTally, copy: SheetCopy, finding: RowError): void {
  tally.finding(finding);
  copy.warn(finding.row, `第 ${finding.row} 行「${finding.column}」：${finding.message}`);
}

/** The sheet's copy for the checked workbook, begun with its title block and header rows. */
function startCopy(head: SheetHead, header: FormHeader, sink: RowSink): SheetCopy {
  const copy = new SheetCopy(sink.checked);
  copy.merges = head.merges;
  copy.headerRow = header.headerRow;
  copy.lastHeaderRow = header.lastHeaderRow;
  copy.noteColumn = header.mapping.columns.find((c) => c.column.name === 'note' && c.index >= 0)?.index;
  for (const r of head.rows) if (r.row <= header.lastHeaderRow) copy.copy(r.row, r.cells);
  return copy;
}

/** A table sheet (CSV, XLSX, XLS, ET) read as a form: section 9 of the contract. A normal total row or footer draws no warning (v3). */
export async function ingestForm(head: SheetHead, header: FormHeader, tally: SheetTally, sink: RowSink): Promise<void> {
  const { spec, mapping } = header;
  for (const s of header.skipped) tally.skip(s);
  const copy = (tally.copy = startCopy(head, header, sink));
  const indexOf = new Map(mapping.columns.map((c) => [c.header, c.index]));
  const usable = acceptHeader(mapping, header.errors, header.headerRow, tally, tally.sheet !== undefined ? 'sheet' : 'file');
  for (const e of tally.errors) copy.error(header.headerRow, -1, e.message);
  const accepted = new AcceptedRows(spec, tally, sink);
  const totals = new StatedTotals(mapping.columns);
  const rejectedRows: number[] = [];
  for await (const row of formRows(head, header)) {
    copy.copy(row.row, row.raw);
    if (row.kind === 'blank') continue;
    if (row.kind !== 'data') {
      tally.skip({ row: row.row, kind: row.kind });
      if (row.kind === 'total' && usable && !row.subtotal) for (const w of totals.check(row.cells, row.row, rejectedRows)) warnRow(tally, copy, row.row, w);
      continue;
    }
    tally.rows++;
    if (!usable) {
      tally.rejected++;
      continue;
    }
    const result = await validateOwnRow(spec, mapping, row.cells, row.row, sink);
    if (!result.ok) {
      rejectRow(tally, copy, result.errors, indexOf);
      totals.addRejected(row.cells);
      // The total's warning names the first 20 rejected rows: no more are held.
      if (rejectedRows.length <= 20) rejectedRows.push(row.row);
      continue;
    }
    totals.add(result.record);
    for (const f of rowFindings(spec, mapping, result.record, row.row)) noteFinding(tally, copy, f);
    await accepted.add(result.record, row.row);
  }
  if (tally.rows === 0 && tally.errors.length === 0) {
    tally.error({ row: 0, column: '', message: INGEST_MESSAGES.headerOnly });
  }
}

/** JSON and JSON Lines: each object names its own columns; a missing required key is a row error. Entry n is row n + 1 of the copy, under its header. */
export async function ingestObjects(sheet: ObjectSheet, spec: DatasetSpec, tally: SheetTally, sink: RowSink): Promise<void> {
  let mapping: HeaderMapping | undefined;
  let indexOf = new Map<string, number>();
  let headerCells: readonly CellInput[] = [];
  // Entry n is row n + 1 of the copy, under the header in row 1.
  const copy = (tally.copy = new SheetCopy(sink.checked, 1));
  copy.headerRow = 1;
  const accepted = new AcceptedRows(spec, tally, sink);
  for await (const row of sheet.rows) {
    if (row.kind === 'header') {
      const first = mapping === undefined;
      mapping = mapHeaders(
        spec,
        row.cells.map((c) => String(c ?? '')),
      );
      indexOf = new Map(mapping.columns.map((c) => [c.header, c.index]));
      headerCells = row.cells;
      copy.noteColumn = mapping.columns.find((c) => c.column.name === 'note')?.index;
      if (first) for (const w of mapping.warnings) tally.warn(w);
      continue;
    }
    tally.rows++;
    copy.copy(row.row + 1, row.cells);
    if (!mapping) continue;
    if (mapping.errors.length > 0) {
      rejectRow(tally, copy, [], indexOf);
      for (const e of mapping.errors) tally.error({ row: row.row, column: e.column, message: e.message });
      continue;
    }
    const result = await validateOwnRow(spec, mapping, row.cells, row.row, sink);
    const missing = mapping.missing.map((column) => ({ row: row.row, column: column.name, message: INGEST_MESSAGES.missingKey(column.label, column.name) }));
    if (!result.ok || missing.length > 0) {
      const errors = [...missing, ...(result.ok ? [] : result.errors)];
      rejectRow(tally, copy, errors, indexOf);
      continue;
    }
    for (const f of rowFindings(spec, mapping, result.record, row.row)) noteFinding(tally, copy, f);
    await accepted.add(result.record, row.row);
  }
  copy.rows.unshift({ row: 1, cells: headerCells });
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
