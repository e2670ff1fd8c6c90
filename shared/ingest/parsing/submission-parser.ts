/**
 * Reads a submission (CSV, XLSX, XLS, ET, JSON array or JSON Lines) as a
 * stream of sheets of rows. A workbook is read as what its bytes are, not
 * what its name says (contract section 1): a zip is an .xlsx, an OLE compound
 * file an .xls/.et. CSV streams; an .xlsx is held compressed and its sheets
 * stream; an .xls is parsed whole under a size cap.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { bilingual } from '../../domain/bilingual';
import { displayText } from '../../domain/display-text';
import type { CellInput } from './cell-values';
import type { SubmissionFormat } from '../routing';
import { isEmptyRow, type ObjectRow, type RawRow, type Sheet } from './sheet-rows';
import { DecodingStream } from './text-encoding';
import { UnreadableFileError } from '../ingest-errors';
import { READ_LIMITS, type ReadLimits } from './workbook-limits';
import { pastLimit, tooLongCell } from './workbook-messages';
import { readXlsx } from './xlsx-reader';

export { UnreadableFileError } from '../ingest-errors';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export type WorkbookKind = 'xlsx' | 'ole';

/** What the first bytes say a file is; undefined for anything that is not a workbook. */
export function sniffWorkbook(head: Uint8Array): WorkbookKind | undefined {
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLE_MAGIC)) return 'ole';
  return undefined;
}

