/**
 * Ingesting one uploaded object: route it, read it sheet by sheet, validate
 * every row, write accepted rows as record versions in pages, then record the
 * submission's status and its error report. Storage is reached only through
 * the IngestStore port, so this file knows nothing of AWS.
 */
import type { Readable } from 'node:stream';
import { bilingual } from '../domain/bilingual';
import { displayText } from '../domain/display-text';
import { DATASETS, DATASET_NAMES, datasetForName, type DatasetName, type DatasetSpec } from '../domain/datasets';
import { CheckedBudget, checkedWorkbook, CHECKED_LIMITS, type RejectedRow } from './checked-workbook';
import { checkedWorkbookKey, errorReportCsv, errorReportJson, errorReportKeys } from './error-report';
import type { CellInput } from './parsing/cell-values';
import { formRows, locateHeader, readHead, type FormHeader, type SheetHead } from './parsing/form-layout';
import { describeColumn, mapHeaders, type HeaderMapping } from './parsing/header-mapping';
import { PagedWriter } from './paged-writer';
import { naturalKey, uploadOrder, type SourceRef } from '../domain/records';
import { routeSubmission, type Route } from './routing';
import { validateRow, type ValidationContext } from './parsing/row-validator';
import type { ObjectSheet, TableSheet } from './parsing/sheet-rows';
import { SeenKeys } from './seen-keys';
import { StatedTotals } from './stated-totals';
import { readSheets } from './parsing/submission-parser';
import type { RecordVersion } from '../domain/record-version';
import type { IngestStore } from './ports';
import { stateFor, type RowError, type SkippedRow, type SubmissionStatus } from '../domain/submission-status';
import { isTransientFault, StoreFault, unwrapFault } from './transient-fault';
import { UnreadableFileError } from './parsing/unreadable-file-error';
import { objectSizeLimit } from './parsing/workbook-limits';

export interface IngestOptions {
  maxYear?: number;
  now?: () => Date;
  /** Errors kept on the status record; the error report holds all of them. */
  statusErrorLimit?: number;
  pageSize?: number;
  maxInFlight?: number;
  /** The object's size from the S3 event: a file past its limit is rejected before it is downloaded. */
  objectSize?: number;
}

export type IngestOutcome =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'duplicate' }
  | { outcome: 'processed'; statuses: SubmissionStatus[]; checkedWorkbook?: Buffer };

const WARNING_LIMIT = 200;
/** Row errors held while a file is read: the error report lists these, the rest are counted. */
const ERRORS_KEPT = 10_000;
/**
 * What the statuses of one upload may hold, in bytes of JSON: each item stays
 * far below DynamoDB's 400 KB, and all of an upload's items (written in one
 * transaction) below its 4 MB, whatever the file holds. The error report in
 * S3 has the rest.
 */
const UPLOAD_STATUS_BYTES = 3_000_000;
const SHEET_STATUS_BYTES = 200_000;
/** Skipped rows listed on the status; a form has a handful, a hostile file could have millions. */
const SKIPPED_LIMIT = 1_000;

/**
 * Write pages kept in flight per file: chosen from the benchmark's ceiling
 * (raw BatchWriteItem at 1/4/8/16 in flight gave 2,538 / 4,665 / 5,436 /
 * 5,720 items/s), where the store, not the parser, becomes the limit.
 */
const WRITE_PAGES_IN_FLIGHT = 16;

class SheetTally {
  rows = 0;
  accepted = 0;
  rejected = 0;
  errors: RowError[] = [];
  errorCount = 0;
  warnings: string[] = [];
  skipped: SkippedRow[] = [];
  years = new Set<number>();
  /** For the checked workbook: the header rows and the rejected rows as the file held them (bounded). */
  headerRows: { row: number; cells: readonly CellInput[] }[] = [];
  /** The worksheet's own name in the file (the status names it only for loose workbooks). */
  fileSheetName: string | undefined;
  rejectedRows: RejectedRow[] = [];
  moreRejectedRows = 0;
  columnsCut = false;
  private extraWarnings = 0;
  private extraSkipped = 0;

  constructor(
    readonly sheetIndex: number,
    readonly sheet: string | undefined,
    readonly dataset: DatasetName | null,
  ) {}

  error(e: RowError): void {
    this.errorCount++;
    if (this.errors.length < ERRORS_KEPT) this.errors.push(e);
  }

