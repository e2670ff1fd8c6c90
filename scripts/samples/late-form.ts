/**
 * The sample's one round trip (contract 11): a park's late form with the
 * mistakes bureaus really receive, and the checked workbook its filler fixed
 * and sent back. The checked workbook is the one the ingest itself writes for
 * the form (run here against a scratch store), edited as a person does in
 * Excel: the red cells fixed, the total fixed with them, a reason written in
 * 备注 for the yellow row that is right as it stands.
 */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { stableZip } from '../../shared/excel/stable-zip';
import { ingestSubmission } from '../../shared/ingest/ingest-submission';
import type { IngestStore } from '../../shared/ingest/ports';
import { sampleUscc } from './yingze-sample';

interface LateCompany {
  uscc: string;
  name: string;
  sector: string;
  highTech: string;
  sme: string;
  employees: number;
  rdStaff: number;
  /** 万元, as the form states it. */
  revenue: number;
  rdExpenditure: number;
}

/** On the 2021 roster with a contact, reporting after the deadline. */
export const LATE_REPORTERS = [
  { uscc: sampleUscc(9003), name: '太原市迎泽区汾河智造科技有限公司', contact: '赵敏', email: 'zhaomin@example.cn', phone: '0351-6023456' },
  { uscc: sampleUscc(9004), name: '山西并州数云信息技术有限公司', contact: '孙磊', email: 'sunlei@example.cn', phone: '0351-6034567' },
] as const;

const COMPANIES: LateCompany[] = [
  // 智能制造 is not on the sector list: an error that names 智能装备制造.
  { uscc: LATE_REPORTERS[0].uscc, name: LATE_REPORTERS[0].name, sector: '智能制造', highTech: '否', sme: '是', employees: 45, rdStaff: 12, revenue: 1320.6, rdExpenditure: 96.4 },
  // Revenue written in 元 under 单位：万元 — 8,650,000 万元 from 20 people (unit_suspect, yellow).
  { uscc: LATE_REPORTERS[1].uscc, name: LATE_REPORTERS[1].name, sector: '信息技术应用创新', highTech: '否', sme: '是', employees: 20, rdStaff: 6, revenue: 8_650_000, rdExpenditure: 42.5 },
  // A start-up spending more on R&D than it earns: right, and explained when the form comes back.
  { uscc: sampleUscc(9005), name: '太原双塔启明生物科技有限公司', sector: '生物基材料', highTech: '否', sme: '是', employees: 8, rdStaff: 5, revenue: 35.2, rdExpenditure: 88 },
];

const FIXES = {
  sector: '智能装备制造',
  revenue: 865,
  note: '初创期，研发投入来自股东注资，当年营业收入尚少',
};

const FIXED_DATE = new Date(Date.UTC(2022, 3, 7, 2, 0, 0));
const DATA_ROW = 5;
const round2 = (n: number) => Math.round(n * 100) / 100;

function formRows(companies: LateCompany[]): (string | number | null)[][] {
  const total = (pick: (c: LateCompany) => number) => round2(companies.reduce((a, c) => a + pick(c), 0));
  return [
    ['2021年度迎泽区科技型企业统计表（补报）', null, null, null, null, null, null, null, null, null],
    ['填报单位（盖章）：双塔科创园', null, null, null, '填报日期：2022年4月6日', null, null, null, '单位：万元、人', null],
    ['序号', '企业名称', '统一社会信用代码', '行业领域', '是否高新技术企业', '是否科技型中小企业', '从业人员', null, '经济指标', null],
    [null, null, null, null, null, null, '合计', '其中：研发人员', '营业收入', '研发经费支出'],
    ...companies.map((c, i) => [i + 1, c.name, c.uscc, c.sector, c.highTech, c.sme, c.employees, c.rdStaff, c.revenue, c.rdExpenditure]),
    ['合计', null, null, null, null, null, total((c) => c.employees), total((c) => c.rdStaff), total((c) => c.revenue), total((c) => c.rdExpenditure)],
    ['填表人：周婷', null, null, '联系电话：0351-4061234', null, null, null, '审核人：吴刚', null, null],
  ];
}

function fixMetadata(wb: ExcelJS.Workbook): void {
  wb.creator = 'Torchline sample generator';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
}

/** The park's form as its staff made it in Excel: title, merged two-row header, 合计 and a signature footer. */
export async function lateForm(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fixMetadata(wb);
  const ws = wb.addWorksheet('科技型企业');
  for (const row of formRows(COMPANIES)) ws.addRow(row);
  ws.mergeCells('A1:J1');
  for (const col of ['A', 'B', 'C', 'D', 'E', 'F']) ws.mergeCells(`${col}3:${col}4`);
  ws.mergeCells('G3:H3');
  ws.mergeCells('I3:J3');
  ws.mergeCells(`A${DATA_ROW + COMPANIES.length}:F${DATA_ROW + COMPANIES.length}`);
  ws.columns.forEach((col, i) => (col.width = [6, 34, 22, 18, 10, 10, 10, 10, 12, 12][i]));
  return stableZip(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** A store that keeps only what the ingest writes for the submitter: its checked workbook. */
function scratchStore(): IngestStore {
  return {
    hasSubmission: async () => false,
    writeVersions: async () => undefined,
    putStatuses: async () => undefined,
    writeErrorReport: async () => undefined,
    writeCheckedWorkbook: async () => undefined,
    versionsOf: async () => [],
    statusesOf: async () => [],
  };
}

/** The checked workbook the ingest writes for the form. */
export async function checkedLateForm(key: string, form: Buffer): Promise<Buffer> {
  const outcome = await ingestSubmission({ key, sequencer: '0', eventTime: FIXED_DATE.toISOString() }, async () => Readable.from([form]), scratchStore(), {
    now: () => FIXED_DATE,
  });
  if (outcome.outcome !== 'processed' || !outcome.checkedWorkbook) throw new Error(`the late form drew no checked workbook (${outcome.outcome})`);
  return outcome.checkedWorkbook;
}

/** The checked workbook fixed and explained by the person who filled the form, in Excel (exceljs). */
export async function returnedForm(key: string, form: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await checkedLateForm(key, form)) as unknown as ArrayBuffer);
  fixMetadata(wb);
  const ws = wb.getWorksheet('科技型企业');
  if (!ws) throw new Error('the checked workbook lost the form sheet');
  const noteColumn = ws.getRow(3).values as unknown[];
  const note = noteColumn.indexOf('备注');
  const fixed = COMPANIES.map((c, i) => (i === 0 ? { ...c, sector: FIXES.sector } : i === 1 ? { ...c, revenue: FIXES.revenue } : c));
  ws.getRow(DATA_ROW).getCell(4).value = FIXES.sector;
  ws.getRow(DATA_ROW + 1).getCell(9).value = FIXES.revenue;
  ws.getRow(DATA_ROW + 3).getCell(9).value = formRows(fixed)[DATA_ROW + 2]![8]!;
  ws.getRow(DATA_ROW + 2).getCell(note).value = FIXES.note;
  return stableZip(Buffer.from(await wb.xlsx.writeBuffer()));
}
