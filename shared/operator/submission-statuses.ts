/**
 * Where the submissions stand: the latest upload of each key with its
 * statuses, and the uploads no status describes yet (still in the queue, or
 * dead-lettered).
 */
import { S3_PREFIXES } from '../layout';
import { latestOrderByKey, type SubmissionStatus } from '../domain/submission-status';
import { routeSubmission } from '../ingest/routing';
import type { OperatorPorts, StoredObject } from './operator-ports';

/** "enterprises/" and "submissions/enterprises/" (or an s3:// address) name the same prefix; a unit's own keys (submitters/…) stay as they are. */
export function submissionKey(key: string): string {
  const bare = key.replace(/^s3:\/\/[^/]+\//, '');
  return bare.startsWith(S3_PREFIXES.submissions) || bare.startsWith(S3_PREFIXES.submitters) ? bare : S3_PREFIXES.submissions + bare;
}

/** The latest upload of each key (all its sheets), oldest key first. */
export function latestUploads(statuses: readonly SubmissionStatus[]): SubmissionStatus[] {
  const latestOrder = latestOrderByKey(statuses);
  return statuses
    .filter((s) => latestOrder.get(s.key) === s.order)
    .sort((a, b) => (a.processedAt < b.processedAt ? -1 : a.processedAt > b.processedAt ? 1 : a.sheetIndex - b.sheetIndex));
}

export interface StatusQuery {
  /** Only submissions processed (or uploaded) on or after this instant. */
  since?: Date;
  /** Only keys that start with this (with or without "submissions/"). */
  keyPrefix?: string;
}

export interface SubmissionsNow {
  statuses: SubmissionStatus[];
  /** Uploads not processed yet, or replaced since their last status. */
  waiting: StoredObject[];
}

export async function submissionsNow(ports: Pick<OperatorPorts, 'submissions' | 'objects'>, query: StatusQuery): Promise<SubmissionsNow> {
  const prefix = query.keyPrefix ? submissionKey(query.keyPrefix) : S3_PREFIXES.submissions;
  const since = query.since?.toISOString() ?? '';
  const latest = latestUploads(await ports.submissions.listSubmissions());
  const statuses = latest.filter((s) => s.key.startsWith(prefix) && s.processedAt >= since);
  // An upload is waiting when no status describes it: never processed, or replaced since it was (written after its processing).
  const lastEvent = new Map(latest.map((s) => [s.key, Date.parse(s.processedAt)]));
  const waiting = (await ports.objects.list(prefix)).filter(
    (o) => routeSubmission(o.key).kind !== 'ignore' && o.at.getTime() > (lastEvent.get(o.key) ?? -Infinity) + 1000 && (!query.since || o.at >= query.since),
  );
  return { statuses, waiting };
}

/** The statuses of the latest upload of one key (all its sheets). */
export async function latestStatusesOf(ports: Pick<OperatorPorts, 'submissions'>, key: string): Promise<SubmissionStatus[]> {
  return latestUploads(await ports.submissions.statusesOf(submissionKey(key)));
}
