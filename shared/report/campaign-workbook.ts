/**
 * The officer's status workbook 收报情况 (contract 12.3): one row per expected
 * and exempt reporter — those to phone (missing, no email) first — then every
 * unit that reported though not expected, and the summary with the on-time
 * rate; a column empty for every row is left out; printable on A4 landscape
 * with print titles.
 */
import ExcelJS from 'exceljs';
import { safeText } from '../excel/excel-safety';
import { wrappedHeight } from '../excel/print-width';
import { EXEMPT_REASONS } from '../domain/enumerations';
import { shanghaiDay } from '../domain/shanghai-time';
import type { CampaignDocument, ReporterStatus } from './campaign';

/** An ISO time as the Beijing day the officer knows it by. */
const beijingDay = (iso: string | null) => (iso ? shanghaiDay(new Date(iso)) : '');
const DATASET_WORDS = { incubators: '孵化器', enterprises: '企业', districts: '区县' } as const;

/** A column of the workbook: its heading, width and what it shows of a reporter. */
interface Column {
  heading: string;
  width: number;
  value(r: ReporterStatus): string | number;
}

/** The state as the officer reads it: exempt with its reason, or the progress and how its figures came in. */
function stateOf(r: ReporterStatus, unlisted: boolean): string {
  if (r.status === 'exempt') return `免报（${EXEMPT_REASONS.label(r.exempt_reason ?? '') ?? r.exempt_reason}）`;
  if (unlisted) return `${r.progress}（名录外）`;
  return r.channel ? `${r.progress}（${r.channel}）` : r.progress;
}

/** Every column the workbook can have, as the officer reads them; those empty for every row are left out. */
function columns(unlisted: ReadonlySet<ReporterStatus>): Column[] {
  return [
    { heading: '类别', width: 6, value: (r) => DATASET_WORDS[r.dataset] },
    { heading: '编号', width: 21, value: (r) => safeText(r.key) },
    { heading: '单位名称', width: 34, value: (r) => safeText(r.name) },
    { heading: '联系人', width: 8, value: (r) => safeText(r.contact ?? '') },
    { heading: '联系电话', width: 14, value: (r) => safeText(r.phone ?? '') },
    { heading: '电子邮箱', width: 22, value: (r) => safeText(r.email ?? '') },
    // The state holds how the figures came in too (已报（科技局）): wide enough for it on one line.
    { heading: '状态', width: 17, value: (r) => stateOf(r, unlisted.has(r)) },
    { heading: '首次报送', width: 11, value: (r) => beijingDay(r.first_upload) },
    { heading: '最近上传', width: 11, value: (r) => beijingDay(r.last_upload) },
    { heading: '按时', width: 6, value: (r) => (r.on_time === null ? '' : r.on_time ? '是' : '逾期') },
    { heading: '接受行数', width: 6, value: (r) => r.rows_accepted ?? '' },
    { heading: '拒绝行数', width: 6, value: (r) => r.rows_rejected ?? '' },
    { heading: '未说明疑点', width: 6, value: (r) => r.unexplained_findings || '' },
    {
      heading: '已发提醒 / 退信',
      width: 14,
      // A refused address is the officer's to correct on the roster: said where the reminders are.
      value: (r) => [r.reminders.join('、'), r.mail_refused ? `邮件被拒收 ${safeText(r.mail_refused.slice(0, 120))}` : ''].filter(Boolean).join('\n'),
    },
  ];
}

/** Wrapped only where a cell needs it, and then tall enough for it: exceljs writes no height, and no program grows the row for us. */
function fitRow(row: ExcelJS.Row, widths: readonly number[]): void {
  let height = 0;
  row.eachCell((cell, c) => {
    if (typeof cell.value === 'string') height = Math.max(height, wrappedHeight(cell.value, widths[c - 1]!));
  });
  row.alignment = { vertical: 'top', wrapText: height > 15 };
  if (height > 15) row.height = height;
}

/** Missing without an email first (they must be phoned), then missing, then the rest by dataset and key. */
function order(r: ReporterStatus): number {
  if (r.status === 'missing') return r.email ? 1 : 0;
  return r.status === 'reported' ? 2 : 3;
}

/** One sheet of reporters: its title and summary line, the columns its rows fill, a row each. */
function reporterSheet(wb: ExcelJS.Workbook, name: string, lines: readonly string[], rows: readonly ReporterStatus[], unlisted: boolean): void {
  const sheet = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 4 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' },
    headerFooter: { oddFooter: `${name.split(' ')[0]}　第 &P 页 / 共 &N 页` },
  });
  const shown = columns(unlisted ? new Set(rows) : new Set()).filter((c, i) => i < 3 || i === 6 || rows.some((r) => c.value(r) !== ''));
  const widths = shown.map((c) => c.width);
  sheet.columns = widths.map((width) => ({ width }));
  sheet.addRow([lines[0]]).font = { bold: true, size: 14 };
  sheet.addRow([lines[1]]).font = { size: 11 };
  sheet.addRow([]);
  const head = sheet.addRow(shown.map((c) => c.heading));
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  fitRow(head, widths);
  head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } }));
  const at = (heading: string) => shown.findIndex((c) => c.heading === heading) + 1;
  for (const r of rows) {
    const row = sheet.addRow(shown.map((c) => c.value(r)));
    fitRow(row, widths);
    if (r.mail_refused && at('已发提醒 / 退信') > 0) row.getCell(at('已发提醒 / 退信')).font = { color: { argb: 'FF9C0006' } };
    if (r.status === 'missing') row.getCell(at('状态')).font = { bold: true, color: { argb: 'FF9C0006' } };
  }
}

export async function campaignWorkbook(doc: CampaignDocument, district: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Torchline';
  const byKey = (a: ReporterStatus, b: ReporterStatus) => (a.dataset + a.key < b.dataset + b.key ? -1 : 1);
  const others = [...(doc.others ?? [])].sort(byKey);
  const s = doc.summary;
  const rate = s.on_time_rate === null ? '—' : `${(s.on_time_rate * 100).toFixed(1)}%`;
  const unlisted = others.length > 0 ? `　名录外已报 ${others.length}（见“名录外已报”表）` : '';
  const title = `${district}${doc.year}年度收报情况（截止 ${doc.deadline}）`;
  const counts = `应报 ${s.expected}　已报 ${s.reported}（按时 ${s.on_time}，逾期 ${s.late}）　未报 ${s.missing}　免报 ${s.exempt}　按时报送率 ${rate}${unlisted}`;
  reporterSheet(
    wb,
    '收报情况 Status',
    [title, counts],
    [...doc.reporters].sort((a, b) => order(a) - order(b) || byKey(a, b)),
    false,
  );
  // Who reported though no one expected them: on a sheet of their own, so the officer's list of who is due stays short.
  if (others.length > 0) {
    const why = '未列入名录、也不属于上年应报（高新技术企业、科技型中小企业、孵化器）的单位，但本年度已报送数据；有未说明疑点的需核实';
    reporterSheet(wb, '名录外已报 Unlisted', [`${district}${doc.year}年度名录外已报单位（${others.length} 家）`, why], others, true);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