  keepRejected(row: number, cells: readonly CellInput[], errors: readonly RowError[], indexOf: ReadonlyMap<string, number>, budget: CheckedBudget): void {
    const kept = this.rejectedRows.length < CHECKED_LIMITS.rowsPerSheet ? budget.take(cells) : undefined;
    if (!kept) {
      this.moreRejectedRows++;
      return;
    }
    if (kept.length < cells.length) this.columnsCut = true;
    cells = kept;
    const faults = new Map<number, string>();
    for (const e of errors) {
      const index = indexOf.get(e.column);
      if (index !== undefined) faults.set(index, faults.has(index) ? `${faults.get(index)}\n${e.message}` : e.message);
    }
    this.rejectedRows.push({ row, cells, faults });
  }

  warn(message: string): void {
    if (this.warnings.length < WARNING_LIMIT) this.warnings.push(message);
    else this.extraWarnings++;
  }

  skip(row: SkippedRow): void {
    if (this.skipped.length < SKIPPED_LIMIT) this.skipped.push(row);
    else this.extraSkipped++;
  }

  finalWarnings(): string[] {
    const more: string[] = [];
    if (this.extraSkipped > 0) {
      more.push(bilingual(`另有 ${this.extraSkipped} 行非数据行未逐行列出`, `${this.extraSkipped} more rows that are not data are not listed one by one`));
    }
    if (this.extraWarnings > 0) more.push(bilingual(`另有 ${this.extraWarnings} 条警告未列出`, `… and ${this.extraWarnings} more warnings`));
    return [...this.warnings, ...more];
  }
}

function defaultMaxYear(now: Date): number {
  return now.getUTCFullYear() + 1;
}

export async function ingestSubmission(
  source: SourceRef,
  openBody: () => Promise<Readable>,
  store: IngestStore,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const now = options.now ?? (() => new Date());
  const route = routeSubmission(source.key);
  if (route.kind === 'ignore') return { outcome: 'ignored', reason: route.reason };
  const order = uploadOrder(source);
  if (await store.hasSubmission(source.key, order)) return { outcome: 'duplicate' };

  const ctx: ValidationContext = { maxYear: options.maxYear ?? defaultMaxYear(now()) };
  const tallies: SheetTally[] = [];
  const writer = new PagedWriter<RecordVersion>(
    (page) =>
      store.writeVersions(page).catch((err: unknown) => {
        throw new StoreFault(err);
      }),
    options.pageSize ?? 25,
    options.maxInFlight ?? WRITE_PAGES_IN_FLIGHT,
  );

  const sizeLimit = route.kind === 'reject' ? 0 : objectSizeLimit(route.format);
  if (route.kind === 'reject') {
    const tally = new SheetTally(0, undefined, route.dataset ?? null);
    tally.error({ row: 0, column: '', message: route.reason });
    tallies.push(tally);
  } else if (options.objectSize !== undefined && options.objectSize > sizeLimit) {
    const tally = new SheetTally(0, undefined, route.kind === 'dataset' ? route.dataset : null);
    const mb = (n: number) => Math.ceil(n / 1048576);
    tally.error({
      row: 0,
      column: '',
      message: bilingual(
        `文件为 ${mb(options.objectSize)} MB，超过 .${route.format} 文件的上限 ${mb(sizeLimit)} MB，未读取：请拆分后上传`,
        `the file is ${mb(options.objectSize)} MB, more than the ${mb(sizeLimit)} MB allowed for a .${route.format} file; it was not read: split it into smaller files`,
      ),
    });
    tallies.push(tally);
  } else {
    let body: Readable | undefined;
    try {
      body = await openBody();
      await readAll(route, body, tallies, { writer, ctx, order, source, checked: new CheckedBudget() });
      await writer.flush();
    } catch (err) {
      // Only the store and the network are retried; whatever else broke is the file's.
      if (isTransientFault(err)) throw unwrapFault(err);
      // The file broke part-way: reject it whole. Rows already written stay
      // invisible, because only versions of accepted uploads are ever read.
      if (tallies.length === 0) tallies.push(new SheetTally(0, undefined, route.kind === 'dataset' ? route.dataset : null));
      for (const t of tallies) {
        t.rejected = t.rows;
        t.accepted = 0;
      }
      const rejection = asRejection(err);
      tallies[tallies.length - 1]!.error({ row: rejection.row ?? 0, column: '', message: rejection.message });
    } finally {
      // A body left unread keeps its socket, and a process waiting on it never exits.
      body?.destroy();
    }
  }

  const statuses = finishStatuses(tallies, source, order, now(), options.statusErrorLimit ?? 100);
  const errorsBySheet = new Map(tallies.map((t) => [t.sheetIndex, t.errors]));
  let checked: Buffer | undefined;
  if (tallies.some((t) => t.errors.length > 0 || t.warnings.length > 0)) {
    const keys = errorReportKeys(source.key);
    await store.writeErrorReport(keys, errorReportCsv(statuses, errorsBySheet), errorReportJson(statuses, errorsBySheet));
    const checkedKey = checkedWorkbookKey(source.key);
    for (const s of statuses) s.errorReport = keys;
    try {
      checked = await checkedWorkbook(
        tallies.map((t, i) => ({
          name: t.fileSheetName ?? t.sheet,
          header: t.headerRows,
          rejected: t.rejectedRows,
          moreRejected: t.moreRejectedRows,
          columnsCut: t.columnsCut,
          errors: t.errors,
          errorCount: t.errorCount,
          warnings: statuses[i]!.warnings,
        })),
      );
    } catch (err) {
      // Whatever the upload held, it still gets its status and error report; only the workbook is missing.
      checked = undefined;
      const detail = displayText(err instanceof Error ? err.message : String(err), 120);
      statuses[0]!.warnings.push(
        bilingual(`无法生成核对工作簿（${detail}），请按错误报告修改`, `the checked workbook could not be made (${detail}); use the error report`),
      );
    }
    if (checked) {
      await store.writeCheckedWorkbook(checkedKey, checked);
      for (const s of statuses) s.checkedWorkbook = checkedKey;
    }
  }
  // The status is written last: it is what makes the upload's rows count.
  await store.putStatuses(statuses);
  return { outcome: 'processed', statuses, checkedWorkbook: checked };
}

