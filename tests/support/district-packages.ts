/** A district's package as its Torchline makes it (tests and the committed fixtures of scripts/fixtures/package-workbooks.ts). */
import { computeIndicators, reportWindow } from '../../shared/report/indicators';
import { upwardPackage, type UpwardDocument } from '../../shared/report/upward-package';
import type { EnterpriseRecord, IncubatorRecord } from '../../shared/domain/records';

const enterprise = (n: number, year: number, revenueYuan: number, rdYuan?: number): EnterpriseRecord =>
  ({
    uscc: `9114010${n}MA0000000${n}`,
    name: `企业${n}`,
    year,
    sector: 'other',
    high_tech: n % 2 === 0,
    scitech_sme: true,
    revenue: revenueYuan * 100,
    ...(rdYuan === undefined ? {} : { rd_expenditure: rdYuan * 100 }),
    employees: 100,
    rd_staff: 10,
  }) as EnterpriseRecord;
const incubator = (id: string, year: number, incubating: number): IncubatorRecord =>
  ({
    incubator_id: id,
    name: `孵化器${id}`,
    level: 'municipal',
    year,
    incubating_companies: incubating,
    cumulative_incubated: incubating * 2,
    graduated_companies: 1,
  }) as IncubatorRecord;

export function districtDoc(approved: boolean): UpwardDocument {
  const enterprises = new Map([
    [2020, [enterprise(1, 2020, 150_000_000, 3_000_000), enterprise(2, 2020, 5_000_050)]],
    [2021, [{ ...enterprise(1, 2021, 250_000_000, 6_000_000), note: '新产线投产' }, enterprise(2, 2021, 4_000_000, 100_000), enterprise(3, 2021, 1_000_000)]],
  ]);
  const incubators = new Map([
    [2020, [incubator('A', 2020, 10)]],
    [2021, [incubator('A', 2021, 12), incubator('B', 2021, 5)]],
  ]);
  const indicators = computeIndicators({ enterprises, incubators, projects: [] }, reportWindow(2021), '迎泽区');
  return upwardPackage({
    indicators,
    year: 2021,
    ...(approved ? { approval: { year: 2021, state: 'approved', history: [{ action: 'approve', by: '王飞跃', at: '2022-04-10T02:00:00.000Z' }] } } : {}),
    enterprises: { previous: enterprises.get(2020)!, current: enterprises.get(2021)! },
    incubators: { previous: incubators.get(2020)!, current: incubators.get(2021)! },
    projects: [],
    nonReporters: [{ dataset: 'enterprises', key: '91140100MA00000009', name: '未报公司', reason: 'missing' }],
  });
}
