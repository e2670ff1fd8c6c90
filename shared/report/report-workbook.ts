/**
 * The Excel report leadership reads: bilingual (中文 / English) sheets for the
 * headline figures, the indicator table, sectors, the detail records and the
 * data quality of the period. Written with exceljs's streaming writer, so
 * detail sheets of any length keep memory flat.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { tenths, type DistrictPackage, type PackageFigureId, type RdParts } from '../domain/district-package';
import { DATASETS, type ColumnSpec, type DatasetName } from '../domain/datasets';
import { safeSheetName, safeText } from '../excel/excel-safety';
import { displayWidth, wrappedHeight } from '../excel/print-width';
import { displayText } from '../domain/display-text';
import {
  DASH,
  headlineMoney,
  honestFigures,
  INCOMPLETE_NOTE,
  YUAN_PER_WAN,
  type Coverage,
  HEADLINE_INDICATORS,
  INDICATOR_NAMES,
  INDICATORS,
  LEVEL_LABELS,
  type IndicatorName,
  type IndicatorsDocument,
} from './indicator-table';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../domain/records';
import { SECTOR_CODES, SECTOR_ENGLISH, SECTORS } from '../domain/sectors';
import { addCharts, sheetRange, type ChartSpec } from '../excel/charts';
import { shanghaiDay } from '../domain/shanghai-time';
import { latestOrderByKey, STATE_LABELS, type SubmissionStatus } from '../domain/submission-status';
import { REVIEW_RULES } from '../domain/review-rules';
import { approvalLine, type YearApproval } from '../domain/approval';
import { reviewSummary, type Review, suspectNote, suspectRecords } from './review';

export interface ReportInput {
  /** The year's approval (contract 14): the Summary says 已审核 or 未审核. */
  approval?: YearApproval | undefined;
  indicators: IndicatorsDocument;
  year: number;
  incubators: Iterable<IncubatorRecord>;
  enterprises: Iterable<EnterpriseRecord>;
  projects: Iterable<ProjectRecord>;
  submissions: readonly SubmissionStatus[];
  review: Review;
  /** The years each dataset has data for: other years show '—', never 0. */
  coverage: Coverage;
  generatedAt: Date;
  /** A city's districts' packages of the year (contract 15): the 分区县 sheet; none for a district. */
  districts?: readonly DistrictPackage[];
  /** The uploads with a record in force (current-records.ts): Data quality names the others superseded, without their old errors. */
  inForce?: ReadonlySet<string>;
}

export const FORMATS = {
  count: '#,##0',
  /** Yuan in the detail sheets, as a person reads an amount. */
  yuan: '#,##0.00',
  /** 万元 (ten thousand yuan) on the Summary, Indicators, Sectors and charts. */
  wan: '#,##0.00',
  /** Changes (year on year, CAGR) and shares, as the email gives them: one decimal. */
  percent: '0.0%',
  /** A ratio indicator (R&D intensity), to the hundredth of a percent, as the email and the CLI give it. */
  ratio: '0.00%',
} as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

export const SHEET_NAMES = {
  summary: '概要 Summary',
  charts: '图表 Charts',
  indicators: '指标 Indicators',
  sectors: '行业 Sectors',
  incubators: '孵化器 Incubators',
  enterprises: '企业 Enterprises',
  projects: '项目 Projects',
  review: '审核 Review',
  quality: '数据质量 Data quality',
  districts: '分区县 Districts',
} as const;

function formatFor(name: IndicatorName): string {
  const { kind } = INDICATORS[name];
  return kind === 'money' ? FORMATS.wan : kind === 'ratio' ? FORMATS.ratio : FORMATS.count;
}

function label(name: IndicatorName): string {
  return `${INDICATORS[name].zh} ${INDICATORS[name].en}`;
}

interface ColumnDef {
  header: string;
  width: number;
  numFmt?: string;
  /** Figures: the column and its header right-aligned (by default when it has a number format). */
  right?: boolean;
  /** Long text: wrapped in its cell, the row made tall enough to print all of it. */
  wrap?: boolean;
  /** The cells' font, where it is not the body's. */
  font?: Partial<ExcelJS.Font>;
  /** Text set off from a right-aligned figure before it. */
  indent?: number;
}

const TABLE_NOTE_FONT: Partial<ExcelJS.Font> = { size: 11, color: { argb: 'FF595959' } };

/** A table's header wraps onto this many lines at most (its row is that tall). */
const HEADER_LINES = 3;
/** Names and notes wrap in columns this wide. */
const WRAPPED_TEXT_WIDTH = 24;
/** A name column: most units' names (up to 15 characters) on one line. */
const NAME_WIDTH = 34;

