/**
 * The check of a form's total row against the rows above it (data contract
 * section 9, rule 5): every count or money column that states a number is
 * compared with the sum of that column over the accepted rows.
 */
import { bilingual } from '../domain/bilingual';
import { isBlank, parseMoney, parseNonNegativeNumber, type CellInput } from './parsing/cell-values';
import type { MappedColumn } from './parsing/header-mapping';

const COUNT_TOLERANCE = 0.5;
const MONEY_TOLERANCE_FEN = 100;

function yuan(fen: number): string {
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export class StatedTotals {
  private readonly columns: MappedColumn[];
  private readonly sums: number[];

  constructor(columns: readonly MappedColumn[]) {
    this.columns = columns.filter((c) => c.fixedValue === undefined && (c.column.type.kind === 'int' || c.column.type.kind === 'money'));
    this.sums = this.columns.map(() => 0);
  }

  /** Adds an accepted row (money in fen, counts as numbers). */
  add(record: Readonly<Record<string, unknown>>): void {
    this.columns.forEach((c, i) => {
      const v = record[c.column.name];
      if (typeof v === 'number') this.sums[i]! += v;
    });
  }

  /** Warnings for every column whose stated total differs from the accepted rows' sum, naming the rejected rows that may explain it. */
  check(cells: readonly CellInput[], row: number, rejectedRows: readonly number[] = []): string[] {
    const warnings: string[] = [];
    const listed = rejectedRows.slice(0, 20).join('、') + (rejectedRows.length > 20 ? ' …' : '');
    const zhBecause = rejectedRows.length === 0 ? '' : `（第 ${listed} 行被退回，其数值未计入）`;
    const enBecause = rejectedRows.length === 0 ? '' : ` (rows ${listed.replace(/、/g, ', ')} were rejected and are not in the sum)`;
    this.columns.forEach((c, i) => {
      const cell = cells[c.index];
      if (isBlank(cell)) return;
      const sum = this.sums[i]!;
      if (c.column.type.kind === 'money') {
        const stated = parseMoney(cell, c.multiplier);
        if (!stated.ok || Math.abs(stated.value - sum) <= MONEY_TOLERANCE_FEN) return;
        warnings.push(
          bilingual(
            `第 ${row} 行合计的「${c.header}」为 ${yuan(stated.value)} 元，但已接受各行之和为 ${yuan(sum)} 元${zhBecause}`,
            `row ${row}: the stated total of ${c.header} is ${yuan(stated.value)} yuan but the accepted rows add up to ${yuan(sum)} yuan${enBecause}`,
          ),
        );
        return;
      }
      const stated = parseNonNegativeNumber(cell);
      if (!stated.ok || Math.abs(stated.value - sum) <= COUNT_TOLERANCE) return;
      warnings.push(
        bilingual(
          `第 ${row} 行合计的「${c.header}」为 ${stated.value}，但已接受各行之和为 ${sum}${zhBecause}`,
          `row ${row}: the stated total of ${c.header} is ${stated.value} but the accepted rows add up to ${sum}${enBecause}`,
        ),
      );
    });
    return warnings;
  }
}
