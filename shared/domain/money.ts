/**
 * Money is kept as an integer number of fen (0.01 yuan) so sums never drift.
 * Parsing works on the decimal text, not on a float, so "0.1" 万元 is exactly 100000 fen.
 */
import { decimalParts } from './decimal-text';
export type Fen = number;

/** Multiplier of a money unit, in yuan. A Map: a unit written `constructor` names no multiplier. */
const MONEY_UNITS: ReadonlyMap<string, number> = new Map([
  ['元', 1],
  ['yuan', 1],
  ['rmb', 1],
  ['cny', 1],
  ['万元', 10_000],
  ['10kyuan', 10_000],
  ['万', 10_000],
  ['千元', 1_000],
  ['百万元', 1_000_000],
  ['亿元', 100_000_000],
]);

/** Normalises a unit written in a header: "10k yuan" → "10kyuan", "人民币元" → "元". */
export function moneyUnitMultiplier(unit: string): number | undefined {
  // No unit is long; a hostile one is not worked on character by character.
  if (unit.length > 32) return undefined;
  const u = unit
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
    .replace(/^人民币/, '');
  return MONEY_UNITS.get(u);
}

/**
 * Converts a plain decimal string ("1234.5", "-3", "1e3" not allowed) times a
 * yuan multiplier into fen, rounding half away from zero at the fen.
 */
export function decimalToFen(decimal: string, yuanMultiplier: number): Fen | undefined {
  const parts = decimalParts(decimal);
  if (!parts) return undefined;
  const { negative, intPart, frac } = parts;
  const exact = exactFen(negative, intPart + frac, frac.length, yuanMultiplier);
  if (exact !== undefined) return exact;
  const sign = negative ? -1n : 1n;
  // value = int.frac; fen = value * multiplier * 100, computed in BigInt.
  const scale = 10n ** BigInt(frac.length);
  const numerator = BigInt(intPart + frac) * BigInt(yuanMultiplier) * 100n;
  let fen = numerator / scale;
  const remainder = numerator % scale;
  if (remainder * 2n >= scale) fen += 1n;
  const result = sign * fen;
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(-Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(result);
}

/** 10^0 … 10^15, each exact as a double (written out, not computed). */
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The same rounding in plain numbers, when every step is an integer below 2^53 (so exact: `%` and the
 * division of an exact multiple are exact there); undefined when it may not be, for BigInt to do.
 */
function exactFen(negative: boolean, digits: string, fractionDigits: number, yuanMultiplier: number): Fen | undefined {
  if (digits.length > 15 || fractionDigits > 15 || !Number.isSafeInteger(yuanMultiplier) || yuanMultiplier < 0) return undefined;
  const numerator = Number(digits) * yuanMultiplier * 100;
  if (!Number.isSafeInteger(numerator)) return undefined;
  const scale = POWERS_OF_TEN[fractionDigits]!;
  const remainder = numerator % scale;
  const fen = (numerator - remainder) / scale + (remainder * 2 >= scale ? 1 : 0);
  return negative && fen !== 0 ? -fen : fen;
}

/** Fen to yuan as a number with at most 2 decimals (for JSON outputs). */
export function fenToYuan(fen: Fen): number {
  return Math.round(fen) / 100;
}

/** Shortest exact decimal text of a finite JS number, without exponent notation. */
export function numberToDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Exponent form only appears for |n| < 1e-6 or ≥ 1e21; toFixed handles the small ones.
  return Math.abs(n) < 1 ? n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : BigInt(Math.round(n)).toString();
}
