/**
 * How much room text takes when printed: a Chinese character (or any
 * full-width one) is two columns of Excel's width unit, anything else one.
 * Column widths and the heights of wrapped rows are set from it, because
 * neither Excel nor LibreOffice grows a row for wrapped text exceljs wrote.
 */

/** Full-width: CJK radicals through the unified ideographs, compatibility ideographs, full-width forms. */
function isWide(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef);
}

/** Width units the text takes on one line. */
export function displayWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += isWide(text.charCodeAt(i)) ? 2 : 1;
  return w;
}

/** The height in points of a row whose text wraps in `columnWidth` units at `fontSize` points (1.5 × the size a line). */
export function wrappedHeight(text: string, columnWidth: number, fontSize = 11): number {
  // A width unit holds one digit at 11 pt; at other sizes proportionally more or fewer.
  const perLine = Math.max(1, Math.floor((columnWidth * 11) / fontSize));
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / perLine)), 0);
  return Math.ceil(fontSize * 1.5) * lines;
}
