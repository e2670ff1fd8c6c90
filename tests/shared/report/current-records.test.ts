import { describe, expect, it } from 'vitest';
import { committedOrders, LatestVersions, latestYear, type VersionLike } from '../../../shared/report/current-records';

function latestVersions(versions: VersionLike[], committed: ReadonlySet<string>) {
  const latest = new LatestVersions(committed);
  latest.add(versions);
  return latest.records();
}
import type { SubmissionStatus } from '../../../shared/domain/submission-status';

const status = (order: string, accepted: number, years: number[] = []): SubmissionStatus =>
  ({ order, accepted, years }) as unknown as SubmissionStatus;

describe('current records', () => {
  it('takes the version with the greatest upload order per natural key, whatever the read order', () => {
    const versions = [
      { naturalKey: 'A#2021', order: 'o2', sk: 'v#o2#000#000000002', data: { v: 'newer' } },
      { naturalKey: 'A#2021', order: 'o1', sk: 'v#o1#000#000000009', data: { v: 'older' } },
      { naturalKey: 'B#2021', order: 'o1', sk: 'v#o1#000#000000003', data: { v: 'b' } },
    ];
    const committed = new Set(['o1', 'o2']);
    expect(latestVersions(versions, committed)).toEqual([{ v: 'newer' }, { v: 'b' }]);
    expect(latestVersions([...versions].reverse(), committed)).toEqual(expect.arrayContaining([{ v: 'newer' }, { v: 'b' }]));
  });

  it('keeps the last row of a key repeated within one upload', () => {
    const versions = [
      { naturalKey: 'A', order: 'o1', sk: 'v#o1#000#000000010', data: { row: 10 } },
      { naturalKey: 'A', order: 'o1', sk: 'v#o1#000#000000004', data: { row: 4 } },
    ];
    expect(latestVersions(versions, new Set(['o1']))).toEqual([{ row: 10 }]);
  });

  it('ignores versions of uploads that were rejected or never finished', () => {
    const versions = [
      { naturalKey: 'A', order: 'o1', sk: 'v#o1#000#000000002', data: { v: 1 } },
      { naturalKey: 'A', order: 'o2', sk: 'v#o2#000#000000002', data: { v: 2 } },
    ];
    const committed = committedOrders([status('o1', 5), status('o2', 0)]);
    expect(latestVersions(versions, committed)).toEqual([{ v: 1 }]);
  });

  it('finds the latest year of accepted rows', () => {
    expect(latestYear([status('o1', 3, [2019, 2021]), status('o2', 0, [2030])])).toBe(2021);
    expect(latestYear([])).toBeUndefined();
  });
});
