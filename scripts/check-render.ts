/**
 * npm run check:render [-- --pictures]: the sample run end to end (as npm
 * start), then the report, a checked workbook and the officer's status
 * workbook printed by LibreOffice to PDF and read back word by word
 * (pdftotext -bbox): the report's Summary is one page, and on every page of
 * the report, the two workbooks, the package, and a city's report and
 * package (the sample's package read as two districts') nothing is below
 * 9 pt, printed over other text, off the page or cut off. `--pictures` also refreshes the README's pictures
 * under docs/. Needs Debian's libreoffice-calc(-nogui), poppler-utils and
 * fonts-noto-cjk (.ci/run installs them); `npm test` does not.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { runPipeline } from './local/run-pipeline';
import { runMain } from './local/run-summary';
import { SAMPLE_DAY } from './samples/yingze-sample';
import { printedPages, renderPdfs, renderPngs, type PrintedPage } from './render/pdf-render';
import { clippedCells, layoutProblems, MIN_PRINTED_POINTS, printedPoints, type PrintProblem } from './render/print-checks';
import { SHEET_NAMES } from '../shared/report/report-workbook';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The text of every cell of the sheets (a merged range once), as the reader should see it printed. */
async function cellTexts(file: string, sheets?: readonly string[]): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const texts: string[] = [];
  for (const ws of wb.worksheets) {
    if (sheets && !sheets.includes(ws.name)) continue;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        if (typeof cell.value === 'string' && cell.value.trim() !== '') texts.push(cell.value);
      }),
    );
  }
  return texts;
}

async function firstFile(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const file = entries.find((e) => e.isFile() && e.name.endsWith('.xlsx'));
  if (!file) throw new Error(`no checked workbook under ${dir}: the sample should draw one`);
  return join(file.parentPath, file.name);
}

interface Printed {
  name: string;
  pages: PrintedPage[];
  /** The pages checked (1-based). */
  checked: number[];
  problems: PrintProblem[];
}

async function check(name: string, file: string, pdf: string, sheets?: readonly string[], pagesOf?: (pages: PrintedPage[]) => number[]): Promise<Printed> {
  const pages = printedPages(pdf);
  const checked = pagesOf ? pagesOf(pages) : pages.map((_, i) => i + 1);
  const problems = layoutProblems(pages, checked);
  for (const text of clippedCells(await cellTexts(file, sheets), pages, checked))
    problems.push({ page: 0, what: `cut off: "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"` });
  return { name, pages, checked, problems };
}

/** The README's pictures (docs/*.png): the Summary, a checked workbook's marked sheet, the status workbook. */
async function refreshPictures(out: string, pdfs: { report: string; checked: string; status: string }): Promise<void> {
  const docs = join(root, 'docs');
  await mkdir(docs, { recursive: true });
  for (const [pdf, name, page] of [
    [pdfs.report, 'report-summary', 1],
    [pdfs.checked, 'checked-workbook', 2],
    [pdfs.status, 'campaign-status', 1],
  ] as const) {
    renderPngs(pdf, join(out, 'render', name), 80);
    const pngs = (await readdir(join(out, 'render'))).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
    await copyFile(join(out, 'render', pngs[page - 1]!), join(docs, `${name}.png`));
  }
  console.log(`Pictures refreshed in ${docs}`);
}

/** A city fed the sample's package as two districts' (the second renamed): its report and package, to print. */
async function cityRun(packageJson: string, out: string): Promise<{ report: string; upward: string }> {
  const input = join(out, 'city-input', '区县');
  await mkdir(input, { recursive: true });
  const doc = JSON.parse(await readFile(packageJson, 'utf8')) as { district: string };
  await writeFile(join(input, '迎泽区.json'), JSON.stringify(doc));
  await writeFile(join(input, '小店区.json'), JSON.stringify({ ...doc, district: '小店区' }));
  const run = await runPipeline({ inputDir: join(out, 'city-input'), outDir: join(out, 'city'), env: { TORCHLINE_DISTRICT: '太原市' }, approve: '张三' });
  return { report: run.files.report, upward: run.files.upward };
}

/** The report's pages that print its Summary: those whose page header names it. */
const summaryPages = (pages: PrintedPage[]) =>
  pages.flatMap((p, i) => (p.words.some((w) => w.yMin < 40 && SHEET_NAMES.summary.startsWith(w.text) && w.text.length >= 2) ? [i + 1] : []));

await runMain(async () => {
  const pictures = process.argv.includes('--pictures');
  const out = await mkdtemp(join(tmpdir(), 'torchline-render-'));
  console.log(`Running the sample as of ${SAMPLE_DAY} into ${out} …`);
  const run = await runPipeline({ inputDir: join(root, 'samples'), outDir: out, now: SAMPLE_DAY });
  const files = {
    report: run.files.report,
    checked: await firstFile(join(out, 'checked')),
    status: join(out, 'campaign-status.xlsx'),
    upward: run.files.upward,
  };
  const city = await cityRun(run.files.upwardJson, out);
  console.log("Printing the report, a checked workbook, the status workbook, the package, and a city's report and package with LibreOffice …");
  const [report, checked, status, upward] = renderPdfs([files.report, files.checked, files.status, files.upward], join(out, 'render'));
  // Its own folder: the city's files have the district's names.
  const [cityReport, cityUpward] = renderPdfs([city.report, city.upward], join(out, 'render', 'city'));
  const results = [
    await check('report Summary', files.report, report!, [SHEET_NAMES.summary], summaryPages),
    // Every page of every sheet the director may print (contract 10.4, issue 35): nothing below 9 pt, nothing cut or overprinted.
    await check('report, every sheet', files.report, report!),
    await check('checked workbook', files.checked, checked!),
    await check('status workbook', files.status, status!),
    // Every page of the package (contract 15): the city prints all six sheets.
    await check('package for the city', files.upward, upward!),
    // A city's report (its 分区县 sheet) and its package with a 区县 column in every list.
    await check("a city's report", city.report, cityReport!),
    await check("a city's package", city.upward, cityUpward!),
  ];
  const summary = results[0]!;
  if (summary.checked.length !== 1)
    summary.problems.push({ page: 0, what: `the Summary prints on ${summary.checked.length} pages (${summary.checked.join(', ')}), not one` });
  let failed = 0;
  for (const r of results) {
    const smallest = Math.min(...r.checked.flatMap((n) => r.pages[n - 1]!.words.map(printedPoints)));
    console.log(
      `${r.problems.length === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${r.checked.length} page(s), smallest text ` +
        `${smallest.toFixed(1)} pt (at least ${MIN_PRINTED_POINTS})`,
    );
    for (const p of r.problems) console.log(`       ${p.page ? `page ${p.page}: ` : ''}${p.what}`);
    failed += r.problems.length;
  }
  if (pictures) await refreshPictures(out, { report: report!, checked: checked!, status: status! });
  console.log(
    failed === 0
      ? `Render check passed; the PDFs are in ${join(out, 'render')}`
      : `Render check failed: ${failed} problems; the PDFs are in ${join(out, 'render')}`,
  );
  return failed === 0 ? 0 : 1;
});
