/**
 * Worst-case inputs of the largest size a submission may hold, against every
 * pattern and loop that submitted text goes through. Each must finish well
 * inside what a Lambda can afford per cell or per sheet: these are not speed
 * measurements (those are `npm run bench`) but guards against a pattern or a
 * loop that is quadratic or worse in its input, which would take seconds to
 * hours here, not milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../../../shared/domain/datasets';
import { displayText } from '../../../../shared/domain/display-text';
import { parseUscc } from '../../../../shared/domain/uscc';
import { parseBoolean, parseMoney, parseNonNegativeInteger, parseYear, show } from '../../../../shared/ingest/parsing/cell-values';
import { isDateFormatCode } from '../../../../shared/ingest/parsing/excel-dates';
import { formRows, locateHeader, readHead } from '../../../../shared/ingest/parsing/form-layout';
import { mapHeaders, parseHeader } from '../../../../shared/ingest/parsing/header-mapping';
import { decodeXString } from '../../../../shared/ingest/parsing/ooxml-escapes';
import { validateRow } from '../../../../shared/ingest/parsing/row-validator';
import type { MergeRange, RawRow, TableSheet } from '../../../../shared/ingest/parsing/sheet-rows';
import { readSheets } from '../../../../shared/ingest/parsing/submission-parser';
import { titleMoneyUnits, titleYear } from '../../../../shared/ingest/parsing/title-block';
import { READ_LIMITS } from '../../../../shared/ingest/parsing/workbook-limits';
import { readXlsx } from '../../../../shared/ingest/parsing/xlsx-reader';
import { looksLikeFormula, safeSheetName } from '../../../../shared/excel/excel-safety';
import { handmadeXlsx, inlineCell } from '../../../support/handmade-xlsx';
import { bytesStream } from '../../../support/submission-files';

/** Far above a linear pass over 32,767 characters (microseconds), far below a polynomial blow-up (seconds). */
const BUDGET_MS = 300;
const MAX = READ_LIMITS.cellCharacters;

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Inputs that drive backtracking patterns to their worst: long runs of what a pattern repeats, then a mismatch. */
const WORST_CELLS = [
  '1' + ' '.repeat(MAX - 2) + 'x',
  '¥' + ' '.repeat(MAX - 2) + '元x',
  ' '.repeat(MAX),
  '1'.repeat(MAX - 1) + 'x',
  '1,'.repeat(MAX / 2 - 1) + 'x',
  '('.repeat(MAX),
  'a ('.repeat(Math.floor(MAX / 3)),
  '[' + ']'.repeat(MAX - 1),
  '单位：' + '万元、'.repeat(Math.floor((MAX - 3) / 3)),
  '2021年'.repeat(Math.floor(MAX / 5)),
  '_x'.repeat(MAX / 2 - 1),
  '\u202E'.repeat(MAX),
  '😀'.repeat(MAX / 2),
];

describe('no submitted cell, however built, costs more than a linear pass', () => {
  it.each(WORST_CELLS.map((c, i) => [i, c]))('cell parsers on worst case %i', (_, cell) => {
    const { ms } = timed(() => {
      parseMoney(cell, 10_000);
      parseNonNegativeInteger(cell);
      parseYear(cell, 2027);
      parseBoolean(cell);
      parseUscc(cell);
      show(cell);
      displayText(cell);
      decodeXString(cell);
      isDateFormatCode(cell);
      looksLikeFormula(cell);
      safeSheetName(cell);
    });
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it.each(WORST_CELLS.map((c, i) => [i, c]))('header mapping, title block and a whole row on worst case %i', (_, cell) => {
    const spec = DATASETS.enterprises;
    const { ms } = timed(() => {
      parseHeader(cell);
      const mapping = mapHeaders(spec, ['统一社会信用代码', '企业名称', '年度', '行业领域', cell, `营业收入（${cell}）`]);
      titleMoneyUnits([[cell, cell]]);
      titleYear([[cell]]);
      const full = mapHeaders(spec, ['统一社会信用代码', '企业名称', '年度', '行业领域', '营业收入（万元）', '从业人员', '备注']);
      validateRow(full.columns, spec.columns, [cell, cell, cell, cell, cell, cell, cell], 2, { maxYear: 2027 }, 'enterprises');
      return mapping;
    });
    expect(ms).toBeLessThan(BUDGET_MS);
  });
});

async function drain(sheets: AsyncIterable<TableSheet | { kind: 'objects'; rows: AsyncIterable<unknown> }>): Promise<number> {
  let rows = 0;
  for await (const sheet of sheets) for await (const _ of sheet.rows) rows++;
  return rows;
}

describe('no file layout costs more than its cells', () => {
  it('scans a sheet of 2 MB of unclosed merge tags in a fraction of a second', async () => {
    const junk = '<mergeCell ref="A1:B2" '.repeat(90_000);
    const bytes = handmadeXlsx({ sheetData: `<row r="1">${inlineCell('A1', 'x')}</row>`, afterSheetData: `<!-- ${junk} -->` });
    const { ms, value } = await timedAsync(() => drain(readXlsx(bytes, READ_LIMITS)));
    expect(value).toBe(1);
    expect(ms).toBeLessThan(2_000);
  });

  it('fills 100,000 overlapping merges over 2,000 data rows in time proportional to the cells read', async () => {
    const rows: RawRow[] = [
      { row: 1, cells: ['统一社会信用代码', '企业名称', '年度', '行业领域'] },
      ...Array.from({ length: 2_000 }, (_, i) => ({ row: i + 2, cells: ['91140105MA0GRJ0R1X', `企业${i}`, 2021, '数字产业'] })),
    ];
    // Every range covers every data row and reaches the last column a row may hold.
    const merges: MergeRange[] = Array.from({ length: READ_LIMITS.merges }, (_, i) => ({
      top: 2 + (i % 3),
      bottom: 2_001,
      left: i % 4,
      right: READ_LIMITS.columns - 1,
    }));
    const sheet: TableSheet = {
      kind: 'table',
      name: '企业',
      hidden: false,
      spans: 'merged',
      merges,
      rows: (async function* () {
        yield* rows;
      })(),
    };
    const { ms, value } = await timedAsync(async () => {
      const head = await readHead(sheet);
      const header = locateHeader(DATASETS.enterprises, head)!;
      let n = 0;
      for await (const _ of formRows(head, header)) n++;
      return n;
    });
    expect(value).toBe(2_000);
    expect(ms).toBeLessThan(2_000);
  });

  it('refuses a CSV line of a million columns, and one 3 MB cell, without holding them', async () => {
    const wide = 'uscc,name\n' + 'a,'.repeat(400_000) + '\n';
    await expect(drain(readSheets(bytesStream(wide), 'csv'))).rejects.toThrow(/more than 1000 columns/);
    const long = 'uscc,name\n"' + 'x'.repeat(3_000_000) + '",1\n';
    const { ms } = await timedAsync(() => drain(readSheets(bytesStream(long), 'csv')).catch((e: Error) => e.message));
    await expect(drain(readSheets(bytesStream(long), 'csv'))).rejects.toThrow(/longer than 1000000 characters/);
    expect(ms).toBeLessThan(2_000);
  });

  it('refuses a JSON object of 20,000 keys as more columns than a row may have', async () => {
    const obj = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    await expect(drain(readSheets(bytesStream(JSON.stringify([obj])), 'json'))).rejects.toThrow(/more than 1000 columns/);
  });
});
