/**
 * Forms as a district bureau receives them (data contract section 9), built
 * the way bureaus make them: exceljs with merged cells for .xlsx, the same
 * rows as an Excel-style GB18030 CSV, and committed .xls/.et fixtures that
 * LibreOffice saved from the .xlsx (tests/fixtures/README.md).
 */
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { csvRow } from '../../shared/ingest/csv-format';
import { uscc } from './submission-files';

export interface FormCompany {
  uscc: string;
  name: string;
  sector: string;
  employees: number;
  rdStaff: number;
  /** 万元, as the form states it. */
  revenue: string;
  rdExpenditure: string;
  highTech: string;
}

export const FORM_COMPANIES: FormCompany[] = [
  {
    uscc: uscc(501),
    name: '太原迎泽数智科技有限公司',
    sector: '数字产业',
    employees: 120,
    rdStaff: 35,
    revenue: '1,250.5',
    rdExpenditure: '88.25',
    highTech: '是',
  },
  {
    uscc: uscc(502),
    name: '山西鼎信生物材料有限公司',
    sector: '生物基材料',
    employees: 86,
    rdStaff: 20,
    revenue: '630',
    rdExpenditure: '41.3',
    highTech: '否',
  },
  {
    uscc: uscc(503),
    name: '迎泽智能装备制造（太原）有限公司',
    sector: '智能装备制造',
    employees: 240,
    rdStaff: 61,
    revenue: '3,410.75',
    rdExpenditure: '150',
    highTech: '是',
  },
];

/** The rows of the form that are neither data nor header, as the status lists them. */
export const FORM_SKIPPED = [
  { row: 1, kind: 'title' },
  { row: 2, kind: 'title' },
  { row: 4, kind: 'subheader' },
  { row: 8, kind: 'total' },
  { row: 9, kind: 'footer' },
];

const sum = (values: string[]) => values.reduce((a, v) => a + Number(v.replace(/,/g, '')), 0);

/** The rows of the section 9 example, as a person sees them (row 1 = the title). */
export function formRows(companies: FormCompany[] = FORM_COMPANIES, totals = true, year = 2021): (string | number | null)[][] {
  return [
    [`${year}年度迎泽区科技型企业统计表`, null, null, null, null, null, null, null, null],
    ['填报单位（盖章）：迎泽区科技局', null, null, `填报日期：${year + 1}年1月10日`, null, null, '单位：万元、人', null, null],
    ['序号', '企业名称', '统一社会信用代码', '行业领域', '是否高新技术企业', '从业人员', null, '经济指标', null],
    [null, null, null, null, null, '合计', '其中：研发人员', '营业收入', '研发经费支出'],
    ...companies.map((c, i) => [i + 1, c.name, c.uscc, c.sector, c.highTech, c.employees, c.rdStaff, c.revenue, c.rdExpenditure]),
    ...(totals
      ? [
          [
            '合计',
            null,
            null,
            null,
            null,
            companies.reduce((a, c) => a + c.employees, 0),
            companies.reduce((a, c) => a + c.rdStaff, 0),
            sum(companies.map((c) => c.revenue)).toFixed(2),
            sum(companies.map((c) => c.rdExpenditure)).toFixed(2),
          ],
        ]
      : []),
    ['填表人：张三', null, null, '联系电话：0351-4040000', null, null, '审核人：李四', null, null],
  ];
}

/** The section 9 form as an .xlsx: title merged across, 序号… merged down two rows, group headers merged across. */
export async function formWorkbook(options: { sheetName?: string; companies?: FormCompany[]; groupUnit?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.sheetName ?? '企业');
  const rows = formRows(options.companies);
  if (options.groupUnit !== undefined) {
    rows[1]![6] = null;
    rows[2]![7] = `经济指标（${options.groupUnit}）`;
  }
  for (const row of rows) ws.addRow(row);
  ws.mergeCells('A1:I1');
  for (const col of ['A', 'B', 'C', 'D', 'E']) ws.mergeCells(`${col}3:${col}4`);
  ws.mergeCells('F3:G3');
  ws.mergeCells('H3:I3');
  const totalRow = 5 + (options.companies ?? FORM_COMPANIES).length;
  ws.mergeCells(`A${totalRow}:E${totalRow}`);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same form as Excel on a Chinese Windows saves a CSV: GB18030, CRLF. */
export function formCsvGb18030(companies: FormCompany[] = FORM_COMPANIES, year = 2021): Buffer {
  const text =
    formRows(companies, true, year)
      .map((r) => csvRow(r.map((c) => (c === null ? '' : String(c)))))
      .join('\r\n') + '\r\n';
  return iconv.encode(text, 'gb18030');
}

/** A committed fixture of tests/fixtures (the .xls/.et LibreOffice saved). */
export function fixture(name: string): Promise<Buffer> {
  return readFile(join(import.meta.dirname, '../fixtures', name));
}
