/**
 * The check of a form's total row against the rows above it (data contract
 * section 9, rule 5): every count or money column that states a number is
 * compared with the sum of that column over the accepted rows — and, when
 * rows were rejected, over every row as written: a total that is right for
 * the form as the submitter wrote it draws no warning (the rejected rows are
 * already marked red). Figures are quoted in the form's own unit.
 */
import { bilingual } from '../domain/bilingual';
import { isBlank, parseMoney, parseNonNegativeNumber, type CellInput } from './parsing/cell-values';
import type { MappedColumn } from './parsing/header-mapping';

const COUNT_TOLERANCE = 0.5;
const MONEY_TOLERANCE_FEN = 100;

/** An amount in fen, in the unit the form's column is headed with (元, or 万元 when the multiplier is 10,000). */
function inFormUnit(fen: number, multiplier: number): string {
  const unit = multiplier === 10_000 ? '万元' : '元';
  const value = fen / 100 / (multiplier === 10_000 ? 10_000 : 1);
  return `${value.toLocaleString('en-US', { maximumFractionDigits: multiplier === 10_000 ? 4 : 2 })} ${unit}`;
}

export class StatedTotals {
  private readonly columns: MappedColumn[];
  private readonly sums: number[];
  /** Every data row's figure as written (a cell that is no figure adds nothing): what a form's own total adds up. */
  private readonly written: number[];

  constructor(columns: readonly MappedColumn[]) {
    this.columns = columns.filter((c) => c.fixedValue === undefined && (c.column.type.kind === 'int' || c.column.type.kind === 'money'));
    this.sums = this.columns.map(() => 0);
    this.written = this.columns.map(() => 0);
  }

  /** Adds an accepted row (money in fen, counts as numbers): to the accepted sum and to the rows as written. */
  add(record: Readonly<Record<string, unknown>>): void {
    this.columns.forEach((c, i) => {
      const v = record[c.column.name];
      if (typeof v === 'number') {
        this.sums[i]! += v;
        this.written[i]! += v;
      }
    });
  }

  /** Adds a rejected row's figures as written (a cell that is no figure adds nothing); accepted rows come parsed, through add. */
  addRejected(cells: readonly CellInput[]): void {
    this.columns.forEach((c, i) => {
      const v = this.figure(c, cells[c.index]);
      if (v !== undefined) this.written[i]! += v;
    });
  }

  private figure(c: MappedColumn, cell: CellInput): number | undefined {
    if (isBlank(cell)) return undefined;
    const parsed = c.column.type.kind === 'money' ? parseMoney(cell, c.multiplier) : parseNonNegativeNumber(cell);
    return parsed.ok ? parsed.value : undefined;
  }

  /**
   * Warnings for every column whose stated total differs from the accepted rows' sum and from the rows as written, naming the rejected rows that may explain
   * it.
   */
  check(cells: readonly CellInput[], row: number, rejectedRows: readonly number[] = []): string[] {
    const warnings: string[] = [];
    const listed = rejectedRows.slice(0, 20).join('、') + (rejectedRows.length > 20 ? ' …' : '');
    const zhBecause = rejectedRows.length === 0 ? '' : `（第 ${listed} 行被退回，其数值未计入）`;
    const enBecause = rejectedRows.length === 0 ? '' : ` (rows ${listed.replace(/、/g, ', ')} were rejected and are not in the sum)`;
    this.columns.forEach((c, i) => {
      const stated = this.figure(c, cells[c.index]);
      if (stated === undefined) return;
      const money = c.column.type.kind === 'money';
      const tolerance = money ? MONEY_TOLERANCE_FEN : COUNT_TOLERANCE;
      const sum = this.sums[i]!;
      if (Math.abs(stated - sum) <= tolerance || Math.abs(stated - this.written[i]!) <= tolerance) return;
      const [s, a] = money ? [inFormUnit(stated, c.multiplier), inFormUnit(sum, c.multiplier)] : [String(stated), String(sum)];
      warnings.push(
        bilingual(
          `第 ${row} 行合计的「${c.header}」为 ${s}，但已接受各行之和为 ${a}${zhBecause}`,
          `row ${row}: the stated total of ${c.header} is ${s} but the accepted rows add up to ${a}${enBecause}`,
        ),
      );
    });
    return warnings;
  }
}
