/**
 * npm run samples: writes the Yingze sample under samples/ (deterministic).
 * A mix of CSV (UTF-8, UTF-8 with BOM, GB18030) and XLSX, English and
 * Chinese headers, yuan and 万元, as bureaus really send them.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECTORS } from '../shared/domain/sectors';
import { LATE_REPORTERS, lateForm, returnedForm } from './samples/late-form';
import { mailboxSample } from './samples/mailbox-sample';
import { csvBytes, xlsxBytes, type Cell } from './samples/sample-files';
import { sampleEnterprises, sampleIncubators, sampleProjects, sampleUscc, SAMPLE_YEARS, type SampleEnterprise } from './samples/yingze-sample';

const root = fileURLToPath(new URL('..', import.meta.url));

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const shiFou = (b: boolean) => (b ? '是' : '否');
const wan = (yuan: number) => yuan / 10_000;

const EN_HEADERS = [
  'uscc',
  'name',
  'year',
  'sector',
  'high_tech',
  'scitech_sme',
  'high_tech_cert_no',
  'incubator_id',
  'employees',
  'rd_staff',
  'revenue (yuan)',
  'rd_expenditure (yuan)',
  'invention_patents',
];
const ZH_HEADERS = [
  '统一社会信用代码',
  '企业名称',
  '年度',
  '行业领域',
  '是否高新技术企业',
  '是否科技型中小企业',
  '高企证书编号',
  '所属孵化器编号',
  '从业人员数',
  '研发人员数',
  '营业收入（万元）',
  '研发经费支出（万元）',
  '发明专利授权数',
];

function enterpriseRow(e: SampleEnterprise, chinese: boolean, thousands: boolean): Cell[] {
  const money = (yuan: number): Cell => (chinese ? wan(yuan) : thousands ? yuan.toLocaleString('en-US') : yuan);
  return [
    e.uscc,
    e.name,
    e.year,
    chinese ? SECTORS[e.sector] : e.sector,
    chinese ? shiFou(e.high_tech) : yesNo(e.high_tech),
    chinese ? shiFou(e.scitech_sme) : yesNo(e.scitech_sme),
    e.high_tech_cert_no,
    e.incubator_id,
    e.employees,
    e.rd_staff,
    money(e.revenue),
    money(e.rd_expenditure),
    e.invention_patents,
  ];
}

const LATE_FORM = 'enterprises/2022-04-06/2021年度迎泽区科技型企业统计表（补报）.xlsx';
const RETURNED_FORM = 'enterprises/2022-04-07/2021年度迎泽区科技型企业统计表（补报）-已修改.xlsx';

/**
 * One 2021 figure a reviewer must ask about: a company's revenue at 4.2 times
 * its 2020 figure, with no note (yoy_jump, unexplained on the Review sheet).
 */
function withUnexplainedJump(thisYear: SampleEnterprise[], lastYear: SampleEnterprise[]): SampleEnterprise[] {
  const before = new Map(lastYear.map((e) => [e.uscc, e]));
  const jumper = thisYear.find((e) => !e.high_tech && (before.get(e.uscc)?.revenue ?? 0) > 0);
  if (!jumper) throw new Error('no 2021 enterprise that reported revenue in 2020');
  // Whole hundreds of yuan: two decimals of 万元, as the form holds it.
  const revenue = Math.round((before.get(jumper.uscc)!.revenue * 4.2) / 100) * 100;
  return thisYear.map((e) => (e === jumper ? { ...e, revenue } : e));
}

/** The incubators' yearly workbook, as a bureau keeps it: Chinese headers and level names. */
async function incubatorWorkbook(): Promise<Buffer> {
  const levels = { national: '国家级', provincial: '省级', municipal: '市级', district: '区级' } as const;
  return xlsxBytes([
    {
      name: '孵化器',
      headers: [
        '孵化器编号',
        '孵化器名称',
        '级别',
        '年度',
        '在孵企业数',
        '累计孵化企业数',
        '当年新增在孵企业数',
        '当年毕业企业数',
        '孵化场地面积（平方米）',
        '运营主体统一社会信用代码',
      ],
      rows: sampleIncubators().map((i) => [
        i.incubator_id,
        i.name,
        levels[i.level],
        i.year,
        i.incubating_companies,
        i.cumulative_incubated,
        i.new_incubated,
        i.graduated_companies,
        i.area_m2,
        i.operator_uscc,
      ]),
      widths: [14, 30],
    },
  ]);
}

/** Where the sample mailbox's messages are (npm start delivers them into a local IMAP server). */
export const MAILBOX_FOLDER = 'sample-mailbox';

