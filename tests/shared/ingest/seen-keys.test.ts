import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../../shared/ingest/seen-keys';

describe('seen keys', () => {
  it('gives the first row of a repeated key, across growth, and nothing for a new one', () => {
    const seen = new SeenKeys();
    for (let i = 0; i < 50_000; i++) expect(seen.firstRow(`91140105MA${i}#2021`, i + 2)).toBeUndefined();
    expect(seen.firstRow('91140105MA7#2021', 90_000)).toBe(9);
    expect(seen.firstRow('91140105MA49999#2021', 90_001)).toBe(50_001);
    expect(seen.firstRow('91140105MA7#2022', 90_002)).toBeUndefined();
    // Every key, whatever the high bits of its hashes.
    const again = new SeenKeys();
    const keys = Array.from({ length: 2_000 }, (_, i) => `K${i * 7919}`);
    keys.forEach((k, i) => again.firstRow(k, i));
    expect(keys.map((k) => again.firstRow(k, -1))).toEqual(keys.map((_, i) => i));
  });
});
