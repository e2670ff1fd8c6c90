/**
 * Reads an .xlsx (Office Open XML) workbook held in memory, one sheet at a
 * time, streaming each sheet's XML: memory holds the compressed file, the
 * shared strings and one chunk of rows, whatever the sheet's size. Parts are
 * read in the order needed (workbook, styles, shared strings, then sheets),
 * so a sheet zipped before the shared strings costs nothing extra.
 *
 * Values are what Excel shows: a formula gives its saved result, a number
 * with a date format is a date, a number keeps the 15 significant digits
 * Excel displays.
 */
import { isPlainDecimal } from '../../domain/decimal-text';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { bilingual } from '../../domain/bilingual';
import { cutAtCharacter, displayText } from '../../domain/display-text';
import type { CellInput } from './cell-values';
import { excelSerialToDate, isBuiltinDateFormat, isDateFormatCode } from './excel-dates';
import { isEmptyRow, type MergeRange, type RawRow, type TableSheet } from './sheet-rows';
import { UnreadableFileError } from '../ingest-errors';
import { SHEET_NAME_CHARACTERS, type ReadLimits } from './workbook-limits';
import { excelErrorCell, pastLimit, tooLongCell } from './workbook-messages';
import { SharedStrings } from './shared-strings';
import { decodeXString } from './ooxml-escapes';
import { feedXml, readXml, type XmlHandler } from './xml-stream';
import { XmlPartError } from '../ingest-errors';
import { openZip, type ZipArchive } from './zip-archive';

interface SheetEntry {
  name: string;
  hidden: boolean;
  part: string;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;

/** "AB12" → column 27 (0-based), row 12. */
export function parseCellRef(ref: string): { col: number; row: number } | undefined {
  // `$?` 1–3 letters `$?` 1–7 digits, read in one pass (every cell of a sheet names its reference).
  let i = ref.charCodeAt(0) === 36 ? 1 : 0;
  let col = 0;
  const lettersFrom = i;
  for (; i < ref.length && i - lettersFrom < 4; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  const letters = i - lettersFrom;
  if (letters < 1 || letters > 3) return undefined;
  if (ref.charCodeAt(i) === 36) i++;
  const digitsFrom = i;
  let row = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    row = row * 10 + (c - 48);
  }
  const digits = i - digitsFrom;
  return digits >= 1 && digits <= 7 ? { col: col - 1, row } : undefined;
}

export function parseRangeRef(ref: string): MergeRange | undefined {
  const [a, b] = ref.split(':');
  const start = a ? parseCellRef(a) : undefined;
  const end = b ? parseCellRef(b) : start;
  if (!start || !end) return undefined;
  return {
    top: Math.min(start.row, end.row),
    bottom: Math.max(start.row, end.row),
    left: Math.min(start.col, end.col),
    right: Math.max(start.col, end.col),
  };
}

/** The numbers Excel shows: 15 significant digits, so 0.30000000000000004 is 0.3. */
export function excelNumber(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(15)) : n;
}

function partError(part: string, err: unknown): UnreadableFileError {
  const detail = err instanceof Error ? err.message : String(err);
  return new UnreadableFileError(
    bilingual(
      `工作簿的 ${displayText(part, 80)} 部分已损坏或不是有效的 XML（${displayText(detail, 120)}），请在 Excel 或 WPS 中另存后重新上传`,
      `the workbook part ${displayText(part, 80)} is damaged or not valid XML (${displayText(detail, 120)}); save ` +
        `the file again in Excel or WPS and upload it again`,
    ),
  );
}

async function openPart(zip: ZipArchive, part: string): Promise<Readable | undefined> {
  try {
    return await zip.open(part);
  } catch (err) {
    throw partError(part, err);
  }
}

async function readPart(zip: ZipArchive, part: string, handler: XmlHandler): Promise<boolean> {
  const stream = await openPart(zip, part);
  if (!stream) return false;
  try {
    await readXml(stream, handler);
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw partError(part, err);
  }
  return true;
}

type Relationship = { id: string; type: string; target: string };