/** Every sample file, by path under samples/. */
export async function sampleFiles(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const enterprises = sampleEnterprises();
  const byYear = (y: number) => enterprises.filter((e) => e.year === y);

  files.set(
    'enterprises/2017-enterprises.csv',
    csvBytes(
      EN_HEADERS,
      byYear(2017).map((e) => enterpriseRow(e, false, false)),
      'utf-8',
    ),
  );
  files.set(
    'enterprises/2018-enterprises.csv',
    csvBytes(
      EN_HEADERS,
      byYear(2018).map((e) => enterpriseRow(e, false, true)),
      'utf-8-bom',
    ),
  );
  // What Excel on a Chinese Windows saves as "CSV (逗号分隔)".
  files.set(
    'enterprises/2019-企业统计.csv',
    csvBytes(
      ZH_HEADERS,
      byYear(2019).map((e) => enterpriseRow(e, true, false)),
      'gb18030',
    ),
  );
  for (const year of [2020, 2021]) {
    const rows = year === 2021 ? withUnexplainedJump(byYear(2021), byYear(2020)) : byYear(year);
    // 2021's arrived before the deadline: its date folder is its upload date (contract 12.4).
    files.set(
      year === 2021 ? `enterprises/2022-03-25/2021-企业统计.xlsx` : `enterprises/${year}-企业统计.xlsx`,
      await xlsxBytes([{ name: `${year}年企业`, headers: ZH_HEADERS, rows: rows.map((e) => enterpriseRow(e, true, false)), widths: [22, 36] }]),
    );
  }
  // The round trip (contract 11): a late form with mistakes, then its checked workbook fixed and sent back; date folders are upload dates (12.4).
  const late = await lateForm();
  files.set(LATE_FORM, late);
  files.set(RETURNED_FORM, await returnedForm(`submissions/${LATE_FORM}`, late));

  const projects = sampleProjects();
  files.set(
    'projects/projects-2017-2021.csv',
    csvBytes(
      ['project_id', 'title', 'year', 'field', 'funding', 'lead_uscc', 'lead_name', 'status'],
      projects.map((p) => [p.project_id, p.title, p.year, p.field, p.funding.toLocaleString('en-US'), p.lead_uscc, p.lead_name, p.status]),
      'utf-8',
    ),
  );

  files.set('孵化器/2022-03-28/孵化器年报-2017-2021.xlsx', await incubatorWorkbook());
  files.set('名录/2021-名录.csv', csvBytes(ROSTER_HEADERS, rosterRows(enterprises, sampleIncubators()), 'gb18030'));
  return files;
}

const ROSTER_HEADERS = ['年度', '报表类型', '统一社会信用代码', '单位名称', '联系人', '电子邮箱', '联系电话', '免报原因'];

/**
 * Who must report for 2021 (contract 12.1): the incubators and a few
 * enterprises with their contacts, one enterprise that has not reported (it
 * is reminded and chased), one deregistered (exempt, never counted missing)
 * and the two late reporters of the park's form.
 */
function rosterRows(enterprises: SampleEnterprise[], incubators: ReturnType<typeof sampleIncubators>): Cell[][] {
  const rows: Cell[][] = incubators
    .filter((i) => i.year === 2021)
    .map((i, n) => [2021, '孵化器', i.incubator_id, i.name, `联系人${n + 1}`, `fuhuaqi${n + 1}@example.cn`, `0351-40${String(n + 1).padStart(5, '0')}`, '']);
  for (const [n, e] of enterprises
    .filter((e) => e.year === 2021 && e.high_tech)
    .slice(0, 3)
    .entries()) {
    rows.push([2021, '企业', e.uscc, e.name, `经办人${n + 1}`, `tongji${n + 1}@example.cn`, `0351-50${String(n + 1).padStart(5, '0')}`, '']);
  }
  rows.push([2021, '企业', sampleUscc(9001), '太原市迎泽区晋阳智能装备有限公司', '王晓', 'wangxiao@example.cn', '0351-6012345', '']);
  rows.push([2021, '企业', sampleUscc(9002), '山西龙城新材料科技有限公司', '', '', '0351-6054321', '注销']);
  for (const r of LATE_REPORTERS) rows.push([2021, '企业', r.uscc, r.name, r.contact, r.email, r.phone, '']);
  return rows;
}

async function main(): Promise<void> {
  const out = join(root, 'samples');
  await rm(out, { recursive: true, force: true });
  const files = await sampleFiles();
  for (const [path, bytes] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), bytes);
  }
  // The sample mailbox beside them, not among them: its messages are mailed, not uploaded.
  const mailbox = join(root, MAILBOX_FOLDER);
  await rm(mailbox, { recursive: true, force: true });
  await mkdir(mailbox, { recursive: true });
  const messages = await mailboxSample();
  for (const [name, bytes] of messages) await writeFile(join(mailbox, name), bytes);
  const years = `${SAMPLE_YEARS[0]}–${SAMPLE_YEARS[SAMPLE_YEARS.length - 1]}`;
  console.log(`Wrote ${files.size} sample files for ${years} under samples/, ${messages.size} messages under ${MAILBOX_FOLDER}/`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
