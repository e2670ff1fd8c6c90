import { describe, expect, it } from 'vitest';
import { uploadKey } from '../../../shared/operator/staff-upload';
import { latestUploads, submissionKey } from '../../../shared/operator/submission-statuses';
import type { SubmissionStatus } from '../../../shared/domain/submission-status';

describe('a staff upload', () => {
  it('goes under its dataset, named in English or Chinese, or unfiled when a workbook routes itself', () => {
    expect(uploadKey({ fileName: '2025.csv', size: 10, dataset: '企业' })).toEqual({ key: 'submissions/enterprises/2025.csv' });
    expect(uploadKey({ fileName: '2025.xlsx', size: 10 })).toEqual({ key: 'submissions/2025.xlsx' });
  });

  it('is refused before it is sent when the ingest would refuse it: dataset, type, size, address', () => {
    expect(uploadKey({ fileName: '2025.csv', size: 10, dataset: 'firms' })).toMatchObject({ refused: expect.stringContaining('不是数据集名称') });
    expect(uploadKey({ fileName: 'a.pdf', size: 10, dataset: 'enterprises' })).toMatchObject({ refused: expect.stringContaining('a.pdf') });
    expect(uploadKey({ fileName: 'big.csv', size: 2 ** 40, dataset: 'enterprises' })).toMatchObject({ refused: expect.stringContaining('请拆分为多个文件') });
    expect(uploadKey({ fileName: 'a.csv', size: 10, dataset: 'enterprises', submitterEmail: 'zhang' })).toMatchObject({
      refused: expect.stringContaining('不是电子邮件地址'),
    });
  });
});

describe('submission statuses', () => {
  it('name one key with or without submissions/ or its s3:// address', () => {
    expect(submissionKey('enterprises/a.csv')).toBe('submissions/enterprises/a.csv');
    expect(submissionKey('s3://bucket/submissions/enterprises/a.csv')).toBe('submissions/enterprises/a.csv');
  });

  it('keep only the latest upload of each key, every sheet of it', () => {
    const s = (key: string, order: string, sheetIndex: number) => ({ key, order, sheetIndex, processedAt: `2026-01-0${order}T00:00:00Z` }) as SubmissionStatus;
    const latest = latestUploads([s('a', '1', 0), s('a', '2', 0), s('a', '2', 1), s('b', '1', 0)]);
    expect(latest.map((x) => [x.key, x.order, x.sheetIndex])).toEqual([
      ['b', '1', 0],
      ['a', '2', 0],
      ['a', '2', 1],
    ]);
  });
});
