/**
 * Ingesting one uploaded object: route it, read it sheet by sheet, validate
 * every row, write accepted rows as record versions in pages, then record the
 * submission's status and its error report. Storage is reached only through
 * the IngestStore port, so this file knows nothing of AWS.
 */
import type { Readable } from 'node:stream';
import { DATASETS, datasetForName, type DatasetName, type DatasetSpec } from './datasets';
import { describeColumn, mapHeaders, type HeaderMapping } from './header-mapping';
import { validateRow, type RowError, type ValidationContext } from './row-validator';
import { naturalKey, uploadOrder, type SourceRef } from './records';
import { routeSubmission, type Route } from './routing';
import { readSheets, UnreadableFileError, type Sheet } from './submission-parser';
import { errorReportCsv, errorReportJson, errorReportKeys } from './error-report';
import { stateFor, type SubmissionStatus } from './submission-status';
import { PagedWriter } from './paged-writer';

/** One accepted row, as one version of a natural key's record. */
export interface RecordVersion {
  dataset: DatasetName;
  naturalKey: string;
  year: number;
  /** Upload order of the source object (see uploadOrder). */
  order: string;
  sheetIndex: number;
  row: number;
  record: Record<string, unknown>;
  source: SourceRef;
}

export interface IngestStore {
  /** True when this upload (key + order) was already fully processed. */
  hasSubmission(key: string, order: string): Promise<boolean>;
  /** Writes up to 25 versions; retries what the store leaves unprocessed. */
  writeVersions(page: RecordVersion[]): Promise<void>;
  putStatuses(statuses: SubmissionStatus[]): Promise<void>;
  writeErrorReport(keys: { csv: string; json: string }, csv: string, json: string): Promise<void>;
}

export interface IngestOptions {
  maxYear?: number;
  now?: () => Date;
  /** Errors kept on the status record; the error report holds all of them. */
  statusErrorLimit?: number;
  pageSize?: number;
  maxInFlight?: number;
}

export type IngestOutcome =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'duplicate' }
  | { outcome: 'processed'; statuses: SubmissionStatus[] };

const WARNING_LIMIT = 200;

class SheetTally {
  rows = 0;
  accepted = 0;
  rejected = 0;
  errors: RowError[] = [];
  warnings: string[] = [];
  years = new Set<number>();
  private extraWarnings = 0;

  constructor(
    readonly sheetIndex: number,
    readonly sheet: string | undefined,
    readonly dataset: DatasetName | null,
  ) {}

  warn(message: string): void {
    if (this.warnings.length < WARNING_LIMIT) this.warnings.push(message);
    else this.extraWarnings++;
  }

  finalWarnings(): string[] {
    return this.extraWarnings > 0 ? [...this.warnings, `… and ${this.extraWarnings} more warnings`] : this.warnings;
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
    (page) => store.writeVersions(page),
    options.pageSize ?? 25,
    options.maxInFlight ?? 4,
  );

  if (route.kind === 'reject') {
    const tally = new SheetTally(0, undefined, route.dataset ?? null);
    tally.errors.push({ row: 0, column: '', message: route.reason });
    tallies.push(tally);
  } else {
    try {
      await readAll(route, await openBody(), tallies, writer, ctx, order, source);
      await writer.flush();
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      // The file broke part-way: reject it whole. Rows already written stay
      // invisible, because only versions of accepted uploads are ever read.
      if (tallies.length === 0) tallies.push(new SheetTally(0, undefined, route.kind === 'dataset' ? route.dataset : null));
      for (const t of tallies) {
        t.rejected = t.rows;
        t.accepted = 0;
      }
      tallies[tallies.length - 1]!.errors.push({ row: err.row ?? 0, column: '', message: err.message });
    }
  }

  const statuses = finishStatuses(tallies, source, order, now(), options.statusErrorLimit ?? 100);
  const errorsBySheet = new Map(tallies.map((t) => [t.sheetIndex, t.errors]));
  if (tallies.some((t) => t.errors.length > 0 || t.warnings.length > 0)) {
    const keys = errorReportKeys(source.key);
    await store.writeErrorReport(keys, errorReportCsv(statuses, errorsBySheet), errorReportJson(statuses, errorsBySheet));
    for (const s of statuses) s.errorReport = keys;
  }
  // The status is written last: it is what makes the upload's rows count.
  await store.putStatuses(statuses);
  return { outcome: 'processed', statuses };
}

function finishStatuses(
  tallies: SheetTally[],
  source: SourceRef,
  order: string,
  now: Date,
  errorLimit: number,
): SubmissionStatus[] {
  return tallies.map((t) => ({
    key: source.key,
    sheet: t.sheet,
    sheetIndex: t.sheetIndex,
    dataset: t.dataset,
    status: stateFor(t.accepted, t.rejected),
    rows: t.rows,
    accepted: t.accepted,
    rejected: t.rejected,
    warnings: t.finalWarnings(),
    errors: t.errors.slice(0, errorLimit),
    errorCount: t.errors.length,
    years: [...t.years].sort((a, b) => a - b),
    source,
    order,
    processedAt: now.toISOString(),
  }));
}

