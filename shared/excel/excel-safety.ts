/**
 * Keeping submitted text inert in a workbook, and names of sheets and files
 * safe. exceljs writes a JS string as a string cell, never a formula, so text
 * that starts with =, +, -, @, tab or CR is kept exactly as submitted but can
 * never be evaluated; everything from a submission goes through safeText so
 * no object (which exceljs could read as {formula}) reaches a cell.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const LEADING_SPACE = /^[ \u00A0\u3000]+/;

/**
 * Text a spreadsheet could take for a formula: one starting with =, +, -, @, tab or CR, also after
 * leading spaces (LibreOffice and some Excel imports skip them) and in the full-width forms a
 * Chinese input method types (＝＋－＠).
 */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) || FORMULA_START.test(text.slice(0, 64).replace(LEADING_SPACE, ''));
}

/** Characters XML 1.0 forbids (controls, U+FFFE/U+FFFF, unpaired surrogates): written raw, they make a workbook unreadable. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function hasXmlForbidden(text: string): boolean {
  XML_FORBIDDEN.lastIndex = 0;
  return XML_FORBIDDEN.test(text);
}

/**
 * Text for a workbook cell. Rows holding such characters are rejected at
 * ingest; what reaches a report from elsewhere (an object key, a sheet name)
 * has them replaced by U+FFFD, so no uploader can make the report unreadable.
 */
export function safeText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).replace(XML_FORBIDDEN, '\uFFFD');
}

/** For CSV, which has no cell types: the apostrophe Excel itself uses to mark text. */
export function csvSafeText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** Excel's sheet-name limit is 31 UTF-16 units; the cut never splits a surrogate pair (that would leave U+FFFD). */
export function safeSheetName(name: string): string {
  // Cut to 64 first: what follows runs on a short string.
  const cleaned =
    safeText(cutUnits(name, 64))
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  return cutUnits(cleaned, 31).replace(/'+$/, '').trim() || 'Sheet';
}

/** At most `units` UTF-16 units of the text, one fewer where the cut would split a surrogate pair. */
export function cutUnits(text: string, units: number): string {
  if (text.length <= units) return text;
  const last = text.charCodeAt(units - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? units - 1 : units);
}

export function safeFileName(name: string): string {
  return cutUnits(name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+/, '_'), 120) || 'report';
}
