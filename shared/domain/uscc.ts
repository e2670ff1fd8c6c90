/**
 * Unified Social Credit Code (GB 32100-2015): 18 characters, the last a check
 * character over the first 17.
 */
import { bilingual } from './bilingual';
import { displayText } from './display-text';

/** The 31 characters a credit code may hold (no I, O, Z, S, V), in the order of their values. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ALPHABET = USCC_ALPHABET;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccResult = { ok: true; value: string } | { ok: false; message: string };

/** Each ASCII code unit's value in the alphabet, -1 where it is not in it. */
const VALUE = new Int8Array(128).fill(-1);
for (let v = 0; v < ALPHABET.length; v++) VALUE[ALPHABET.charCodeAt(v)] = v;

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check]!;
}

/** A code written exactly as it should be (18 characters of the alphabet, division digits, the right check character): nothing to normalise. */
function isWellFormed(raw: string): boolean {
  if (raw.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = raw.charCodeAt(i);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0 || (i >= 2 && i < 8 && v > 9)) return false;
    if (i < 17) sum += v * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return raw.charCodeAt(17) === ALPHABET.charCodeAt(check === 31 ? 0 : check);
}

/**
 * Upper-cases and checks a USCC; spaces and hyphens inside it (how codes are
 * printed on licences: "91140105 MA0K 01001N") are removed. The message says
 * exactly what is wrong.
 */
export function parseUscc(raw: string): UsccResult {
  if (isWellFormed(raw)) return { ok: true, value: raw };
  // A code is 18 characters; spaces and hyphens may stand between them, but not thousands.
  const value = (raw.length > 100 ? raw.slice(0, 100) : raw)
    .normalize('NFKC')
    .replace(/[\s\-‐‑‒–—]/g, '')
    .toUpperCase();
  if (value.length !== 18) {
    const shown = displayText(value, 24);
    return {
      ok: false,
      message: bilingual(`统一社会信用代码应为 18 位，实为 ${value.length} 位（"${shown}"）`, `USCC must be 18 characters, got ${value.length} ("${shown}")`),
    };
  }
  for (let i = 0; i < 18; i++) {
    const ch = value[i]!;
    if (!ALPHABET.includes(ch)) {
      return {
        ok: false,
        message: bilingual(
          `统一社会信用代码第 ${i + 1} 位“${displayText(ch)}”不允许（代码中没有字母 I、O、Z、S、V 和符号）`,
          `USCC character ${i + 1} "${displayText(ch)}" is not allowed (letters I, O, Z, S, V and symbols never occur)`,
        ),
      };
    }
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) {
    return {
      ok: false,
      message: bilingual(
        `统一社会信用代码第 3–8 位应为 6 位行政区划代码，实为“${value.slice(2, 8)}”`,
        `USCC positions 3–8 must be the 6-digit division code, got "${value.slice(2, 8)}"`,
      ),
    };
  }
  const expected = usccCheckCharacter(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      ok: false,
      message: bilingual(
        `统一社会信用代码校验位为“${value[17]}”，按前 17 位应为“${expected}”，请核对`,
        `USCC check character is "${value[17]}" but should be "${expected}"`,
      ),
    };
  }
  return { ok: true, value };
}

/** Builds a valid USCC from its first 17 characters (used by the sample generator and tests). */
export function completeUscc(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}
