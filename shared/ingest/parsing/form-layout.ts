/**
 * Forms as bureaus fill them (data contract section 9): a title block, a
 * header row found among the first 30 non-empty rows, perhaps a second
 * header row under merged cells, serial numbers, total rows and a footer.
 * This finds the layout of one sheet, the same way for CSV, XLSX, XLS and
 * ET, and then hands on its rows one at a time, each classified, so a sheet
 * of any length is read with the same memory.
 */
import { bilingual } from '../../domain/bilingual';
import { cellToText, type CellInput } from './cell-values';
import type { DatasetSpec } from '../../domain/datasets';
import type { SkippedRow } from '../../domain/submission-status';
import { columnNamed, isSerialHeader, mapHeaders, parseHeader, type HeaderInput, type HeaderMapping } from './header-mapping';
import { moneyUnitMultiplier } from '../../domain/money';
import type { MergeRange, RawRow, TableSheet } from './sheet-rows';
import { titleMoneyUnits, titleYear } from './title-block';
import { parseUscc } from '../../domain/uscc';

/** Rows read before the header must have been found (rule 1). */
export const HEADER_SEARCH_ROWS = 30;

/** Words that open a total row (rule 5), compared with spaces removed and in any case. */
const TOTAL_WORDS = new Set(['合计', '总计', '共计', '小计', '全区合计', 'total', 'subtotal', 'sum']);
const SUBTOTAL_WORDS = new Set(['小计', 'subtotal']);
/** What a footer's first cell begins with (rule 6). */
const FOOTER_PREFIXES = [
  '填表人',
  '填报人',
  '制表人',
  '审核人',
  '负责人',
  '单位负责人',
  '统计负责人',
  '联系人',
  '联系电话',
  '填报日期',
  '报出日期',
  '注：',
  '注:',
  '说明：',
  '说明:',
  '备注：',
  '备注:',
];
/** A second-row cell that is only one of these words leaves the first-row name (rule 3). */
const AGGREGATE_WORDS = new Set(['合计', '小计', '总计', '数量', '金额']);
/** Units of measure that are not money, as second-row cells write them. */
const OTHER_UNITS = new Set(['人', '个', '家', '项', '件', '名', '户', '次', '平方米', 'm2', 'm²', '㎡', '%', '年']);

/** A row below the header, classified; `raw` is the row as the file holds it (for the checked workbook), `cells` with merges filled. */
export type FormRow =
  | { kind: 'data'; row: number; cells: readonly CellInput[]; raw: readonly CellInput[] }
  | { kind: 'total'; row: number; cells: readonly CellInput[]; raw: readonly CellInput[]; subtotal: boolean }
  | { kind: 'footer'; row: number; raw: readonly CellInput[] }
  | { kind: 'blank'; row: number; raw: readonly CellInput[] };

export interface FormHeader {
  spec: DatasetSpec;
  mapping: HeaderMapping;
  headerRow: number;
  /** The last header row: the second header row when there is one. */
  lastHeaderRow: number;
  /** Title rows and the second header row. */
  skipped: SkippedRow[];
  /** Problems of the header as a whole (two money units in the title), besides mapping.errors. */
  errors: string[];
  serialColumns: ReadonlySet<number>;
}

/** The first rows of a sheet, held while the header is looked for; the rest stay in the file. */
export interface SheetHead {
  rows: RawRow[];
  rest: AsyncIterator<RawRow>;
  merges: readonly MergeRange[];
  spans: TableSheet['spans'];
}

export async function readHead(sheet: TableSheet): Promise<SheetHead> {
  const rest = sheet.rows[Symbol.asyncIterator]();
  const rows: RawRow[] = [];
  // One more than the search: the row under the last candidate may be a second header row.
  while (rows.length < HEADER_SEARCH_ROWS + 1) {
    const next = await rest.next();
    if (next.done) break;
    rows.push(next.value);
  }
  return { rows, rest, merges: sheet.merges, spans: sheet.spans };
}

function text(cell: CellInput): string {
  return typeof cell === 'string' ? cell.trim() : cell === null || cell === undefined ? '' : cellToText(cell);
}

function namedCount(spec: DatasetSpec, cells: readonly CellInput[]): number {
  let n = 0;
  for (const cell of cells) {
    const t = text(cell);
    if (t !== '' && !isSerialHeader(t) && columnNamed(spec, t)) n++;
  }
  return n;
}

