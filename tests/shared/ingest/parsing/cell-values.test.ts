import { describe, expect, it } from 'vitest';
import {
  isBlank,
  normalizeText,
  parseBoolean,
  parseMoney,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parseYear,
} from '../../../../shared/ingest/parsing/cell-values';

describe('cell values', () => {
  it('reads thousands separators, full-width digits and surrounding spaces as integers', () => {
    expect(parseNonNegativeInteger('1,234')).toEqual({ ok: true, value: 1234 });
    expect(parseNonNegativeInteger('１２３')).toEqual({ ok: true, value: 123 });
    expect(parseNonNegativeInteger('  42 ')).toEqual({ ok: true, value: 42 });
    expect(parseNonNegativeInteger(7)).toEqual({ ok: true, value: 7 });
    expect(parseNonNegativeInteger('12.0')).toEqual({ ok: true, value: 12 });
  });

  it('reads the exponent form Excel writes into CSV for large numbers', () => {
    expect(parseMoney('1.2E+07', 1)).toEqual({ ok: true, value: 1_200_000_000 });
    expect(parseNonNegativeInteger('3e3')).toEqual({ ok: true, value: 3000 });
  });

  it('treats the placeholders of statistical tables as empty cells, but not negative numbers', () => {
    for (const p of ['-', '—', '／', '无', 'N/A', ' -- ']) expect(isBlank(p)).toBe(true);
    expect(isBlank('-5')).toBe(false);
    expect(isBlank(0)).toBe(false);
  });

  it('rejects negative counts, fractions and words with a reason', () => {
    expect(parseNonNegativeInteger('-3')).toMatchObject({ ok: false, message: expect.stringContaining('negative') });
    expect(parseNonNegativeInteger('2.5')).toMatchObject({ ok: false, message: expect.stringContaining('whole number') });
    expect(parseNonNegativeInteger('many')).toMatchObject({ ok: false });
    expect(parseNonNegativeInteger('1,23')).toMatchObject({ ok: false });
  });

  it('reads non-negative decimals', () => {
    expect(parseNonNegativeNumber('1,200.5')).toEqual({ ok: true, value: 1200.5 });
    expect(parseNonNegativeNumber(-1)).toMatchObject({ ok: false });
  });

  it('keeps money exact in fen, in yuan and in 万元', () => {
    expect(parseMoney('0.1', 1)).toEqual({ ok: true, value: 10 });
    expect(parseMoney('0.1', 10_000)).toEqual({ ok: true, value: 100_000 });
    expect(parseMoney('1,234,567.89', 1)).toEqual({ ok: true, value: 123_456_789 });
    expect(parseMoney(12.34, 10_000)).toEqual({ ok: true, value: 12_340_000 });
    expect(parseMoney('１２.５', 10_000)).toEqual({ ok: true, value: 12_500_000 });
    // 0.1 + 0.2 in floats is 0.30000000000000004; in fen it is exact.
    const a = parseMoney('0.1', 1);
    const b = parseMoney('0.2', 1);
    expect(a.ok && b.ok && a.value + b.value).toBe(30);
  });

  it('reads a unit written in the cell itself, which wins over the header', () => {
    expect(parseMoney('12.5万元', 1)).toEqual({ ok: true, value: 12_500_000 });
    expect(parseMoney('12.5万', 1)).toEqual({ ok: true, value: 12_500_000 });
    expect(parseMoney('300元', 10_000)).toEqual({ ok: true, value: 30_000 });
    expect(parseMoney('￥1,200', 1)).toEqual({ ok: true, value: 120_000 });
    expect(parseMoney('1.2亿元', 1)).toEqual({ ok: true, value: 12_000_000_000 });
    expect(parseMoney('万元', 1)).toMatchObject({ ok: false });
  });

  it('rounds money below the fen half away from zero', () => {
    expect(parseMoney('1.005', 1)).toEqual({ ok: true, value: 101 });
    expect(parseMoney('1.004', 1)).toEqual({ ok: true, value: 100 });
  });

  it('rejects negative money', () => {
    expect(parseMoney('-5', 1)).toMatchObject({ ok: false, message: expect.stringContaining('negative') });
  });

  it('accepts every boolean spelling of the contract', () => {
    for (const t of ['true', 'TRUE', 'yes', 'Y', '1', '是', '√', 1, true]) expect(parseBoolean(t)).toEqual({ ok: true, value: true });
    for (const f of ['false', 'No', 'n', '0', '否', '×', 0, false]) expect(parseBoolean(f)).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe')).toMatchObject({ ok: false, message: expect.stringContaining('yes/no') });
  });

  it('reads years from numbers, "2021年" and dates, within 2000..max', () => {
    expect(parseYear('2021', 2027)).toEqual({ ok: true, value: 2021 });
    expect(parseYear('2021年', 2027)).toEqual({ ok: true, value: 2021 });
    expect(parseYear(2021, 2027)).toEqual({ ok: true, value: 2021 });
    expect(parseYear(new Date(Date.UTC(2020, 5, 1)), 2027)).toEqual({ ok: true, value: 2020 });
    expect(parseYear('1999', 2027)).toMatchObject({ ok: false, message: expect.stringContaining('2000–2027') });
    expect(parseYear('2028', 2027)).toMatchObject({ ok: false });
  });

  it('trims text and collapses whitespace runs, full-width spaces included', () => {
    expect(normalizeText('  山西\u3000\u3000数云   科技 ')).toBe('山西 数云 科技');
  });
  it('takes the year of a date written in any common form', () => {
    for (const text of ['2021-12-31', '2021/12/31', '2021.12', '2021年12月31日', '2021年12月', '2021年度', '２０２１年', '2021-12-31 00:00:00']) {
      expect(parseYear(text, 2027), text).toEqual({ ok: true, value: 2021 });
    }
    expect(parseYear(2021.12, 2027)).toEqual({ ok: true, value: 2021 });
    expect(parseYear('2021-13-01', 2027).ok).toBe(false);
    expect(parseYear('2021.5.5.5', 2027).ok).toBe(false);
    expect(parseYear(2021.5, 2027)).toEqual({ ok: true, value: 2021 });
    expect(parseYear(2021.55, 2027).ok).toBe(false);
  });

  it('says what is wrong in Chinese, then English', () => {
    expect(parseYear('明年', 2027)).toEqual({ ok: false, message: '"明年" 不是年度 / "明年" is not a year' });
    expect(parseNonNegativeInteger('-3')).toEqual({ ok: false, message: expect.stringMatching(/^"-3" 是负数.* \/ "-3" is negative/) });
  });

  it('quotes at most a short prefix of a long bad value', () => {
    const r = parseNonNegativeInteger('x'.repeat(5000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeLessThan(200);
  });
});
