/**
 * Turning one submitted cell into a typed value, the way a Chinese bureau's
 * files write them: full-width digits, thousands separators, 是/否, cached
 * formula results. Each parser returns a value or a reason.
 */
import { bilingual } from '../../domain/bilingual';
import { characterCount, displayText } from '../../domain/display-text';
import { decimalToFen, numberToDecimal, type Fen } from '../../domain/money';
import { isAsciiDigits, isPlainDecimal } from '../../domain/decimal-text';

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

/** JavaScript's \s (which includes U+3000 and U+00A0), as a code unit test. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True when normalizeText would return the text unchanged: no space at either end, none but single ASCII spaces inside. */
function isNormalText(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return true;
  if (isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x80 ? (c === 32 && raw.charCodeAt(i + 1) === 32) || (c >= 9 && c <= 13) : isSpace(c)) return false;
  }
  return true;
}

/** Trims, collapses internal whitespace (full-width spaces too) to one space. */
export function normalizeText(raw: string): string {
  // Most cells hold nothing to change: they are checked once, character by character, and not rebuilt.
  if (isNormalText(raw)) return raw;
  return raw.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

/** A placeholder is at most 4 characters, each at most 2 code units (𝐧𝐮𝐥𝐥 is "null" after NFKC): longer text is not one. */
const PLACEHOLDER_MAX_UNITS = 8;

/** What statistical tables write for "no figure": treated as an empty cell. */
const PLACEHOLDERS = new Set(['-', '--', '—', '——', '–', '/', '无', 'n/a', 'na', 'null', '#n/a']);
/** The ASCII characters those start with (upper case too: the lookup is after lower-casing). */
const PLACEHOLDER_STARTS: readonly number[] = [...'-/nN#'].map((c) => c.charCodeAt(0));

export function isBlank(cell: CellInput): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  // trim() removes exactly the spaces normalizeText does at the ends; a space inside is in no placeholder.
  const text = cell.trim();
  if (text === '') return true;
  // An ASCII first character must be one a placeholder starts with (the figures, names and words of most cells are not).
  const first = text.charCodeAt(0);
  if (first < 0x80 && !PLACEHOLDER_STARTS.includes(first)) return false;
  // A unified ideograph is its own NFKC form: of those, only 无 starts a placeholder.
  if (first >= 0x4e00 && first <= 0x9fff && first !== 0x65e0) return false;
  return text.length <= PLACEHOLDER_MAX_UNITS && PLACEHOLDERS.has(normalizeText(text).normalize('NFKC').toLowerCase());
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
  if (typeof cell !== 'string' || cell.length > NUMERIC_CELL_CHARACTERS) return undefined;
  if (isPlainDecimal(cell)) return cell;
  let s = cell.normalize('NFKC').replace(/[\s\u00a0]+/g, '');
  // Thousands separators: commas between digit groups of three.
  if (/^-?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(/^\+/, '');
  // Excel writes large numbers into CSV in exponent form ("1.2E+07").
  if (/^-?\d+(\.\d+)?e[+-]?\d+$/i.test(s) && Number.isFinite(Number(s))) s = numberToDecimal(Number(s));
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(s) ? s : undefined;
}

/**
 * No number, amount, year or yes/no is longer than this: a longer cell is refused before any
 * character-by-character work, so no pattern below ever sees a hostile 32,767-character cell.
 */
export const NUMERIC_CELL_CHARACTERS = 100;

function tooLongForNumber(cell: string, zh: string, en: string): string {
  return bilingual(`${show(cell)} 太长，不可能是${zh}`, `${show(cell)} is too long to be ${en}`);
}

const CELL_UNITS: readonly (readonly [string, number])[] = [
  ['亿元', 100_000_000],
  ['万元', 10_000],
  ['万', 10_000],
  ['元', 1],
];

/** "¥ 12.5 万元" → "12.5" and 10,000 yuan per unit: a leading currency sign and a trailing unit, read off in one pass. */
function moneyParts(raw: string): { amount: string; unit?: number } {
  let text = raw.normalize('NFKC').trim();
  if (text.startsWith('¥')) text = text.slice(1).trimStart();
  for (const [word, yuan] of CELL_UNITS) {
    if (text.endsWith(word)) return { amount: text.slice(0, -word.length).trimEnd(), unit: yuan };
  }
  return { amount: text };
}

/** A cell as a message quotes it: never more than a short prefix, so a hostile cell cannot bloat a status. */
export function show(cell: CellInput): string {
  const text = typeof cell === 'string' ? cell : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  // Hidden characters are named, never echoed; the length is counted without an array (a cell may be huge).
  let shown = displayText(text, 40);
  if (shown.endsWith('…') && text.length > 40) {
    const count = characterCount(text);
    shown += `（共 ${count} 字 / ${count} chars）`;
  }
  return typeof cell === 'string' ? `"${shown}"` : shown;
}

export function parseNonNegativeInteger(cell: CellInput): Parsed<number> {
  const text = numericText(cell);
  if (text === undefined) return fail(bilingual(`${show(cell)} 不是整数`, `${show(cell)} is not a whole number`));
  const n = Number(text);
  if (!Number.isInteger(n)) return fail(bilingual(`${show(cell)} 不是整数`, `${show(cell)} is not a whole number`));
  if (n < 0) return fail(bilingual(`${show(cell)} 是负数，数量不能为负`, `${show(cell)} is negative; counts cannot be negative`));
  if (!Number.isSafeInteger(n)) return fail(bilingual(`${show(cell)} 数值过大`, `${show(cell)} is too large`));
  return ok(n);
}

export function parseNonNegativeNumber(cell: CellInput): Parsed<number> {
  const text = numericText(cell);
  if (text === undefined) return fail(bilingual(`${show(cell)} 不是数字`, `${show(cell)} is not a number`));
  const n = Number(text);
  if (n < 0) return fail(bilingual(`${show(cell)} 是负数，不能为负`, `${show(cell)} is negative`));
  return ok(n);
}

/**
 * Money in fen; `multiplier` is the header's unit in yuan (1 for 元, 10000 for
 * 万元). A unit written in the cell itself ("12.5万元", "¥1,200", "300元") wins.
 */
export function parseMoney(cell: CellInput, multiplier: number): Parsed<Fen> {
  if (typeof cell === 'string' && !isPlainDecimal(cell)) {
    if (cell.length > NUMERIC_CELL_CHARACTERS) return fail(tooLongForNumber(cell, '金额', 'an amount of money'));
    const { amount, unit } = moneyParts(cell);
    if (unit !== undefined) multiplier = unit;
    cell = amount;
  }
  const text = numericText(cell);
  if (text === undefined) return fail(bilingual(`${show(cell)} 不是金额`, `${show(cell)} is not an amount of money`));
  const fen = decimalToFen(text, multiplier);
  if (fen === undefined) return fail(bilingual(`${show(cell)} 超出范围`, `${show(cell)} is out of range`));
  if (fen < 0) return fail(bilingual(`${show(cell)} 是负数，金额不能为负`, `${show(cell)} is negative; amounts of money cannot be negative`));
  return ok(fen);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '√', '✓', '✔', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '×', '✗', '✘', 'x', 'f']);

