/**
 * Excel stores a date as a number (days since 1900, or 1904 on old Macs)
 * with a date number format. Whether a cell is a date is decided by its
 * format, as Excel itself decides what to show.
 */

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the Chinese-locale ids 27–36, 50–58). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

export function isBuiltinDateFormat(id: number): boolean {
  return BUILTIN_DATE_FORMATS.has(id);
}

/**
 * Whether a custom format code shows a date, decided as Excel decides it:
 * first drop what is shown literally or only modifies the display — quoted
 * text, backslash-escaped characters, `_x` spacers and `*x` fills, and every
 * `[…]` section (locales `[$-804]`, currencies `[$¥-804]`, Chinese numerals
 * `[DBNum1]`, colours, conditions `[>=100]`), except elapsed time `[h]`,
 * `[mm]`, `[ss]` — and only then look for date or time tokens. So
 * `[DBNum2][$-804]General` (大写 numerals) is a number, though its brackets
 * hold a D, a B and an m. Every pattern here is linear in the code's length.
 */
export function isDateFormatCode(code: string): boolean {
  // Only the first section (positive numbers) decides.
  const first = stripLiterals(code).split(';')[0] ?? '';
  if (/\[(?:h+|m+|s+)\]/i.test(first)) return true;
  const bare = first.replace(/\[[^\]]*\]/g, '');
  if (/^\s*general\s*$/i.test(bare)) return false;
  return /[ymdhs年月日]/i.test(bare);
}

/** The format code without its quoted text, escaped characters, spacers and fills, scanned once. */
function stripLiterals(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

/** A date serial as the UTC date Excel shows (time of day kept). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  // 1900 system: Excel counts 1900-02-29, which never was; serials from 61 on are one day ahead.
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}
