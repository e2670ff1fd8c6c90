import { describe, expect, it } from 'vitest';
import { PagedWriter } from '../../../shared/ingest/paged-writer';

describe('paged writer', () => {
  it('writes pages of the given size with at most N in flight, and flushes the rest', async () => {
    const pages: number[][] = [];
    let inFlight = 0;
    let maxSeen = 0;
    const writer = new PagedWriter<number>(
      async (page) => {
        inFlight++;
        maxSeen = Math.max(maxSeen, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        pages.push(page);
        inFlight--;
      },
      25,
      3,
    );
    for (let i = 0; i < 260; i++) await writer.add(i);
    await writer.flush();
    expect(pages.map((p) => p.length).sort((a, b) => b - a)).toEqual([...Array(10).fill(25), 10]);
    expect(pages.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 260 }, (_, i) => i));
    expect(maxSeen).toBe(3);
  });

  it('surfaces a failed page', async () => {
    const writer = new PagedWriter<number>(
      async () => {
        throw new Error('throttled for good');
      },
      2,
      1,
    );
    await expect(
      (async () => {
        for (let i = 0; i < 10; i++) await writer.add(i);
        await writer.flush();
      })(),
    ).rejects.toThrow('throttled for good');
  });
});
