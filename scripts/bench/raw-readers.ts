/**
 * The libraries the ingest's readers stand on, reading the same files with
 * nothing of ours on top: what "as fast as the parsers it is built on" is
 * measured against (csv_parse_ratio, xlsx_parse_ratio).
 */
import { createReadStream } from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { csvParseOptions } from '../../shared/ingest/parsing/submission-parser';
import { DecodingStream } from '../../shared/ingest/parsing/text-encoding';
import { READ_LIMITS } from '../../shared/ingest/parsing/workbook-limits';

/** csv-parse with the ingest's decoding and options, records counted and discarded. */
export async function rawCsvRows(file: string): Promise<number> {
  let rows = 0;
  for await (const record of createReadStream(file)
    .pipe(new DecodingStream())
    .pipe(parseCsv(csvParseOptions(READ_LIMITS)))) {
    if ((record as string[]).length > 0) rows++;
  }
  // The header is not a data row.
  return rows - 1;
}

/** exceljs's streaming reader, every cell's value read (shared strings resolved), rows counted. */
export async function rawXlsxRows(file: string): Promise<number> {
  let rows = 0;
  let cells = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows++;
      (row as ExcelJS.Row).eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value !== undefined) cells++;
      });
    }
  }
  if (cells === 0) throw new Error('exceljs read no cells');
  return rows - 1;
}
