/**
 * Resolving stored versions to the records in force: per natural key, the
 * version with the greatest upload order among uploads that were accepted.
 */
import type { DatasetName } from './datasets';
import type { EnterpriseRecord, IncubatorRecord, ProjectRecord } from './records';
import type { SubmissionStatus } from './submission-status';

export interface VersionLike {
  naturalKey: string;
  order: string;
  /** Sorts versions of one upload: sheet, then row. */
  sk: string;
  data: Record<string, unknown>;
}

export interface VersionReader {
  readVersions(dataset: DatasetName, year: number | 'all'): Promise<VersionLike[]>;
  listSubmissions(): Promise<SubmissionStatus[]>;
}

/** Uploads whose rows count: processed, and not rejected as a whole. */
export function committedOrders(statuses: readonly SubmissionStatus[]): Set<string> {
  return new Set(statuses.filter((s) => s.accepted > 0).map((s) => s.order));
}

export function latestVersions<T = Record<string, unknown>>(versions: readonly VersionLike[], committed: ReadonlySet<string>): T[] {
  const best = new Map<string, VersionLike>();
  for (const v of versions) {
    if (!committed.has(v.order)) continue;
    const current = best.get(v.naturalKey);
    if (!current || v.sk > current.sk) best.set(v.naturalKey, v);
  }
  return [...best.values()].map((v) => v.data as T);
}

export interface RecordsByYear {
  incubators: Map<number, IncubatorRecord[]>;
  enterprises: Map<number, EnterpriseRecord[]>;
  /** Every project in force, whatever its year (a correction may move a project between years). */
  projects: ProjectRecord[];
  submissions: SubmissionStatus[];
}

/** Reads the given years with a few parallel queries per dataset and year. */
export async function loadRecords(reader: VersionReader, years: readonly number[]): Promise<RecordsByYear> {
  const submissions = await reader.listSubmissions();
  const committed = committedOrders(submissions);
  const read = async <T>(dataset: DatasetName) =>
    new Map(
      await Promise.all(
        years.map(async (y) => [y, latestVersions<T>(await reader.readVersions(dataset, y), committed)] as const),
      ),
    );
  const [incubators, enterprises, projects] = await Promise.all([
    read<IncubatorRecord>('incubators'),
    read<EnterpriseRecord>('enterprises'),
    reader.readVersions('projects', 'all').then((v) => latestVersions<ProjectRecord>(v, committed)),
  ]);
  return { incubators, enterprises, projects, submissions };
}

/** The latest reporting year of any accepted row, for "report the latest year found". */
export function latestYear(submissions: readonly SubmissionStatus[]): number | undefined {
  const years = submissions.filter((s) => s.accepted > 0).flatMap((s) => s.years ?? []);
  return years.length ? Math.max(...years) : undefined;
}
