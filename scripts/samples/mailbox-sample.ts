/**
 * The sample's mailbox (contract 13): what `npm start` delivers into a local
 * IMAP server and polls. An incubator on the roster mails its 2021 form with
 * a level the list does not know, gets its checked workbook back, fixes it
 * in Excel and replies with it; a stranger mails a form; the incubator's
 * vacation responder answers a reminder. Written as Foxmail writes mail
 * (GB18030 names in RFC 2047, base64 parts), with fixed boundaries, so the
 * bytes are the same each time they are generated.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { OBJECT_KEYS } from '../../shared/layout';
import { stableZip } from '../../shared/excel/stable-zip';
import { checkedLateForm as checkedWorkbookOf } from './late-form';
import { xlsxBytes } from './sample-files';
import { sampleIncubators } from './yingze-sample';

const INCUBATOR = 'YZ-INC-02';
const ADDRESS = 'fuhuaqi2@example.cn';
const HEADERS = ['孵化器编号', '孵化器名称', '级别', '年度', '在孵企业数', '累计孵化企业数', '当年新增在孵企业数', '当年毕业企业数', '孵化场地面积（平方米）', '运营主体统一社会信用代码'];
const LEVELS = { national: '国家级', provincial: '省级', municipal: '市级', district: '区级' } as const;
const FORM_NAME = '孵化器年报2021.xlsx';

const b64 = (bytes: Buffer) => (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
const word = (text: string) => `=?GB18030?B?${iconv.encode(text, 'gb18030').toString('base64')}?=`;

interface SampleMessage {
  from: string;
  id: string;
  date: string;
  subject: string;
  text: string;
  attachments: { name: string; content: Buffer }[];
  headers?: string[];
}

/** One message as Foxmail writes it: a GB18030 text part and base64 attachments named in RFC 2047. */
function message(m: SampleMessage): Buffer {
  const boundary = `----=_Part_${m.id.replace(/[^A-Za-z0-9]/g, '')}`;
  const text = b64(iconv.encode(m.text, 'gb18030'));
  const parts = [
    [`--${boundary}`, 'Content-Type: text/plain; charset="GB18030"', 'Content-Transfer-Encoding: base64', '', text].join('\r\n'),
    ...m.attachments.map((a) =>
      [
        `--${boundary}`,
        `Content-Type: application/octet-stream; name="${word(a.name)}"`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename="${word(a.name)}"`,
        '',
        b64(a.content),
      ].join('\r\n'),
    ),
  ];
  const head = [
    `From: ${m.from}`,
    `To: ${word('迎泽区科技局')} <torchline@example.gov.cn>`,
    `Subject: ${word(m.subject)}`,
    `Date: ${m.date}`,
    `Message-ID: <${m.id}>`,
    ...(m.headers ?? []),
    'X-Mailer: Foxmail 7.2.25.228[cn]',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${parts.join('\r\n')}\r\n--${boundary}--\r\n`, 'latin1');
}

/** The incubator's 2021 row, as its form states it; `level` as its filler wrote it. */
async function incubatorForm(level: string): Promise<Buffer> {
  const i = sampleIncubators().find((x) => x.incubator_id === INCUBATOR && x.year === 2021)!;
  const counts = [i.incubating_companies, i.cumulative_incubated, i.new_incubated, i.graduated_companies, i.area_m2];
  const row = [i.incubator_id, i.name, level, i.year, ...counts, i.operator_uscc];
  return stableZip(await xlsxBytes([{ name: '孵化器', headers: HEADERS, rows: [row], widths: [14, 30] }]));
}

/** The checked workbook the app answers the first message with, its level fixed as a person does in Excel. */
async function fixedCopy(firstId: string, form: Buffer): Promise<Buffer> {
  const key = OBJECT_KEYS.mailFile(INCUBATOR, '2022-04-01', firstId, FORM_NAME);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await checkedWorkbookOf(key, form)) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('孵化器');
  if (!sheet) throw new Error('the checked workbook lost the form sheet');
  // Saved at a fixed time, so the sample's bytes are the same each time it is generated.
  wb.created = wb.modified = new Date('2022-04-02T01:20:00Z');
  sheet.getCell('C2').value = LEVELS[sampleIncubators().find((x) => x.incubator_id === INCUBATOR)!.level];
  return stableZip(Buffer.from(new Uint8Array(await wb.xlsx.writeBuffer())));
}

/** The sample mailbox: file name → message bytes, in the order they arrive. */
export async function mailboxSample(): Promise<Map<string, Buffer>> {
  const first = '20220401093000.fuhuaqi2@example.cn';
  const form = await incubatorForm('国家队');
  const from = `=?GB18030?B?${iconv.encode('联系人2', 'gb18030').toString('base64')}?= <${ADDRESS}>`;
  const subject = '山西数字经济众创空间2021年度报表';
  const form1: SampleMessage = { from, id: first, date: 'Fri, 1 Apr 2022 09:30:00 +0800', subject, text: '您好，附件是我单位2021年度报表，请查收。', attachments: [] };
  const fixed = { name: `${FORM_NAME}.checked.xlsx`, content: await fixedCopy(first, form) };
  const stranger = { from: 'someone@qq.com', id: '20220402080000.someone@qq.com', date: 'Sat, 2 Apr 2022 08:00:00 +0800', subject: '报表', text: '报表' };
  const vacation = { from, id: '20220401100000.auto@example.cn', date: 'Fri, 1 Apr 2022 10:00:00 +0800', subject: '自动回复：休假中', text: '我休假至4月5日。' };
  const reply = { id: '20220402093000.fuhuaqi2@example.cn', date: 'Sat, 2 Apr 2022 09:30:00 +0800', subject: `回复：${subject}`, text: '已按要求修改，请查收。' };
  return new Map([
    ['1-form.eml', message({ ...form1, attachments: [{ name: FORM_NAME, content: form }] })],
    ['2-auto-reply.eml', message({ ...vacation, attachments: [], headers: ['Auto-Submitted: auto-replied'] })],
    ['3-stranger.eml', message({ ...stranger, attachments: [{ name: FORM_NAME, content: form }] })],
    ['4-fixed.eml', message({ ...form1, ...reply, attachments: [fixed] })],
  ]);
}
