/**
 * The package's mail to the bureau's officer once a year is approved
 * (contract 15): the workbook the city asks for and its JSON, attached, with
 * who approved it, any forced reason, and the figures the city reads first.
 * The officer forwards it; no figure is retyped.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { bureauFrom, withCrlf, XLSX_MIME } from '../domain/mime-lines';
import { beijingTime } from '../domain/shanghai-time';
import type { UpwardDocument } from './upward-package';

export interface PackageMailInput {
  doc: UpwardDocument;
  sender: string;
  officer: string;
  workbook: Buffer;
  json: Buffer;
  /** When the workbook is past the attachment limit, the link to it instead. */
  link?: { url: string; expiresAt: Date };
  date: Date;
}

/** The package's file name as the city's officer sees it; the stored object keeps its ASCII key. */
export const packageFileName = (doc: Pick<UpwardDocument, 'district' | 'year'>) => `${doc.district}${doc.year}年度科技创新统计上报材料.xlsx`;

function figureLines(doc: UpwardDocument): string[] {
  const wanted = ['high_tech_enterprises', 'scitech_smes', 'rd_expenditure', 'revenue', 'incubating_companies'];
  return doc.indicators
    .filter((i) => wanted.includes(i.id))
    .map((i) => {
      const pct = i.change_pct === null ? '' : `，${i.change_pct > 0 ? '+' : ''}${i.change_pct.toFixed(1)}%`;
      const figure = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: 1 }));
      return `  ${i.label}：${figure(i.current)} ${i.unit}（上年 ${figure(i.previous)}${pct}）`;
    });
}

function bodyText(input: PackageMailInput): string {
  const { doc } = input;
  const approved = doc.approved!;
  const unexplained = doc.comparison.filter((c) => c.movers.length === 0 || c.movers.some((m) => m.note === null)).length;
  return [
    `${doc.district}${doc.year} 年度统计已审核锁定（${approved.by}，${beijingTime(approved.at)}）。上报材料见附件，可直接转报市科技局。`,
    ...(approved.reason ? [`强制上报说明：${approved.reason}`] : []),
    '',
    '主要指标（金额单位：千元）：',
    ...figureLines(doc),
    '',
    `增减 20% 及以上的指标 ${doc.comparison.length} 项，其中 ${unexplained} 项尚有变动“待说明”（见“增减对比”表）；` +
      `大企业 ${doc.large_enterprises.length} 家；未报及免报 ${doc.non_reporters.length} 家。`,
    ...(input.link ? ['', `表格较大，未作附件，请于 ${beijingTime(input.link.expiresAt.toISOString())} 前下载：${input.link.url}`] : []),
    '',
    `${doc.district} ${doc.year} approved by ${approved.by}; the package for the city is attached (xlsx and JSON, money in thousand yuan).`,
  ].join('\n');
}

export async function composePackageEmail(input: PackageMailInput): Promise<Buffer> {
  const { doc } = input;
  const attachments = [
    ...(input.link ? [] : [{ filename: packageFileName(doc), content: input.workbook, contentType: XLSX_MIME }]),
    { filename: `upward-${doc.year}.json`, content: input.json, contentType: 'application/json; charset=utf-8' },
  ];
  const mail = new MailComposer({
    from: bureauFrom(doc.district, input.sender),
    to: input.officer,
    subject: `${doc.district}${doc.year}年度上报材料（已审核）/ Package for the city ${doc.year}, approved`,
    text: bodyText(input),
    date: input.date,
    attachments,
  });
  return withCrlf(await mail.compile().build());
}