function asRejection(err: unknown): UnreadableFileError {
  if (err instanceof UnreadableFileError) return err;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const clipped = displayText(detail, 160);
  return new UnreadableFileError(
    bilingual(`文件无法读取（${clipped}），请检查文件后重新上传`, `the file cannot be read (${clipped}); check it and upload it again`),
  );
}

function finishStatuses(
  tallies: SheetTally[],
  source: SourceRef,
  order: string,
  now: Date,
  errorLimit: number,
): SubmissionStatus[] {
  const sheetBudget = Math.min(SHEET_STATUS_BYTES, Math.floor(UPLOAD_STATUS_BYTES / Math.max(1, tallies.length)));
  return tallies.map((t) => ({
    key: source.key,
    sheet: t.sheet,
    ...(t.sheet === undefined && t.fileSheetName !== undefined ? { fileSheet: t.fileSheetName } : {}),
    sheetIndex: t.sheetIndex,
    dataset: t.dataset,
    status: stateFor(t.accepted, t.rejected),
    rows: t.rows,
    accepted: t.accepted,
    rejected: t.rejected,
    warnings: withinBytes(t.finalWarnings(), sheetBudget * 0.3),
    errors: withinBytes(t.errors.slice(0, errorLimit), sheetBudget * 0.5),
    errorCount: t.errorCount,
    skipped: withinBytes(t.skipped, sheetBudget * 0.2),
    years: [...t.years].sort((a, b) => a - b),
    source,
    order,
    processedAt: now.toISOString(),
  }));
}

/** The first entries whose JSON fits the budget (messages quote at most a short prefix of a cell, but headers and counts add up). */
function withinBytes<T>(entries: readonly T[], budget: number): T[] {
  const kept: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    bytes += Buffer.byteLength(JSON.stringify(entry));
    if (bytes > budget) break;
    kept.push(entry);
  }
  return kept;
}

/** Where accepted rows go, and what every one of them carries. */
interface RowSink {
  /** What the upload's checked workbook may still copy of rejected rows. */
  checked: CheckedBudget;
  writer: PagedWriter<RecordVersion>;
  ctx: ValidationContext;
  order: string;
  source: SourceRef;
}

