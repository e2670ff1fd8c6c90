/**
 * Excel stores a date as a number (days since 1900, or 1904 on old Macs)
 * with a date number format. Whether a cell is a date is decided by its
 * format, as Excel itself decides what to show.
 */

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the Chinese-locale ids 27–36, 50–58). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isBuiltinDateFormat(id: number): boolean {
  return BUILTIN_DATE_FORMATS.has(id);
}

/** A custom format code shows a date when, outside quotes, brackets and escapes, it has a y, m, d, h or s token. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?:\$[^\]]*|[a-z]*[<>=][^\]]*|red|green|blue|black|white|yellow|cyan|magenta|color\s*\d+)\]/gi, '')
    .replace(/_.|\*./g, '');
  // Only the first section (positive numbers) decides.
  const first = bare.split(';')[0] ?? '';
  if (/^general$/i.test(first.trim())) return false;
  return /[ymdhs年月日]/i.test(first) || /\[(h|m|s)+\]/i.test(first);
}

/** A date serial as the UTC date Excel shows (time of day kept). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  // 1900 system: Excel counts 1900-02-29, which never was; serials from 61 on are one day ahead.
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}
