/**
 * The per-cell fast paths (issue 26) give exactly what the general paths they
 * skip give: each is compared with the general form on the values a bureau's
 * files hold and on the odd ones around them, and on random strings.
 */
import { describe, expect, it } from 'vitest';
import { decimalToFen } from '../../../../shared/domain/money';
import { parseUscc } from '../../../../shared/domain/uscc';
import { SECTOR_ENUM } from '../../../../shared/domain/enumerations';
import { isBlank, normalizeText, parseBoolean, parseMoney, parseYear } from '../../../../shared/ingest/parsing/cell-values';
import { parseCellRef } from '../../../../shared/ingest/parsing/xlsx-reader';

/** The forms before the fast paths, kept here as the reference. */
const reference = {
  normalizeText: (raw: string) => raw.replace(/[\s\u3000\u00a0]+/g, ' ').trim(),
  isBlank: (cell: string) => {
    const text = cell.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
    return text === '' || ['-', '--', '—', '——', '–', '/', '无', 'n/a', 'na', 'null', '#n/a'].includes(text.normalize('NFKC').toLowerCase());
  },
  parseCellRef: (ref: string) => {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
    if (!m) return undefined;
    let col = 0;
    for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { col: col - 1, row: Number(m[2]) };
  },
  decimalToFen: (decimal: string, multiplier: number) => {
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(decimal);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const sign = m[1] === '-' ? -1n : 1n;
    const frac = m[3] ?? '';
    const scale = 10n ** BigInt(frac.length);
    const numerator = BigInt((m[2] || '0') + frac) * BigInt(multiplier) * 100n;
    let fen = numerator / scale;
    if ((numerator % scale) * 2n >= scale) fen += 1n;
    const result = sign * fen;
    return result > BigInt(Number.MAX_SAFE_INTEGER) || result < -BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(result);
  },
};

/** A deterministic stream of strings drawn from the characters that matter here. */
function* randomStrings(alphabet: string, count: number, maxLength: number): Generator<string> {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const chars = [...alphabet];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(next() * (maxLength + 1));
    yield Array.from({ length }, () => chars[Math.floor(next() * chars.length)]).join('');
  }
}

const SPACES = ' \t\n\r\u3000\u00a0\u2003\ufeff';

describe('the per-cell fast paths', () => {
  it('normalise and find blanks exactly as the general path does', () => {
    const cases = [
      '',
      ' ',
      'null',
      ' NULL ',
      'Ｎｕｌｌ',
      '𝐧𝐮𝐥𝐥',
      '#N/A',
      '—',
      ' —— ',
      '无',
      '无锡',
      '-',
      '--',
      '- -',
      'n/a',
      'na',
      'N A',
      '2021',
      '太原市 迎泽区',
      'a  b',
      'a\u3000b',
      ' x',
      'x ',
      '\u3000',
      '是',
      '/',
    ];
    for (const c of [...cases, ...randomStrings(`ab nN/#-—无是${SPACES}1.ＮＵＬＬ`, 4000, 9)]) {
      expect(normalizeText(c), JSON.stringify(c)).toBe(reference.normalizeText(c));
      expect(isBlank(c), JSON.stringify(c)).toBe(reference.isBlank(c));
    }
  });

  it('read cell references exactly as the pattern did', () => {
    const cases = ['A1', 'AB12', '$C$3', 'XFD1048576', 'a1', 'ABCD1', 'A', '1', 'A12345678', '$', 'A$', 'A1$', '$$A1', 'Z9', 'Å1', 'A１'];
    for (const c of [...cases, ...randomStrings('AZaz$019Å', 4000, 8)]) expect(parseCellRef(c), c).toEqual(reference.parseCellRef(c));
  });

  it('convert money to fen exactly as BigInt does, at the edges of exact doubles too', () => {
    const cases = [
      '0',
      '0.005',
      '0.015',
      '1234.5',
      '-2.675',
      '.5',
      '5.',
      '-',
      '',
      '.',
      '999999999999999',
      '9007199254740.99',
      '90071992547409.93',
      '123456789012.345678',
      '0.0000000000000001',
      '1.2.3',
    ];
    for (const m of [1, 10_000, 100_000_000]) {
      for (const c of [...cases, ...randomStrings('0123456789.-', 3000, 18)]) expect(decimalToFen(c, m), `${c} × ${m}`).toBe(reference.decimalToFen(c, m));
    }
  });

  it('give plain figures, years, booleans, codes and credit codes the same values as before', () => {
    expect(parseMoney('1000.5', 10_000)).toEqual({ ok: true, value: 1_000_500_000 });
    expect(parseMoney(' 1000.5 ', 10_000)).toEqual(parseMoney('1000.5', 10_000));
    expect(parseMoney('1,000.5', 1)).toEqual({ ok: true, value: 100_050 });
    expect(parseYear('2021', 2030)).toEqual({ ok: true, value: 2021 });
    expect(parseYear('１９９９', 2030)).toEqual(parseYear('1999', 2030));
    expect(parseYear('-202', 2030).ok).toBe(false);
    expect(parseBoolean('是')).toEqual({ ok: true, value: true });
    expect(parseBoolean(' YES ')).toEqual({ ok: true, value: true });
    expect(SECTOR_ENUM.parse('it_innovation')).toBe('it_innovation');
    expect(SECTOR_ENUM.parse(' IT-Innovation ')).toBe('it_innovation');
    expect(SECTOR_ENUM.parse('智能装备制造')).toBe('intelligent_manufacturing');
    const code = '91140105MA0K01001N';
    const valid = parseUscc(code);
    expect(parseUscc(code.toLowerCase())).toEqual(valid);
    expect(parseUscc(`${code.slice(0, 8)} ${code.slice(8)}`)).toEqual(valid);
  });
});