function notAWorkbook(head: Uint8Array): UnreadableFileError {
  const start = Buffer.from(head.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (start.startsWith('<') && /<(html|table|!doctype)/.test(start)) {
    return new UnreadableFileError(
      bilingual(
        '文件是网页（HTML）而不是 Excel 工作簿（常见于业务系统“导出 Excel”）：请用 Excel 或 WPS 打开，另存为 .xlsx 后重新上传',
        'the file is a web page (HTML), not an Excel workbook (as some systems "export to Excel"): open it in Excel or ' +
          'WPS, save it as .xlsx and upload it again',
      ),
    );
  }
  return new UnreadableFileError(
    bilingual(
      '文件内容不是 Excel 工作簿（.xlsx/.xls/.et），请在 Excel 或 WPS 中另存为 .xlsx 后重新上传',
      'the file is not an Excel workbook (.xlsx/.xls/.et) whatever its name says; save it as .xlsx in Excel or WPS and upload it again',
    ),
  );
}

function tooLarge(limit: number): UnreadableFileError {
  const mb = Math.round(limit / 1048576);
  return new UnreadableFileError(
    bilingual(`工作簿超过 ${mb} MB 上限，请拆分后上传`, `the workbook is larger than the ${mb} MB allowed; split it into smaller files`),
  );
}

/** Collects a body up to a limit; past it the body is abandoned and the file rejected. */
async function collect(chunks: AsyncIterable<Buffer>, first: Buffer[], limit: number): Promise<Buffer> {
  const parts = [...first];
  let size = first.reduce((n, c) => n + c.length, 0);
  if (size > limit) throw tooLarge(limit);
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function* workbookSheets(bytes: Buffer, limits: ReadLimits): AsyncGenerator<Sheet> {
  const kind = sniffWorkbook(bytes);
  if (kind === 'xlsx') {
    yield* readXlsx(bytes, limits);
    return;
  }
  if (kind !== 'ole') throw notAWorkbook(bytes);
  // The old-format reader and its code pages cost ~35 MB once loaded: only an .xls/.et pays for them.
  const { readXls } = await import('./xls-reader');
  yield* readXls(bytes, limits);
}

export async function* readSheets(body: Readable, format: SubmissionFormat, limits: ReadLimits = READ_LIMITS): AsyncGenerator<Sheet> {
  switch (format) {
    case 'csv': {
      // A workbook saved under a .csv name is read as the workbook it is.
      const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await chunks.next();
      if (first.done) {
        yield { kind: 'table', name: undefined, hidden: false, spans: 'empty-cells', merges: [], rows: csvRows(Readable.from([]), limits) };
        return;
      }
      const rest = { [Symbol.asyncIterator]: () => chunks };
      if (sniffWorkbook(first.value)) {
        yield* workbookSheets(await collect(rest, [first.value], limits.workbookBytes), limits);
        return;
      }
      const whole = Readable.from(
        (async function* () {
          yield first.value;
          yield* rest;
        })(),
      );
      body.on('error', (e) => whole.destroy(e));
      yield { kind: 'table', name: undefined, hidden: false, spans: 'empty-cells', merges: [], rows: csvRows(whole, limits) };
      return;
    }
    case 'xlsx':
    case 'xls':
    case 'et':
      yield* workbookSheets(await collect(body as AsyncIterable<Buffer>, [], limits.workbookBytes), limits);
      return;
    case 'json':
      yield { kind: 'objects', name: undefined, rows: jsonRows(body, limits) };
      return;
    case 'jsonl':
      yield { kind: 'objects', name: undefined, rows: jsonLinesRows(body, limits) };
      return;
  }
}

/** csv-parse as the ingest runs it (the benchmark's raw baseline uses exactly these). */
export function csvParseOptions(limits: ReadLimits) {
  return {
    relax_column_count: true,
    relax_quotes: true,
    // Every line ending a text editor breaks a line at ends a record, whichever the file mostly uses;
    // empty lines are records too, so the count of lines below stays the editor's.
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    // A record is never held past this: one 200 MB line must not exhaust the Lambda.
    max_record_size: limits.csvRecordCharacters,
  };
}

async function* csvRows(body: Readable, limits: ReadLimits): AsyncGenerator<RawRow> {
  const decoding = new DecodingStream();
  const parser = body.pipe(decoding).pipe(parseCsv(csvParseOptions(limits)));
  // pipe() forwards no error: a refused encoding or a broken body must end the parse, not hang it.
  body.on('error', (e) => parser.destroy(e));
  decoding.on('error', (e) => parser.destroy(e));
  // The physical line a record starts on, as a text editor numbers lines: the line after the one the
  // previous record ended on. csv-parse's own count treats a quoted CRLF as two lines.
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = line;
      line += 1 + lineBreaks(record);
      if (isEmptyRow(record)) continue;
      yield { row, cells: boundedCells(record, row, limits) };
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number; message: string };
    if (e.code === 'CSV_MAX_RECORD_SIZE') throw pastLimit.csvRecord(e.lines, limits);
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new UnreadableFileError(
        bilingual(`CSV 文件在第 ${e.lines ?? '?'} 行附近无法读取（${e.message}）`, `CSV cannot be read near line ${e.lines ?? '?'}: ${e.message}`),
        e.lines,
      );
    }
    throw err;
  }
}

/**
 * A CSV row within the limits a workbook has: past the column limit the file is refused (a million empty
 * columns would cost every later step), a cell longer than Excel allows is that cell's problem.
 */
function boundedCells(cells: string[], row: number, limits: ReadLimits): CellInput[] {
  if (cells.length > limits.columns) {
    let last = cells.length - 1;
    while (last >= 0 && cells[last]!.trim() === '') last--;
    if (last >= limits.columns) throw pastLimit.columns(row, limits);
    cells = cells.slice(0, last + 1);
  }
  let out: CellInput[] = cells;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i]!.length > limits.cellCharacters) {
      if (out === cells) out = [...cells];
      out[i] = tooLongCell(limits);
    }
  }
  return out;
}

/** Line breaks inside a record's quoted cells: CRLF, LF or CR alone each break one line. */
export function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13) {
        n++;
        if (cell.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return n;
}

function objectToCells(
  obj: Record<string, unknown>,
  header: string[],
  index: Map<string, number>,
  row: number,
  limits: ReadLimits,
): { cells: CellInput[]; grew: boolean } {
  let grew = false;
  for (const key of Object.keys(obj)) {
    if (!index.has(key)) {
      // Keys are columns: past the column limit the file is refused, as a workbook row would be.
      if (header.length >= limits.columns) throw pastLimit.columns(row, limits);
      index.set(key, header.length);
      header.push(key);
      grew = true;
    }
  }
  const cells: CellInput[] = new Array(header.length).fill(null);
  for (const [key, value] of Object.entries(obj)) {
    const cell = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as CellInput) : JSON.stringify(value);
    cells[index.get(key)!] = typeof cell === 'string' && cell.length > limits.cellCharacters ? tooLongCell(limits) : cell;
  }
  return { cells, grew };
}

