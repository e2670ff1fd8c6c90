/**
 * What one submission may cost, checked before and while it is read. A file
 * past a limit is rejected with a reason that names the limit; the numbers
 * are in the README. They sit far above any real bureau file (a province's
 * enterprises are tens of thousands of rows) and far below what would
 * exhaust the ingest Lambda (1 GB memory, 15 minutes).
 */
export interface ReadLimits {
  /** Bytes of a CSV or JSON Lines file (streamed: the limit is the Lambda's time, not its memory). */
  streamedFileBytes: number;
  /** Bytes of a JSON array, which is parsed whole. */
  jsonBytes: number;
  /** Bytes of an .xlsx/.xls/.et file; workbooks are read from memory. */
  workbookBytes: number;
  /** Bytes of an .xls/.et file: the old format is parsed whole (no streaming), ~25× its size in memory. */
  legacyWorkbookBytes: number;
  /** Sum of the uncompressed sizes of an .xlsx's parts. */
  uncompressedBytes: number;
  /** Worksheets in one workbook. */
  sheets: number;
  /** Cells in one workbook (all sheets together). */
  cells: number;
  /** Columns of one row. */
  columns: number;
  /** Characters in one cell: Excel's own limit. */
  cellCharacters: number;
  /** Characters of the shared-strings table, held in memory while a workbook is read. */
  sharedStringCharacters: number;
  /** Merged ranges of one sheet. */
  merges: number;
  /** Characters of one CSV record: a line longer than this is no form's row (and is never held whole). */
  csvRecordCharacters: number;
}

/** A sheet name is kept to this many characters (Excel's own limit is 31); it is stored on the status. */
export const SHEET_NAME_CHARACTERS = 100;

export const READ_LIMITS: ReadLimits = {
  streamedFileBytes: 1024 * 1024 * 1024,
  jsonBytes: 50 * 1024 * 1024,
  workbookBytes: 100 * 1024 * 1024,
  legacyWorkbookBytes: 20 * 1024 * 1024,
  uncompressedBytes: 2 * 1024 * 1024 * 1024,
  sheets: 64,
  cells: 40_000_000,
  columns: 1_000,
  cellCharacters: 32_767,
  sharedStringCharacters: 64 * 1024 * 1024,
  merges: 100_000,
  csvRecordCharacters: 1_000_000,
};

/** The most an object of this format may be before it is downloaded at all (its size is in the S3 event). */
export function objectSizeLimit(format: 'csv' | 'xlsx' | 'xls' | 'et' | 'json' | 'jsonl', limits: ReadLimits = READ_LIMITS): number {
  switch (format) {
    case 'csv':
    case 'jsonl':
      return limits.streamedFileBytes;
    case 'json':
      return limits.jsonBytes;
    default:
      // An .xls may really be an .xlsx (content decides), so the larger workbook limit applies here.
      return limits.workbookBytes;
  }
}
