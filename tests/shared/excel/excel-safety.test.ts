import { describe, expect, it } from 'vitest';
import { csvSafeText, hasXmlForbidden, looksLikeFormula, safeFileName, safeSheetName, safeText } from '../../../shared/excel/excel-safety';
import { SHEET_NAMES } from '../../../shared/report/report-workbook';

describe('excel safety', () => {
  it('recognises every formula lead-in of the contract', () => {
    for (const t of ['=1+1', '+1', '-1', '@x', '\tx', '\rx', ' =x', '\u3000 +x', '＝HYPERLINK("x")', '＋1', '－1', '＠x'])
      expect(looksLikeFormula(t)).toBe(true);
    for (const t of ['1+1', '山西', ' x=1', '']) expect(looksLikeFormula(t)).toBe(false);
  });

  it('keeps text as text for cells and prefixes it for CSV', () => {
    expect(safeText('=SUM(A1)')).toBe('=SUM(A1)');
    expect(safeText({ formula: 'A1' })).toBe('[object Object]');
    expect(safeText(undefined)).toBe('');
    expect(csvSafeText('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvSafeText('ok')).toBe('ok');
  });

  it('makes sheet names Excel accepts: no []:*?/\\, no edge quotes, at most 31 characters', () => {
    expect(safeSheetName("'2021/[Q4]: 企业*?'")).toBe('2021  Q4   企业');
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
    // A cut inside an emoji drops the whole character instead of leaving half of it (U+FFFD).
    expect(safeSheetName('x'.repeat(30) + '😀😀')).toBe('x'.repeat(30));
    expect(csvSafeText('  =1+1')).toBe("'  =1+1");
    expect(safeSheetName('///')).toBe('Sheet');
    for (const name of Object.values(SHEET_NAMES)) expect(safeSheetName(name)).toBe(name);
  });

  it('makes file names safe on every system', () => {
    expect(safeFileName('../报告:2021?.xlsx')).toBe('__报告_2021_.xlsx');
    expect(safeFileName('')).toBe('report');
  });

  it('replaces characters XML 1.0 forbids, so a key or sheet name can never make a workbook unreadable', () => {
    expect(safeText('a\uFFFEb\uFFFFc\u0001d\u000Be')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(safeText('x\uD800y')).toBe('x\uFFFDy');
    expect(safeText('𠮷\t\n')).toBe('𠮷\t\n');
    expect(hasXmlForbidden('ok 𠮷')).toBe(false);
    expect(hasXmlForbidden('bad\u0008')).toBe(true);
    expect(safeSheetName('企业\uFFFF')).toBe('企业\uFFFD');
  });
});
