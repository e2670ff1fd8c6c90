import { afterEach, describe, expect, it, vi } from 'vitest';
import { printRun } from '../../../scripts/local/run-summary';
import type { PipelineResult } from '../../../scripts/local/run-pipeline';
import { reportInput } from '../../support/report-fixtures';

function result(checked: string[]): PipelineResult {
  const files = {
    indicators: 'out/indicators.json',
    submissions: 'out/submissions.json',
    report: 'out/report-2021.xlsx',
    email: 'out/email-2021.eml',
    review: 'out/review.json',
  };
  return { indicators: reportInput().indicators, submissions: [], files, checked, deadLetters: 0, deadLetterReasons: [] } as unknown as PipelineResult;
}

describe('what a local run says when it ends', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says where the review and the checked workbooks to send back are, a few by name and many by their folder', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    expect(printRun(result(['out/checked/enterprises/a.csv.checked.xlsx']), 'Report: out/report-2021.xlsx')).toBe(0);
    expect(lines).toContain('Review: out/review.json  Checked workbooks to fix and send back: out/checked/enterprises/a.csv.checked.xlsx');
    lines.length = 0;
    printRun(result(Array.from({ length: 40 }, (_, i) => `out/checked/enterprises/${i}.csv.checked.xlsx`)), '');
    expect(lines).toContain('Review: out/review.json  Checked workbooks to fix and send back: 40, under out/checked/');
    lines.length = 0;
    printRun(result([]), '');
    expect(lines).toContain('Review: out/review.json  Checked workbooks to fix and send back: none (nothing to fix or explain)');
  });
});