const isRight = (c: ColumnDef) => c.right ?? c.numFmt !== undefined;

/** Widths (and wrapping) of each table sheet's columns, for rows to size themselves by. */
const TABLE_COLUMNS = new WeakMap<ExcelJS.Worksheet, readonly ColumnDef[]>();

/** A4, fitted to the page width: what a printed report needs. */
function pageSetup(orientation: 'portrait' | 'landscape'): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    firstPageNumber: 1,
    margins: { left: 0.25, right: 0.25, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
}

/** The workbook being written, and the heading every one of its printed pages carries. */
interface Writer {
  book: ExcelJS.stream.xlsx.WorkbookWriter;
  heading: string;
}

/** What every printed page says: the report it belongs to, its sheet, and its page number. */
function headerFooter(workbook: Writer, sheet: string): Partial<ExcelJS.HeaderFooter> {
  const text = (s: string) => s.replace(/&/g, '&&');
  return {
    oddHeader: `&L${text(workbook.heading)}&R${text(sheet)}`,
    // Numbered per sheet (each sheet's first page is 1, pageSetup below): a director finds 企业 p. 3, not p. 17 of the file.
    oddFooter: `&C${text(sheet)}　第 &P 页 / Page &P`,
  };
}

function addTable(workbook: Writer, name: string, columns: ColumnDef[]): ExcelJS.Worksheet {
  // The header row repeats on every printed page (print titles).
  const sheet = workbook.book.addWorksheet(safeSheetName(name), {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { ...pageSetup('landscape'), printTitlesRow: '1:1' },
    headerFooter: headerFooter(workbook, name),
  });
  // A header wraps onto HEADER_LINES lines, so each column is at least that fraction of its header wide (CJK counted double).
  const fitted = columns.map((c) => ({ ...c, width: Math.max(c.width, Math.ceil(displayWidth(c.header) / HEADER_LINES) + 3) }));
  TABLE_COLUMNS.set(sheet, fitted);
  sheet.columns = fitted.map((c, i) => ({
    key: `c${i}`,
    width: c.width,
    style: {
      ...(c.numFmt ? { numFmt: c.numFmt } : {}),
      ...(isRight(c) ? { alignment: { horizontal: 'right' as const } } : c.indent ? { alignment: { indent: c.indent } } : {}),
    },
  }));
  const header = sheet.getRow(1);
  fitted.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.fill = HEADER_FILL;
    cell.font = HEADER_FONT;
    cell.alignment = { vertical: 'middle', wrapText: true, ...(isRight(c) ? { horizontal: 'right' as const } : {}) };
  });
  header.height = HEADER_LINES * 15;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  header.commit();
  return sheet;
}

function addRow(sheet: ExcelJS.Worksheet, values: unknown[], numFmts?: (string | undefined)[]): void {
  const row = sheet.addRow(values);
  if (numFmts) numFmts.forEach((f, i) => f && (row.getCell(i + 1).numFmt = f));
  // Wrapped columns: neither Excel nor LibreOffice grows a row exceljs wrote, so it is sized here.
  const columns = TABLE_COLUMNS.get(sheet) ?? [];
  let height = 0;
  columns.forEach((c, i) => {
    const value = row.getCell(i + 1).value;
    if (c.font && value !== null && value !== undefined) row.getCell(i + 1).font = c.font;
    if (c.wrap && typeof value === 'string') height = Math.max(height, wrappedHeight(value, c.width));
  });
  if (height > ROW_POINTS) {
    row.height = height;
    // A tall row reads from its top line: every cell, wrapped or not, keeps its column's side.
    columns.forEach(
      (c, i) => (row.getCell(i + 1).alignment = { vertical: 'top', wrapText: c.wrap === true, ...(isRight(c) ? { horizontal: 'right' as const } : {}) }),
    );
  }
  row.commit();
}

/** A default row's height in points (one line at 11 pt). */
const ROW_POINTS = 17;

/** A note under a table, across its columns, wrapped and as tall as its text. */
function tableNote(sheet: ExcelJS.Worksheet, text: string): void {
  const columns = TABLE_COLUMNS.get(sheet) ?? [];
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, Math.max(1, columns.length));
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  // Grey, at the body's size: the print scales a wide table down, and a smaller note fell below 9 pt.
  row.getCell(1).font = TABLE_NOTE_FONT;
  row.height = wrappedHeight(
    text,
    columns.reduce((n, c) => n + c.width, 0),
    TABLE_NOTE_FONT.size,
  );
  row.commit();
}

