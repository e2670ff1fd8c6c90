import { describe, expect, it } from 'vitest';
import { completeUscc, parseUscc, usccCheckCharacter } from '../../../shared/domain/uscc';

describe('USCC (GB 32100-2015)', () => {
  it('computes the check character of a published code', () => {
    // 91110000600037341L is a widely published valid code (Beijing).
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
    expect(parseUscc('91110000600037341L')).toEqual({ ok: true, value: '91110000600037341L' });
  });

  it('maps a weighted sum that is a multiple of 31 to check character 0', () => {
    // Search a code whose check is 0 and confirm the round trip.
    let code = '';
    for (let i = 0; i < 1000 && !code; i++) {
      const candidate = `91140105MA${String(1000000 + i)}`;
      if (usccCheckCharacter(candidate) === '0') code = candidate + '0';
    }
    expect(code).not.toBe('');
    expect(parseUscc(code).ok).toBe(true);
  });

  it('upper-cases lower-case input', () => {
    const code = completeUscc('91140105MA0GRJ0R1');
    expect(parseUscc(code.toLowerCase())).toEqual({ ok: true, value: code });
  });

  it('trims and accepts full-width characters', () => {
    const code = completeUscc('91140105MA0GRJ0R1');
    const fullWidth = code.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(parseUscc(`  ${fullWidth} `)).toEqual({ ok: true, value: code });
  });

  it('rejects a wrong check character and names the expected one', () => {
    const code = completeUscc('91140105MA0GRJ0R1');
    const wrong = code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A');
    const result = parseUscc(wrong);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(`should be "${code[17]}"`);
  });

  it('rejects wrong length, forbidden letters and a non-numeric division code', () => {
    expect(parseUscc('91140105MA0GRJ0R').ok).toBe(false);
    const withI = parseUscc('91140105MA0GRJ0RI1');
    expect(!withI.ok && withI.message).toMatch(/character 17 "I"/);
    const badDivision = parseUscc(completeUscc('9114A105MA0GRJ0R1'));
    expect(!badDivision.ok && badDivision.message).toMatch(/positions 3–8/);
  });
  it('removes spaces and hyphens inside a code, as licences print it', () => {
    const code = completeUscc('91140105MA0K01001');
    const spaced = `${code.slice(0, 8)} ${code.slice(8, 12)} ${code.slice(12)}`;
    expect(parseUscc(spaced)).toEqual({ ok: true, value: code });
    expect(parseUscc(`${code.slice(0, 8)}-${code.slice(8)}`)).toEqual({ ok: true, value: code });
    expect(parseUscc(`${code.slice(0, 8)}_${code.slice(8)}`).ok).toBe(false);
  });
});
