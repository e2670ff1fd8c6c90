/**
 * Figures written as plain ASCII decimals ("2021", "1234.5", "-0.25"): the
 * form most cells of a bureau's files hold, recognised in one pass so they
 * can skip the normalising that other ways of writing a figure need.
 */

/** Only ASCII digits (true for ""). */
export function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `-?digits[.digits]` with a digit somewhere: what /^-?(\d+(\.\d*)?|\.\d+)$/ accepts, in one pass that builds nothing (every figure cell asks). */
export function isPlainDecimal(s: string): boolean {
  let digits = 0;
  let point = false;
  for (let i = s.charCodeAt(0) === 45 ? 1 : 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point) point = true;
    else return false;
  }
  return digits > 0;
}

/** The same text's sign, integer digits ("0" when none) and fraction digits; undefined when it is not a plain decimal. */
export function decimalParts(decimal: string): { negative: boolean; intPart: string; frac: string } | undefined {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const point = body.indexOf('.');
  const int = point < 0 ? body : body.slice(0, point);
  const frac = point < 0 ? '' : body.slice(point + 1);
  if (!isAsciiDigits(int) || !isAsciiDigits(frac) || (int === '' && frac === '')) return undefined;
  return { negative, intPart: int || '0', frac };
}