async function* objectRows(objects: AsyncIterable<{ row: number; value: unknown }>, limits: ReadLimits): AsyncGenerator<ObjectRow> {
  const header: string[] = [];
  const index = new Map<string, number>();
  for await (const { row, value } of objects) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UnreadableFileError(bilingual(`第 ${row} 项不是以列名为键的对象`, `entry ${row} is not an object with column names as keys`), row);
    }
    const { cells, grew } = objectToCells(value as Record<string, unknown>, header, index, row, limits);
    if (grew) yield { kind: 'header', row, cells: [...header] };
    if (!isEmptyRow(cells)) yield { kind: 'data', row, cells };
  }
}

export async function readAllText(body: Readable, limit: number): Promise<string> {
  const chunks: string[] = [];
  let length = 0;
  for await (const chunk of body.pipe(new DecodingStream())) {
    const text = String(chunk);
    length += text.length;
    if (length > limit) {
      body.destroy();
      const mb = Math.round(limit / 1048576);
      throw new UnreadableFileError(
        bilingual(
          `.json 文件超过 ${mb} MB 上限（整体解析），请改用 .jsonl、.csv 或 .xlsx`,
          `a .json file is parsed whole and may be at most ${mb} MB; use .jsonl, .csv or .xlsx for more`,
        ),
      );
    }
    chunks.push(text);
  }
  return chunks.join('');
}

async function* jsonRows(body: Readable, limits: ReadLimits): AsyncGenerator<ObjectRow> {
  // A JSON array is parsed whole: the format has no record boundaries to stream on.
  // Large submissions should use CSV, XLSX or JSON Lines (README: data formats).
  const text = await readAllText(body, limits.jsonBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const detail = displayText((err as Error).message, 120);
    throw new UnreadableFileError(bilingual(`不是有效的 JSON（${detail}）`, `not valid JSON: ${detail}`));
  }
  if (!Array.isArray(parsed)) throw new UnreadableFileError(bilingual('.json 文件必须是对象数组', 'a .json submission must be an array of objects'));
  yield* objectRows(
    (async function* () {
      for (let i = 0; i < parsed.length; i++) yield { row: i + 1, value: parsed[i] as unknown };
    })(),
    limits,
  );
}

async function* jsonLinesRows(body: Readable, limits: ReadLimits): AsyncGenerator<ObjectRow> {
  const lines = async function* () {
    let buffer = '';
    let lineNumber = 0;
    const parseLine = (line: string, n: number) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (err) {
        const detail = displayText((err as Error).message, 120);
        throw new UnreadableFileError(bilingual(`第 ${n} 行不是有效的 JSON（${detail}）`, `line ${n} is not valid JSON: ${detail}`), n);
      }
    };
    for await (const chunk of body.pipe(new DecodingStream())) {
      buffer += String(chunk);
      let start = 0;
      let nl: number;
      while ((nl = buffer.indexOf('\n', start)) >= 0) {
        const line = buffer.slice(start, nl).trim();
        start = nl + 1;
        lineNumber++;
        if (line) yield { row: lineNumber, value: parseLine(line, lineNumber) };
      }
      buffer = buffer.slice(start);
      // A line is never held past the record limit: one 200 MB line must not exhaust the Lambda.
      if (buffer.length > limits.csvRecordCharacters) throw pastLimit.csvRecord(lineNumber + 1, limits);
    }
    lineNumber++;
    if (buffer.trim()) yield { row: lineNumber, value: parseLine(buffer.trim(), lineNumber) };
  };
  yield* objectRows(lines(), limits);
}
