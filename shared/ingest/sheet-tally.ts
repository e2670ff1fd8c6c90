/**
 * What the ingest learns of one sheet (or one whole file) while reading it:
 * counts, errors, warnings, skipped rows and, for the checked workbook, its
 * header and rejected rows as the file held them — each bounded, whatever
 * the file holds.
 */
import type { DatasetName } from '../domain/datasets';
import type { RowError, SkippedRow } from '../domain/submission-status';
import { INGEST_MESSAGES } from './ingest-messages';
import type { SheetCopy } from './sheet-copy';

const WARNING_LIMIT = 200;
/** Row errors held while a file is read: the error report lists these, the rest are counted. */
const ERRORS_KEPT = 10_000;
/** Skipped rows listed on the status; a form has a handful, a hostile file could have millions. */
const SKIPPED_LIMIT = 1_000;

export class SheetTally {
  rows = 0;
  accepted = 0;
  rejected = 0;
  errors: RowError[] = [];
  errorCount = 0;
  warnings: string[] = [];
  skipped: SkippedRow[] = [];
  years = new Set<number>();
  /** The worksheet's own name in the file (the status names it only for loose workbooks). */
  fileSheetName: string | undefined;
  /** The sheet as the checked workbook gives it back, marked (sheet-copy.ts); none for a file refused whole. */
  copy: SheetCopy | undefined;
  private extraWarnings = 0;
  private extraSkipped = 0;

  constructor(
    readonly sheetIndex: number,
    readonly sheet: string | undefined,
    readonly dataset: DatasetName | null,
  ) {}

  /** The tally of a file taken as a whole (refused before or while reading), holding one error. */
  static wholeFile(dataset: DatasetName | null | undefined, error?: RowError): SheetTally {
    const tally = new SheetTally(0, undefined, dataset ?? null);
    if (error) tally.error(error);
    return tally;
  }

  error(e: RowError): void {
    this.errorCount++;
    if (this.errors.length < ERRORS_KEPT) this.errors.push(e);
  }

  /** Review findings the row alone shows (10.2, computed at ingest): not warnings of the file, but rows the submitter explains. */
  findings: RowError[] = [];

  finding(finding: RowError): void {
    if (this.findings.length < WARNING_LIMIT) this.findings.push(finding);
  }

  warn(message: string): void {
    if (this.warnings.length < WARNING_LIMIT) this.warnings.push(message);
    else this.extraWarnings++;
  }

  skip(row: SkippedRow): void {
    if (this.skipped.length < SKIPPED_LIMIT) this.skipped.push(row);
    else this.extraSkipped++;
  }

  /** The whole file is refused after part of it was read: nothing of it counts. */
  rejectAll(): void {
    this.rejected = this.rows;
    this.accepted = 0;
  }

  finalWarnings(): string[] {
    const more: string[] = [];
    if (this.extraSkipped > 0) more.push(INGEST_MESSAGES.moreSkipped(this.extraSkipped));
    if (this.extraWarnings > 0) more.push(INGEST_MESSAGES.moreWarnings(this.extraWarnings));
    return [...this.warnings, ...more];
  }
}
