/**
 * The hostile sheet (scripts/bench/inflating-sheet.ts): a few hundred
 * kilobytes that inflate to one sheet of the same invalid row, over and
 * over. Every per-row structure is capped, so it ends with a rejected status
 * and a checked workbook of bounded size, whatever its rows; its memory is
 * measured at 1.9 GB by `npm run bench -- --memory`.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { writeInflatingSheet } from '../../../scripts/bench/inflating-sheet';
import { CHECKED_LIMITS, CheckedBudget } from '../../../shared/ingest/checked-budget';
import { ingestSubmission } from '../../../shared/ingest/ingest-submission';
import type { IngestStore } from '../../../shared/ingest/ports';
import { SheetCopy } from '../../../shared/ingest/sheet-copy';

const ROWS = 150_000;

function scratchStore(kept: { checked?: Buffer; reportBytes: number }): IngestStore {
  return {
    hasSubmission: async () => false,
    writeVersions: async () => undefined,
    putStatuses: async () => undefined,
    writeErrorReport: async (_keys, csv, json) => void (kept.reportBytes = csv.length + json.length),
    writeCheckedWorkbook: async (_key, bytes) => void (kept.checked = bytes),
    versionsOf: async () => [],
    statusesOf: async () => [],
  };
}

describe('a sheet of the same invalid row, over and over', () => {
  it('ends rejected, every row counted and every error counted, with bounded results and a checked workbook that says it was cut', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'torchline-hostile-sheet-')), 'hostile.xlsx');
    await writeInflatingSheet(file, ROWS);
    const kept: { checked?: Buffer; reportBytes: number } = { reportBytes: 0 };
    const result = await ingestSubmission(
      { key: 'submissions/enterprises/hostile.xlsx', sequencer: '01', eventTime: '2022-03-01T00:00:00Z' },
      async () => createReadStream(file),
      scratchStore(kept),
    );
    if (result.outcome !== 'processed') throw new Error(result.outcome);
    const [status] = result.statuses;
    expect(status).toMatchObject({ status: 'rejected', rows: ROWS, accepted: 0, rejected: ROWS, errorCount: ROWS * 4 });
    expect(status!.errors.length).toBeLessThanOrEqual(100);
    expect(result.toFix).toBe(ROWS);
    // The error report lists 10,000 errors, not 600,000; the checked workbook holds the copy's budget and 2,000 comments.
    expect(kept.reportBytes).toBeLessThan(10 * 1024 * 1024);
    expect(kept.checked!.length).toBeLessThan(8 * 1024 * 1024);
    const zip = await JSZip.loadAsync(kept.checked!);
    const comments = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /comments\d*\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(comments.join('').split('<comment ').length - 1).toBe(CHECKED_LIMITS.notes);
    const texts = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(texts).toContain('only the first');
  });

  it('marks a row numbered again and again at most a few times per cell, and counts once each row it could not copy', () => {
    const copy = new SheetCopy(new CheckedBudget());
    copy.copy(2, ['a']);
    for (let i = 0; i < 10_000; i++) copy.error(2, 0, i % 2 === 0 ? 'same' : `other ${i}`);
    expect(copy.marks.get(2)!.errors.get(0)!.length).toBe(5);
    // Rows past the copy: marked nowhere, but counted, a row with an error and a finding once, as to fix.
    copy.warn(9, 'finding');
    copy.error(9, 0, 'bad');
    copy.error(9, 1, 'worse');
    copy.warn(10, 'finding');
    copy.warn(10, 'another');
    expect(copy.marks.has(9)).toBe(false);
    expect(copy.counts()).toEqual({ toFix: 2, toExplain: 1 });
  });
});
