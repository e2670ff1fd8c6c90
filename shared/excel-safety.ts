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

export function safeText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** For CSV, which has no cell types: the apostrophe Excel itself uses to mark text. */
export function csvSafeText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim();
  return (cleaned || 'Sheet').slice(0, 31);
}

export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+/, '_').slice(0, 120) || 'report';
}
