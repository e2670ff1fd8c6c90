/**
 * Keeping submitted text inert in a workbook, and names of sheets and files
 * safe. exceljs writes a JS string as a string cell, never a formula, so text
 * that starts with =, +, -, @, tab or CR is kept exactly as submitted but can
 * never be evaluated; everything from a submission goes through safeText so
 * no object (which exceljs could read as {formula}) reaches a cell.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
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

export function safeSheetName(name: string): string {
  const cleaned = safeText(name).replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim();
  return (cleaned || 'Sheet').slice(0, 31);
}

export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+/, '_').slice(0, 120) || 'report';
}
