/**
 * Resolving stored versions to the records in force: per natural key, the
 * version with the greatest upload order among uploads that were accepted.
 */
import { notWithdrawn } from '../domain/record-version';
import { foldId } from '../domain/unit-id';
import { keyIdColumns, naturalKey, storedRecord, type DatasetName, type DatasetRecord } from '../domain/datasets';
import { StoredRecordError } from './report-errors';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../domain/records';
import { committedOrders, type SubmissionStatus } from '../domain/submission-status';
import { IndicatorTallies } from './indicators';
import type { RosterEntry } from './expected-reporters';
import { packageOfRecord, type DistrictPackage } from '../domain/district-package';

export interface VersionLike {
  naturalKey: string;
  order: string;
  /** Sorts versions of one upload: sheet, then row. */
  sk: string;
  data: Record<string, unknown>;
}

export interface VersionReader {
  /**
   * Stored versions page by page, one stream per shard, each in natural-key
   * order (all versions of a key together): a year is folded as it is read,
   * never held whole.
   */
  versionShards(dataset: DatasetName, year: number | 'all'): AsyncIterable<VersionLike[]>[];
  listSubmissions(): Promise<SubmissionStatus[]>;
}

/** The upload time an upload order starts with (domain/records.ts uploadOrder: milliseconds, then the sequencer). */
export function orderTime(order: string): string {
  return new Date(Number(order.slice(0, 15))).toISOString();
}

/**
 * Folds a stream of versions in natural-key order into the record in force
 * of each key, handing each on as soon as its key's versions end: only one
 * key's best version is held at a time.
 */
export class LatestVersions {
  private key: string | undefined;
  /** The key's committed versions: a key's versions come together, in no set order; a withdrawal may come before what it sets aside. */
  private versions: { order: string; sk: string; data: Record<string, unknown> }[] = [];

  constructor(
    private readonly committed: ReadonlySet<string>,
    private readonly visit: (record: Record<string, unknown>, firstOrder: string, order: string) => void,
    /** Id columns of the key: shown as first written when a later version wrote them in another case or width (contract 1). */
    private readonly idColumns: readonly string[] = [],
  ) {}

  add(versions: Iterable<VersionLike>): void {
    for (const v of versions) {
      if (v.naturalKey !== this.key) {
        this.flush();
        this.key = v.naturalKey;
      }
      if (this.committed.has(v.order)) this.versions.push({ order: v.order, sk: v.sk, data: v.data });
    }
  }

  /** Hands on the last key's record; call once the stream ends. */
  flush(): void {
    const records = notWithdrawn(this.versions);
    this.versions = [];
    if (records.length === 0) return;
    let best = records[0]!;
    // The earliest committed version of the key: when it first reported (the campaign's on-time rule), and its ids as first written.
    let first = records[0]!;
    for (const v of records) {
      if (v.sk > best.sk) best = v;
      if (v.sk < first.sk) first = v;
    }
    this.visit(this.asFirstWritten(best.data, first.data), first.order, best.order);
  }

  private asFirstWritten(data: Record<string, unknown>, first: Record<string, unknown>): Record<string, unknown> {
    if (first === data || this.idColumns.every((c) => first[c] === data[c])) return data;
    const ids = Object.fromEntries(this.idColumns.map((c) => [c, first[c]]));
    return { ...data, ...ids };
  }
}

/** Every record in force of a dataset and year, visited once each, all shards read at once. */
export async function forEachRecordInForce<D extends DatasetName>(
  reader: VersionReader,
  dataset: D,
  year: number | 'all',
  committed: ReadonlySet<string>,
  /** `order`: the upload whose version is in force. */
  visit: (record: DatasetRecord<D>, firstOrder: string, order: string) => void,
): Promise<void> {
  // Read back through the dataset's own definition: an item of another shape stops the run, naming it, rather than skewing a figure.
  const checked = (data: Record<string, unknown>, firstOrder: string, order: string) => {
    const record = storedRecord(dataset, data);
    if (!record) throw new StoredRecordError(dataset, naturalKey(dataset, data));
    visit(record, firstOrder, order);
  };
  await Promise.all(
    reader.versionShards(dataset, year).map(async (pages) => {
      const latest = new LatestVersions(committed, checked, keyIdColumns(dataset));
      for await (const page of pages) latest.add(page);
      latest.flush();
    }),
  );
}

const BY_NAME = new Intl.Collator('zh-Hans-CN');

export interface RecordsByYear {
  /** The indicators of every year read, folded as the records streamed. */
  tallies: IndicatorTallies;
  /** The records of the years held (the reported one and the one before, for the review and the detail sheets). */
  incubators: Map<number, IncubatorRecord[]>;
  enterprises: Map<number, EnterpriseRecord[]>;
  /** Every project in force, whatever its year (a correction may move a project between years). */
  projects: ProjectRecord[];
  /** The roster's entries of the years held (contract 12.1). */
  roster: Map<number, RosterEntry[]>;
  /** A city's districts' packages in force, of every year read (contract 15); none for a district's Torchline. */
  districts: DistrictPackage[];
  /** The uploads (orders) with at least one record in force among those read: an upload with accepted rows and none here was replaced whole. */
  inForce: Set<string>;
  /** When each incubator and enterprise of the years held first reported: `year␀dataset␀KEY` → that upload's order (a submission's `order`). */
  firstUpload: Map<string, string>;
  submissions: SubmissionStatus[];
}

