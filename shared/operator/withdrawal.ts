/**
 * Taking a wrong upload back (the wrong file, the wrong year): its rows stop
 * counting and what they had replaced is in force again; its status becomes
 * withdrawn with who, when and why; the file stays in the bucket.
 */
import type { Clock } from '../domain/clock';
import type { OperatorPorts } from './operator-ports';
import { latestStatusesOf, submissionKey } from './submission-statuses';

export type WithdrawalOutcome =
  | { outcome: 'unknown'; key: string }
  | { outcome: 'already'; key: string }
  /** Its rows are for a year the bureau approved (contract 14): reopen the year first. */
  | { outcome: 'locked'; key: string; years: number[] }
  | { outcome: 'withdrawn'; key: string; rows: number };

export async function withdrawUpload(
  ports: Pick<OperatorPorts, 'submissions' | 'approvals'>,
  clock: Clock,
  key: string,
  reason: string,
  by: string,
): Promise<WithdrawalOutcome> {
  const submission = submissionKey(key);
  const latest = await latestStatusesOf(ports, submission);
  if (latest.length === 0) return { outcome: 'unknown', key: submission };
  if (latest.every((s) => s.status === 'withdrawn')) return { outcome: 'already', key: submission };
  const locked: number[] = [];
  for (const y of new Set(latest.flatMap((s) => s.years))) if ((await ports.approvals.get(y))?.state === 'approved') locked.push(y);
  if (locked.length > 0) return { outcome: 'locked', key: submission, years: locked };
  await ports.submissions.withdraw(latest, { by, at: clock.now().toISOString(), reason });
  return { outcome: 'withdrawn', key: submission, rows: latest.reduce((n, s) => n + s.accepted, 0) };
}
