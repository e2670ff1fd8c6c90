import { describe, expect, it } from 'vitest';
import { LatestVersions, latestYear, loadRecords, type VersionLike, type VersionReader } from '../../../shared/report/current-records';
import { committedOrders } from '../../../shared/domain/submission-status';

/** Versions as the index hands them over: by natural key, then sort key. */
function inIndexOrder(versions: VersionLike[]): VersionLike[] {
  return [...versions].sort((a, b) => (a.naturalKey + '#' + a.sk < b.naturalKey + '#' + b.sk ? -1 : 1));
}

function latestVersions(versions: VersionLike[], committed: ReadonlySet<string>, pageSize = 2) {
  const out: Record<string, unknown>[] = [];
  const latest = new LatestVersions(committed, (r) => out.push(r));
  const ordered = inIndexOrder(versions);
  // Pages split a key's versions: the fold carries the key across them.
  for (let i = 0; i < ordered.length; i += pageSize) latest.add(ordered.slice(i, i + pageSize));
  latest.flush();
  return out;
}
import type { SubmissionStatus } from '../../../shared/domain/submission-status';

const status = (order: string, accepted: number, years: number[] = []): SubmissionStatus => ({ order, accepted, years }) as unknown as SubmissionStatus;

describe('current records', () => {
  it('takes the version with the greatest upload order per natural key, whatever the read order', () => {
    const versions = [
      { naturalKey: 'A#2021', order: 'o2', sk: 'v#o2#000#000000002', data: { v: 'newer' } },
      { naturalKey: 'A#2021', order: 'o1', sk: 'v#o1#000#000000009', data: { v: 'older' } },
      { naturalKey: 'B#2021', order: 'o1', sk: 'v#o1#000#000000003', data: { v: 'b' } },
    ];
    const committed = new Set(['o1', 'o2']);
    expect(latestVersions(versions, committed)).toEqual([{ v: 'newer' }, { v: 'b' }]);
    expect(latestVersions(versions, committed, 1)).toEqual([{ v: 'newer' }, { v: 'b' }]);
    expect(latestVersions(versions, committed, 3)).toEqual([{ v: 'newer' }, { v: 'b' }]);
  });

  it('shows an id as first written when a later version wrote it in another case or width (contract 1)', () => {
    const out: Record<string, unknown>[] = [];
    const latest = new LatestVersions(new Set(['o1', 'o2']), (r) => out.push(r), ['incubator_id']);
    latest.add([
      { naturalKey: 'YZ-INC-01#2021', order: 'o1', sk: 'v#o1#000#000000002', data: { incubator_id: 'YZ-INC-01', n: 1 } },
      { naturalKey: 'YZ-INC-01#2021', order: 'o2', sk: 'v#o2#000#000000002', data: { incubator_id: 'yz-inc-01', n: 2 } },
    ]);
    latest.flush();
    expect(out).toEqual([{ incubator_id: 'YZ-INC-01', n: 2 }]);
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

  it('hands on nothing for a key whose every version belongs to an upload that did not count', () => {
    const versions = [
      { naturalKey: 'A', order: 'o2', sk: 'v#o2#000#000000002', data: { v: 'rejected' } },
      { naturalKey: 'B', order: 'o1', sk: 'v#o1#000#000000002', data: { v: 'b' } },
    ];
    expect(latestVersions(versions, new Set(['o1']))).toEqual([{ v: 'b' }]);
  });

  it('folds every year into the indicators but holds the records of the held years only', async () => {
    const ent = (uscc: string, year: number) => ({ uscc, name: uscc, year, sector: 'it_innovation', high_tech: true, scitech_sme: false });
    const stored: Record<number, VersionLike[]> = {
      2019: [{ naturalKey: 'A', order: 'o1', sk: 'v#o1#000#000000002', data: ent('A', 2019) }],
      2020: [
        { naturalKey: 'A', order: 'o1', sk: 'v#o1#000#000000003', data: ent('A', 2020) },
        { naturalKey: 'B', order: 'o1', sk: 'v#o1#000#000000004', data: ent('B', 2020) },
      ],
    };
    const reader: VersionReader = {
      // Two shards per year, each in index order, to read as the version store hands them over.
      versionShards: (dataset, year) => {
        const versions = dataset === 'enterprises' && typeof year === 'number' ? (stored[year] ?? []) : [];
        return [0, 1].map((shard) =>
          (async function* () {
            yield versions.filter((_, i) => i % 2 === shard);
          })(),
        );
      },
      listSubmissions: async () => [status('o1', 3, [2019, 2020])],
    };
    const records = await loadRecords(reader, [2019, 2020], [2020]);
    expect(records.tallies.yearIndicators(2019).high_tech_enterprises).toBe(1);
    expect(records.tallies.yearIndicators(2020).high_tech_enterprises).toBe(2);
    expect(records.enterprises.has(2019)).toBe(false);
    expect(
      records.enterprises
        .get(2020)
        ?.map((e) => e.uscc)
        .sort(),
    ).toEqual(['A', 'B']);
  });

  it('reads stored records back through their dataset and stops, naming the record, at one of another shape', async () => {
    const reader = (data: Record<string, unknown>): VersionReader => ({
      versionShards: (dataset) => [
        (async function* () {
          yield dataset === 'enterprises' ? [{ naturalKey: 'A#2021', order: 'o1', sk: 'v#o1#000#000000002', data }] : [];
        })(),
      ],
      listSubmissions: async () => [status('o1', 1, [2021])],
    });
    const good = { uscc: 'A', name: 'A', year: 2021, sector: 'it_innovation', high_tech: true, scitech_sme: false, revenue: 100 };
    expect((await loadRecords(reader(good), [2021])).enterprises.get(2021)).toEqual([good]);
    await expect(loadRecords(reader({ ...good, revenue: '100' }), [2021])).rejects.toThrow(/stored enterprises record A#2021 does not have the shape/);
    await expect(loadRecords(reader({ uscc: 'A', year: 2021 }), [2021])).rejects.toThrow(/A#2021/);
  });

  it('finds the latest year of accepted rows', () => {
    expect(latestYear([status('o1', 3, [2019, 2021]), status('o2', 0, [2030])])).toBe(2021);
    expect(latestYear([])).toBeUndefined();
  });
});
