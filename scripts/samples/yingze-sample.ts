/**
 * The Yingze sample (shared spec yingze-sample.md): a plausible district whose
 * 2017–2021 figures reproduce the published ones. Pure data; the generator
 * script writes it out as CSV and XLSX files.
 */
import { completeUscc, USCC_ALPHABET } from '../../shared/domain/uscc';
import type { SectorCode } from '../../shared/domain/sectors';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../../shared/domain/records';
import type { IncubatorLevel } from '../../shared/domain/enumerations';
import { SeededRandom } from './random';

export const SAMPLE_YEARS = [2017, 2018, 2019, 2020, 2021] as const;

/** The day `npm start` runs the 2021 campaign as of: a week after the deadline, the missing reporter's first chaser (contract 12.2). */
export const SAMPLE_DAY = '2022-04-07';

/** The published anchors the sample must reproduce. */
export const PUBLISHED = {
  highTech2017: 10,
  highTech2021: 145,
  incubators2021: 6,
  cumulativeIncubated2021: 287,
  scitechSmes3yMin: 1400,
  windowProjects: 46,
  windowFundingMinYuan: 20_000_000,
} as const;

/** Enterprises reporting each year (indices into one pool), high-tech counts and SME ranges. */
const ENTERPRISE_PLAN: Record<number, { reporting: number; highTech: number; smes: [number, number][] }> = {
  2017: { reporting: 250, highTech: 10, smes: [[0, 120]] },
  2018: { reporting: 400, highTech: 24, smes: [[60, 260]] },
  2019: { reporting: 700, highTech: 47, smes: [[100, 580]] },
  2020: { reporting: 1100, highTech: 86, smes: [[580, 1100]] },
  2021: { reporting: 1600, highTech: 145, smes: [[1100, 1550], [300, 350]] },
};

const SECTOR_WEIGHTS: [SectorCode, number][] = [
  ['it_innovation', 24],
  ['digital_industry', 20],
  ['intelligent_manufacturing', 15],
  ['modern_logistics', 11],
  ['medicine_health', 12],
  ['bio_materials', 8],
  ['new_materials', 3],
  ['artificial_intelligence', 3],
  ['big_data', 2],
  ['other', 2],
];

const NAME_HEADS = ['晋阳', '迎泽', '龙城', '汾河', '并州', '太行', '柳巷', '双塔', '桥东', '郝庄', '老军营', '文庙', '青年路', '五一', '府西', '朝阳'];
const NAME_WORDS = ['智联', '数云', '鼎信', '恒达', '华创', '博远', '启明', '瑞丰', '中科', '天泽', '锦程', '卓越', '新锐', '宏图', '安泰', '聚能'];
const SECTOR_WORDS: Record<SectorCode, string> = {
  it_innovation: '信息技术',
  intelligent_manufacturing: '智能装备',
  digital_industry: '数字科技',
  modern_logistics: '物流',
  bio_materials: '生物材料',
  medicine_health: '医药健康',
  new_materials: '新材料',
  advanced_equipment: '装备制造',
  artificial_intelligence: '人工智能',
  big_data: '大数据',
  new_technology: '新技术',
  other: '科技',
};

/** Sample rows are the stored records' shapes, with money in whole yuan (as files carry it) and every optional figure present. */
export type SampleEnterprise = Required<Pick<EnterpriseRecord, 'employees' | 'rd_staff' | 'invention_patents'>> &
  Omit<EnterpriseRecord, 'employees' | 'rd_staff' | 'invention_patents' | 'revenue' | 'rd_expenditure'> & { revenue: number; rd_expenditure: number };
export type SampleIncubator = Required<Omit<IncubatorRecord, 'note'>>;
export type SampleProject = Required<Omit<ProjectRecord, 'note'>>;

const BASE31 = USCC_ALPHABET;

export function sampleUscc(index: number): string {
  let code = '';
  let n = index + 7919;
  for (let i = 0; i < 6; i++) {
    code = BASE31[n % 31] + code;
    n = Math.floor(n / 31);
  }
  // 91 = enterprise registered with market regulation; 140105 = Yingze district; then MA + 7 characters.
  return completeUscc(`91140105MA${BASE31[index % 9]}${code}`);
}

interface PoolEntry {
  uscc: string;
  name: string;
  sector: SectorCode;
  size: number;
}

function enterprisePool(random: SeededRandom, size: number): PoolEntry[] {
  const names = new Set<string>();
  return Array.from({ length: size }, (_, i) => {
    const sector = random.weighted(SECTOR_WEIGHTS);
    let name: string;
    do {
      name = `山西${random.pick(NAME_HEADS)}${random.pick(NAME_WORDS)}${SECTOR_WORDS[sector]}有限公司`;
      if (names.has(name)) name = name.replace('有限公司', `${names.size % 97}号有限公司`);
    } while (names.has(name));
    names.add(name);
    return { uscc: sampleUscc(i), name, sector, size: random.int(5, 60) };
  });
}