/** The part's relationships, or undefined when the package has no relationships part for it. */
async function relationships(zip: ZipArchive, part: string): Promise<Relationship[] | undefined> {
  const dir = posix.dirname(part);
  const relsPart = posix.join(dir, '_rels', posix.basename(part) + '.rels');
  const rels: Relationship[] = [];
  const found = await readPart(zip, relsPart, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(dir, a.Target));
      rels.push({ id: a.Id ?? '', type: a.Type ?? '', target });
    },
    text() {},
    close() {},
  });
  return found ? rels : undefined;
}

/** The namespace prefix of a qualified name, with its colon (`x:`), or '' for none. */
function prefixOf(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? '' : qualified.slice(0, colon + 1);
}

interface WorkbookInfo {
  sheets: SheetEntry[];
  date1904: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

async function workbookInfo(zip: ZipArchive): Promise<WorkbookInfo> {
  const root = (await relationships(zip, '')) ?? [];
  const workbookPart = root.find((r) => REL_OFFICE_DOCUMENT.test(r.type))?.target ?? 'xl/workbook.xml';
  const declared: { name: string; hidden: boolean; rid: string }[] = [];
  let date1904 = false;
  // The workbook's own elements share the root element's prefix; extension elements of the same
  // local name (x14:workbookPr, x15:workbookPr, written by Mac Excel) are other elements and must not
  // reset the date system the real workbookPr declares.
  let mainPrefix: string | undefined;
  const found = await readPart(zip, workbookPart, {
    open(name, a, qualified) {
      if (mainPrefix === undefined) mainPrefix = prefixOf(qualified);
      if (prefixOf(qualified) !== mainPrefix) return;
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') {
        const rid = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
        // Excel allows 31 characters; a hand-written part may hold any number, and the name is stored on the status.
        declared.push({ name: cutAtCharacter(a.name ?? '', SHEET_NAME_CHARACTERS), hidden: a.state === 'hidden' || a.state === 'veryHidden', rid });
      }
    },
    text() {},
    close() {},
  });
  if (!found) {
    throw new UnreadableFileError(
      bilingual(
        '文件不是 Excel 工作簿（缺少 workbook.xml），请另存为 .xlsx 后重新上传',
        'the file is not an Excel workbook (it has no workbook.xml); save it as .xlsx and upload it again',
      ),
    );
  }
  const rels = await relationships(zip, workbookPart);
  if (!rels) {
    const relsPart = posix.join(posix.dirname(workbookPart), '_rels', posix.basename(workbookPart) + '.rels');
    throw new UnreadableFileError(
      bilingual(
        `工作簿已损坏：缺少工作表目录 ${relsPart}，无法找到各工作表；请在 Excel 或 WPS 中另存后重新上传`,
        `the workbook is damaged: it has no ${relsPart}, which lists where its sheets are; save it again in Excel or WPS and upload it again`,
      ),
    );
  }
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sheets: SheetEntry[] = [];
  for (const d of declared) {
    const rel = byId.get(d.rid);
    // Chart sheets and dialog sheets hold no cells.
    if (!rel || !REL_WORKSHEET.test(rel.type)) continue;
    sheets.push({ name: d.name, hidden: d.hidden, part: rel.target });
  }
  return {
    sheets,
    date1904,
    sharedStringsPart: rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? (zip.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined),
    stylesPart: rels.find((r) => r.type.endsWith('/styles'))?.target ?? (zip.has('xl/styles.xml') ? 'xl/styles.xml' : undefined),
  };
}

