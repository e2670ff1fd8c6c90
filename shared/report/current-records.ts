/**
 * Resolving stored versions to the records in force: per natural key, the
 * version with the greatest upload order among uploads that were accepted.
 */
import type { DatasetName } from '../domain/datasets';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from '../domain/records';
import type { SubmissionStatus } from '../domain/submission-status';

export interface VersionLike {
  naturalKey: string;
  order: string;
  /** Sorts versions of one upload: sheet, then row. */
  sk: string;
  data: Record<string, unknown>;
}

export interface VersionReader {
  /** Stored versions page by page, so a year is folded as it is read, never held whole. */
  versionPages(dataset: DatasetName, year: number | 'all'): AsyncIterable<VersionLike[]>;
  listSubmissions(): Promise<SubmissionStatus[]>;
}

/** Uploads whose rows count: processed, and not rejected as a whole. */
export function committedOrders(statuses: readonly SubmissionStatus[]): Set<string> {
  return new Set(statuses.filter((s) => s.accepted > 0).map((s) => s.order));
}

/** Folds versions into the latest one per natural key, keeping only those. */
export class LatestVersions {
  private readonly best = new Map<string, { sk: string; data: Record<string, unknown> }>();

  constructor(private readonly committed: ReadonlySet<string>) {}

  add(versions: Iterable<VersionLike>): void {
    for (const v of versions) {
      if (!this.committed.has(v.order)) continue;
      const current = this.best.get(v.naturalKey);
      if (!current || v.sk > current.sk) this.best.set(v.naturalKey, { sk: v.sk, data: v.data });
    }
  }

  records<T>(): T[] {
    return [...this.best.values()].map((v) => v.data as T);
  }
}

async function readLatest<T>(reader: VersionReader, dataset: DatasetName, year: number | 'all', committed: ReadonlySet<string>): Promise<T[]> {
  const latest = new LatestVersions(committed);
  for await (const page of reader.versionPages(dataset, year)) latest.add(page);
  return latest.records<T>();
}

export interface RecordsByYear {
  incubators: Map<number, IncubatorRecord[]>;
  enterprises: Map<number, EnterpriseRecord[]>;
  /** Every project in force, whatever its year (a correction may move a project between years). */
  projects: ProjectRecord[];
  submissions: SubmissionStatus[];
}

/** Reads the given years with a few parallel queries per dataset and year. */
export async function loadRecords(
  reader: VersionReader,
  years: readonly number[],
  knownSubmissions?: SubmissionStatus[],
): Promise<RecordsByYear> {
  const submissions = knownSubmissions ?? (await reader.listSubmissions());
  const committed = committedOrders(submissions);
  const read = async <T>(dataset: DatasetName) =>
    new Map(
      await Promise.all(
        years.map(async (y) => [y, await readLatest<T>(reader, dataset, y, committed)] as const),
      ),
    );
  const [incubators, enterprises, projects] = await Promise.all([
    read<IncubatorRecord>('incubators'),
    read<EnterpriseRecord>('enterprises'),
    readLatest<ProjectRecord>(reader, 'projects', 'all', committed),
  ]);
  return { incubators, enterprises, projects, submissions };
}

/** The latest reporting year of any accepted row, for "report the latest year found". */
export function latestYear(submissions: readonly SubmissionStatus[]): number | undefined {
  const years = submissions.filter((s) => s.accepted > 0).flatMap((s) => s.years ?? []);
  return years.length ? Math.max(...years) : undefined;
}
