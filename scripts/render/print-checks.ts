/**
 * What a printed page must be for its reader (issue: the director's one-page
 * Summary): no text smaller than 9 pt, no word printed over another or off
 * the page, and no cell's text cut off. LibreOffice leaves out of the PDF the
 * characters a cell's border clips (or a row too short hides), so a cell is
 * clipped exactly when some of its characters are not printed.
 */
import type { PrintedPage, PrintedWord } from './pdf-render';

/** pdftotext's word box is this many points tall per point of font size (measured: 11 pt → 10.7, 9.5 pt → 9.23). */
const BOX_PER_POINT = 0.972;
export const MIN_PRINTED_POINTS = 9;

export interface PrintProblem {
  page: number;
  what: string;
}

/** The printed size of a word, in points of font size. */
export const printedPoints = (w: PrintedWord) => (w.yMax - w.yMin) / BOX_PER_POINT;

function overlap(a: PrintedWord, b: PrintedWord): number {
  const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  return x > 0 && y > 0 ? x * y : 0;
}

const area = (w: PrintedWord) => (w.xMax - w.xMin) * (w.yMax - w.yMin);

/** Text below 9 pt, words over one another (more than a third of the smaller), words off the page. */
export function layoutProblems(pages: readonly PrintedPage[], pageNumbers: readonly number[]): PrintProblem[] {
  const problems: PrintProblem[] = [];
  for (const n of pageNumbers) {
    const page = pages[n - 1]!;
    const small = page.words.filter((w) => printedPoints(w) < MIN_PRINTED_POINTS - 0.05);
    if (small.length > 0)
      problems.push({
        page: n,
        what: `${small.length} words below ${MIN_PRINTED_POINTS} pt, e.g. "${small[0]!.text}" at ${printedPoints(small[0]!).toFixed(1)} pt`,
      });
    const off = page.words.filter((w) => w.xMin < 0 || w.yMin < 0 || w.xMax > page.width || w.yMax > page.height);
    if (off.length > 0) problems.push({ page: n, what: `${off.length} words off the page, e.g. "${off[0]!.text}"` });
    for (let i = 0; i < page.words.length; i++) {
      for (let j = i + 1; j < page.words.length; j++) {
        const a = page.words[i]!;
        const b = page.words[j]!;
        if (overlap(a, b) > Math.min(area(a), area(b)) / 3) problems.push({ page: n, what: `"${a.text}" and "${b.text}" are printed over each other` });
      }
    }
  }
  return problems;
}

const countChars = (texts: Iterable<string>) => {
  const counts = new Map<string, number>();
  for (const text of texts) for (const ch of text.replace(/\s+/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
};

/**
 * The cells (by their text) some of whose characters the pages do not print: cut off by a border or a
 * short row. A cell printed in one piece (its text runs on in the page's words) is fine; the others must
 * find every character among what is left, shortest first, so a clipped cell is the one named.
 */
export function clippedCells(cellTexts: readonly string[], pages: readonly PrintedPage[], pageNumbers: readonly number[]): string[] {
  const words = pageNumbers.flatMap((n) => pages[n - 1]!.words.map((w) => w.text));
  const printed = countChars(words);
  const joined = words.join('');
  const take = (counts: Map<string, number>) => {
    for (const [ch, n] of counts) printed.set(ch, (printed.get(ch) ?? 0) - n);
  };
  const pieces: string[] = [];
  for (const text of cellTexts) {
    if (joined.includes(text.replace(/\s+/g, ''))) take(countChars([text]));
    else pieces.push(text);
  }
  const clipped: string[] = [];
  for (const text of pieces.sort((a, b) => a.length - b.length)) {
    const needed = countChars([text]);
    if ([...needed].some(([ch, n]) => (printed.get(ch) ?? 0) < n)) clipped.push(text);
    take(needed);
  }
  return clipped;
}