export function sampleEnterprises(): SampleEnterprise[] {
  const random = new SeededRandom(20211231);
  const pool = enterprisePool(random, 1600);
  const rows: SampleEnterprise[] = [];
  for (const year of SAMPLE_YEARS) {
    const plan = ENTERPRISE_PLAN[year]!;
    const growth = 1 + (year - 2017) * 0.09;
    for (let i = 0; i < plan.reporting; i++) {
      const e = pool[i]!;
      const highTech = i < plan.highTech;
      const sme = plan.smes.some(([from, to]) => i >= from && i < to);
      const employees = Math.round(e.size * growth);
      const rdStaff = Math.max(1, Math.round(employees * (highTech ? 0.22 : 0.1)));
      const revenueWan = Math.round(employees * (35 + (i % 13) * 4) * growth);
      const rdWan = Math.round(revenueWan * (highTech ? 0.055 : 0.025));
      rows.push({
        uscc: e.uscc,
        name: e.name,
        year,
        sector: e.sector,
        high_tech: highTech,
        scitech_sme: sme,
        high_tech_cert_no: highTech ? `GR${year - (i % 3)}14${String(1000 + i).padStart(6, '0')}` : undefined,
        incubator_id: i % 11 === 0 ? `YZ-INC-0${(i % 6) + 1}` : undefined,
        employees,
        rd_staff: rdStaff,
        revenue: revenueWan * 10_000,
        rd_expenditure: rdWan * 10_000,
        invention_patents: highTech ? i % 4 : i % 9 === 0 ? 1 : 0,
      });
    }
  }
  return rows;
}

const INCUBATORS: { id: string; name: string; level: IncubatorLevel; founded: number; cumulative2021: number; incubating2021: number; area: number }[] = [
  { id: 'YZ-INC-01', name: '迎泽区科技创新孵化基地', level: 'national', founded: 2013, cumulative2021: 72, incubating2021: 38, area: 21000 },
  { id: 'YZ-INC-02', name: '山西数字经济众创空间', level: 'national', founded: 2015, cumulative2021: 61, incubating2021: 33, area: 16500 },
  { id: 'YZ-INC-03', name: '龙城信创产业孵化器', level: 'provincial', founded: 2016, cumulative2021: 48, incubating2021: 26, area: 12000 },
  { id: 'YZ-INC-04', name: '汾河智能装备孵化园', level: 'provincial', founded: 2017, cumulative2021: 41, incubating2021: 22, area: 15000 },
  { id: 'YZ-INC-05', name: '迎泽大健康科技孵化器', level: 'provincial', founded: 2018, cumulative2021: 35, incubating2021: 18, area: 8800 },
  { id: 'YZ-INC-06', name: '太原现代物流创新中心', level: 'provincial', founded: 2020, cumulative2021: 30, incubating2021: 17, area: 9600 },
];

export function sampleIncubators(): SampleIncubator[] {
  const rows: SampleIncubator[] = [];
  INCUBATORS.forEach((inc, n) => {
    const operator = completeUscc(`52140105MJ${String(1000000 + n * 7).slice(0, 7)}`);
    for (const year of SAMPLE_YEARS) {
      if (year < Math.max(inc.founded, 2017)) continue;
      const back = 2021 - year;
      const incubating = Math.max(3, inc.incubating2021 - back * 3);
      // Cumulative counts every company ever incubated, so never fewer than those incubating now (contract 10.1).
      const cumulative = Math.max(4, incubating, inc.cumulative2021 - back * Math.round(inc.cumulative2021 / 6));
      rows.push({
        incubator_id: inc.id,
        name: inc.name,
        level: inc.level,
        year,
        incubating_companies: incubating,
        cumulative_incubated: cumulative,
        new_incubated: Math.min(incubating, Math.max(2, Math.round(inc.cumulative2021 / 6))),
        graduated_companies: Math.max(1, Math.round(inc.cumulative2021 / 12) - back),
        area_m2: inc.area,
        operator_uscc: operator,
      });
    }
  });
  return rows;
}

const PROJECT_PLAN: Record<number, number> = { 2017: 6, 2018: 8, 2019: 9, 2020: 11, 2021: 12 };
const PROJECT_TOPICS: Record<SectorCode, string[]> = {
  it_innovation: ['国产化办公系统适配', '信创云平台迁移', '政务软件国产化改造'],
  digital_industry: ['工业互联网标识解析', '数字孪生园区平台', '中小企业数字化转型服务'],
  intelligent_manufacturing: ['煤机装备智能运维', '智能巡检机器人', '柔性装配产线'],
  modern_logistics: ['城市冷链物流调度', '智慧仓储管理系统'],
  medicine_health: ['中药材质量溯源', '慢病远程管理平台'],
  bio_materials: ['秸秆基可降解材料', '生物基纤维制备'],
  new_materials: ['高性能镁合金'],
  advanced_equipment: ['高端液压件'],
  artificial_intelligence: ['视觉质检算法'],
  big_data: ['城市运行大数据分析'],
  new_technology: ['新技术示范'],
  other: ['科技服务'],
};

export function sampleProjects(): SampleProject[] {
  const random = new SeededRandom(46);
  const enterprises = sampleEnterprises().filter((e) => e.year === 2021 && e.high_tech);
  const rows: SampleProject[] = [];
  let seq = 0;
  for (const year of SAMPLE_YEARS) {
    // One terminated project a year from 2019 on: it is listed but never counted.
    const count = PROJECT_PLAN[year]! + (year >= 2019 ? 1 : 0);
    for (let k = 0; k < count; k++) {
      seq++;
      const lead = enterprises[(seq * 7) % enterprises.length]!;
      const field = lead.sector;
      const topic = random.pick(PROJECT_TOPICS[field]);
      const terminated = year >= 2019 && k === count - 1;
      rows.push({
        project_id: `YZKJ-${year}-${String(k + 1).padStart(3, '0')}`,
        title: `${topic}关键技术研究与应用`,
        year,
        field,
        funding: random.int(30, 85) * 10_000,
        lead_uscc: lead.uscc,
        lead_name: lead.name,
        status: terminated ? 'terminated' : year <= 2019 ? 'completed' : year === 2020 ? 'ongoing' : 'approved',
      });
    }
  }
  return rows;
}
