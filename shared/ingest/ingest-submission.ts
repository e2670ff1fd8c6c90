/**
 * Ingesting one uploaded object: route it, read it sheet by sheet, validate
 * every row, write accepted rows as record versions in pages, then record the
 * submission's status and its error report. Storage is reached only through
 * the IngestStore port, so this file knows nothing of AWS.
 */
import { OBJECT_KEYS } from '../layout';
import type { Readable } from 'node:stream';
import { aliasLookup } from '../domain/code-aliases';
import { DATASETS } from '../domain/datasets';
import { displayText } from '../domain/display-text';
import type { RecordVersion } from '../domain/record-version';
import { uploadOrder, type SourceRef } from '../domain/records';
import type { SubmissionStatus } from '../domain/submission-status';
import { CheckedBudget } from './checked-budget';
import { checkedWorkbook } from './checked-workbook';
import { errorReportCsv, errorReportJson } from './error-report';
import { INGEST_MESSAGES } from './ingest-messages';
import { PagedWriter } from './paged-writer';
import type { ValidationContext } from './parsing/row-validator';
import { UnreadableFileError } from './ingest-errors';
import { objectSizeLimit } from './parsing/workbook-limits';
import type { IngestStore } from './ports';
import { routeSubmission, type Route } from './routing';
import { readAll } from './sheet-choice';
import { ingestLoosePackageJson, ingestPackage } from './package-ingest';
import type { RowSink } from './sheet-ingest';
import { SheetTally } from './sheet-tally';
import { finishStatuses } from './status-budget';
import { isTransientFault, StoreFault, unwrapFault } from '../storage/storage-errors';
import { UnitIdentity } from './unit-identity';
import { foldId } from '../domain/unit-id';
import { MANIFEST_LIMIT, mayReplace, sourceMark, sourceOfMark, withdrawals, type RecordManifest, type WrittenRecord } from './returned-copy';
import { SYSTEM_CLOCK } from '../domain/clock';
import { shanghaiDate } from '../domain/shanghai-time';

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
  | {
      outcome: 'processed';
      statuses: SubmissionStatus[];
      checkedWorkbook?: Buffer;
      toFix: number;
      toExplain: number;
      /** The records a returned copy withdrew from its source, by name (contract 11, v4). */
      withdrawn?: string[];
      /** The submitter of an upload under `submitters/<org>/`. */ org?: string;
    };

/**
 * Write pages kept in flight per file: chosen from the benchmark's ceiling
 * (raw BatchWriteItem at 1/4/8/16 in flight gave 2,538 / 4,665 / 5,436 /
 * 5,720 items/s), where the store, not the parser, becomes the limit.
 */
const WRITE_PAGES_IN_FLIGHT = 16;

function asRejection(err: unknown): UnreadableFileError {
  if (err instanceof UnreadableFileError) return err;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new UnreadableFileError(INGEST_MESSAGES.cannotRead(displayText(detail, 160)));
}

/** Reads the upload into tallies; a file refused part-way is rejected whole, a store fault thrown to be retried. */
async function readUpload(
  route: Extract<Route, { kind: 'dataset' | 'workbook' | 'package-json' }>,
  openBody: () => Promise<Readable>,
  sink: RowSink,
): Promise<Read> {
  const tallies: SheetTally[] = [];
  let body: Readable | undefined;
  let keywords: string | undefined;
  try {
    body = await openBody();
    if (route.kind === 'package-json') await ingestLoosePackageJson(body, tallies, sink, route.reason);
    else if (route.kind === 'dataset' && route.dataset === 'districts') await ingestPackage(route.format, body, tallies, sink);
    else keywords = await readAll(route, body, tallies, sink);
    await sink.writer.flush();
  } catch (err) {
    // Only the store and the network are retried; whatever else broke is the file's.
    if (isTransientFault(err)) throw unwrapFault(err);
    // Rows already written stay invisible, because only versions of accepted uploads are ever read.
    if (tallies.length === 0) tallies.push(SheetTally.wholeFile(route.kind === 'dataset' ? route.dataset : null));
    for (const t of tallies) t.rejectAll();
    const rejection = asRejection(err);
    tallies[tallies.length - 1]!.error({ row: rejection.row ?? 0, column: '', message: rejection.message });
  } finally {
    // A body left unread keeps its socket, and a process waiting on it never exits.
    body?.destroy();
  }
  return { tallies, ...(keywords ? { keywords } : {}) };
}

