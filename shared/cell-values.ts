/**
 * Turning one submitted cell into a typed value, the way a Chinese bureau's
 * files write them: full-width digits, thousands separators, 是/否, cached
 * formula results. Each parser returns a value or a reason.
 */
import { decimalToFen, numberToDecimal, type Fen } from './money';

/** A cell whose content cannot be a value: an Excel error, or a formula with no saved result. */
export interface CellProblem {
  problem: string;
}

export type CellInput = string | number | boolean | Date | CellProblem | null | undefined;

export function isCellProblem(cell: unknown): cell is CellProblem {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && typeof (cell as CellProblem).problem === 'string';
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** Trims, collapses internal whitespace (full-width spaces too) to one space. */
export function normalizeText(raw: string): string {
  return raw.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

/** What statistical tables write for "no figure": treated as an empty cell. */
const PLACEHOLDERS = new Set(['-', '--', '—', '——', '–', '/', '无', 'n/a', 'na', 'null', '#n/a']);

export function isBlank(cell: CellInput): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  const text = normalizeText(cell);
  return text === '' || PLACEHOLDERS.has(text.normalize('NFKC').toLowerCase());
}

export function cellToText(cell: CellInput): string {
  if (cell === null || cell === undefined) return '';
  if (isCellProblem(cell)) return cell.problem;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return numberToDecimal(cell);
  return normalizeText(String(cell));
}

/** "１，２３４.５" → "1234.5"; undefined when it is not a plain decimal. */
function numericText(cell: CellInput): string | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? numberToDecimal(cell) : undefined;
  if (typeof cell !== 'string') return undefined;
  let s = cell.normalize('NFKC').replace(/[\s\u00a0]+/g, '');
  // Thousands separators: commas between digit groups of three.
  if (/^-?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(/^\+/, '');
  // Excel writes large numbers into CSV in exponent form ("1.2E+07").
  if (/^-?\d+(\.\d+)?e[+-]?\d+$/i.test(s) && Number.isFinite(Number(s))) s = numberToDecimal(Number(s));
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(s) ? s : undefined;
}

function show(cell: CellInput): string {
  return typeof cell === 'string' ? `"${cell}"` : String(cell);
}

export function parseNonNegativeInteger(cell: CellInput): Parsed<number> {
  const text = numericText(cell);
  if (text === undefined) return fail(`${show(cell)} is not a whole number`);
  const n = Number(text);
  if (!Number.isInteger(n)) return fail(`${show(cell)} is not a whole number`);
  if (n < 0) return fail(`${show(cell)} is negative; counts cannot be negative`);
  if (!Number.isSafeInteger(n)) return fail(`${show(cell)} is too large`);
  return ok(n);
}

export function parseNonNegativeNumber(cell: CellInput): Parsed<number> {
  const text = numericText(cell);
  if (text === undefined) return fail(`${show(cell)} is not a number`);
  const n = Number(text);
  if (n < 0) return fail(`${show(cell)} is negative`);
  return ok(n);
}

/**
 * Money in fen; `multiplier` is the header's unit in yuan (1 for 元, 10000 for
 * 万元). A unit written in the cell itself ("12.5万元", "¥1,200", "300元") wins.
 */
export function parseMoney(cell: CellInput, multiplier: number): Parsed<Fen> {
  if (typeof cell === 'string') {
    const m = /^\s*[¥￥]?\s*(.*?)\s*(亿元|万元|万|元)?\s*$/.exec(cell.normalize('NFKC').replace(/^[¥]/, ''));
    if (m && m[2]) multiplier = m[2] === '亿元' ? 100_000_000 : m[2] === '元' ? 1 : 10_000;
    if (m) cell = m[1]!;
  }
  const text = numericText(cell);
  if (text === undefined) return fail(`${show(cell)} is not an amount of money`);
  const fen = decimalToFen(text, multiplier);
  if (fen === undefined) return fail(`${show(cell)} is out of range`);
  if (fen < 0) return fail(`${show(cell)} is negative; amounts of money cannot be negative`);
  return ok(fen);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '√', '✓', '✔', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '×', '✗', '✘', 'x', 'f']);

export function parseBoolean(cell: CellInput): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') {
    if (cell === 1) return ok(true);
    if (cell === 0) return ok(false);
    return fail(`${cell} is not a yes/no value (use 是/否, yes/no, true/false, 1/0)`);
  }
  const word = cellToText(cell).normalize('NFKC').toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail(`${show(cell)} is not a yes/no value (use 是/否, yes/no, true/false, 1/0)`);
}

/** A reporting year: an integer in [2000, maxYear]; "2021年" and date cells are accepted. */
export function parseYear(cell: CellInput, maxYear: number): Parsed<number> {
  let value: number | undefined;
  if (cell instanceof Date) value = cell.getUTCFullYear();
  else {
    const text = typeof cell === 'string' ? cell.normalize('NFKC').trim().replace(/\s*年(度)?$/, '') : cell;
    const n = parseNonNegativeInteger(text);
    if (n.ok) value = n.value;
  }
  if (value === undefined) return fail(`${show(cell)} is not a year`);
  if (value < 2000 || value > maxYear) return fail(`year ${value} is outside 2000–${maxYear}`);
  return ok(value);
}