const rowMergeCache = new WeakMap<SheetHead, Map<number, ReadonlyMap<number, MergeRange>>>();

/**
 * The merged range covering each column of one row, built once per row asked about. Ranges cannot
 * overlap in a sound workbook; where a hostile one's do, the first range listed keeps a column and
 * the scan of a later range stops at the first column already taken, so the cost is the merges
 * plus the columns of the row, never merges × width.
 */
function mergesOnRow(head: SheetHead, row: number): ReadonlyMap<number, MergeRange> {
  let byRow = rowMergeCache.get(head);
  if (!byRow) rowMergeCache.set(head, (byRow = new Map()));
  let covered = byRow.get(row);
  if (covered) return covered;
  const map = new Map<number, MergeRange>();
  for (const m of head.merges) {
    if (m.top > row || row > m.bottom) continue;
    for (let col = m.left; col <= m.right; col++) {
      if (map.has(col)) break;
      map.set(col, m);
    }
  }
  byRow.set(row, (covered = map));
  return covered;
}

function mergeAt(head: SheetHead, row: number, col: number): MergeRange | undefined {
  return head.merges.length === 0 ? undefined : mergesOnRow(head, row).get(col);
}

function keyValueValid(spec: DatasetSpec, cell: CellInput): boolean {
  const t = text(cell);
  if (t === '') return false;
  const keyColumn = spec.columns.find((c) => c.name === spec.keyColumns[0])!;
  return keyColumn.type.kind === 'uscc' ? parseUscc(t).ok : /^[A-Za-z0-9-]{1,32}$/.test(t.normalize('NFKC'));
}

/** A second-row cell that is only a unit or an aggregate word: the money unit it states, if any. */
function unitOnly(cellText: string): { unit?: string } | undefined {
  if (cellText.length > 50) return undefined;
  const bare = cellText.normalize('NFKC').replace(/[()（）[\]【】\s]/g, '');
  if (bare === '') return undefined;
  if (moneyUnitMultiplier(bare) !== undefined) return { unit: bare };
  if (OTHER_UNITS.has(bare.toLowerCase()) || AGGREGATE_WORDS.has(bare)) return {};
  return undefined;
}

function isSecondHeaderRow(spec: DatasetSpec, head: SheetHead, header: RawRow, below: RawRow | undefined): boolean {
  if (!below || below.row !== header.row + 1) return false;
  // The key column's cell (any cell when the header does not name the key column) holds no valid key.
  const keyIndex = header.cells.findIndex((c) => columnNamed(spec, text(c))?.name === spec.keyColumns[0]);
  const keyCells = keyIndex >= 0 ? [below.cells[keyIndex]] : below.cells;
  if (keyCells.some((c) => keyValueValid(spec, c))) return false;
  // Beyond the contract: a row of nothing but units (万元 | 人 | 千元) under a plain header is a unit row, never data.
  const filled = below.cells.map(text).filter((t) => t !== '');
  if (filled.length > 0 && filled.every((t) => unitOnly(t) !== undefined)) return true;
  return below.cells.some((cell, col) => {
    if (text(cell) === '') return false;
    if (text(header.cells[col]) === '') return true;
    const m = mergeAt(head, header.row, col);
    return m !== undefined && m.right > m.left;
  });
}

/** The first-row text over each column: a merged cell (or, without merges, an empty cell right of a header) takes its text from the left. */
function firstRowTexts(head: SheetHead, header: RawRow, below: RawRow, width: number): { texts: string[]; spanning: boolean[] } {
  const texts: string[] = [];
  const spanning: boolean[] = [];
  for (let col = 0; col < width; col++) {
    const own = text(header.cells[col]);
    const m = mergeAt(head, header.row, col);
    if (m && m.right > m.left) {
      const source = m.top === header.row ? header.cells[m.left] : head.rows.find((r) => r.row === m.top)?.cells[m.left];
      texts.push(text(source));
      spanning.push(true);
      continue;
    }
    if (own !== '' || head.spans === 'merged') {
      texts.push(own);
      spanning.push(false);
      continue;
    }
    // A CSV has no merges: an empty header cell over second-row text belongs to the header on its left.
    let left = col - 1;
    while (left >= 0 && text(header.cells[left]) === '') left--;
    if (left >= 0 && text(below.cells[col]) !== '') {
      texts.push(text(header.cells[left]));
      spanning.push(true);
      if (!spanning[left]) spanning[left] = true;
    } else {
      texts.push('');
      spanning.push(false);
    }
  }
  return { texts, spanning };
}