/** An upload read: a tally per sheet, and the workbook's keywords (where a checked workbook names its source). */
interface Read {
  tallies: SheetTally[];
  keywords?: string;
}

/**
 * The error report and the checked workbook, named for its upload and with the upload's records listed beside it (for a returned
 * copy to replace it whole); a workbook that cannot be made leaves a warning, never the status unwritten.
 */
async function writeResults(
  source: SourceRef,
  order: string,
  tallies: readonly SheetTally[],
  statuses: SubmissionStatus[],
  store: IngestStore,
  written: WrittenRecords,
): Promise<Buffer | undefined> {
  const key = source.key;
  const errorsBySheet = new Map(tallies.map((t) => [t.sheetIndex, t.errors]));
  const keys = OBJECT_KEYS.errorReport(key);
  await store.writeErrorReport(keys, errorReportCsv(statuses, errorsBySheet), errorReportJson(statuses, errorsBySheet));
  for (const s of statuses) s.errorReport = keys;
  let checked: Buffer;
  try {
    checked = await checkedWorkbook(
      tallies.map((t, i) => ({
        name: t.fileSheetName ?? t.sheet ?? (t.dataset ? DATASETS[t.dataset].label : '数据 Data'),
        copy: t.copy,
        errors: t.errors,
        errorCount: t.errorCount,
        warnings: statuses[i]!.warnings,
        findings: t.findings,
      })),
      sourceMark({ key, order }),
    );
  } catch (err) {
    statuses[0]!.warnings.push(INGEST_MESSAGES.noCheckedWorkbook(displayText(err instanceof Error ? err.message : String(err), 120)));
    return undefined;
  }
  const checkedKey = OBJECT_KEYS.checkedWorkbook(key);
  if (store.writeManifest && !written.overflow) {
    const manifest: RecordManifest = { order, records: [...written.records.values()] };
    await store.writeManifest(OBJECT_KEYS.manifest(key), JSON.stringify(manifest));
  }
  await store.writeCheckedWorkbook(checkedKey, checked);
  for (const s of statuses) s.checkedWorkbook = checkedKey;
  return checked;
}

/** The file's tallies: refused by its name or size before reading, or read. */
async function tallyUpload(
  route: Exclude<Route, { kind: 'ignore' }>,
  openBody: () => Promise<Readable>,
  sink: RowSink,
  objectSize: number | undefined,
): Promise<Read> {
  if (route.kind === 'reject') return { tallies: [SheetTally.wholeFile(route.dataset, { row: 0, column: '', message: route.reason })] };
  const limit = objectSizeLimit(route.format);
  if (objectSize !== undefined && objectSize > limit) {
    const message = INGEST_MESSAGES.tooLarge(objectSize, limit, route.format);
    return { tallies: [SheetTally.wholeFile(route.kind === 'dataset' ? route.dataset : null, { row: 0, column: '', message })] };
  }
  return readUpload(route, openBody, sink);
}

/** The records an upload wrote (dataset and key, year, a name to show), collected as its pages are written; bounded. */
class WrittenRecords {
  readonly records = new Map<string, WrittenRecord>();
  overflow = false;

  add(page: readonly RecordVersion[]): void {
    for (const v of page) {
      if (this.records.size >= MANIFEST_LIMIT) {
        this.overflow = true;
        return;
      }
      const r = v.record;
      const name = typeof r.name === 'string' ? r.name : typeof r.title === 'string' ? r.title : v.naturalKey;
      this.records.set(`${v.dataset}\u0000${v.naturalKey}`, { dataset: v.dataset, year: v.year, naturalKey: v.naturalKey, name });
    }
  }
}

/**
 * A returned copy that names its source replaces the source whole (returned-copy.ts): the source's records it no longer
 * holds are withdrawn, written before the copy's status (which makes them count), and named on its first status.
 */
