/** How much of an upload its checked workbook may copy: shared by all its sheets (sheet-copy.ts), whatever the upload holds. */
import type { CellInput } from './parsing/cell-values';

/**
 * What one checked workbook may hold, whatever the upload: 64 sheets of 2,000 rejected rows made a
 * 15 MB workbook that ran the ingest out of memory. Past a limit it holds what fits and says so.
 */
export const CHECKED_LIMITS = {
  rowsPerSheet: 2_000,
  columns: 200,
  /** Cells copied across all sheets, and the characters of their text. */
  cells: 100_000,
  characters: 2_000_000,
  errorsListed: 10_000,
  /** Cell comments giving a mark's reason, across all sheets: past them a marked cell is coloured, its reason in the Errors sheet. */
  notes: 2_000,
} as const;

/** Merged ranges copied back per sheet: a form has a handful; a hostile sheet's hundred thousand would only slow the writer. */
export const MERGES_COPIED = 2_000;

/** The copies one upload's checked workbook may still take; shared by all its sheets. */
export class CheckedBudget {
  private cells = 0;
  private characters = 0;

  /** The row's cells as the workbook will hold them (at most CHECKED_LIMITS.columns), or undefined when it is full. */
  take(cells: readonly CellInput[]): readonly CellInput[] | undefined {
    const kept = cells.length > CHECKED_LIMITS.columns ? cells.slice(0, CHECKED_LIMITS.columns) : cells;
    let characters = 0;
    for (const c of kept) if (typeof c === 'string') characters += c.length;
    if (this.cells + kept.length > CHECKED_LIMITS.cells || this.characters + characters > CHECKED_LIMITS.characters) return undefined;
    this.cells += kept.length;
    this.characters += characters;
    return kept;
  }
}
