import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeReportEmail, emailSubject, headlineRows, XLSX_MIME } from '../../../shared/report/email-message';
import { reportWorkbookBuffer, SHEET_NAMES } from '../../../shared/report/report-workbook';
import { loadWorkbook } from '../../support/submission-files';
import { reportInput } from '../../support/report-fixtures';

const base = () => {
  const { indicators } = reportInput();
  return {
    indicators,
    year: 2021,
    period: '2021 年度 annual',
    sender: 'keji@yingze.gov.cn',
    recipients: ['a@yingze.gov.cn', 'b@yingze.gov.cn'],
    replyTo: ['office@yingze.gov.cn'],
    fileName: 'report-2021.xlsx',
    date: new Date(Date.UTC(2022, 0, 15, 1)),
  };
};

describe('report email', () => {
  it('names district, year and period in the subject', () => {
    const subject = emailSubject(base());
    expect(subject).toContain('迎泽区');
    expect(subject).toContain('2021');
    expect(subject).toContain('年度 annual');
  });

  it('is raw MIME with an HTML headline table, a plain-text part and the workbook attached byte for byte', async () => {
    const attachment = Buffer.from([0x50, 0x4b, 3, 4, ...Array.from({ length: 3000 }, (_, i) => i % 251)]);
    const raw = await composeReportEmail({ ...base(), attachment });
    const mail = await simpleParser(raw);
    expect(mail.from?.value).toEqual([{ name: '迎泽区科技局 Torchline', address: 'keji@yingze.gov.cn' }]);
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).map((t) => t?.text).join()).toContain('b@yingze.gov.cn');
    expect(mail.replyTo?.text).toBe('office@yingze.gov.cn');
    expect(mail.html).toContain('<table');
    expect(mail.html).toContain('高新技术企业数');
    expect(mail.text).toContain('High-tech enterprises');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe(XLSX_MIME);
    expect(mail.attachments[0]!.filename).toBe('report-2021.xlsx');
    expect(mail.attachments[0]!.content.equals(attachment)).toBe(true);
  });

  it('sends a link with its expiry instead of an attachment when asked to', async () => {
    const url = 'https://bucket.example/reports/2021/report-2021.xlsx?X-Amz-Expires=604800&X-Amz-Signature=abc';
    const raw = await composeReportEmail({ ...base(), link: { url, expiresAt: new Date(Date.UTC(2022, 0, 22, 1)) } });
    const mail = await simpleParser(raw);
    expect(mail.attachments).toHaveLength(0);
    expect(mail.html).toContain(url.replace(/&/g, '&amp;'));
    expect(mail.text).toContain(url);
    expect(mail.text).toContain('2022-01-22 09:00（北京时间）前下载');
    expect(mail.text).toContain('the link works until 2022-01-22 09:00 (Beijing time)');
  });

  it('escapes district text in the HTML body', async () => {
    const input = base();
    const raw = await composeReportEmail({ ...input, indicators: { ...input.indicators, district: '<script>x</script>' } });
    const mail = await simpleParser(raw);
    expect(mail.html).not.toContain('<script>');
  });
});

describe('headline money in the unit a director reads', () => {
  it('shows a figure of one 亿元 or more in 亿元, and the same figure in the email as on the Summary', async () => {
    const input = base();
    const years = { ...input.indicators.years, 2021: { ...input.indicators.years[2021]!, revenue: 56_884_568_000, tech_project_funding: 6_160_000 } };
    const indicators = { ...input.indicators, years };
    const rows = headlineRows(indicators, 2021);
    expect(rows.find((r) => r.name === 'revenue')).toMatchObject({ zh: '营业收入（亿元）', en: 'Revenue (100 million yuan)', value: '568.85' });
    // Below one 亿 it stays in 万元.
    expect(rows.find((r) => r.name === 'tech_project_funding')).toMatchObject({ zh: '科技项目资助金额（万元）', value: '616.00' });
    const wb = await loadWorkbook(await reportWorkbookBuffer({ ...reportInput(), indicators }));
    let summary: unknown[] | undefined;
    wb.getWorksheet(SHEET_NAMES.summary)!.eachRow((row) => {
      if (String(row.getCell(1).value).startsWith('营业收入')) summary = [row.getCell(1).value, row.getCell(2).value];
    });
    expect(summary![0]).toBe('营业收入（亿元）');
    expect(summary![1]).toBeCloseTo(568.84568, 8);
  });
});

describe('the attachment name', () => {
  it('is the Chinese name by RFC 2231, with an ASCII name before it for clients that cannot read that', async () => {
    const fileName = '迎泽区2021年度科技创新统计报告.xlsx';
    const raw = await composeReportEmail({ ...base(), fileName, attachment: Buffer.from('PK\u0003\u0004') });
    const text = raw.toString('latin1');
    const disposition = text.slice(
      text.indexOf('Content-Disposition: attachment;'),
      text.indexOf('\r\n\r\n', text.indexOf('Content-Disposition: attachment;')),
    );
    expect(disposition).toMatch(/^Content-Disposition: attachment;\r\n filename="report-2021\.xlsx";\r\n filename\*0\*=utf-8''%E8%BF%8E/);
    const mail = await simpleParser(raw);
    expect(mail.attachments[0]!.filename).toBe(fileName);
  });
});