async function replaceSource(
  keywords: string | undefined,
  source: SourceRef,
  order: string,
  written: WrittenRecords,
  statuses: SubmissionStatus[],
  store: IngestStore,
) {
  const of = sourceOfMark(keywords);
  const accepted = statuses.some((st) => st.accepted > 0);
  if (!of || !accepted || written.overflow || !store.readManifest || (of.key === source.key && of.order === order) || !mayReplace(source.key, of)) return [];
  const text = await store.readManifest(OBJECT_KEYS.manifest(of.key));
  const manifest = text ? (JSON.parse(text) as RecordManifest) : undefined;
  // The source was replaced since, or kept no list: the copy corrects by natural key only (section 6).
  if (!manifest || manifest.order !== of.order) return [];
  const { versions, names } = withdrawals(manifest, new Set(written.records.keys()), order, source);
  for (let i = 0; i < versions.length; i += 25) await store.writeVersions(versions.slice(i, i + 25));
  if (names.length > 0) statuses[0]!.warnings.push(INGEST_MESSAGES.rowsWithdrawn(names));
  return names;
}

/** Statuses with rows for an approved year are held (contract 14): locked, their own state kept for when the year is reopened. */
async function holdLockedYears(statuses: SubmissionStatus[], store: IngestStore): Promise<void> {
  if (!store.approval) return;
  const years = [...new Set(statuses.flatMap((s) => (s.accepted > 0 ? s.years : [])))];
  const locked = new Set<number>();
  for (const y of years) if ((await store.approval(y))?.state === 'approved') locked.add(y);
  if (locked.size === 0) return;
  for (const s of statuses) {
    const held = s.years.filter((y) => locked.has(y));
    if (s.accepted === 0 || held.length === 0) continue;
    s.heldState = s.status;
    s.status = 'locked';
    s.warnings.push(INGEST_MESSAGES.yearLocked(held));
  }
}

export async function ingestSubmission(
  source: SourceRef,
  openBody: () => Promise<Readable>,
  store: IngestStore,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const now = options.now ?? SYSTEM_CLOCK.now;
  const route = routeSubmission(source.key);
  if (route.kind === 'ignore') return { outcome: 'ignored', reason: route.reason };
  const order = uploadOrder(source);
  if (await store.hasSubmission(source.key, order)) return { outcome: 'duplicate' };
  const ctx: ValidationContext = { maxYear: options.maxYear ?? shanghaiDate(now()).year + 1, aliases: aliasLookup(await store.codeAliases?.()) };
  const written = new WrittenRecords();
  const writer = new PagedWriter<RecordVersion>(
    (page) => (written.add(page), store.writeVersions(page).catch((err: unknown) => Promise.reject(new StoreFault(err)))),
    options.pageSize ?? 25,
    options.maxInFlight ?? WRITE_PAGES_IN_FLIGHT,
  );
  const identity = route.org === undefined ? undefined : new UnitIdentity(store, foldId(route.org));
  const { tallies, keywords } = await tallyUpload(route, openBody, { writer, ctx, order, source, checked: new CheckedBudget(), identity }, options.objectSize);
  const statuses = finishStatuses(tallies, source, order, now(), options.statusErrorLimit ?? 100);
  const withdrawn = await replaceSource(keywords, source, order, written, statuses, store);
  await holdLockedYears(statuses, store);
  // Nothing to fix or explain, nothing to send (contract 11): no error report, no checked workbook.
  const needsResults = tallies.some((t) => t.errors.length > 0 || t.warnings.length > 0 || t.findings.length > 0) || withdrawn.length > 0;
  const checked = needsResults ? await writeResults(source, order, tallies, statuses, store, written) : undefined;
  // The status is written last: it is what makes the upload's rows count.
  await store.putStatuses(statuses);
  const marked = tallies.map((t) => t.copy?.counts() ?? { toFix: 0, toExplain: 0 });
  const org = route.org;
  return {
    outcome: 'processed',
    statuses,
    checkedWorkbook: checked,
    toFix: marked.reduce((n, m) => n + m.toFix, 0),
    toExplain: marked.reduce((n, m) => n + m.toExplain, 0),
    ...(withdrawn.length > 0 ? { withdrawn } : {}),
    ...(org ? { org } : {}),
  };
}
