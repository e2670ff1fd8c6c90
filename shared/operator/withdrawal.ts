/**
 * Taking a wrong upload back (the wrong file, the wrong year): its rows stop
 * counting and what they had replaced is in force again; its status becomes
 * withdrawn with who, when and why; the file stays in the bucket.
 */
import type { Clock } from '../domain/clock';
import type { OperatorPorts } from './operator-ports';
import { latestStatusesOf, submissionKey } from './submission-statuses';

export type WithdrawalOutcome = { outcome: 'unknown'; key: string } | { outcome: 'already'; key: string } | { outcome: 'withdrawn'; key: string; rows: number };

export async function withdrawUpload(
  ports: Pick<OperatorPorts, 'submissions'>,
  clock: Clock,
  key: string,
  reason: string,
  by: string,
): Promise<WithdrawalOutcome> {
  const submission = submissionKey(key);
  const latest = await latestStatusesOf(ports, submission);
  if (latest.length === 0) return { outcome: 'unknown', key: submission };
  if (latest.every((s) => s.status === 'withdrawn')) return { outcome: 'already', key: submission };
  await ports.submissions.withdraw(latest, { by, at: clock.now().toISOString(), reason });
  return { outcome: 'withdrawn', key: submission, rows: latest.reduce((n, s) => n + s.accepted, 0) };
}
