/**
 * The package's workbook (contract 15): six sheets, Chinese only, each on A4
 * at 10.5 pt with its header rows repeated on every page; money in 千元.
 * Before the year is approved the title and every sheet's header say
 * 草稿（未审核）.
 */
import ExcelJS from 'exceljs';
import { EXEMPT_REASONS, INCUBATOR_LEVELS, SECTOR_ENUM } from '../domain/enumerations';
import { safeText } from '../excel/excel-safety';
import { wrappedHeight } from '../excel/print-width';
import type { UpwardDocument } from './upward-package';
import { PARTS_LABELS } from '../domain/district-package';

const DRAFT = '草稿（未审核）';
const FONT = { name: '宋体', size: 10.5 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** A sheet with its title, its column headings repeated on every printed page, fitted to an A4 page's width. */
function sheetOf(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  headings: readonly string[],
  widths: readonly number[],
  landscape = false,
): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
    headerFooter: { oddFooter: `${name}　第 &P 页，共 &N 页` },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  sheet.columns = widths.map((width) => ({ width }));
  const top = sheet.addRow([title]);
  top.font = { ...FONT, bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, Math.max(1, headings.length));
  const head = sheet.addRow([...headings]);
  head.font = { ...FONT, bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  head.eachCell((c) => (c.fill = HEADER_FILL));
  return sheet;
}

/** A row of the sheet, every text written as text (never a formula), wrapped and tall enough for its longest cell. */
function addRow(sheet: ExcelJS.Worksheet, values: readonly (string | number | null)[], widths: readonly number[]): void {
  const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? safeText(v) : v)));
  row.font = FONT;
  // Thousands separated, 千元 to the one decimal the package states.
  row.eachCell((cell) => {
    if (typeof cell.value === 'number') cell.numFmt = Number.isInteger(cell.value) ? '#,##0' : '#,##0.0';
    // Text is set off from the figure before it: a note never reads as part of the number.
    else cell.alignment = { wrapText: true, vertical: 'top', indent: 1 };
  });
  row.alignment = { wrapText: true, vertical: 'top' };
  const height = Math.max(...values.map((v, i) => (typeof v === 'string' ? wrappedHeight(v, (widths[i] ?? 10) - 1) : 15)));
  if (height > 15) row.height = height;
}

function cover(wb: ExcelJS.Workbook, doc: UpwardDocument, prepared: string, draft: string): void {
  const widths = [22, 60];
  const sheet = sheetOf(wb, '封面', `${doc.district}${doc.year}年度科技创新统计上报材料${draft}`, ['项目', '内容'], widths);
  const approval = doc.approved
    ? `已审核：${doc.approved.by}，${doc.approved.at.slice(0, 10)}${doc.approved.reason ? `；强制上报说明：${doc.approved.reason}` : ''}`
    : DRAFT;
  const rows: [string, string][] = [
    ['区县', doc.district],
    ['统计年度', String(doc.year)],
    ['报送单位', `${doc.district}科学技术局`],
    ['审核情况', approval],
    ['编制日期', prepared],
    ['大企业（营业收入2亿元及以上）', `${doc.large_enterprises.length} 家`],
    ['未报及免报单位', `${doc.non_reporters.length} 家`],
    ['孵化器', `${doc.incubators.length} 家`],
    ['金额单位', '千元'],
  ];
  for (const r of rows) addRow(sheet, r, widths);
}

function summary(wb: ExcelJS.Workbook, doc: UpwardDocument, draft: string): void {
  const widths = [30, 8, 16, 16, 16, 12];
  const sheet = sheetOf(wb, '汇总表', `${doc.year}年度指标汇总${draft}`, ['指标', '单位', `${doc.year - 1}年`, `${doc.year}年`, '增减', '增减（%）'], widths);
  for (const i of doc.indicators) addRow(sheet, [i.label, i.unit, i.previous, i.current, i.change, i.change_pct], widths);
  // The ratio's parts, so the city recomputes 研发投入强度 from sums rather than averaging districts' ratios.
  for (const part of ['rd_expenditure', 'revenue'] as const) {
    const [prev, cur] = [doc.rd_intensity_parts_previous?.[part] ?? null, doc.rd_intensity_parts?.[part] ?? null];
    const change = prev === null || cur === null ? null : Math.round((cur - prev) * 10) / 10;
    addRow(sheet, [PARTS_LABELS[part], '千元', prev, cur, change, null], widths);
  }
}

