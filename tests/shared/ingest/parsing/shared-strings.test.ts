import { describe, expect, it } from 'vitest';
import { SharedStrings } from '../../../../shared/ingest/parsing/shared-strings';

describe('shared strings', () => {
  it('gives back every string exactly, Chinese, emoji and empty ones included, across growth', () => {
    const table = new SharedStrings();
    const written: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = i % 7 === 0 ? '' : `太原市迎泽区第${i}科技有限公司${i % 11 === 0 ? '𠀀🚀' : ''}`;
      written.push(s);
      table.push(s);
    }
    expect(table.length).toBe(20_000);
    for (let i = 0; i < written.length; i++) expect(table.at(i)).toBe(written[i]);
  });

  it('keeps a problem entry as the problem, and answers undefined past the end', () => {
    const table = new SharedStrings();
    table.push('甲');
    table.push({ problem: 'too long' });
    table.push('乙');
    expect(table.at(1)).toEqual({ problem: 'too long' });
    expect(table.at(2)).toBe('乙');
    expect(table.at(3)).toBeUndefined();
    expect(table.at(-1)).toBeUndefined();
    expect(table.at(Number('x'))).toBeUndefined();
  });
});
