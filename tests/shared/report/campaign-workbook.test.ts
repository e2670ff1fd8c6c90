/** The officer's status workbook 收报情况 as the officer reads it: only columns that say something, rows one line high, every unit that reported. */
import { describe, expect, it } from 'vitest';
import { campaignWorkbook } from '../../../shared/report/campaign-workbook';
import type { CampaignDocument, ReporterStatus } from '../../../shared/report/campaign';
import { loadWorkbook } from '../../support/submission-files';

const reporter = (key: string, name: string, extra: Partial<ReporterStatus> = {}): ReporterStatus => ({
  ...{ dataset: 'enterprises', key, name, status: 'reported', first_upload: '2022-03-20T02:00:00.000Z', on_time: true, reminders: [] },
  ...{ unexplained_findings: 0, progress: '已报', mail_refused: null, channel: '科技局', last_upload: null, rows_accepted: null, rows_rejected: null },
  ...extra,
});

const doc: CampaignDocument = {
  year: 2021,
  deadline: '2022-03-31',
  summary: { expected: 2, reported: 1, on_time: 1, late: 0, missing: 1, exempt: 0, on_time_rate: 0.5 },
  reporters: [
    reporter('91140105MA0K01001N', '山西某某科技有限公司'),
    reporter('91140105MA0K01002L', '未报公司', { status: 'missing', first_upload: null, on_time: null, progress: '未报', channel: null }),
  ],
  others: [reporter('91140105MA0K01003J', '名录外公司', { unexplained_findings: 2 })],
};

describe("the officer's status workbook", () => {
  it('lists every unit that reported, the unexpected ones on a sheet of their own, and leaves out the columns empty for every row', async () => {
    const [sheet, unlisted] = (await loadWorkbook(await campaignWorkbook(doc, '迎泽区'))).worksheets;
    const rowsOf = (ws: typeof sheet) => {
      const rows: unknown[][] = [];
      ws!.eachRow((r, n) => n > 4 && rows.push((r.values as unknown[]).slice(1)));
      return rows;
    };
    expect((sheet!.getRow(4).values as unknown[]).slice(1)).toEqual(['类别', '编号', '单位名称', '状态', '首次报送', '按时']);
    // The missing unit first (to phone), then who reported.
    expect(rowsOf(sheet).map((r) => [r[2], r[3]])).toEqual([
      ['未报公司', '未报'],
      ['山西某某科技有限公司', '已报（科技局）'],
    ]);
    expect(String(sheet!.getRow(2).getCell(1).value)).toContain('名录外已报 1');
    expect(unlisted!.name).toBe('名录外已报 Unlisted');
    expect((unlisted!.getRow(4).values as unknown[]).slice(1)).toContain('未说明疑点');
    expect(rowsOf(unlisted).map((r) => [r[2], r[3]])).toEqual([['名录外公司', '已报（名录外）']]);
    // One line each: no row is made taller than its text needs.
    sheet!.eachRow((r, n) => n > 4 && expect(r.height ?? 15).toBeLessThanOrEqual(17));
  });
});
