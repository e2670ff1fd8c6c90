/**
 * What the rows above a header say (data contract section 9, rules 2 and 9):
 * the money unit (`单位：万元`, `金额单位：千元`, `单位：千元、人、平方米`) and
 * the reporting year (`2021年度迎泽区…统计表`).
 */
import type { CellInput } from './cell-values';
import { moneyUnitMultiplier } from '../../domain/money';

/** A title, a unit line or a date line is short; a longer cell says none of them and is not worked on. */
const TITLE_CELL_CHARACTERS = 500;

function texts(rows: readonly (readonly CellInput[])[]): string[] {
  return rows.flatMap((cells) =>
    cells.map((c) => (typeof c === 'string' && c.length <= TITLE_CELL_CHARACTERS ? c.normalize('NFKC') : '')).filter((t) => t.trim() !== ''),
  );
}

/** Money units named after `单位：` in the title block, distinct, in order of appearance. */
export function titleMoneyUnits(rows: readonly (readonly CellInput[])[]): string[] {
  const units: string[] = [];
  for (const text of texts(rows)) {
    // "单位（盖章）：迎泽区科技局" names the reporting unit, not a unit of measure: only "单位：" directly counts.
    for (const m of text.matchAll(/单位\s*[:：]\s*([^\s:：]+(?:\s*[、,，;；/]\s*[^\s:：、,，;；/]+)*)/g)) {
      for (const token of m[1]!.split(/[、,，;；/]+/)) {
        const unit = token.replace(/[()（）[\]【】]/g, '').trim();
        if (moneyUnitMultiplier(unit) !== undefined && !units.includes(unit)) units.push(unit);
      }
    }
  }
  return units;
}

function distinct(values: number[]): number | undefined {
  const set = new Set(values);
  return set.size === 1 ? values[0] : undefined;
}

/**
 * The reporting year of the title block: the one year written as `YYYY年度`,
 * or else the one year named in the first title row; dates (`2022年1月10日`) never count.
 */
export function titleYear(rows: readonly (readonly CellInput[])[]): number | undefined {
  const annual = texts(rows).flatMap((t) => [...t.matchAll(/(?<!\d)(\d{4})\s*年度/g)].map((m) => Number(m[1])));
  if (annual.length > 0) return distinct(annual);
  const first = rows[0];
  if (!first) return undefined;
  const named = texts([first]).flatMap((t) => [...t.matchAll(/(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)/g)].map((m) => Number(m[1])));
  return named.length > 0 ? distinct(named) : undefined;
}