/** A detail column as the report shows it: bilingual header, width and number format from the column's type. */
/**
 * A detail sheet's column, headed in Chinese from the dataset table (the English names are in the JSON outputs and
 * templates): money in 万元 like every other sheet of the report, so figures stay narrow enough for A4 at 9 pt.
 */
function detailColumn(column: ColumnSpec): ColumnDef {
  switch (column.type.kind) {
    case 'money':
      return { header: `${column.label}（万元）`, width: 12, numFmt: FORMATS.wan };
    case 'int':
    case 'number':
      return { header: column.label, width: 8, numFmt: FORMATS.count };
    case 'text':
      return { header: column.label, width: (column.type.maxLength ?? 0) > 100 ? WRAPPED_TEXT_WIDTH : 16 };
    case 'uscc':
      return { header: column.label, width: 20 };
    case 'enum':
      return { header: column.label, width: 12 };
    case 'bool':
      return { header: column.label, width: 6 };
    default:
      return { header: column.label, width: 10 };
  }
}

/** The columns a detail sheet prints: the reported year's sheets leave out the year every row shares. */
const detailColumns = (dataset: Exclude<DatasetName, 'roster' | 'districts'>) =>
  DATASETS[dataset].columns.filter((c) => dataset === 'projects' || c.name !== 'year');

/** A stored value as the report shows it; text from submissions stays text (safeText). */
function detailValue(column: ColumnSpec, value: unknown): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  switch (column.type.kind) {
    case 'money':
      // 万元 from fen exactly (a fen is 0.000001 万元); shown to the hundredth like the Summary.
      return (value as number) / 1_000_000;
    case 'int':
    case 'number':
    case 'year':
      return value as number;
    case 'bool':
      // The header says it in English too: the cell stays narrow.
      return value ? '是' : '否';
    case 'enum': {
      // The Chinese label a person reads (数字产业, 省级); the code is in the JSON outputs.
      const label = column.type.enumeration.label(String(value));
      return label ?? safeText(value);
    }
    default:
      return safeText(value);
  }
}

/** Column widths from what the columns hold (the first 2,000 records are enough to judge). */
function fittedColumns(columns: readonly ColumnSpec[], records: readonly object[]): ColumnDef[] {
  const sample = records.slice(0, 2_000) as Record<string, unknown>[];
  return columns.map((column) => {
    const def = detailColumn(column);
    const widest = sample.reduce((w, r) => {
      const v = detailValue(column, r[column.name]);
      return Math.max(w, v === null || v === undefined ? 0 : displayWidth(typeof v === 'number' ? v.toLocaleString('en-US') : String(v)));
    }, 0);
    // Headers wrap onto up to three lines; long text (names, notes) wraps in its cell, so A4 holds the table at 9 pt or more.
    const header = Math.ceil(displayWidth(def.header) / HEADER_LINES) + 2;
    const wrap = column.type.kind === 'text';
    // A unit's name fits one line where it can (a two-line row halves what a page holds); notes wrap.
    const cap = column.name === 'name' || column.name === 'title' ? NAME_WIDTH : wrap ? WRAPPED_TEXT_WIDTH : 30;
    // Two characters of air beside the widest value: a credit code never runs into the name after it.
    return { ...def, width: Math.min(cap, Math.max(6, widest + 2, header)), wrap };
  });
}

function addDetailSheet(workbook: Writer, dataset: Exclude<DatasetName, 'roster' | 'districts'>, records: Iterable<object>): void {
  const columns = detailColumns(dataset);
  // Records already held are measured for their widths; a stream of them (a national-scale bench) keeps the defaults.
  const defs = Array.isArray(records) ? fittedColumns(columns, records as object[]) : columns.map(detailColumn);
  const sheet = addTable(workbook, SHEET_NAMES[dataset], defs);
  let [listed, terminated] = [0, 0];
  for (const record of records) {
    const values = record as Record<string, unknown>;
    listed++;
    if (values.status === 'terminated') terminated++;
    addRow(
      sheet,
      columns.map((c) => detailValue(c, values[c.name])),
    );
  }
  // The list and the Summary must agree, or say why not: terminated projects are listed but not counted (contract 7).
  if (dataset === 'projects' && terminated > 0) {
    addRow(sheet, []);
    tableNote(
      sheet,
      `本表列出 ${listed} 个项目，其中状态为“终止”的 ${terminated} 个不计入科技项目数和资助金额（概要、指标表为 ${listed - terminated} 个）。` +
        ` / ${listed} projects listed; the ${terminated} terminated are not counted in the Summary and Indicators (${listed - terminated}).`,
    );
  }
  sheet.commit();
}

