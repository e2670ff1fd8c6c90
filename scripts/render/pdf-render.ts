/**
 * Workbooks as they print: LibreOffice headless turns each into a PDF, and
 * poppler's pdftotext -bbox gives every printed word with its box, page by
 * page. Needs Debian's libreoffice-calc(-nogui), poppler-utils and
 * fonts-noto-cjk; neither `npm test` nor the pipeline needs them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const MISSING = 'apt-get install -y libreoffice-calc-nogui poppler-utils fonts-noto-cjk';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.error) throw new Error(`${command} not found: ${MISSING}`);
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}`);
}

/** Each workbook as a PDF in outDir (one LibreOffice start for all); returns the PDFs' paths. */
export function renderPdfs(inputs: readonly string[], outDir: string): string[] {
  const profile = resolve(outDir, '.lo-profile');
  run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, ...inputs]);
  return inputs.map((input) => join(outDir, basename(input).replace(/\.[^.]+$/, '.pdf')));
}

/** The PDF's pages as PNG images (for a person to look at). */
export function renderPngs(pdf: string, prefix: string, dpi = 70): void {
  run('pdftoppm', ['-png', '-r', String(dpi), pdf, prefix]);
}

export interface PrintedWord {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

export interface PrintedPage {
  width: number;
  height: number;
  words: PrintedWord[];
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]!);

/** Every printed word of every page, from pdftotext -bbox (our own LibreOffice output, not submitted text). */
export function printedPages(pdf: string): PrintedPage[] {
  const html = `${pdf}.bbox.html`;
  run('pdftotext', ['-bbox', pdf, html]);
  const pages: PrintedPage[] = [];
  for (const chunk of readFileSync(html, 'utf8').split('<page ').slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk);
    const words = [...chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: unescape(m[5]!),
    }));
    pages.push({ width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), words });
  }
  return pages;
}
