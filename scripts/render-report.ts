/**
 * npm run render [-- FILE.xlsx]: renders a workbook (by default the sample
 * report, out/report-2021.xlsx) with LibreOffice headless to PDF, then to PNG
 * pages, under out/render/, to look at what leadership will see.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { renderPdfs, renderPngs } from './render/pdf-render';

const input = process.argv[2] ?? 'out/report-2021.xlsx';
const outDir = join('out', 'render');
mkdirSync(outDir, { recursive: true });
const [pdf] = renderPdfs([input], outDir);
renderPngs(pdf!, join(outDir, basename(input, '.xlsx')));
console.log(`Rendered ${pdf} and ${readdirSync(outDir).filter((f) => f.endsWith('.png')).length} PNG pages in ${outDir}`);
