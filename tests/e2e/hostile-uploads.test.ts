/**
 * What an attacker holding only the uploader policy could drop, beside valid
 * files, through the whole pipeline on the local servers: object-key names,
 * cells built for slow patterns, merges, oversized rows, invisible text,
 * sheet names that collide after Excel's cut. Every file must end with a
 * status, none may dead-letter, the valid rows must be ingested exactly, and
 * the report built afterwards must open.
 */
import ExcelJS from 'exceljs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../scripts/local/run-pipeline';
import { handmadeXlsx, inlineCell } from '../support/handmade-xlsx';
import { endpoints, uniqueName } from '../support/local-servers';
import { csv, ENTERPRISE_HEADER, loadWorkbook, uscc } from '../support/submission-files';

const MAX = 32_767;
const valid = (n: number) => [uscc(n), `企业${n}`, 2021, 'it_innovation', 'yes', 'no'];

async function workbook(sheets: [string, unknown[][]][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A sheet of an enterprise header and the given rows, as a hand-written part. */
function sheetData(rows: (string | number)[][]): string {
  const col = (i: number) => String.fromCharCode(65 + i);
  return [ENTERPRISE_HEADER, ...rows]
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells.map((v, c) => (typeof v === 'number' ? `<c r="${col(c)}${r + 1}"><v>${v}</v></c>` : inlineCell(`${col(c)}${r + 1}`, v))).join('')}</row>`,
    )
    .join('');
}

async function hostileSet(): Promise<Record<string, string | Buffer>> {
  const bad = [uscc(900).slice(0, 17) + 'Z', '坏行', 2021, 'it_innovation', 'yes', 'no'];
  const longName = 'A'.repeat(31);
  return {
    'enterprises/valid.csv': csv([ENTERPRISE_HEADER, valid(1), valid(2), valid(3)]),
    '__proto__/x.csv': csv([ENTERPRISE_HEADER, valid(90)]),
    'constructor/x.csv': csv([ENTERPRISE_HEADER, valid(91)]),
    'toString/loose.xlsx': await workbook([['企业', [ENTERPRISE_HEADER, valid(41)]]]),
    'loose-proto-sheets.xlsx': await workbook([
      ['__proto__', []],
      ['constructor', [['x']]],
      ['企业', [ENTERPRISE_HEADER, valid(11), valid(12)]],
    ]),
    'enterprises/money-unit.csv': csv([
      [...ENTERPRISE_HEADER, '营业收入（constructor）'],
      [...valid(92), '1'],
    ]),
    'enterprises/slow-cells.csv': csv([
      [...ENTERPRISE_HEADER, '营业收入（万元）', '('.repeat(MAX)],
      [...valid(93).slice(0, 5), 'no', '1' + ' '.repeat(MAX - 2) + 'x', 'a ('.repeat(10_000)],
      [...valid(94).slice(0, 5), 'no', '¥' + ' '.repeat(MAX - 3) + '元x', '1'],
    ]),
    'enterprises/merge-scan.xlsx': handmadeXlsx({ sheetData: sheetData([valid(21)]), afterSheetData: `<!-- ${'<mergeCell ref="A1:B2" '.repeat(60_000)} -->` }),
    'enterprises/merges.xlsx': handmadeXlsx({
      sheetData: sheetData([bad, valid(22)]),
      // 40,000 overlapping ranges and one reaching column XFD, below the data.
      afterSheetData: `<mergeCells>${'<mergeCell ref="A5:F9"/>'.repeat(40_000)}<mergeCell ref="A10:XFD10"/></mergeCells>`,
    }),
    'enterprises/keys.json': JSON.stringify([Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))]),
    'enterprises/wide.csv': 'uscc,name\n' + 'a,'.repeat(400_000) + '\n',
    'enterprises/long-line.csv': 'uscc,name\n"' + 'x'.repeat(3_000_000) + '",1\n',
    'enterprises/invisible.csv': csv([
      ENTERPRISE_HEADER,
      [uscc(95), '迎泽\u202E司公限有', 2021, 'it_innovation', 'yes', 'no'],
      [uscc(96), '数云\u200B科技', 2021, 'it_innovation', 'yes', 'no'],
      [uscc(97).slice(0, 9) + '\u202E' + uscc(97).slice(9), '代码反转', 2021, 'it_innovation', 'yes', 'no'],
      [uscc(98), '\u2066隔离\u2069', 2021, 'it_innovation', 'yes', 'no'],
      valid(31),
    ]),
    'loose-long-names.xlsx': handmadeXlsx({ sheetNames: [`${longName}1`, `${longName}2`], sheetData: sheetData([bad]) }),
    'loose-emoji.xlsx': handmadeXlsx({ sheetNames: ['x'.repeat(30) + '😀'], sheetData: sheetData([bad]) }),
    // A submitter's own upload (DIR/submitters/<org>/…): its own row, and another company's it may not report.
    [`submitters/${uscc(61)}/enterprises/own.csv`]: csv([ENTERPRISE_HEADER, valid(61), valid(62)]),
    'loose-many-sheets.xlsx': handmadeXlsx({
      sheetNames: Array.from({ length: 20 }, (_, i) => `S${i + 1}`),
      sheetData: sheetData(Array.from({ length: 2_100 }, (_, i) => [uscc(5_000 + i).slice(0, 17) + 'Z', `坏${i}`, 2021, 'it_innovation', 'yes', 'no'])),
    }),
  };
}

describe('hostile uploads beside valid files', () => {
  it('end every file with a status, dead-letter none, ingest the valid rows exactly, and leave a report that opens', async () => {
    const files = await hostileSet();
    const input = await mkdtemp(join(tmpdir(), 'torchline-hostile-'));
    for (const [path, body] of Object.entries(files)) {
      await mkdir(dirname(join(input, path)), { recursive: true });
      await writeFile(join(input, path), body);
    }
    const out = await mkdtemp(join(tmpdir(), 'torchline-hostile-out-'));
    const { ses, dynamodb } = endpoints();
    const result = await runPipeline({
      inputDir: input,
      outDir: out,
      year: 2021,
      reuse: { ses, dynamodb },
      tableName: uniqueName('hostile'),
      bucket: uniqueName('hostile'),
    });

    expect(result.deadLetterReasons).toEqual([]);
    const keys = new Set(result.submissions.map((s) => s.key));
    const keyOf = (path: string) => (path.startsWith('submitters/') ? path : `submissions/${path}`);
    for (const path of Object.keys(files)) expect(keys, path).toContain(keyOf(path));
    const of = (path: string) => result.submissions.filter((s) => s.key === keyOf(path));

    // The valid rows, and only they: 3 + 1 + 2 + 1 + 1 + 1 + the submitter's own 1 high-tech enterprises.
    expect(result.indicators.years['2021']!.high_tech_enterprises).toBe(10);
    const own = of(`submitters/${uscc(61)}/enterprises/own.csv`)[0]!;
    expect(own).toMatchObject({
      accepted: 1,
      rejected: 1,
      errors: [{ row: 3, column: 'uscc', message: '只能报送本单位的数据 / a submitter may report only its own figures' }],
    });
    await readFile(join(out, 'checked', `submitters/${uscc(61)}/enterprises/own.csv.checked.xlsx`));
    expect(of('enterprises/valid.csv')[0]).toMatchObject({ status: 'accepted', accepted: 3 });
    expect(of('loose-proto-sheets.xlsx').find((s) => s.sheet === '企业')).toMatchObject({ status: 'accepted', accepted: 2 });
    expect(of('toString/loose.xlsx')[0]).toMatchObject({ status: 'accepted', accepted: 1 });
    expect(of('enterprises/merge-scan.xlsx')[0]).toMatchObject({ status: 'accepted', accepted: 1 });
    expect(of('enterprises/merges.xlsx')[0]).toMatchObject({ accepted: 1, rejected: 1 });
    expect(of('enterprises/invisible.csv')[0]).toMatchObject({ accepted: 1, rejected: 4 });

    // Names of object members route nowhere; their statuses name no dataset.
    for (const path of ['__proto__/x.csv', 'constructor/x.csv']) expect(of(path)[0]).toMatchObject({ status: 'rejected', dataset: null });
    expect(of('enterprises/money-unit.csv')[0]!.errors[0]!.message).toContain('constructor');
    for (const path of ['enterprises/keys.json', 'enterprises/wide.csv']) expect(of(path)[0]!.errors[0]!.message).toMatch(/more than 1000 columns/);
    expect(of('enterprises/long-line.csv')[0]!.errors[0]!.message).toMatch(/longer than 1000000 characters/);
    expect(of('enterprises/slow-cells.csv')[0]).toMatchObject({ accepted: 0, rejected: 2 });

    // Invisible characters are row errors named by code point, and no message carries one.
    const invisible = of('enterprises/invisible.csv')[0]!
      .errors.map((e) => e.message)
      .join('\n');
    for (const code of ['U+202E', 'U+200B', 'U+2066']) expect(invisible).toContain(code);
    expect(JSON.stringify(result.submissions)).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069]/);

    // Checked workbooks: names unique after Excel's cut, no half emoji, bounded and saying so.
    const checked = async (path: string) => loadWorkbook(await readFile(join(out, 'checked', `${path}.checked.xlsx`)));
    const longNames = (await checked('loose-long-names.xlsx')).worksheets.map((w) => w.name);
    expect(new Set(longNames.map((n) => n.toLowerCase())).size).toBe(3);
    expect((await checked('loose-emoji.xlsx')).worksheets.map((w) => w.name).join('')).not.toContain('\uFFFD');
    const many = await checked('loose-many-sheets.xlsx');
    // 20 sheets of 2,101 rows of 6 cells would be 252,000 cells: the 100,000-cell budget cut it, and the sheet where it did says so.
    let copied = 0;
    for (const w of many.worksheets.slice(1)) w.eachRow((row) => row.eachCell(() => void copied++));
    expect(copied).toBeGreaterThan(95_000);
    expect(copied).toBeLessThanOrEqual(100_000 + 20);
    expect(many.worksheets.some((w) => JSON.stringify(w.getSheetValues()).includes('only the first'))).toBe(true);

    const report = await loadWorkbook(await readFile(result.files.report));
    expect(report.worksheets.length).toBeGreaterThan(3);
  });
});
