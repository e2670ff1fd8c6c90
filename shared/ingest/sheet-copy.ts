/**
 * The submitter's own sheet as the checked workbook gives it back (contract
 * section 11): every row as read — title block, header rows, data, totals,
 * footer — at its original row number, with its merged ranges, and the marks
 * the ingest put on it: red cells with the reason, yellow rows with the
 * warning or finding. Bounded by the upload's CheckedBudget: past it, the
 * rows that follow are not copied and the workbook says so.
 */
import type { CheckedBudget } from './checked-budget';
import type { CellInput } from './parsing/cell-values';
import type { MergeRange } from './parsing/sheet-rows';

export interface CopiedRow {
  row: number;
  cells: readonly CellInput[];
}

/** Marks one row's cell holds, and warnings one row holds: a row numbered again and again (a hostile sheet) adds no more. */
const MESSAGES_PER_CELL = 5;
const WARNINGS_PER_ROW = 10;

export interface RowMarks {
  /** Errors by column index (-1: the row as a whole). */
  errors: Map<number, string[]>;
  warnings: string[];
}

export class SheetCopy {
  readonly rows: CopiedRow[] = [];
  readonly marks = new Map<number, RowMarks>();
  merges: readonly MergeRange[] = [];
  /** The row the header starts on (where a 备注 column is headed when the sheet has none). */
  headerRow: number | undefined;
  /** The header's last row (its second row, when it has two): the print titles end there. */
  lastHeaderRow: number | undefined;
  /** The column of the sheet's own note column, if it has one. */
  noteColumn: number | undefined;
  /** Rows past the budget were not copied. */
  cut = false;
  /** The row numbers copied: only they are marked (a mark on a row the workbook does not hold could not be shown). */
  private readonly copied = new Set<number>();
  /** Rows marked that the copy does not hold, counted for the receipt's "rows to fix / to explain". */
  private uncopiedToFix = 0;
  private uncopiedToExplain = 0;
  /** The last uncopied row counted, so a row's several marks count it once. */
  private lastUncopied: { row: number; fix: boolean } | undefined;

  constructor(
    private readonly budget: CheckedBudget,
    /** Where row n of the submission stands in the copy: n + offset (a JSON entry under its header row). */
    private readonly offset = 0,
  ) {}

  copy(row: number, cells: readonly CellInput[]): void {
    if (this.cut) return;
    const kept = this.budget.take(cells);
    if (!kept) {
      this.cut = true;
      return;
    }
    this.rows.push({ row: row + this.offset, cells: kept });
    this.copied.add(row + this.offset);
  }

  /** Counts a mark on a row the copy does not hold; false when the row is held (and is to be marked). */
  private uncopied(row: number, fix: boolean): boolean {
    if (this.copied.has(row + this.offset)) return false;
    const last = this.lastUncopied;
    if (last?.row === row && (last.fix || !fix)) return true;
    if (fix) {
      this.uncopiedToFix++;
      if (last?.row === row) this.uncopiedToExplain--;
    } else this.uncopiedToExplain++;
    this.lastUncopied = { row, fix };
    return true;
  }

  private marksOf(row: number): RowMarks {
    let marks = this.marks.get(row + this.offset);
    if (!marks) this.marks.set(row + this.offset, (marks = { errors: new Map(), warnings: [] }));
    return marks;
  }

  error(row: number, column: number, message: string): void {
    if (this.uncopied(row, true)) return;
    const errors = this.marksOf(row).errors;
    const held = errors.get(column);
    if (!held) errors.set(column, [message]);
    else if (held.length < MESSAGES_PER_CELL && !held.includes(message)) held.push(message);
  }

  warn(row: number, message: string): void {
    if (this.uncopied(row, false)) return;
    const warnings = this.marksOf(row).warnings;
    if (warnings.length < WARNINGS_PER_ROW && !warnings.includes(message)) warnings.push(message);
  }

  /** Rows with an error (to fix) and rows with a warning or finding only (to explain). */
  counts(): { toFix: number; toExplain: number } {
    let toFix = this.uncopiedToFix;
    let toExplain = this.uncopiedToExplain;
    for (const m of this.marks.values()) {
      if (m.errors.size > 0) toFix++;
      else if (m.warnings.length > 0) toExplain++;
    }
    return { toFix, toExplain };
  }
}
