/**
 * SpreadsheetML text (ST_Xstring) escapes characters XML cannot carry as
 * `_xHHHH_`: Excel writes a carriage return as `_x000D_`, and a literal
 * `_x000D_` in a cell as `_x005F_x000D_` (the underscore escaped). Excel, WPS
 * and LibreOffice decode them; so does this. The pattern is linear: one pass,
 * fixed-width matches, no backtracking.
 */
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function decodeXString(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