function comparison(wb: ExcelJS.Workbook, doc: UpwardDocument, draft: string): void {
  const widths = [24, 10, 36, 14, 14, 30];
  const sheet = sheetOf(
    wb,
    '增减对比',
    `当年汇总与上年比较（增减 20% 及以上）${draft}`,
    ['指标', '增减（%）', '主要变动单位', '上年', '当年', '说明'],
    widths,
    true,
  );
  const label = new Map(doc.indicators.map((i) => [i.id, i.label]));
  for (const c of doc.comparison) {
    if (c.movers.length === 0) addRow(sheet, [label.get(c.id) ?? c.id, c.change_pct, '—', c.previous, c.current, '待说明'], widths);
    for (const [n, m] of c.movers.entries())
      addRow(sheet, [n === 0 ? (label.get(c.id) ?? c.id) : '', n === 0 ? c.change_pct : null, m.name, m.previous, m.current, m.note ?? '待说明'], widths);
  }
}

/** A city's package names each listed unit's district in a first column (contract 15). */
const isCity = (doc: UpwardDocument) =>
  doc.large_enterprises.some((e) => e.district) || doc.incubators.some((i) => i.district) || doc.non_reporters.some((r) => r.district);
function byDistrict<T>(city: boolean, first: T | undefined, rest: T[]): T[] {
  return city ? [first ?? ('' as T), ...rest] : rest;
}

function largeEnterprises(wb: ExcelJS.Workbook, doc: UpwardDocument, draft: string): void {
  const city = isCity(doc);
  const widths = byDistrict(city, 10, [30, 22, 14, 8, 14, 14, 10, 10]);
  const headings = byDistrict(city, '区县', ['企业名称', '统一社会信用代码', '行业领域', '高新', '营业收入', '研发经费', '从业人员', '研发人员']) as string[];
  const sheet = sheetOf(wb, '大企业名单', `营业收入2亿元及以上企业（千元）${draft}`, headings, widths, true);
  for (const e of doc.large_enterprises) {
    const values = [e.name, e.uscc, SECTOR_ENUM.label(e.sector) ?? e.sector, e.high_tech ? '是' : '否', e.revenue, e.rd_expenditure, e.employees, e.rd_staff];
    addRow(sheet, byDistrict<string | number | null>(city, e.district, values), widths);
  }
}

/** A missing reporter's roster contact, by dataset and key (`${dataset}\u0000${key}`). */
export type ReporterContacts = ReadonlyMap<string, { contact?: string | undefined; phone?: string | undefined }>;

function nonReporters(wb: ExcelJS.Workbook, doc: UpwardDocument, draft: string, contacts: ReporterContacts): void {
  const city = isCity(doc);
  const widths = byDistrict(city, 10, [8, 22, 30, 10, 15, 16]);
  const headings = byDistrict(city, '区县', ['类别', '编号', '单位名称', '联系人', '电话', '原因']) as string[];
  const sheet = sheetOf(wb, '未报名单', `未报及免报单位${draft}`, headings, widths, true);
  const kind = (dataset: string) => (dataset === 'incubators' ? '孵化器' : dataset === 'districts' ? '区县' : '企业');
  for (const r of doc.non_reporters) {
    const reason = r.reason === 'missing' ? '未报' : `免报：${EXEMPT_REASONS.label(r.reason) ?? r.reason}`;
    const who = contacts.get(`${r.dataset}\u0000${r.key}`);
    addRow(sheet, byDistrict<string | number | null>(city, r.district, [kind(r.dataset), r.key, r.name, who?.contact ?? '', who?.phone ?? '', reason]), widths);
  }
}

function incubators(wb: ExcelJS.Workbook, doc: UpwardDocument, draft: string): void {
  const city = isCity(doc);
  const widths = byDistrict(city, 10, [14, 30, 8, 12, 14, 12]);
  const headings = byDistrict(city, '区县', ['孵化器编号', '名称', '级别', '在孵企业数', '累计孵化企业数', '当年毕业企业数']) as string[];
  const sheet = sheetOf(wb, '孵化器', `孵化器${doc.year}年度情况${draft}`, headings, widths, city);
  for (const i of doc.incubators) {
    const values = [i.incubator_id, i.name, INCUBATOR_LEVELS.label(i.level) ?? i.level, i.incubating_companies, i.cumulative_incubated, i.graduated_companies];
    addRow(sheet, byDistrict<string | number | null>(city, i.district, values), widths);
  }
}

export async function upwardWorkbook(doc: UpwardDocument, prepared: string, contacts: ReporterContacts = new Map()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Torchline';
  const draft = doc.approved ? '' : `　${DRAFT}`;
  cover(wb, doc, prepared, draft);
  summary(wb, doc, draft);
  comparison(wb, doc, draft);
  largeEnterprises(wb, doc, draft);
  nonReporters(wb, doc, draft, contacts);
  incubators(wb, doc, draft);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
