/**
 * The officer's status workbook 收报情况 (contract 12.3): one row per expected
 * and exempt reporter — those to phone (missing, no email) first — and the
 * summary with the on-time rate; printable on A4 landscape with print titles.
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

/** The columns, as the officer reads them. */
const HEADINGS = [
  '类别',
  '编号',
  '单位名称',
  '联系人',
  '联系电话',
  '电子邮箱',
  '状态',
  '首次报送',
  '最近上传',
  '按时',
  '接受行数',
  '拒绝行数',
  '未说明疑点',
  '已发提醒 / 退信',
] as const;

// The state holds how the figures came in too (已报（科技局）): wide enough for it on one line.
const WIDTHS = [6, 20, 26, 8, 13, 20, 14, 11, 11, 6, 6, 6, 6, 12];

/** Wrapped, and tall enough for its longest cell: exceljs writes no height, and no program grows the row for us. */
function fitRow(row: ExcelJS.Row): void {
  row.alignment = { vertical: 'top', wrapText: true };
  let height = 0;
  row.eachCell((cell, c) => {
    if (typeof cell.value === 'string') height = Math.max(height, wrappedHeight(cell.value, WIDTHS[c - 1]! - 1));
  });
  if (height > 15) row.height = height;
}

/** The state as the officer reads it: exempt with its reason, or the progress and how its figures came in. */
function stateOf(r: ReporterStatus): string {
  if (r.status === 'exempt') return `免报（${EXEMPT_REASONS.label(r.exempt_reason ?? '') ?? r.exempt_reason}）`;
  return r.channel ? `${r.progress}（${r.channel}）` : r.progress;
}

/** Missing without an email first (they must be phoned), then missing, then the rest by dataset and key. */
function order(r: ReporterStatus): number {
  if (r.status === 'missing') return r.email ? 1 : 0;
  return r.status === 'reported' ? 2 : 3;
}

export async function campaignWorkbook(doc: CampaignDocument, district: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Torchline';
  const sheet = wb.addWorksheet('收报情况 Status', {
    views: [{ state: 'frozen', ySplit: 4 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' },
    headerFooter: { oddFooter: '第 &P 页 / 共 &N 页' },
  });
  // About 160 width units: A4 landscape prints them at 9.5 pt or more; longer names, addresses and dates wrap.
  sheet.columns = WIDTHS.map((width) => ({ width }));
  const s = doc.summary;
  sheet.addRow([`${district}${doc.year}年度收报情况（截止 ${doc.deadline}）`]).font = { bold: true, size: 14 };
  const rate = s.on_time_rate === null ? '—' : `${(s.on_time_rate * 100).toFixed(1)}%`;
  sheet.addRow([`应报 ${s.expected}　已报 ${s.reported}（按时 ${s.on_time}，逾期 ${s.late}）　未报 ${s.missing}　免报 ${s.exempt}　按时报送率 ${rate}`]).font =
    { size: 11 };
  sheet.addRow([]);
  const head = sheet.addRow([...HEADINGS]);
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  fitRow(head);
  head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } }));
  const rows = [...doc.reporters].sort((a, b) => order(a) - order(b) || (a.dataset + a.key < b.dataset + b.key ? -1 : 1));
  for (const r of rows) {
    const row = sheet.addRow([
      DATASET_WORDS[r.dataset],
      safeText(r.key),
      safeText(r.name),
      safeText(r.contact ?? ''),
      safeText(r.phone ?? ''),
      safeText(r.email ?? ''),
      r.status === 'exempt'
        ? `免报（${EXEMPT_REASONS.label(r.exempt_reason ?? '') ?? r.exempt_reason}）`
        : r.channel
          ? `${r.progress}（${r.channel}）`
          : r.progress,
      beijingDay(r.first_upload),
      beijingDay(r.last_upload),
      r.on_time === null ? '' : r.on_time ? '是' : '逾期',
      r.rows_accepted ?? '',
      r.rows_rejected ?? '',
      r.unexplained_findings || '',
      // A refused address is the officer's to correct on the roster: said where the reminders are.
      [r.reminders.join('、'), r.mail_refused ? `邮件被拒收 ${safeText(r.mail_refused.slice(0, 120))}` : ''].filter(Boolean).join('\n'),
    ]);
    fitRow(row);
    if (r.mail_refused) row.getCell(14).font = { color: { argb: 'FF9C0006' } };
    if (r.status === 'missing') row.getCell(7).font = { bold: true, color: { argb: 'FF9C0006' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
