/**
 * Validating one data row against a dataset's columns. Every problem becomes a
 * {row, column, message} a person can act on — the column named as its header
 * is written in the file, the message in Chinese then English; a row with any
 * error is rejected whole.
 */
import { characterCount } from '../../domain/display-text';
import { aliasedCode } from '../../domain/code-aliases';
import { addressDomain } from '../../domain/email-address';
import { bilingual } from '../../domain/bilingual';
import type { Enumeration } from '../../domain/enumerations';
import type { ColumnSpec, DatasetName } from '../../domain/datasets';
import { ROW_RULES, type RowRule } from '../../domain/row-rules';
import type { MappedColumn } from './header-mapping';
import {
  cellToText,
  isBlank,
  isCellProblem,
  parseBoolean,
  parseMoney,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parseYear,
  show,
  type CellInput,
  type Parsed,
} from './cell-values';
import { hasXmlForbidden } from '../../excel/excel-safety';
import type { RowError } from '../../domain/submission-status';
import { parseUscc } from '../../domain/uscc';
import { foldId } from '../../domain/unit-id';

export interface ValidationContext {
  /** Latest acceptable reporting year (next year). */
  maxYear: number;
  /** The bureau's aliases for codes (domain/code-aliases.ts), read at the start of each ingest. */
  aliases?: ReadonlyMap<string, string>;
}

export type RowResult = { ok: true; record: Record<string, unknown> } | { ok: false; errors: RowError[] };