/** Where the sheets put the cells the charts read: computed as the sheets are written, never counted by hand. */
interface ReportLayout {
  /** First row (zero-based) of the Charts sheet where the charts go. */
  chartTop: number;
  /** Zero-based row of each indicator on the Indicators sheet (row 0 is the header). */
  indicatorRow: (name: IndicatorName) => number;
  /** Zero-based rows of the first and last sector, and the columns of their labels and funding, on the Sectors sheet. */
  sectorRows: [number, number];
  sectorLabelColumn: number;
  sectorFundingColumn: number;
}

function windowYears(doc: IndicatorsDocument): number[] {
  const years: number[] = [];
  for (let y = doc.window.from; y <= doc.window.to; y++) years.push(y);
  return years;
}

const QUIET_FONT: Partial<ExcelJS.Font> = { size: 9.5, color: { argb: 'FF595959' } };
const SUMMARY_COLUMNS = 6;
const SUMMARY_WIDTH_UNITS = 130;

/** A line of text across the Summary's columns, wrapped, tall enough for its length (the print never shrinks it to fit). */
function noteLine(sheet: ExcelJS.Worksheet, text: string, font: Partial<ExcelJS.Font> = QUIET_FONT): void {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, SUMMARY_COLUMNS);
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  row.getCell(1).font = font;
  // The six columns hold about 130 width units (a row sized for 9.5 pt clipped the 11 pt review line).
  row.height = wrappedHeight(text, SUMMARY_WIDTH_UNITS, font.size ?? 9.5);
  row.commit();
}

/**
 * Summary: one A4 page (landscape) a director reads in Chinese — the title with district and year, the
 * headline figures with growth, units in the labels, English as a quieter last column, suspect
 * figures marked, the footnotes wrapped under the table and the review line. The charts have their own sheet.
 */
function addSummarySheet(workbook: Writer, input: ReportInput): void {
  const doc = input.indicators;
  const { from, to } = doc.window;
  const current = doc.years[input.year]!;
  const summary = workbook.book.addWorksheet(safeSheetName(SHEET_NAMES.summary), {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { ...pageSetup('landscape'), printTitlesRow: '3:3' },
    headerFooter: headerFooter(workbook, SHEET_NAMES.summary),
  });
  summary.columns = [{ width: 34 }, { width: 16 }, { width: 12 }, { width: 22 }, { width: 26 }, { width: 38 }];
  const title = summary.addRow([`${doc.district}${input.year}年度科技创新统计报告`]);
  summary.mergeCells(title.number, 1, title.number, SUMMARY_COLUMNS);
  title.font = { bold: true, size: 16 };
  title.height = 24;
  title.commit();
  const sub = summary.addRow([
    `统计区间 ${from}–${to}　生成时间 ${shanghaiDay(input.generatedAt)}　${approvalLine(input.approval, (iso) => shanghaiDay(new Date(iso))).zh}　` +
      `Innovation statistics report, ${doc.district}, ${input.year}`,
  ]);
  summary.mergeCells(sub.number, 1, sub.number, SUMMARY_COLUMNS);
  sub.font = QUIET_FONT;
  sub.commit();
  const head = summary.addRow(['指标', `${input.year} 年`, '同比', `年均增长 ${from}–${to}`, '说明', 'Indicator']);
  head.eachCell((c, n) => {
    c.fill = HEADER_FILL;
    c.font = HEADER_FONT;
    // Figures right under right-aligned headers; the note column kept clear of the growth figures beside it.
    c.alignment = n >= 2 && n <= 4 ? { horizontal: 'right' } : { horizontal: 'left', indent: n === 5 ? 1 : 0 };
  });
  head.commit();
  const shown = honestFigures(input.indicators, input.coverage);
  const line = (zh: string, en: string, values: unknown[], numFmts: (string | undefined)[], note = '') => {
    const row = summary.addRow([zh, ...values, ...Array.from({ length: 3 - values.length }, () => null), note || null, en]);
    numFmts.forEach((f, i) => f && (row.getCell(i + 2).numFmt = f));
    // A figure left out (—) stands where the figure would.
    for (const c of [2, 3, 4]) row.getCell(c).alignment = { horizontal: 'right' };
    row.getCell(5).alignment = { horizontal: 'left', indent: 1 };
    row.getCell(6).font = QUIET_FONT;
    row.commit();
  };
  for (const name of HEADLINE_INDICATORS) {
    // A figure that includes a record suspected of the wrong money unit says so beside it; the figure is not changed (10.5).
    const suspect = suspectNote(suspectRecords(input.review, name));
    const figure = headlineMoney(name, shown.value(name, input.year));
    line(figure.zh, figure.en, [figure.value, shown.yoy(name, input.year), shown.cagr(name)], [formatFor(name), FORMATS.percent, FORMATS.percent], suspect);
  }
  for (const [level, count] of Object.entries(current.incubators_by_level)) {
    const [zh, en] = (LEVEL_LABELS.get(level) ?? level).split(' ');
    line(`　其中${zh}孵化器`, `Incubators — ${en ?? level}`, [count], [FORMATS.count]);
  }
  line(`${from}–${to} 科技项目合计`, `Tech projects in ${from}–${to}`, [doc.window_totals.tech_projects], [FORMATS.count]);
  line(`${from}–${to} 资助金额合计（万元）`, `Funding in ${from}–${to} (10k yuan)`, [doc.window_totals.tech_project_funding / YUAN_PER_WAN], [FORMATS.wan]);
  noteLine(summary, INCOMPLETE_NOTE);
  noteLine(summary, `${reviewSummary(input.review)}（详见「${SHEET_NAMES.review}」表 / see the ${SHEET_NAMES.review} sheet）`, { size: 11 });
  summary.commit();
}

