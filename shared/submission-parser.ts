/**
 * Reads a submission (CSV, XLSX, JSON array or JSON Lines) as a stream of
 * sheets of rows. Nothing here holds a whole CSV or XLSX file in memory.
 * The first non-empty row of a sheet is its header; empty rows are skipped.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cellToText, type CellInput } from './cell-values';
import { DecodingStream } from './text-encoding';
import type { SubmissionFormat } from './routing';

export interface SheetRow {
  /** 'header' rows (re)define the column names; later ones only add columns (JSON Lines). */
  kind: 'header' | 'data';
  /** The row number a person sees: Excel row, CSV/JSON Lines line, JSON array position. */
  row: number;
  cells: CellInput[];
}

export interface Sheet {
  /** The worksheet name for XLSX; undefined for other formats. */
  name: string | undefined;
  rows: AsyncIterable<SheetRow>;
}

/** A file that cannot be read at all (corrupt workbook, malformed JSON). */
export class UnreadableFileError extends Error {
  constructor(message: string, readonly row?: number) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

function isEmptyRow(cells: readonly CellInput[]): boolean {
  return cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
}

export async function* readSheets(body: Readable, format: SubmissionFormat): AsyncGenerator<Sheet> {
  switch (format) {
    case 'csv':
      yield { name: undefined, rows: csvRows(body) };
      return;
    case 'xlsx':
      yield* xlsxSheets(body);
      return;
    case 'json':
      yield { name: undefined, rows: jsonRows(body) };
      return;
    case 'jsonl':
      yield { name: undefined, rows: jsonLinesRows(body) };
      return;
  }
}

async function* csvRows(body: Readable): AsyncGenerator<SheetRow> {
  const parser = body.pipe(new DecodingStream()).pipe(
    parseCsv({ info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }),
  );
  body.on('error', (e) => parser.destroy(e));
  let headerSeen = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (isEmptyRow(record)) continue;
      // info.lines is where the record ends; a quoted cell with line breaks started it earlier.
      const embedded = record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
      yield { kind: headerSeen ? 'data' : 'header', row: info.lines - embedded, cells: record };
      headerSeen = true;
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number; message: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new UnreadableFileError(`CSV cannot be read near line ${e.lines ?? '?'}: ${e.message}`, e.lines);
    }
    throw err;
  }
}

/** exceljs cell value → plain value; formulas give their cached result. */
export function xlsxCellValue(value: unknown): CellInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined) {
        const formula = String(v.formula ?? v.sharedFormula ?? '');
        return { problem: `the formula =${formula} has no saved result; open the file in Excel or WPS, save it, and upload again` };
      }
      return xlsxCellValue(v.result);
    }
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return { problem: `the cell shows the Excel error ${v.error}` };
  }
  return String(value);
}

async function* xlsxSheets(body: Readable): AsyncGenerator<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const worksheet of reader) {
      // exceljs's type omits the name the streaming reader reads from workbook.xml.
      const name = (worksheet as unknown as { name?: string }).name;
      let headerSeen = false;
      const rows = async function* (): AsyncGenerator<SheetRow> {
        for await (const row of worksheet) {
          const values = row.values as unknown[];
          const cells = values.slice(1).map(xlsxCellValue);
          if (isEmptyRow(cells)) continue;
          const kind = headerSeen ? 'data' : 'header';
          headerSeen = true;
          yield { kind, row: row.number, cells: kind === 'header' ? cells.map(cellToText) : cells };
        }
      };
      yield { name, rows: rows() };
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/zip|signature|end of central|invalid|corrupt|unexpected|FILE_ENDED/i.test(message)) {
      throw new UnreadableFileError(`the workbook cannot be opened (${message}); save it again as .xlsx`);
    }
    throw err;
  }
}

function objectToCells(obj: Record<string, unknown>, header: string[], index: Map<string, number>): { cells: CellInput[]; grew: boolean } {
  let grew = false;
  for (const key of Object.keys(obj)) {
    if (!index.has(key)) {
      index.set(key, header.length);
      header.push(key);
      grew = true;
    }
  }
  const cells: CellInput[] = new Array(header.length).fill(null);
  for (const [key, value] of Object.entries(obj)) {
    cells[index.get(key)!] =
      value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as CellInput) : JSON.stringify(value);
  }
  return { cells, grew };
}

async function* objectRows(objects: AsyncIterable<{ row: number; value: unknown }>): AsyncGenerator<SheetRow> {
  const header: string[] = [];
  const index = new Map<string, number>();
  for await (const { row, value } of objects) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UnreadableFileError(`entry ${row} is not an object with column names as keys`, row);
    }
    const { cells, grew } = objectToCells(value as Record<string, unknown>, header, index);
    if (grew) yield { kind: 'header', row, cells: [...header] };
    if (!isEmptyRow(cells)) yield { kind: 'data', row, cells };
  }
}

async function readAllText(body: Readable): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of body.pipe(new DecodingStream())) chunks.push(String(chunk));
  return chunks.join('');
}

async function* jsonRows(body: Readable): AsyncGenerator<SheetRow> {
  // A JSON array is parsed whole: the format has no record boundaries to stream on.
  // Large submissions should use CSV, XLSX or JSON Lines (README: data formats).
  const text = await readAllText(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UnreadableFileError(`not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new UnreadableFileError('a .json submission must be an array of objects');
  yield* objectRows(
    (async function* () {
      for (let i = 0; i < parsed.length; i++) yield { row: i + 1, value: parsed[i] as unknown };
    })(),
  );
}

async function* jsonLinesRows(body: Readable): AsyncGenerator<SheetRow> {
  const lines = async function* () {
    let buffer = '';
    let lineNumber = 0;
    const parseLine = (line: string, n: number) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (err) {
        throw new UnreadableFileError(`line ${n} is not valid JSON: ${(err as Error).message}`, n);
      }
    };
    for await (const chunk of body.pipe(new DecodingStream())) {
      buffer += String(chunk);
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        lineNumber++;
        if (line) yield { row: lineNumber, value: parseLine(line, lineNumber) };
      }
    }
    lineNumber++;
    if (buffer.trim()) yield { row: lineNumber, value: parseLine(buffer.trim(), lineNumber) };
  };
  yield* objectRows(lines());
}

/** For tests and tools: a Readable over bytes. */
export function bytesStream(bytes: Uint8Array | string): Readable {
  return Readable.from([typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)]);
}