const ID_PATTERN = /^[A-Za-z0-9-]{1,32}$/;
/** What Excel writes for a long number it could not keep: "9.11401E+17". */
const EXPONENT_FORM = /^\s*\d(\.\d+)?e\+?\d+\s*$/i;
const REPLACEMENT_CHARACTER = '\uFFFD';
/** Invisible format characters (contract section 2): zero-width, bidirectional embeddings and isolates, word joiners, a BOM inside text. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** The first invisible format character in the text, as its code point (`U+202E`), or undefined. */
export function invisibleCharacter(text: string): string | undefined {
  const m = INVISIBLE.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** A value of a code list: a code, a label, or the bureau's alias; otherwise an error naming the likely value. */
function parseCode(enumeration: Enumeration<string>, header: string, cell: CellInput, ctx: ValidationContext): Parsed<unknown> {
  const text = cellToText(cell);
  const code = enumeration.parse(text) ?? (ctx.aliases ? aliasedCode(ctx.aliases, enumeration.name, text) : undefined);
  if (code !== undefined) return { ok: true, value: code };
  // The likely value named once in each language; the Chinese list once, for the submitter to choose from.
  const near = enumeration.nearest(text);
  const nearLabel = near === undefined ? undefined : enumeration.label(near);
  const labels = Object.values(enumeration.labels).map(String).join('、');
  return {
    ok: false,
    message: bilingual(
      `${show(text)} 不是有效的${header}${nearLabel ? `，是否应为「${nearLabel}」？` : '。'}可填：${labels}`,
      `${show(text)} is not a known ${enumeration.name}${nearLabel ? `; did you mean ${nearLabel} (${near})?` : ''} (the allowed values are listed in Chinese)`,
    ),
  };
}

function parseId(cell: CellInput): Parsed<unknown> {
  // Checked in its folded form (full-width letters are letters), kept as written (contract 1, "Identity").
  const text = typeof cell === 'string' && cell.length > 100 ? cell.slice(0, 100) : cellToText(cell);
  if (ID_PATTERN.test(foldId(text))) return { ok: true, value: text };
  return {
    ok: false,
    message: bilingual(`${show(text)} 不是有效编号（1–32 位字母、数字或连字符）`, `${show(text)} is not a valid ID (1–32 letters, digits or hyphens)`),
  };
}

function parseText(maxLength: number | undefined, cell: CellInput): Parsed<unknown> {
  const tooLong = (length: number): Parsed<unknown> => ({
    ok: false,
    message: bilingual(`内容有 ${length} 个字，超过上限 ${maxLength} 个`, `text is ${length} characters, longer than the ${maxLength} allowed`),
  });
  // Far past the limit even after spaces collapse: refused before any per-character work.
  if (maxLength !== undefined && typeof cell === 'string' && cell.length > maxLength * 4 + 1_000) return tooLong(characterCount(cell));
  const text = cellToText(cell);
  // Code units bound the characters from above: counting them is needed only when they exceed the limit.
  const length = maxLength !== undefined && text.length > maxLength ? characterCount(text) : 0;
  return maxLength !== undefined && length > maxLength ? tooLong(length) : { ok: true, value: text };
}

function parseUsccCell(cell: CellInput): Parsed<unknown> {
  // The pattern only where it can match: a code with no E in it is no exponent form.
  if (typeof cell === 'number' || (typeof cell === 'string' && (cell.includes('E') || cell.includes('e')) && EXPONENT_FORM.test(cell))) {
    return {
      ok: false,
      message: bilingual(
        `统一社会信用代码被 Excel 存成了数字（${show(cell)}），后几位已经丢失：请把该列设置为“文本”格式，重新录入代码后上传`,
        `Excel stored the credit code as a number (${show(cell)}) and lost its last digits: format the column as text, type the codes again and upload`,
      ),
    };
  }
  const result = parseUscc(cellToText(cell));
  return result.ok ? result : { ok: false, message: result.message };
}

function parseEmail(cell: CellInput): Parsed<unknown> {
  const text = cellToText(cell);
  return addressDomain(text)
    ? { ok: true, value: text }
    : { ok: false, message: bilingual(`${show(text)} 不是电子邮箱地址`, `${show(text)} is not an email address`) };
}

function parseCell(column: ColumnSpec, header: string, cell: CellInput, multiplier: number, ctx: ValidationContext): Parsed<unknown> {
  const type = column.type;
  switch (type.kind) {
    case 'id':
      return parseId(cell);
    case 'text':
      return parseText(type.maxLength, cell);
    case 'enum':
      return parseCode(type.enumeration, header, cell, ctx);
    case 'year':
      return parseYear(cell, ctx.maxYear);
    case 'int':
      return parseNonNegativeInteger(cell);
    case 'number':
      return parseNonNegativeNumber(cell);
    case 'money':
      return parseMoney(cell, multiplier);
    case 'bool':
      return parseBoolean(cell);
    case 'uscc':
      return parseUsccCell(cell);
    case 'email':
      return parseEmail(cell);
  }
}

/**
 * Text none of the checks below can object to: no control character, nothing from U+200B to U+206F
 * (zero-width, direction and word-joining characters) and nothing from U+D800 up (surrogates, U+FEFF,
 * U+FFFD, U+FFFE/U+FFFF) — one pass over the code units, so most cells skip the patterns.
 */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c >= 0xd800 || (c >= 0x200b && c <= 0x206f)) return false;
  }
  return true;
}

/** The first half of a character without its other half (a lone UTF-16 surrogate), as its code point, or undefined. */
export function loneSurrogate(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    return `U+${c.toString(16).toUpperCase()}`;
  }
  return undefined;
}