function resolveTwoRowHeader(spec: DatasetSpec, head: SheetHead, header: RawRow, below: RawRow): HeaderInput[] {
  const width = Math.max(header.cells.length, below.cells.length);
  const { texts: first, spanning } = firstRowTexts(head, header, below, width);
  const inputs: HeaderInput[] = [];
  for (let col = 0; col < width; col++) {
    const f = first[col] ?? '';
    const coveredFromAbove = mergeAt(head, below.row, col)?.top === header.row;
    const s = coveredFromAbove ? '' : text(below.cells[col]);
    const parent = parseHeader(f);
    // A unit on a merged parent (经济指标（万元）) is the unit of every column it spans.
    const parentUnit = spanning[col] && parent.unit && moneyUnitMultiplier(parent.unit) !== undefined ? parent.unit : undefined;
    if (s === '') {
      inputs.push({ index: col, text: f, written: f });
      continue;
    }
    const only = unitOnly(s);
    if (only) {
      inputs.push({ index: col, text: f, written: f, inheritedUnit: only.unit ?? undefined });
      continue;
    }
    const second = s.replace(/^\s*其中\s*[:：]?\s*/, '');
    const joined = parent.base + parseHeader(second).base;
    const joinedText = parseHeader(second).unit ? `${joined}(${parseHeader(second).unit})` : joined;
    const candidates: HeaderInput[] = [
      { index: col, text: second, written: s, inheritedUnit: parentUnit },
      { index: col, text: joinedText, written: `${f} ${s}`, inheritedUnit: parentUnit },
      ...(f !== '' ? [{ index: col, text: f, written: f }] : []),
    ];
    inputs.push(candidates.find((c) => columnNamed(spec, c.text)) ?? { index: col, text: second, written: f ? `${f} ${s}` : s });
  }
  return inputs;
}

/**
 * The header of the sheet for one dataset: the first of the first 30
 * non-empty rows in which two cells name its columns. Undefined when none does.
 */
export function locateHeader(spec: DatasetSpec, head: SheetHead): FormHeader | undefined {
  const searched = head.rows.slice(0, HEADER_SEARCH_ROWS);
  const at = searched.findIndex((r) => namedCount(spec, r.cells) >= 2);
  if (at < 0) return undefined;
  const header = head.rows[at]!;
  const below = head.rows[at + 1];
  const titleRows = head.rows.slice(0, at);
  const skipped: SkippedRow[] = titleRows.map((r) => ({ row: r.row, kind: 'title' }));
  const errors: string[] = [];
  const units = titleMoneyUnits(titleRows.map((r) => r.cells));
  if (units.length > 1) {
    errors.push(
      bilingual(
        `表头上方写了多个金额单位（${units.join('、')}），无法确定金额单位`,
        `the title block names more than one money unit (${units.join(', ')}); the unit of money columns cannot be told`,
      ),
    );
  }
  let inputs: HeaderInput[];
  let lastHeaderRow = header.row;
  if (isSecondHeaderRow(spec, head, header, below)) {
    inputs = resolveTwoRowHeader(spec, head, header, below!);
    skipped.push({ row: below!.row, kind: 'subheader' });
    lastHeaderRow = below!.row;
  } else {
    inputs = header.cells.map((c, index) => ({ index, text: text(c), written: text(c) }));
  }
  const mapping = mapHeaders(spec, inputs, { defaultMoneyUnit: units.length === 1 ? units[0] : undefined });
  const serialColumns = new Set(inputs.filter((i) => i.text !== '' && isSerialHeader(i.text)).map((i) => i.index));
  const yearColumn = spec.columns.find((c) => c.type.kind === 'year')!;
  if (mapping.missing.includes(yearColumn)) {
    const year = titleYear(titleRows.map((r) => r.cells));
    if (year !== undefined) {
      mapping.missing = mapping.missing.filter((c) => c !== yearColumn);
      mapping.columns.push({ index: -1, column: yearColumn, header: bilingual('标题中的年度', 'year in the title'), multiplier: 1, fixedValue: year });
    }
  }
  return { spec, mapping, headerRow: header.row, lastHeaderRow, skipped, errors, serialColumns };
}

