/**
 * The checked workbook's first sheet, `错误清单 Errors` (contract 11): its
 * name and the header row of its list, so that a returned checked workbook's
 * own list is passed over without a word, while a unit's data sheet that
 * happens to carry the name is read like any other.
 */
import type { RawRow } from './parsing/sheet-rows';

export const ERRORS_SHEET = '错误清单 Errors';

export const ERRORS_LIST_HEADER = ['工作表 Sheet', '行 Row', '列 Column', '类别 Kind', '说明 Message'] as const;

/** A sheet named like the list (错误清单, in any width or case of its English part). */
export function isNamedErrorsList(name: string): boolean {
  return /^错误清单([\s(（_-]|$)/.test(name.normalize('NFKC').trim());
}

/** The sheet's first rows hold the list's header row: it is the checked workbook's own list. */
export function holdsErrorsList(rows: readonly RawRow[]): boolean {
  return rows.some((r) => ERRORS_LIST_HEADER.every((h, i) => typeof r.cells[i] === 'string' && (r.cells[i] as string).trim() === h));
}