/** Why a cell's text can never be stored, whatever its column: a problem the reader found, damaged, unstorable or invisible characters. */
function unstorable(cell: CellInput, header: string): string | undefined {
  if (isCellProblem(cell)) return cell.problem;
  if (typeof cell !== 'string' || isPlainText(cell)) return undefined;
  if (cell.includes(REPLACEMENT_CHARACTER)) {
    // Stored text is exactly the file's text: a character lost before the file reached us is never stored.
    return bilingual(
      `「${header}」含有无法识别的字符（�），文字在保存或转换文件时已损坏：请核对原文重新填写`,
      `the cell holds an undecodable character (U+FFFD): its text was damaged when the file was saved or converted; type it again`,
    );
  }
  const lone = loneSurrogate(cell);
  if (lone !== undefined) {
    // UTF-8 cannot hold half a character: stored, it would become U+FFFD without a word.
    return bilingual(
      `「${header}」含有无法保存的半个字符 ${lone}（文件中的字符不完整），请核对原文重新填写`,
      `the cell holds half a character (${lone}, a lone surrogate) that no text can be stored with; check the original and type it again`,
    );
  }
  if (hasXmlForbidden(cell)) {
    return bilingual(
      `「${header}」含有不可见的控制字符，无法保存：请删除后重新填写`,
      `the cell holds a control character (or U+FFFE/U+FFFF) that no workbook can hold; remove it and type the text again`,
    );
  }
  const invisible = invisibleCharacter(cell);
  // Bidirectional and zero-width characters make a name look like another; never stored, never echoed.
  if (invisible) {
    return bilingual(
      `「${header}」含有不可见的格式字符 ${invisible}（零宽或文字方向控制符），可能使名称或代码看起来与实际不同：请删除后重新填写`,
      `the cell holds the invisible format character ${invisible} (zero-width or text-direction control), which can ` +
        `make a name or code look other than it is; remove it and type the text again`,
    );
  }
  return undefined;
}

/** Each dataset's row rules, found once rather than on every row. */
const RULES_OF = new Map<DatasetName, readonly RowRule[]>();
for (const rule of ROW_RULES) RULES_OF.set(rule.dataset, [...(RULES_OF.get(rule.dataset) ?? []), rule]);

/** The rules across a row's fields (domain/row-rules.ts), for a row whose cells are all valid. */
function rowRuleErrors(columns: readonly MappedColumn[], record: Readonly<Record<string, unknown>>, row: number, dataset: DatasetName): RowError[] {
  return (RULES_OF.get(dataset) ?? [])
    .filter((rule) => rule.breaks(record))
    .map((rule) => ({
      row,
      column: columns.find((c) => c.column.name === rule.column)?.header ?? rule.column,
      message: bilingual(rule.zh, rule.en),
    }));
}

const DEFAULTED = new WeakMap<readonly ColumnSpec[], readonly ColumnSpec[]>();

/** The columns that have a default, found once per dataset rather than on every row. */
function withDefaults(columns: readonly ColumnSpec[]): readonly ColumnSpec[] {
  let found = DEFAULTED.get(columns);
  if (!found) DEFAULTED.set(columns, (found = columns.filter((c) => c.defaultValue !== undefined)));
  return found;
}

export function validateRow(
  columns: readonly MappedColumn[],
  allColumns: readonly ColumnSpec[],
  cells: readonly CellInput[],
  row: number,
  ctx: ValidationContext,
  dataset?: DatasetName,
): RowResult {
  const record: Record<string, unknown> = {};
  const errors: RowError[] = [];
  for (const mapped of columns) {
    const cell = mapped.fixedValue !== undefined ? mapped.fixedValue : cells[mapped.index];
    const { column, header } = mapped;
    const fault = unstorable(cell, header);
    if (fault !== undefined) {
      errors.push({ row, column: header, message: fault });
      continue;
    }
    if (isBlank(cell)) {
      if (column.required) errors.push({ row, column: header, message: bilingual(`「${header}」为必填项，不能为空`, `${column.name} is required but empty`) });
      continue;
    }
    const parsed = parseCell(column, header, cell, mapped.multiplier, ctx);
    if (parsed.ok) record[column.name] = parsed.value;
    else errors.push({ row, column: header, message: parsed.message });
  }
  if (errors.length === 0 && dataset) errors.push(...rowRuleErrors(columns, record, row, dataset));
  if (errors.length > 0) return { ok: false, errors };
  for (const column of withDefaults(allColumns)) {
    if (record[column.name] === undefined) record[column.name] = column.defaultValue;
  }
  return { ok: true, record };
}