function firstText(cells: readonly CellInput[]): string {
  for (const cell of cells) {
    const t = text(cell);
    if (t !== '') return t;
  }
  return '';
}

function totalWord(first: string): string | undefined {
  if (first.length > 12) return undefined;
  const word = first
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[:：]$/, '')
    .toLowerCase();
  return TOTAL_WORDS.has(word) ? word : undefined;
}

/** The first characters of the footer words: a row starting with none of them (almost every row) is no footer. */
const FOOTER_STARTS = new Set(FOOTER_PREFIXES.map((p) => p[0]!));

function isFooter(first: string): boolean {
  // `first` is trimmed, so its first character is the one the prefixes are compared with.
  if (!FOOTER_STARTS.has(first.charAt(0))) return false;
  const bare = first.replace(/\s+/g, '');
  return FOOTER_PREFIXES.some((p) => bare.startsWith(p));
}

/** A row holding nothing but a serial number (a pre-numbered blank line of a form) is empty. */
function onlySerial(cells: readonly CellInput[], serial: ReadonlySet<number>): boolean {
  return cells.every((c, i) => serial.has(i) || text(c) === '');
}

/**
 * Fills merged ranges of the data (rule 7): every cell a range covers takes the value of its top-left
 * cell. Only the columns the header maps are filled (no other cell is ever read), so a row costs the
 * mapped columns, and a range costs them once when it starts — not merges × width × rows, which a
 * file of 40,000 overlapping merges made ten seconds for 8 KB.
 */
class MergeFiller {
  private readonly pending: MergeRange[];
  private next = 0;
  /** The range covering each read column now, with the value it gives. */
  private readonly cover = new Map<number, { range: MergeRange; value: CellInput }>();

  constructor(
    merges: readonly MergeRange[],
    afterRow: number,
    private readonly columns: readonly number[],
  ) {
    this.pending = merges.filter((m) => m.top > afterRow && columns.some((c) => m.left <= c && c <= m.right)).sort((a, b) => a.top - b.top);
  }

  fill(row: RawRow): readonly CellInput[] {
    while (this.next < this.pending.length && this.pending[this.next]!.top <= row.row) {
      const range = this.pending[this.next++]!;
      if (range.bottom < row.row) continue;
      const value = range.top === row.row ? row.cells[range.left] : null;
      for (const col of this.columns) {
        if (col < range.left || col > range.right) continue;
        const held = this.cover.get(col);
        if (!held || held.range.bottom < row.row) this.cover.set(col, { range, value });
      }
    }
    if (this.cover.size === 0) return row.cells;
    let cells: CellInput[] | undefined;
    for (const [col, held] of this.cover) {
      if (held.range.bottom < row.row) {
        this.cover.delete(col);
        continue;
      }
      if (row.row === held.range.top && col === held.range.left) continue;
      cells ??= [...row.cells];
      while (cells.length <= col) cells.push(null);
      cells[col] = held.value;
    }
    return cells ?? row.cells;
  }
}

/** The rows below the header, each classified; the caller counts and validates them. */
export async function* formRows(head: SheetHead, header: FormHeader): AsyncGenerator<FormRow> {
  const read = header.mapping.columns.filter((c) => c.index >= 0).map((c) => c.index);
  const filler = new MergeFiller(head.merges, header.lastHeaderRow, read);
  let inFooter = false;
  const classify = (raw: RawRow): FormRow => {
    if (inFooter) return { kind: 'footer', row: raw.row, raw: raw.cells };
    const first = firstText(raw.cells);
    if (isFooter(first)) {
      inFooter = true;
      return { kind: 'footer', row: raw.row, raw: raw.cells };
    }
    const cells = filler.fill(raw);
    const word = totalWord(first);
    if (word !== undefined) return { kind: 'total', row: raw.row, cells, raw: raw.cells, subtotal: SUBTOTAL_WORDS.has(word) };
    // A pre-numbered blank line of a form: not data, but part of the sheet the submitter gets back.
    if (onlySerial(cells, header.serialColumns)) return { kind: 'blank', row: raw.row, raw: raw.cells };
    return { kind: 'data', row: raw.row, cells, raw: raw.cells };
  };
  for (const raw of head.rows) {
    if (raw.row <= header.lastHeaderRow) continue;
    yield classify(raw);
  }
  head.rows.length = 0;
  for (;;) {
    const next = await head.rest.next();
    if (next.done) return;
    yield classify(next.value);
  }
}