/**
 * Reads the given years, all shards of a dataset and year in flight at once,
 * folding every record into the indicators and keeping only the records of
 * the years in `hold`: memory grows with one year, not with the window.
 */
export async function loadRecords(
  reader: VersionReader,
  years: readonly number[],
  hold: readonly number[] = years,
  knownSubmissions?: SubmissionStatus[],
  /** `projects: false`: who reported is all the caller needs (the campaign), so projects are not read. */
  options: { projects?: boolean } = {},
): Promise<RecordsByYear> {
  const submissions = knownSubmissions ?? (await reader.listSubmissions());
  const committed = committedOrders(submissions);
  const tallies = new IndicatorTallies();
  const incubators = new Map<number, IncubatorRecord[]>(hold.map((y) => [y, []]));
  const enterprises = new Map<number, EnterpriseRecord[]>(hold.map((y) => [y, []]));
  const projects: ProjectRecord[] = [];
  const roster = new Map<number, RosterEntry[]>(hold.map((y) => [y, []]));
  const firstUpload = new Map<string, string>();
  const districts: DistrictPackage[] = [];
  const inForce = new Set<string>();
  const reported = (y: number, dataset: string, key: string, firstOrder: string) => {
    if (hold.includes(y)) firstUpload.set(`${y}\u0000${dataset}\u0000${foldId(key)}`, firstOrder);
  };
  await Promise.all([
    ...hold.map((y) => forEachRecordInForce(reader, 'roster', y, committed, (r) => roster.get(y)!.push(r))),
    ...years.map((y) =>
      forEachRecordInForce(reader, 'incubators', y, committed, (r, first, order) => {
        inForce.add(order);
        reported(y, 'incubators', r.incubator_id, first);
        tallies.addIncubator(r);
        incubators.get(y)?.push(r);
      }),
    ),
    ...years.map((y) =>
      forEachRecordInForce(reader, 'enterprises', y, committed, (r, first, order) => {
        inForce.add(order);
        reported(y, 'enterprises', r.uscc, first);
        tallies.addEnterprise(r);
        enterprises.get(y)?.push(r);
      }),
    ),
    ...years.map((y) =>
      readPackages(reader, y, committed, districts, (first, order, district) => (inForce.add(order), reported(y, 'districts', district, first))),
    ),
    options.projects === false
      ? Promise.resolve()
      : forEachRecordInForce(reader, 'projects', 'all', committed, (r, _, order) => {
          inForce.add(order);
          tallies.addProject(r);
          projects.push(r);
        }),
  ]);
  // Sorted so the same packages make the same report; added once all are in (a package's Y−1 counts only where Y−1 has none).
  districts.sort((a, b) => a.year - b.year || BY_NAME.compare(a.district, b.district));
  tallies.addDistricts(districts);
  districtsByRosterKey(roster, firstUpload);
  return { tallies, incubators, enterprises, projects, roster, districts, inForce, firstUpload, submissions };
}

/** A city's districts' packages of a year, each read back from its record (contract 15). */
function readPackages(
  reader: VersionReader,
  year: number,
  committed: ReadonlySet<string>,
  into: DistrictPackage[],
  seen: (firstOrder: string, order: string, district: string) => void,
): Promise<void> {
  return forEachRecordInForce(reader, 'districts', year, committed, (r, first, order) => {
    const pkg = packageOfRecord(r);
    if (!pkg) throw new StoredRecordError('districts', naturalKey('districts', r));
    seen(first, order, r.district);
    into.push(pkg);
  });
}

/** A district on the roster under its code has reported when its package (which names it by name) has: its first upload under the code too. */
function districtsByRosterKey(roster: ReadonlyMap<number, RosterEntry[]>, firstUpload: Map<string, string>): void {
  for (const [year, entries] of roster) {
    for (const e of entries) {
      if (e.dataset !== 'districts') continue;
      const first = firstUpload.get(`${year}\u0000districts\u0000${foldId(e.name)}`);
      if (first !== undefined) firstUpload.set(`${year}\u0000districts\u0000${foldId(e.key)}`, first);
    }
  }
}

/** The latest reporting year of any accepted row, for "report the latest year found". */
export function latestYear(submissions: readonly SubmissionStatus[]): number | undefined {
  const years = submissions.filter((s) => s.accepted > 0 && s.status !== 'withdrawn').flatMap((s) => s.years ?? []);
  return years.length ? Math.max(...years) : undefined;
}
