/** A small report input with text that tries to be a formula, for workbook and email tests. */
import { reviewYear } from '../../shared/report/review';
import { computeIndicators, reportWindow } from '../../shared/report/indicators';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../../shared/domain/records';
import type { ReportInput } from '../../shared/report/report-workbook';
import type { SubmissionStatus } from '../../shared/domain/submission-status';
import { uscc } from './submission-files';

export const HOSTILE = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];

export function reportInput(): ReportInput {
  const enterprises: EnterpriseRecord[] = [];
  for (let y = 2017; y <= 2021; y++) {
    for (let i = 0; i < 2 + (y - 2017) * 2; i++) {
      enterprises.push({
        uscc: uscc(i),
        name: i < HOSTILE.length ? HOSTILE[i]! : `企业${i}`,
        year: y,
        sector: i % 2 ? 'big_data' : 'it_innovation',
        high_tech: i % 2 === 0,
        scitech_sme: true,
        rd_staff: 3,
        revenue: 1_000_000_00,
        rd_expenditure: 50_000_00,
      });
    }
  }
  const incubators: IncubatorRecord[] = [
    { incubator_id: 'INC-1', name: '=cmd|"/c calc"!A1', level: 'national', year: 2021, incubating_companies: 10, cumulative_incubated: 40 },
  ];
  const projects: ProjectRecord[] = [
    { project_id: 'P-1', title: '+SUM(1)', year: 2021, field: 'big_data', funding: 123_456_78, status: 'ongoing', lead_name: '@lead' },
    { project_id: 'P-2', title: '项目二', year: 2020, field: 'it_innovation', funding: 500_000_00, status: 'completed' },
  ];
  const group = <T extends { year: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) m.set(r.year, [...(m.get(r.year) ?? []), r]);
    return m;
  };
  const indicators = computeIndicators({ enterprises: group(enterprises), incubators: group(incubators), projects }, reportWindow(2021), '迎泽区');
  const submissions = [
    {
      key: 'submissions/enterprises/=bad.csv',
      sheetIndex: 0,
      dataset: 'enterprises',
      status: 'partially_accepted',
      rows: 3,
      accepted: 2,
      rejected: 1,
      warnings: [],
      errors: [{ row: 3, column: 'uscc', message: '-USCC check character is wrong' }],
      errorCount: 1,
      skipped: [],
      years: [2021],
      order: '1',
      processedAt: '2022-01-01T00:00:00.000Z',
      source: { key: 'k', sequencer: '1', eventTime: '2022-01-01T00:00:00.000Z' },
    } as SubmissionStatus,
  ];
  return {
    indicators,
    year: 2021,
    incubators,
    enterprises: enterprises.filter((e) => e.year === 2021),
    projects,
    submissions,
    // Enterprises every year; incubators only in 2021, projects in 2020–2021: the other years have no figures.
    coverage: { enterprises: new Set([2017, 2018, 2019, 2020, 2021]), incubators: new Set([2021]), projects: new Set([2020, 2021]) },
    review: reviewYear({ enterprises: group(enterprises), incubators: group(incubators) }, 2021),
    generatedAt: new Date(Date.UTC(2022, 0, 15)),
  };
}
