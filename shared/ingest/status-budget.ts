/**
 * Turning tallies into the status items of one upload, within what DynamoDB
 * holds: each item far below its 400 KB, all of an upload's items (written
 * in one transaction) below its 4 MB, whatever the file holds. The error
 * report in S3 has the rest.
 */
import { stateFor, type SubmissionStatus } from '../domain/submission-status';
import type { SourceRef } from '../domain/records';
import type { SheetTally } from './sheet-tally';

const UPLOAD_STATUS_BYTES = 3_000_000;
const SHEET_STATUS_BYTES = 200_000;

export function finishStatuses(tallies: readonly SheetTally[], source: SourceRef, order: string, now: Date, errorLimit: number): SubmissionStatus[] {
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
