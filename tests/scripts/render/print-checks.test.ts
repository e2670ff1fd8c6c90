import { describe, expect, it } from 'vitest';
import { clippedCells, layoutProblems } from '../../../scripts/render/print-checks';
import type { PrintedPage, PrintedWord } from '../../../scripts/render/pdf-render';

/** A word as pdftotext -bbox gives it: 11 pt text is a box about 10.7 pt tall. */
const word = (text: string, x: number, y: number, points = 11): PrintedWord => ({
  text,
  xMin: x,
  yMin: y,
  xMax: x + text.length * points * 0.6,
  yMax: y + points * 0.972,
});
const page = (...words: PrintedWord[]): PrintedPage => ({ width: 842, height: 595, words });

describe('the render check', () => {
  it('passes a page of normal text', () => {
    expect(layoutProblems([page(word('迎泽区', 30, 40), word('2021', 80, 40), word('高新技术企业数', 30, 60))], [1])).toEqual([]);
  });

  it('finds text printed below 9 pt, words printed over each other, and words off the page', () => {
    const problems = layoutProblems([page(word('tiny', 30, 40, 5.3), word('first', 30, 80), word('second', 34, 82), word('off', 840, 100))], [1]).map(
      (p) => p.what,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^1 words below 9 pt, e.g. "tiny" at 5\.3 pt/),
      expect.stringMatching(/^1 words off the page/),
      '"first" and "second" are printed over each other',
    ]);
  });

  it('names the cell whose characters the page leaves out (a border cut it), and not the cells printed whole', () => {
    // LibreOffice leaves clipped glyphs out of the PDF: "这是一段很长的文字" printed as "这是一段很".
    const printed = [page(word('这是一段很', 30, 40), word('B', 120, 40), word('wrapped', 30, 60), word('text', 80, 60), word('企业名称', 30, 80))];
    expect(clippedCells(['这是一段很长的文字', 'B', 'wrapped text', '企业名称'], printed, [1])).toEqual(['这是一段很长的文字']);
    // Text wrapped over lines among other cells' words is whole when every character is printed.
    const interleaved = [page(word('营业', 30, 40), word('45', 90, 40), word('收入', 30, 52))];
    expect(clippedCells(['营业收入', '45'], interleaved, [1])).toEqual([]);
  });
});