/** Charts: the headline trends and the year's funding by sector, on a sheet of their own (the Summary stays one page). */
function addChartsSheet(workbook: Writer, input: ReportInput): number {
  const sheet = workbook.book.addWorksheet(safeSheetName(SHEET_NAMES.charts), {
    pageSetup: pageSetup('portrait'),
    headerFooter: headerFooter(workbook, SHEET_NAMES.charts),
  });
  sheet.columns = [{ width: 24 }, { width: 24 }, { width: 24 }, { width: 24 }];
  const title = sheet.addRow([`${input.indicators.district}${input.year}年度科技创新统计图表 Charts`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  sheet.commit();
  // The charts start on the second row.
  return 1;
}

/** Indicators: every indicator × every year of the window, with CAGR; returns each indicator's row. */
function addIndicatorsSheet(workbook: Writer, input: ReportInput): (name: IndicatorName) => number {
  const doc = input.indicators;
  const shown = honestFigures(input.indicators, input.coverage);
  const years = windowYears(doc);
  const sheet = addTable(workbook, SHEET_NAMES.indicators, [
    { header: '指标 Indicator', width: Math.max(...INDICATOR_NAMES.map((n) => displayWidth(label(n)))) + 2 },
    ...years.map((y) => ({ header: String(y), width: 14, right: true })),
    { header: `年均增长 CAGR ${doc.window.from}–${doc.window.to}`, width: 12, numFmt: FORMATS.percent },
    { header: `${input.year} 存疑 Suspect`, width: 30, wrap: true },
  ]);
  const rowOf = new Map<IndicatorName, number>();
  for (const name of INDICATOR_NAMES) {
    const fmt = formatFor(name);
    const suspect = suspectNote(suspectRecords(input.review, name));
    addRow(
      sheet,
      [label(name), ...years.map((y) => shown.value(name, y)), shown.cagr(name), ...(suspect ? [suspect] : [])],
      [undefined, ...years.map(() => fmt), FORMATS.percent],
    );
    rowOf.set(name, rowOf.size + 1);
  }
  addRow(sheet, []);
  tableNote(sheet, INCOMPLETE_NOTE);
  sheet.commit();
  return (name) => rowOf.get(name)!;
}

const SECTOR_COLUMNS: ColumnDef[] = [
  { header: '行业领域 Sector', width: Math.max(...SECTOR_CODES.map((c) => displayWidth(`${SECTORS[c]} ${SECTOR_ENGLISH[c]}`))) + 2 },
  { header: '高新技术企业 High-tech enterprises', width: 18, numFmt: FORMATS.count },
  { header: '科技型中小企业 Sci-tech SMEs', width: 18, numFmt: FORMATS.count },
  { header: '研发人员 R&D staff', width: 16, numFmt: FORMATS.count },
  { header: '科技项目 Tech projects', width: 16, numFmt: FORMATS.count },
  { header: '资助金额（万元）Funding (10k yuan)', width: 22, numFmt: FORMATS.wan },
];

/** Sectors: the reporting year by sector; returns the rows it filled. */
function addSectorsSheet(workbook: Writer, input: ReportInput): [number, number] {
  const current = input.indicators.years[input.year]!;
  const sheet = addTable(workbook, SHEET_NAMES.sectors, SECTOR_COLUMNS);
  for (const code of SECTOR_CODES) {
    const s = current.by_sector[code];
    addRow(sheet, [
      `${SECTORS[code]} ${SECTOR_ENGLISH[code]}`,
      s.high_tech_enterprises,
      s.scitech_smes,
      s.rd_staff,
      s.tech_projects,
      s.tech_project_funding / YUAN_PER_WAN,
    ]);
  }
  sheet.commit();
  return [1, SECTOR_CODES.length];
}

/** Review: the findings (unexplained first) with their explanations, then the expected reporters who did not report. */
const RULE_NAMES: ReadonlyMap<string, string> = new Map(REVIEW_RULES.map((r) => [r.id, r.name]));

/** A column's name as the bureau's forms write it (its Chinese label), for a column named by code. */
function columnLabel(dataset: DatasetName, column: string | null): string {
  if (!column) return '';
  return DATASETS[dataset].columns.find((c) => c.name === column)?.label ?? column;
}

/** Review: the findings in words (Chinese rule names, the columns as the forms name them, messages wrapped), then the missing reporters. */
function addReviewSheet(workbook: Writer, review: Review): void {
  const sheet = addTable(workbook, SHEET_NAMES.review, [
    // About 170 width units: A4 landscape prints them at 9 pt or more; the long texts wrap.
    { header: '疑点 Finding', width: 16, wrap: true },
    { header: '数据集 Dataset', width: 8 },
    { header: '编号或代码 Key', width: 20 },
    { header: '名称 Name', width: 22, wrap: true },
    { header: '列 Column', width: 10, wrap: true },
    { header: '说明 Details', width: 44, wrap: true },
    { header: '占全区合计 Share of total', width: 10, numFmt: '0.0%' },
    { header: '报送单位的解释 Explanation', width: 24, wrap: true },
    // The rule's code is for machines: quiet grey, at the body's size (the print scales the sheet, and a smaller font fell below 9 pt).
    { header: '规则代码 Rule', width: 18, wrap: true, font: { color: { argb: 'FF7F7F7F' } } },
  ]);
  for (const f of review.findings) {
    addRow(sheet, [
      RULE_NAMES.get(f.rule) ?? f.rule,
      DATASETS[f.dataset].label,
      safeText(f.key),
      safeText(f.name),
      columnLabel(f.dataset, f.column),
      safeText(f.message),
      f.share ?? null,
      f.note === null ? '未说明 unexplained' : safeText(f.note),
      f.rule,
    ]);
  }
  if (review.findings.length === 0) addRow(sheet, ['无疑点 no findings']);
  addRow(sheet, []);
  addRow(sheet, [`应报未报 Expected reporters missing (${review.year})`]);
  for (const m of review.missing) {
    const why =
      m.lastYear === null
        ? `名录要求报送 ${review.year} 年数据，未报送 / on the roster for ${review.year}, not reported`
        : `${m.lastYear} 年报送，${review.year} 年未报送 / reported for ${m.lastYear}, not for ${review.year}`;
    addRow(sheet, ['应报未报', DATASETS[m.dataset].label, safeText(m.key), safeText(m.name), '', why, null, '', 'missing_reporter']);
  }
  if (review.missing.length === 0) addRow(sheet, ['无 none']);
  sheet.commit();
}

/** Data quality: every submission of the period with its status, counts, errors and warnings. */
/** An upload whose rows no longer count because later ones replaced them: the same file uploaded again, or every record it wrote. */
function supersededBy(submissions: readonly SubmissionStatus[], inForce: ReadonlySet<string> | undefined): (s: SubmissionStatus) => boolean {
  const latest = latestOrderByKey(submissions);
  const tracked = (s: SubmissionStatus) => s.dataset !== null && s.dataset !== 'roster';
  return (s) =>
    s.status !== 'withdrawn' &&
    s.status !== 'locked' &&
    (latest.get(s.key)! > s.order || (inForce !== undefined && s.accepted > 0 && tracked(s) && !inForce.has(s.order)));
}

function addQualitySheet(workbook: Writer, submissions: readonly SubmissionStatus[], inForce?: ReadonlySet<string>): void {
  const quality = addTable(workbook, SHEET_NAMES.quality, [
    // About 170 width units: A4 landscape prints them at 9 pt or more; the long texts wrap.
    { header: '文件 File', width: 36, wrap: true },
    { header: '工作表 Sheet', width: 12, wrap: true },
    { header: '数据集 Dataset', width: 12, wrap: true },
    { header: '状态 Status', width: 14, wrap: true },
    { header: '行数 Rows', width: 8, numFmt: FORMATS.count },
    { header: '接收 Accepted', width: 9, numFmt: FORMATS.count },
    { header: '拒绝 Rejected', width: 9, numFmt: FORMATS.count },
    { header: '行 Row', width: 6, right: true },
    { header: '列 Column', width: 14, wrap: true },
    { header: '原因 Reason', width: 50, wrap: true },
  ]);
  const note = (text: string) => addRow(quality, [null, null, null, null, null, null, null, null, null, safeText(text)]);
  const superseded = supersededBy(submissions, inForce);
  for (const s of submissions) {
    const replaced = superseded(s);
    addRow(quality, [
      displayText(s.key, 300),
      displayText(s.sheet ?? s.fileSheet ?? '', 100),
      s.dataset ? DATASETS[s.dataset].label + ' ' + s.dataset : '',
      replaced ? '已被替换 superseded' : STATE_LABELS[s.status],
      s.rows,
      s.accepted,
      s.rejected,
    ]);
    // Its errors were fixed by the upload that replaced it: listing them would send the officer after problems that are gone.
    if (replaced) {
      note('其数据已被之后的上传全部替换，原有错误和警告不再适用 / every row was replaced by a later upload; its old errors no longer apply');
      continue;
    }
    for (const e of s.errors) addRow(quality, [null, null, null, null, null, null, null, e.row, safeText(e.column), safeText(e.message)]);
    for (const w of s.warnings) note(`警告 warning：${w}`);
    const more = s.errorCount - s.errors.length;
    if (more > 0) note(`另有 ${more} 条错误见 / ${more} more in ${s.errorReport?.csv ?? 'the error report'}`);
  }
  quality.commit();
}

async function writeReportWorkbook(input: ReportInput, out: Writable): Promise<ReportLayout> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Torchline';
  book.created = input.generatedAt;
  const workbook: Writer = { book, heading: `${input.indicators.district} 科技创新统计报告 ${input.year} Innovation statistics report` };
  addSummarySheet(workbook, input);
  const chartTop = addChartsSheet(workbook, input);
  const indicatorRow = addIndicatorsSheet(workbook, input);
  const sectorRows = addSectorsSheet(workbook, input);
  if (input.districts?.length) addDistrictsSheet(workbook, input.year, input.districts);
  addDetailSheet(workbook, 'incubators', input.incubators);
  addDetailSheet(workbook, 'enterprises', input.enterprises);
  addDetailSheet(workbook, 'projects', input.projects);
  addReviewSheet(workbook, input.review);
  addQualitySheet(workbook, input.submissions, input.inForce);
  await book.commit();
  return { chartTop, indicatorRow, sectorRows, sectorLabelColumn: 0, sectorFundingColumn: SECTOR_COLUMNS.length - 1 };
}

/** A district's figure of an indicator in the report's units: counts, 万元 (from the package's 千元), or its ratio from its parts. */
function districtFigure(p: DistrictPackage, name: IndicatorName): number | null {
  if (name === 'rd_intensity') {
    const parts = p.parts.current;
    return parts && parts.revenue > 0 ? parts.rd_expenditure / parts.revenue : null;
  }
  const f = p.figures[name as PackageFigureId]?.current ?? null;
  return f === null ? null : INDICATORS[name].kind === 'money' ? tenths(f) / 100 : f;
}

/**
 * 分区县 (contract 15): each indicator by district, the city's total first, then the districts largest first with their rank
 * (equal figures share one) and share of the city; R&D intensity from the summed parts, never an average of ratios.
 */
function addDistrictsSheet(workbook: Writer, year: number, districts: readonly DistrictPackage[]): void {
  const packages = districts.filter((d) => d.year === year);
  const sheet = addTable(workbook, SHEET_NAMES.districts, [
    { header: '指标 Indicator', width: Math.max(...INDICATOR_NAMES.map((n) => displayWidth(label(n)))) + 2 },
    { header: '区县 District', width: 14 },
    { header: `${year} 数值 Value`, width: 16, right: true },
    { header: '位次 Rank', width: 8, numFmt: FORMATS.count },
    { header: '占全市 Share of city', width: 12, numFmt: FORMATS.percent },
    { header: '状态 State', width: 16, indent: 1 },
  ]);
  for (const name of INDICATOR_NAMES) {
    const fmt = formatFor(name);
    const rows = packages.map((p) => ({ p, value: districtFigure(p, name) })).sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    const ratio = INDICATORS[name].kind === 'ratio';
    const sum = (which: keyof RdParts) => packages.reduce((a, p) => a + tenths(p.parts.current?.[which] ?? 0), 0);
    const total = ratio
      ? sum('revenue') > 0
        ? sum('rd_expenditure') / sum('revenue')
        : null
      : Math.round(rows.reduce((a, r) => a + (r.value ?? 0), 0) * 100) / 100;
    addRow(sheet, [label(name), '全市 City', total, null, null, `${packages.length} 个区县`], [undefined, undefined, fmt]);
    for (const r of rows) {
      const rank = r.value === null ? null : 1 + rows.filter((o) => (o.value ?? -Infinity) > r.value!).length;
      const share = ratio || r.value === null || !total ? null : r.value / (total as number);
      addRow(
        sheet,
        ['', r.p.district, r.value, rank, share, r.p.approved ? '已审核' : '草稿（未审核）'],
        [undefined, undefined, fmt, FORMATS.count, FORMATS.percent],
      );
    }
  }
  sheet.commit();
}

/** A trend from the first year with data on: a year before it is not drawn as a zero (its cells read —). */
function trendOf(
  name: IndicatorName,
  color: string,
  doc: IndicatorsDocument,
  figures: ReturnType<typeof honestFigures>,
  indicatorRow: (name: IndicatorName) => number,
) {
  const years = windowYears(doc);
  const first = Math.max(
    0,
    years.findIndex((y) => figures.value(name, y) !== DASH),
  );
  const shownYears = years.slice(first);
  return {
    categories: { ref: sheetRange(SHEET_NAMES.indicators, 1 + first, 0, years.length, 0), labels: shownYears.map(String) },
    series: [
      {
        name: label(name),
        ref: sheetRange(SHEET_NAMES.indicators, 1 + first, indicatorRow(name), years.length, indicatorRow(name)),
        values: shownYears.map((y) => {
          const value = figures.value(name, y);
          return value === DASH ? null : value;
        }),
        color,
      },
    ],
  };
}

/** The charts of the report, on their own sheet, from the Indicators and Sectors sheets' cells. */
function reportCharts(input: ReportInput, layout: ReportLayout): ChartSpec[] {
  const doc = input.indicators;
  const year = input.year;
  const { from, to } = doc.window;
  const years = windowYears(doc);
  const { indicatorRow, chartTop: CHART_TOP, sectorRows, sectorLabelColumn, sectorFundingColumn } = layout;
  const figures = honestFigures(doc, input.coverage);
  const trend = (name: IndicatorName, color: string) => trendOf(name, color, doc, figures, indicatorRow);
  const sectors = doc.years[year]!.by_sector;
  return [
    {
      hostSheet: SHEET_NAMES.charts,
      kind: 'line',
      title: `高新技术企业数 High-tech enterprises ${from}–${to}`,
      ...trend('high_tech_enterprises', '1F4E79'),
      anchor: { from: [0, CHART_TOP], to: [4, CHART_TOP + 14] },
      numberFormat: FORMATS.count,
    },
    {
      hostSheet: SHEET_NAMES.charts,
      kind: 'bar',
      title: `${year} 科技项目资助金额（万元）Tech project funding by sector (10k yuan)`,
      categories: {
        ref: sheetRange(SHEET_NAMES.sectors, sectorLabelColumn, sectorRows[0], sectorLabelColumn, sectorRows[1]),
        labels: SECTOR_CODES.map((c) => `${SECTORS[c]} ${SECTOR_ENGLISH[c]}`),
      },
      series: [
        {
          name: '资助金额 Funding',
          ref: sheetRange(SHEET_NAMES.sectors, sectorFundingColumn, sectorRows[0], sectorFundingColumn, sectorRows[1]),
          values: SECTOR_CODES.map((c) => sectors[c].tech_project_funding / YUAN_PER_WAN),
          color: 'C55A11',
        },
      ],
      anchor: { from: [0, CHART_TOP + 30], to: [4, CHART_TOP + 51] },
      numberFormat: FORMATS.count,
    },
    {
      hostSheet: SHEET_NAMES.charts,
      kind: 'column',
      title: `研发经费（万元）R&D expenditure ${from}–${to} (10k yuan)`,
      ...trend('rd_expenditure', '548235'),
      anchor: { from: [0, CHART_TOP + 15], to: [4, CHART_TOP + 29] },
      numberFormat: FORMATS.count,
    },
  ];
}

/** The finished report: the streamed workbook with its native charts added. */
export async function reportWorkbookBuffer(input: ReportInput): Promise<Buffer> {
  const { bytes, layout } = await workbookWithoutCharts(input);
  return addCharts(bytes, reportCharts(input, layout));
}

async function workbookWithoutCharts(input: ReportInput): Promise<{ bytes: Buffer; layout: ReportLayout }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const layout = await writeReportWorkbook(input, out);
  await done;
  return { bytes: Buffer.concat(chunks), layout };
}