async function readAll(
  route: Extract<Route, { kind: 'dataset' | 'workbook' }>,
  body: Readable,
  tallies: SheetTally[],
  writer: PagedWriter<RecordVersion>,
  ctx: ValidationContext,
  order: string,
  source: SourceRef,
): Promise<void> {
  const ignored: { name: string; reason: string }[] = [];
  const notDataset = 'its name is not a dataset (incubators/孵化器, enterprises/企业, projects/项目)';
  let sheetIndex = -1;
  let usedFolderSheet = false;
  // In a dataset folder, a sheet whose header names no known column (a notes sheet, say) is passed over.
  let passedOver: SheetTally | undefined;
  for await (const sheet of readSheets(body, route.format)) {
    sheetIndex++;
    let dataset: DatasetName | undefined;
    if (route.kind === 'dataset') {
      dataset = usedFolderSheet ? undefined : route.dataset;
    } else {
      dataset = sheet.name === undefined ? undefined : datasetForName(sheet.name);
    }
    if (!dataset) {
      await drain(sheet);
      if (sheet.name !== undefined) {
        ignored.push({ name: sheet.name, reason: route.kind === 'workbook' ? notDataset : 'only the first worksheet with data of a file in a dataset folder is read' });
      }
      continue;
    }
    const tally = new SheetTally(sheetIndex, route.kind === 'workbook' ? sheet.name : undefined, dataset);
    const outcome = await ingestSheet(sheet, DATASETS[dataset], tally, writer, ctx, order, source, route.format);
    if (route.kind === 'dataset' && outcome === 'empty') continue;
    if (route.kind === 'dataset' && outcome === 'no-known-columns') {
      passedOver ??= tally;
      if (sheet.name !== undefined) ignored.push({ name: sheet.name, reason: 'its first row names no known column' });
      continue;
    }
    if (outcome === 'empty') tally.errors.push({ row: 0, column: '', message: `worksheet "${sheet.name}" is empty` });
    usedFolderSheet = true;
    tallies.push(tally);
  }
  if (tallies.length === 0 && passedOver) {
    tallies.push(passedOver);
    return;
  }
  if (tallies.length === 0) {
    const tally = new SheetTally(0, undefined, route.kind === 'dataset' ? route.dataset : null);
    tally.errors.push({
      row: 0,
      column: '',
      message:
        route.kind === 'workbook'
          ? `no worksheet is named after a dataset (incubators/孵化器, enterprises/企业, projects/项目); found: ${ignored.map((i) => i.name).join(', ') || 'none'}`
          : 'the file is empty: it has no header row',
    });
    tallies.push(tally);
    return;
  }
  for (const { name, reason } of ignored) tallies[0]!.warn(`worksheet "${name}" ignored: ${reason}`);
}

async function drain(sheet: Sheet): Promise<void> {
  for await (const _row of sheet.rows) {
    // Reading on is required to reach the next worksheet of a streamed workbook.
  }
}

type SheetOutcome = 'read' | 'empty' | 'no-known-columns';

/** 'empty': no rows at all (not even a header); 'no-known-columns': its header names none of the dataset's columns. */
async function ingestSheet(
  sheet: Sheet,
  spec: DatasetSpec,
  tally: SheetTally,
  writer: PagedWriter<RecordVersion>,
  ctx: ValidationContext,
  order: string,
  source: SourceRef,
  format: string,
): Promise<SheetOutcome> {
  let mapping: HeaderMapping | undefined;
  let unusable = false;
  const objectFormat = format === 'json' || format === 'jsonl';
  const firstRowOfKey = new Map<string, number>();
  for await (const row of sheet.rows) {
    if (row.kind === 'header') {
      const first = mapping === undefined;
      mapping = mapHeaders(spec, row.cells.map((c) => String(c ?? '')));
      if (!first) continue;
      for (const w of mapping.warnings) tally.warn(w);
      for (const e of mapping.errors) tally.errors.push({ row: row.row, column: e.column, message: e.message });
      if (!objectFormat && mapping.columns.length === 0) {
        tally.errors.push({
          row: row.row,
          column: '',
          message: `row ${row.row} names no known column: the first non-empty row must be the column names (remove any title rows above it)`,
        });
      }
      if (!objectFormat) {
        for (const column of mapping.missing) {
          tally.errors.push({
            row: row.row,
            column: column.name,
            message: `required column missing: ${describeColumn(column)}; the whole ${sheet.name ? 'sheet' : 'file'} is rejected`,
          });
        }
      }
      unusable = mapping.errors.length > 0 || (!objectFormat && mapping.missing.length > 0);
      continue;
    }
    tally.rows++;
    if (unusable || !mapping) {
      tally.rejected++;
      continue;
    }
    const result = validateRow(mapping.columns, spec.columns, row.cells, row.row, ctx);
    const missing = objectFormat ? mapping.missing : [];
    if (!result.ok || missing.length > 0) {
      tally.rejected++;
      for (const column of missing) tally.errors.push({ row: row.row, column: column.name, message: `${column.name} is required but missing` });
      if (!result.ok) tally.errors.push(...result.errors);
      continue;
    }
    const record = result.record;
    const key = naturalKey(spec.name, record);
    const earlier = firstRowOfKey.get(key);
    if (earlier !== undefined) {
      tally.warn(`row ${row.row} repeats ${spec.keyColumns.join('+')} ${key.replace('#', ' / ')} of row ${earlier}; the last row is kept`);
    } else {
      firstRowOfKey.set(key, row.row);
    }
    tally.accepted++;
    tally.years.add(record.year as number);
    await writer.add({
      dataset: spec.name,
      naturalKey: key,
      year: record.year as number,
      order,
      sheetIndex: tally.sheetIndex,
      row: row.row,
      record,
      source,
    });
  }
  if (mapping === undefined) return 'empty';
  if (mapping.columns.length === 0 && format !== 'json' && format !== 'jsonl') return 'no-known-columns';
  if (tally.rows === 0 && tally.errors.length === 0) {
    tally.errors.push({ row: 0, column: '', message: 'the file has a header but no data rows' });
  }
  return 'read';
}