/** Sheets that explain how to fill in a form (a template's 填表说明): passed over without a word. */
const INSTRUCTION_SHEET = /^(填表说明|填报说明|说明|notes?|instructions?|read ?me)([\s(（_-]|$)/i;

export function isInstructionSheet(name: string): boolean {
  return INSTRUCTION_SHEET.test(name.normalize('NFKC').trim());
}

const NOT_DATASET = bilingual(
  '表名不是数据集名称（孵化器、企业、项目），表头也不完整对应某一个数据集',
  'its name is not a dataset (incubators/孵化器, enterprises/企业, projects/项目) and its header names the required columns of no single dataset',
);

/** A sheet outside a dataset folder whose name names no dataset: the one dataset whose required columns its header names, with that header. */
function datasetByHeader(head: SheetHead): { dataset: DatasetName; header: FormHeader } | undefined {
  const complete = DATASET_NAMES.flatMap((dataset) => {
    const header = locateHeader(DATASETS[dataset], head);
    return header !== undefined && header.mapping.missing.length === 0 ? [{ dataset, header }] : [];
  });
  return complete.length === 1 ? complete[0] : undefined;
}

async function readAll(
  route: Extract<Route, { kind: 'dataset' | 'workbook' }>,
  body: Readable,
  tallies: SheetTally[],
  sink: RowSink,
): Promise<void> {
  const ignored: { name: string; reason: string }[] = [];
  let sheetIndex = -1;
  let usedFolderSheet = false;
  // In a dataset folder, a sheet with no header row (a notes sheet, say) is passed over.
  let passedOver: SheetTally | undefined;
  for await (const sheet of readSheets(body, route.format)) {
    sheetIndex++;
    if (sheet.kind === 'objects') {
      if (route.kind !== 'dataset') continue;
      const tally = new SheetTally(sheetIndex, undefined, route.dataset);
      await ingestObjects(sheet, DATASETS[route.dataset], tally, sink);
      tallies.push(tally);
      continue;
    }
    const name = sheet.name;
    if (name !== undefined && isInstructionSheet(name)) continue;
    if (sheet.hidden) {
      ignored.push({ name: name ?? '', reason: bilingual('隐藏的工作表不读取', 'hidden worksheets are not read') });
      continue;
    }
    if (route.kind === 'dataset' && usedFolderSheet) {
      ignored.push({
        name: name ?? '',
        reason: bilingual('数据集文件夹中的文件只读取第一个有数据的工作表', 'only the first worksheet with data of a file in a dataset folder is read'),
      });
      continue;
    }
    const head = await readHead(sheet);
    if (head.rows.length === 0) {
      if (route.kind === 'workbook' && name !== undefined && datasetForName(name)) {
        const tally = new SheetTally(sheetIndex, name, datasetForName(name)!);
        tally.error({ row: 0, column: '', message: bilingual(`工作表“${displayText(name, 40)}”是空的`, `worksheet "${displayText(name, 40)}" is empty`) });
        tallies.push(tally);
      } else if (route.kind === 'workbook' && name !== undefined) {
        ignored.push({ name, reason: bilingual('工作表是空的', 'it is empty') });
      }
      continue;
    }
    const named = route.kind === 'dataset' ? route.dataset : name === undefined ? undefined : datasetForName(name);
    // A sheet routed by its header has had that header located already.
    const byHeader = named === undefined ? datasetByHeader(head) : undefined;
    const dataset = named ?? byHeader?.dataset;
    if (!dataset) {
      ignored.push({ name: name ?? '', reason: NOT_DATASET });
      continue;
    }
    const spec = DATASETS[dataset];
    const tally = new SheetTally(sheetIndex, route.kind === 'workbook' ? name : undefined, dataset);
    tally.fileSheetName = name;
    const header = byHeader?.header ?? locateHeader(spec, head);
    if (!header) {
      const missing = spec.columns.filter((c) => c.required);
      for (const column of missing) {
        tally.error({
          row: head.rows[0]!.row,
          column: describeColumn(column),
          message: bilingual(
            `前 30 行中找不到表头，缺少必填列「${column.label}」，整张${name !== undefined ? '工作表' : '文件'}未读取`,
            `no header row among the first 30 rows: required column ${column.name} is missing; the whole ${name !== undefined ? 'sheet' : 'file'} is rejected`,
          ),
        });
      }
      if (route.kind === 'dataset') {
        passedOver ??= tally;
        if (name !== undefined) ignored.push({ name, reason: bilingual('找不到表头行', 'no header row was found in it') });
        continue;
      }
      tallies.push(tally);
      continue;
    }
    await ingestForm(head, header, tally, sink);
    usedFolderSheet = true;
    tallies.push(tally);
  }
  if (tallies.length === 0 && passedOver) {
    tallies.push(passedOver);
    return;
  }
  if (tallies.length === 0) {
    const tally = new SheetTally(0, undefined, route.kind === 'dataset' ? route.dataset : null);
    const found = displayText(ignored.map((i) => i.name).join(', '), 200);
    tally.error({
      row: 0,
      column: '',
      message:
        route.kind === 'workbook'
          ? bilingual(
              `没有可读取的工作表：表名应为 孵化器、企业 或 项目，或表头包含某一数据集的全部必填列；找到的工作表：${found || '无'}`,
              `no worksheet is named after a dataset (incubators/孵化器, enterprises/企业, projects/项目) or has the header of one; found: ${found || 'none'}`,
            )
          : bilingual('文件是空的：没有表头行', 'the file is empty: it has no header row'),
    });
    tallies.push(tally);
    return;
  }
  for (const { name, reason } of ignored) tallies[0]!.warn(bilingual(`工作表“${displayText(name, 40)}”未读取`, `worksheet "${displayText(name, 40)}" ignored`) + `: ${reason}`);
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
      message: bilingual(
        `缺少必填列「${column.label}」（可写作：${column.aliases.join('、')} 或 ${column.name}），整张${wholeWhat === 'sheet' ? '工作表' : '文件'}未读取`,
        `required column missing: ${column.name} (${column.aliases.join(' / ')}); the whole ${wholeWhat} is rejected`,
      ),
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
      const shown = displayText(key.replace('#', ' / '), 60);
      this.tally.warn(
        bilingual(`第 ${row} 行与第 ${earlier} 行重复（${shown}），保留后一行`, `row ${row} repeats ${this.spec.keyColumns.join('+')} ${shown} of row ${earlier}; the last row is kept`),
      );
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
async function ingestForm(head: SheetHead, header: FormHeader, tally: SheetTally, sink: RowSink): Promise<void> {
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
        tally.warn(bilingual(`第 ${row.row} 行起为表尾（填表人、说明等），不作为数据读取`, `rows from ${row.row} on are the footer (who filled it in, notes) and are not read as data`));
        footerSeen = true;
      }
      tally.skip({ row: row.row, kind: 'footer' });
      continue;
    }
    if (row.kind === 'total') {
      tally.skip({ row: row.row, kind: 'total' });
      tally.warn(bilingual(`第 ${row.row} 行是合计行，不作为数据读取`, `row ${row.row} is a total row and is not read as data`));
      if (usable && !row.subtotal) for (const w of totals.check(row.cells, row.row)) tally.warn(w);
      continue;
    }
    tally.rows++;
    if (!usable) {
      tally.rejected++;
      continue;
    }
    const result = validateRow(mapping.columns, spec.columns, row.cells, row.row, sink.ctx, spec.name);
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
    tally.error({ row: 0, column: '', message: bilingual('文件只有表头，没有数据行', 'the file has a header but no data rows') });
  }
}

/** JSON and JSON Lines: each object names its own columns; a missing required key is a row error. */
async function ingestObjects(sheet: ObjectSheet, spec: DatasetSpec, tally: SheetTally, sink: RowSink): Promise<void> {
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
    const result = validateRow(mapping.columns, spec.columns, row.cells, row.row, sink.ctx, spec.name);
    if (!result.ok || mapping.missing.length > 0) {
      tally.rejected++;
      for (const column of mapping.missing) {
        tally.error({ row: row.row, column: column.name, message: bilingual(`缺少必填项「${column.label}」`, `${column.name} is required but missing`) });
      }
      if (!result.ok) for (const e of result.errors) tally.error(e);
      tally.keepRejected(row.row, row.cells, result.ok ? [] : result.errors, indexOf, sink.checked);
      continue;
    }
    await accepted.add(result.record, row.row);
  }
  if (tally.rows === 0 && tally.errors.length === 0) {
    tally.error({ row: 0, column: '', message: bilingual('文件没有数据', 'the file has no data rows') });
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