export function parseBoolean(cell: CellInput): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') {
    if (cell === 1) return ok(true);
    if (cell === 0) return ok(false);
    return fail(bilingual(`${cell} 不是“是/否”值（请填 是/否）`, `${cell} is not a yes/no value (use 是/否, yes/no, true/false, 1/0)`));
  }
  if (typeof cell === 'string' && cell.length > NUMERIC_CELL_CHARACTERS) return fail(tooLongForNumber(cell, '“是/否”值', 'a yes/no value'));
  // The words as the lists hold them are already what the normalising below would make of them.
  if (typeof cell === 'string' && TRUE_WORDS.has(cell)) return ok(true);
  if (typeof cell === 'string' && FALSE_WORDS.has(cell)) return ok(false);
  const word = cellToText(cell).normalize('NFKC').toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail(bilingual(`${show(cell)} 不是“是/否”值（请填 是/否）`, `${show(cell)} is not a yes/no value (use 是/否, yes/no, true/false, 1/0)`));
}

/**
 * A year written as a date in any common form: "2021-12-31", "2021/12/31",
 * "2021.12", "2021年12月31日", "2021年12月", "2021年度", "2021年".
 */
const DATE_FORMS = [
  /^(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$/,
  /^(\d{4})\s*年度?$/,
];

function yearOfDateText(text: string): number | undefined {
  for (const form of DATE_FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const month = m[2] === undefined ? 1 : Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return Number(m[1]);
  }
  return undefined;
}

/** A reporting year: an integer in [2000, maxYear]; dates in any common form give their year. */
export function parseYear(cell: CellInput, maxYear: number): Parsed<number> {
  let value: number | undefined;
  if (cell instanceof Date) value = cell.getUTCFullYear();
  else if (typeof cell === 'number') {
    // A number typed as 2021.12 (year.month) is a date too.
    const m = /^(\d{4})(?:\.(\d{1,2}))?$/.exec(numberToDecimal(cell));
    if (m && (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 12))) value = Number(m[1]);
  } else if (typeof cell === 'string' && cell.length === 4 && isAsciiDigits(cell)) {
    // "2021": four ASCII digits, what NFKC and the patterns below would read as that year.
    value = Number(cell);
  } else if (typeof cell === 'string' && cell.length <= NUMERIC_CELL_CHARACTERS) {
    const text = cell.normalize('NFKC').trim();
    value = /^\d{4}$/.test(text) ? Number(text) : yearOfDateText(text);
  }
  if (value === undefined) return fail(bilingual(`${show(cell)} 不是年度`, `${show(cell)} is not a year`));
  if (value < 2000 || value > maxYear) return fail(bilingual(`年度 ${value} 不在 2000–${maxYear} 之间`, `year ${value} is outside 2000–${maxYear}`));
  return ok(value);
}
