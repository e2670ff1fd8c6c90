/**
 * The report email as raw MIME (nodemailer's MailComposer), exactly the bytes
 * handed to SES: subject with district, year and period, an HTML headline
 * table with a plain-text twin, and the workbook attached — or, when it is
 * too big to attach, a link to it.
 */
import { bureauFrom, withCrlf, XLSX_MIME } from '../domain/mime-lines';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { escapeMarkup } from '../excel/markup-text';
import { shanghaiTime } from '../domain/shanghai-time';
import {
  DASH,
  HEADLINE_INDICATORS,
  headlineMoney,
  honestFigures,
  INDICATORS,
  type Coverage,
  type IndicatorName,
  type IndicatorsDocument,
} from './indicator-table';

export { XLSX_MIME };

export interface ReportEmailInput {
  indicators: IndicatorsDocument;
  year: number;
  /** e.g. "2021 年度 annual" or "2026 年 1–10 月 year to date". */
  period: string;
  sender: string;
  recipients: string[];
  replyTo: string[];
  fileName: string;
  attachment?: Buffer;
  link?: { url: string; expiresAt: Date };
  date: Date;
  messageId?: string;
  /** The review's line: findings unexplained, expected reporters missing. */
  reviewLine?: string;
  /** The years each dataset has data for: figures of other years show '—'. */
  coverage?: Coverage;
  /** The data-quality line: submissions of the period, partly accepted or rejected, rows rejected. */
  qualityLine?: string;
}

/** A figure as honestFigures gives it (money already in 万元), as text. */
function formatValue(name: IndicatorName, value: number | typeof DASH | null): string {
  if (value === null || value === DASH) return DASH;
  const { kind } = INDICATORS[name];
  if (kind === 'ratio') return `${(value * 100).toFixed(2)}%`;
  if (kind === 'money') return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function formatChange(value: number | typeof DASH | null): string {
  if (value === null || value === DASH) return DASH;
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

export function emailSubject(input: Pick<ReportEmailInput, 'indicators' | 'year' | 'period'>): string {
  return `${input.indicators.district}${input.year}年度科技创新统计报告（${input.period}）`;
}

export function headlineRows(doc: IndicatorsDocument, year: number, coverage?: Coverage) {
  const shown = honestFigures(doc, coverage);
  return HEADLINE_INDICATORS.map((name) => {
    // The unit the Summary shows it in (亿元 for a large figure).
    const figure = headlineMoney(name, shown.value(name, year));
    return {
      name,
      zh: figure.zh,
      en: figure.en,
      value: formatValue(name, figure.value),
      yoy: formatChange(shown.yoy(name, year)),
      cagr: formatChange(shown.cagr(name)),
    };
  });
}

export function emailBodies(input: ReportEmailInput): { text: string; html: string } {
  const rows = headlineRows(input.indicators, input.year, input.coverage);
  const { from, to } = input.indicators.window;
  const delivery = input.link
    ? `报告文件较大，请在 ${shanghaiTime(input.link.expiresAt)}（北京时间）前下载，过期后链接失效 / ` +
      `The report is too large to attach; the link works until ${shanghaiTime(input.link.expiresAt)} (Beijing time): ${input.link.url}`
    : `报告见附件 ${input.fileName} / The report is attached: ${input.fileName}`;
  const text = [
    emailSubject(input),
    '',
    ...rows.map((r) => `${r.zh} ${r.en}: ${r.value}（同比 YoY ${r.yoy}；年均增长 CAGR ${from}–${to} ${r.cagr}）`),
    '',
    ...(input.qualityLine ? [input.qualityLine] : []),
    ...(input.reviewLine ? [input.reviewLine, ''] : []),
    delivery,
  ].join('\n');
  const cell = 'style="border:1px solid #ccc;padding:4px 8px"';
  const num = 'style="border:1px solid #ccc;padding:4px 8px;text-align:right"';
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${escapeMarkup(emailSubject(input))}</h2>
<table style="border-collapse:collapse">
<tr><th ${cell}>指标 Indicator</th><th ${cell}>${input.year}</th><th ${cell}>同比 YoY</th><th ${cell}>年均增长 CAGR ${from}–${to}</th></tr>
${rows.map((r) => `<tr><td ${cell}>${escapeMarkup(r.zh)} ${escapeMarkup(r.en)}</td><td ${num}>${r.value}</td><td ${num}>${r.yoy}</td><td ${num}>${r.cagr}</td></tr>`).join('\n')}
</table>
${input.qualityLine ? `<p>${escapeMarkup(input.qualityLine)}</p>` : ''}
${input.reviewLine ? `<p>${escapeMarkup(input.reviewLine)}</p>` : ''}
<p>${input.link ? `报告文件较大，请在 ${shanghaiTime(input.link.expiresAt)}（北京时间）前下载，过期后链接失效 / The report is too large to attach: <a href="${escapeMarkup(input.link.url)}">download ${escapeMarkup(input.fileName)}</a> (the link works until ${shanghaiTime(input.link.expiresAt)}, Beijing time)` : `报告见附件 / The report is attached: ${escapeMarkup(input.fileName)}`}</p>
</body></html>`;
  return { text, html };
}

export async function composeReportEmail(input: ReportEmailInput): Promise<Buffer> {
  const { text, html } = emailBodies(input);
  const composer = new MailComposer({
    // A name the director recognises in the inbox, not a bare address.
    from: bureauFrom(input.indicators.district, input.sender),
    to: input.recipients,
    replyTo: input.replyTo.length ? input.replyTo : undefined,
    subject: emailSubject(input),
    text,
    html,
    date: input.date,
    messageId: input.messageId,
    attachments: input.attachment ? [{ filename: input.fileName, content: input.attachment, contentType: XLSX_MIME }] : [],
  });
  return withAsciiFilename(withCrlf(await composer.compile().build()), input.year);
}

/**
 * The attachment's name for mail clients that do not read RFC 2231's `filename*` (it stays, first for
 * those that do): `filename="report-2021.xlsx"` before it, as RFC 6266 orders the two.
 */
function withAsciiFilename(raw: Buffer, year: number): Buffer {
  const at = raw.indexOf(DISPOSITION);
  if (at < 0) return raw;
  const insert = Buffer.from(`${DISPOSITION.slice(0, -' filename*'.length)} filename="report-${year}.xlsx";\r\n filename*`);
  return Buffer.concat([raw.subarray(0, at), insert, raw.subarray(at + DISPOSITION.length)]);
}

const DISPOSITION = 'Content-Disposition: attachment;\r\n filename*';
