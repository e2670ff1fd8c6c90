/**
 * Submitted text quoted in a message a person reads (a status, an error
 * report, an email, the report's sheets): short, cut between characters
 * (never inside a surrogate pair, which would leave U+FFFD), and with every
 * character that is invisible or changes how the rest reads — controls,
 * zero-width and bidirectional formatting, unpaired surrogates — shown as
 * its code point (`<U+202E>`) instead of itself. Every step is one pass.
 */
const HIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS = /[\t\r\n]+/g;

export function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** At most `max` characters (code points) of the text, never splitting a surrogate pair. */
export function cutAtCharacter(text: string, max: number): string {
  let units = 0;
  for (let chars = 0; units < text.length && chars < max; chars++) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, units);
}

/** The number of characters (code points), counted without building an array. */
export function characterCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Text safe to quote: hidden characters named, line breaks as spaces, cut at `max` characters with an ellipsis. */
export function displayText(text: string, max = 60): string {
  const cut = cutAtCharacter(text, max);
  const shown = cut.replace(LINE_BREAKS, ' ').replace(HIDDEN, (ch) => `<${codePointLabel(ch)}>`);
  return cut.length < text.length ? `${shown}…` : shown;
}
