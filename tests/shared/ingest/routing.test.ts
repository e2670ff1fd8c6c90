import { describe, expect, it } from 'vitest';
import { routeSubmission } from '../../../shared/ingest/routing';

describe('routing', () => {
  it('routes by dataset folder, English or Chinese, at any depth', () => {
    expect(routeSubmission('submissions/enterprises/2021/q4.csv')).toEqual({ kind: 'dataset', dataset: 'enterprises', format: 'csv' });
    expect(routeSubmission('submissions/孵化器/年报.XLSX')).toEqual({ kind: 'dataset', dataset: 'incubators', format: 'xlsx' });
    expect(routeSubmission('submissions/项目/a.jsonl')).toEqual({ kind: 'dataset', dataset: 'projects', format: 'jsonl' });
    expect(routeSubmission('submissions/Projects/a.json')).toEqual({ kind: 'dataset', dataset: 'projects', format: 'json' });
  });

  it('routes a workbook outside a dataset folder by its sheet names', () => {
    expect(routeSubmission('submissions/2021/all.xlsx')).toEqual({ kind: 'workbook', format: 'xlsx' });
  });

  it('rejects unsupported types and dataset-less CSV with a reason', () => {
    expect(routeSubmission('submissions/enterprises/a.pdf')).toMatchObject({ kind: 'reject', reason: expect.stringContaining('.pdf') });
    expect(routeSubmission('submissions/enterprises/a.xls')).toMatchObject({ kind: 'dataset', format: 'xls' });
    expect(routeSubmission('submissions/统计/a.et')).toMatchObject({ kind: 'workbook', format: 'et' });
    expect(routeSubmission('submissions/enterprises/notes')).toMatchObject({ kind: 'reject' });
    expect(routeSubmission('submissions/a.csv')).toMatchObject({ kind: 'reject', reason: expect.stringContaining('dataset folder') });
  });

  it("ignores objects outside submissions/ (the system's results and reports among them) and Excel lock files", () => {
    expect(routeSubmission('reports/2021/report.xlsx').kind).toBe('ignore');
    expect(routeSubmission('results/enterprises/a.csv.checked.xlsx').kind).toBe('ignore');
    expect(routeSubmission('submissions/enterprises/~$a.xlsx').kind).toBe('ignore');
  });

  it('reads a checked workbook sent back under the name it came with, as any upload (contract 11, v4)', () => {
    expect(routeSubmission('submissions/enterprises/2021.xlsx.checked.xlsx')).toEqual({ kind: 'dataset', dataset: 'enterprises', format: 'xlsx' });
    expect(routeSubmission('submitters/91140105MA1000003T/2021.csv.checked.xlsx')).toEqual({ kind: 'workbook', format: 'xlsx', org: '91140105MA1000003T' });
  });

  it('routes the roster from staff, and refuses it from a submitter, who could otherwise exempt itself', () => {
    expect(routeSubmission('submissions/名录/2021.csv')).toEqual({ kind: 'dataset', dataset: 'roster', format: 'csv' });
    expect(routeSubmission('submissions/roster/2021.xlsx')).toEqual({ kind: 'dataset', dataset: 'roster', format: 'xlsx' });
    expect(routeSubmission('submitters/91140105MA1000003T/名录/self.csv')).toMatchObject({ kind: 'reject', reason: expect.stringContaining('名录') });
    expect(routeSubmission('submitters/91140105MA1000003T/企业/own.csv')).toMatchObject({ kind: 'dataset', dataset: 'enterprises', org: '91140105MA1000003T' });
    // A loose .json may be a district's package (read by its content), else it is refused as a loose CSV is.
    expect(routeSubmission('submitters/140106/mail/2022-04-10/abc/upward-2021.json')).toMatchObject({
      kind: 'package-json',
      org: '140106',
      reason: expect.stringContaining('submitters/140106/企业/'),
    });
    // A submitter's CSV outside a dataset folder is told its own folders.
    expect(routeSubmission('submitters/91140105MA1000003T/own.csv')).toMatchObject({
      kind: 'reject',
      reason: expect.stringContaining('submitters/91140105MA1000003T/企业/'),
    });
  });
});