/** For each cell style (index into cellXfs): does it show a date? */
async function dateStyles(zip: ZipArchive, part: string | undefined): Promise<boolean[]> {
  if (!part) return [];
  const customDate = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await readPart(zip, part, {
    open(name, a) {
      if (name === 'numFmt') customDate.set(Number(a.numFmtId), isDateFormatCode(a.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        styles.push(customDate.get(id) ?? isBuiltinDateFormat(id));
      }
    },
    text() {},
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/**
 * The shared-strings table: rich-text runs joined, phonetic guides (rPh) left
 * out. A string longer than a cell may hold is kept as the problem it is.
 */
async function sharedStrings(zip: ZipArchive, part: string | undefined, limits: ReadLimits): Promise<SharedStrings> {
  const strings = new SharedStrings();
  if (!part) return strings;
  let current: string[] = [];
  let length = 0;
  let inText = false;
  let phonetic = 0;
  let characters = 0;
  await readPart(zip, part, {
    open(name) {
      if (name === 'si') {
        current = [];
        length = 0;
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text(text) {
      if (!inText) return;
      characters += text.length;
      if (characters > limits.sharedStringCharacters) {
        throw pastLimit.sharedStrings(limits);
      }
      length += text.length;
      if (length <= limits.cellCharacters) current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') strings.push(length > limits.cellCharacters ? tooLongCell(limits) : decodeXString(current.join('')));
    },
  });
  return strings;
}

const MERGE_NAME = 'mergeCell';
/** A merge tag is tens of characters; one past this is skipped, never held. */
const MERGE_TAG_CHARACTERS = 1_024;
/** Enough of a chunk's end to hold a prefix and the element name cut by the chunk boundary. */
const NAME_CARRY = 80;
const MERGE_REF = /\bref\s*=\s*["']([^"']{1,40})["']/;

/** `<mergeCell` or `<x:mergeCell` (any prefix) opens at `at`, where the name begins. */
function opensMergeTag(text: string, at: number): number | undefined {
  if (text[at - 1] === '<') return at - 1;
  if (text[at - 1] !== ':') return undefined;
  for (let i = at - 2; i >= 0 && at - i < 34; i--) {
    const c = text[i]!;
    if (c === '<') return i < at - 2 ? i : undefined;
    if (!/[\w.-]/.test(c)) return undefined;
  }
  return undefined;
}

const NAME_BYTES = Buffer.from(MERGE_NAME);

/** The element's name is in the chunk, or across the edge between the kept tail and the chunk. */
function holdsName(tail: Buffer | undefined, chunk: Buffer): boolean {
  if (chunk.indexOf(NAME_BYTES) >= 0) return true;
  return tail !== undefined && Buffer.concat([tail, chunk.subarray(0, NAME_BYTES.length)]).indexOf(NAME_BYTES) >= 0;
}

/**
 * The sheet's merged ranges; they are written after the cells, so the part is read once before its
 * rows. A scan for the element's name with indexOf, in one pass over the part (a pattern with a lazy
 * run before `ref` took 16 s on a 54 KB file of unclosed tags). Each range is clipped to the column
 * limit: a merge reaching column XFD covers nothing a row may hold.
 */
async function sheetMerges(zip: ZipArchive, part: string, limits: ReadLimits): Promise<MergeRange[]> {
  const stream = await openPart(zip, part);
  if (!stream) return [];
  const merges: MergeRange[] = [];
  let decoder = new TextDecoder('utf-8');
  let carry = '';
  // Chunks without the name (all the cells before the merges) are searched as bytes and never decoded;
  // the tail of the last one is kept for a name the chunk boundary cuts.
  let skippedTail: Buffer | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (carry === '' && !holdsName(skippedTail, chunk)) {
        skippedTail = chunk.subarray(Math.max(0, chunk.length - NAME_CARRY));
        continue;
      }
      // After skipped chunks the decoder starts afresh (a character cut at that edge is never in a merge tag, which is ASCII).
      if (skippedTail) decoder = new TextDecoder('utf-8');
      const text = carry + decoder.decode(skippedTail ? Buffer.concat([skippedTail, chunk]) : chunk, { stream: true });
      skippedTail = undefined;
      carry = '';
      let pos = 0;
      for (;;) {
        const at = text.indexOf(MERGE_NAME, pos);
        if (at < 0 || at + MERGE_NAME.length >= text.length) {
          carry = text.slice(Math.max(pos, text.length - NAME_CARRY));
          break;
        }
        pos = at + MERGE_NAME.length;
        const after = text[pos]!;
        if (after !== ' ' && after !== '/' && after !== '>' && after !== '\t' && after !== '\n' && after !== '\r') continue;
        const open = opensMergeTag(text, at);
        if (open === undefined) continue;
        const close = text.indexOf('>', pos);
        if (close < 0) {
          // The tag goes on in the next chunk: keep it, unless it is already longer than any merge tag.
          if (text.length - open < MERGE_TAG_CHARACTERS) carry = text.slice(open);
          break;
        }
        pos = close + 1;
        if (close - open > MERGE_TAG_CHARACTERS) continue;
        const ref = MERGE_REF.exec(text.slice(at, close));
        const range = ref ? parseRangeRef(ref[1]!) : undefined;
        if (range && (range.bottom > range.top || range.right > range.left) && range.left < limits.columns) {
          merges.push({ ...range, right: Math.min(range.right, limits.columns - 1) });
        }
        if (merges.length > limits.merges) {
          stream.destroy();
          throw pastLimit.merges(limits);
        }
      }
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw partError(part, err);
  }
  return merges;
}

interface Budget {
  cells: number;
}

class SheetHandler implements XmlHandler {
  readonly done: RawRow[] = [];
  private rowNumber = 0;
  private cells: CellInput[] = [];
  private col = -1;
  private type = '';
  private style = 0;
  /** The text of `<v>` and of `<is>` kept apart: an inline-string cell may carry both, and shows only `<is>`. */
  private value = '';
  private inline = '';
  private valueLength = 0;
  private tooLong = false;
  private hasFormula = false;
  private hasValue = false;
  /** A `<v>` element of the cell's own (not one inside `<is>`), even an empty one. */
  private valueTag = false;
  private capture = false;
  private inInline = false;
  private phonetic = 0;

  constructor(
    private readonly strings: SharedStrings,
    private readonly dateStyle: readonly boolean[],
    private readonly date1904: boolean,
    private readonly limits: ReadLimits,
    private readonly budget: Budget,
  ) {}

  open(name: string, a: Readonly<Record<string, string>>): void {
    switch (name) {
      case 'row':
        {
          const r = Number(a.r);
          // Rows without a number (or with a nonsensical one) follow the previous row.
          this.rowNumber = Number.isInteger(r) && r > this.rowNumber ? r : this.rowNumber + 1;
        }
        this.cells = [];
        this.col = -1;
        return;
      case 'c': {
        const ref = a.r ? parseCellRef(a.r) : undefined;
        this.col = ref ? ref.col : this.col + 1;
        this.type = a.t ?? 'n';
        this.style = a.s ? Number(a.s) : 0;
        this.value = '';
        this.inline = '';
        this.valueLength = 0;
        this.tooLong = false;
        this.hasFormula = false;
        this.hasValue = false;
        this.valueTag = false;
        this.inInline = false;
        return;
      }
      case 'f':
        this.hasFormula = true;
        return;
      case 'v':
        // A `<v>` inside `<is>` is no part of the inline text (Excel and SheetJS show only the `<t>`s).
        if (this.inInline) return;
        this.capture = true;
        this.hasValue = true;
        this.valueTag = true;
        return;
      case 'is':
        this.inInline = true;
        this.hasValue = true;
        return;
      case 'rPh':
        this.phonetic++;
        return;
      case 't':
        if (this.inInline && this.phonetic === 0) this.capture = true;
        return;
    }
  }

  text(text: string): void {
    if (!this.capture || this.tooLong) return;
    this.valueLength += text.length;
    if (this.valueLength > this.limits.cellCharacters) {
      this.tooLong = true;
      this.value = '';
      this.inline = '';
      return;
    }
    if (this.inInline) this.inline += text;
    else this.value += text;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = false;
        return;
      case 'rPh':
        this.phonetic--;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'c':
        this.finishCell();
        return;
      case 'row':
        if (!isEmptyRow(this.cells)) this.done.push({ row: this.rowNumber, cells: this.cells });
        return;
    }
  }

  private finishCell(): void {
    if (this.col < 0) return;
    if (this.col >= this.limits.columns) {
      if (this.hasValue) {
        throw pastLimit.columns(this.rowNumber, this.limits);
      }
      return;
    }
    if (++this.budget.cells > this.limits.cells) {
      throw pastLimit.cells(this.limits);
    }
    const value = this.cellValue();
    if (value !== null) {
      while (this.cells.length < this.col) this.cells.push(null);
      this.cells[this.col] = value;
    }
  }

  private cellValue(): CellInput {
    if (this.tooLong) return tooLongCell(this.limits);
    if (this.type === 'inlineStr') {
      // Excel shows the inline text; a `<v>` beside it (some writers add one) is not part of it.
      return emptyAsNull(decodeXString(this.inline));
    }
    const text = this.value;
    if (this.hasFormula && !this.hasValue) {
      return {
        problem: bilingual(
          '公式没有保存计算结果，请在 Excel 或 WPS 中打开并保存后重新上传',
          'the formula has no saved result; open the file in Excel or WPS, save it, and upload it again',
        ),
      };
    }
    switch (this.type) {
      case 's': {
        // `<c t="s"/>` and `<c t="s"><v/></c>` are empty cells (openpyxl, WPS, some .NET writers),
        // not a reference to string 0.
        if (text.trim() === '') return null;
        const s = this.strings.at(Number(text));
        return s === undefined ? { problem: bilingual('单元格引用了不存在的共享文本', 'the cell refers to shared text that does not exist') } : s;
      }
      case 'str':
        return emptyAsNull(decodeXString(text));
      case 'b':
        // An empty `<v/>` of a boolean is FALSE as Excel shows it (some writers put a formula's FALSE so).
        if (text.trim() === '') return this.valueTag ? false : null;
        return text.trim() === '1' || text.trim().toLowerCase() === 'true';
      case 'e':
        if (text.trim() === '') return null;
        return excelErrorCell(text);
      case 'd': {
        if (text.trim() === '') return null;
        const d = new Date(text.endsWith('Z') || /[+-]\d\d:\d\d$/.test(text) ? text : text + 'Z');
        return Number.isNaN(d.getTime()) ? text : d;
      }
      default: {
        if (text.trim() === '') return null;
        const n = Number(text);
        if (!Number.isFinite(n)) return text;
        if (this.dateStyle[this.style]) return excelSerialToDate(n, this.date1904);
        // A decimal of at most 15 digits is already what Excel shows: rounding to 15 digits gives it back.
        return text.length <= 15 && isPlainDecimal(text) ? n : excelNumber(n);
      }
    }
  }
}

/** An empty text cell is an empty cell, as Excel shows it. */
function emptyAsNull(text: string): string | null {
  return text === '' ? null : text;
}

async function* sheetRows(
  zip: ZipArchive,
  part: string,
  strings: SharedStrings,
  dateStyle: readonly boolean[],
  date1904: boolean,
  limits: ReadLimits,
  budget: Budget,
): AsyncGenerator<RawRow> {
  const stream = await openPart(zip, part);
  if (!stream) return;
  const handler = new SheetHandler(strings, dateStyle, date1904, limits, budget);
  try {
    for await (const _ of feedXml(stream, handler)) {
      for (const row of handler.done) yield row;
      handler.done.length = 0;
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    if (err instanceof XmlPartError) throw partError(part, err);
    throw err;
  } finally {
    stream.destroy();
  }
}

const REL_CORE_PROPERTIES = /\/core-properties$/;
const KEYWORDS_CHARACTERS = 4096;

/** The document's keywords (its core properties), where a checked workbook records its source (ingest/returned-copy.ts). */
async function keywordsOf(zip: ZipArchive): Promise<string | undefined> {
  const root = (await relationships(zip, '')) ?? [];
  const part = root.find((r) => REL_CORE_PROPERTIES.test(r.type))?.target ?? 'docProps/core.xml';
  let inside = false;
  let text = '';
  const found = await readPart(zip, part, {
    open(name) {
      inside = name === 'keywords';
    },
    text(chunk) {
      if (inside && text.length < KEYWORDS_CHARACTERS) text += chunk.slice(0, KEYWORDS_CHARACTERS - text.length);
    },
    close() {
      inside = false;
    },
  }).catch(() => false);
  return found && text !== '' ? text : undefined;
}

export async function* readXlsx(bytes: Buffer, limits: ReadLimits): AsyncGenerator<TableSheet> {
  const zip = await openZip(bytes, limits.uncompressedBytes);
  try {
    const info = await workbookInfo(zip);
    const keywords = await keywordsOf(zip);
    if (info.sheets.length > limits.sheets) {
      throw pastLimit.sheets(info.sheets.length, limits);
    }
    const dateStyle = await dateStyles(zip, info.stylesPart);
    const strings = await sharedStrings(zip, info.sharedStringsPart, limits);
    const budget: Budget = { cells: 0 };
    for (const sheet of info.sheets) {
      const merges = sheet.hidden ? [] : await sheetMerges(zip, sheet.part, limits);
      yield {
        kind: 'table',
        spans: 'merged',
        name: sheet.name,
        hidden: sheet.hidden,
        merges,
        rows: sheetRows(zip, sheet.part, strings, dateStyle, info.date1904, limits, budget),
        ...(keywords ? { keywords } : {}),
      };
    }
  } finally {
    zip.close();
  }
}
