/**
 * Approving and reopening a year (contract 14). Approval is refused, naming
 * what is still open (reporters missing, rows to fix, findings no note
 * explains), unless a reason to submit anyway is given; the reason and what
 * was open are kept. Reopening needs a reason, and releases the uploads the
 * locked year held, which then count in upload order.
 */
import { openYear, type YearApproval } from '../domain/approval';
import type { Clock } from '../domain/clock';
import type { OperatorPorts } from './operator-ports';
import type { PackageMailOutcome } from '../report/report-run';

export type ApprovalOutcome =
  /** `mailed`: what became of the package's mail to the officer; one not sent now is sent by the next daily check. */
  | { outcome: 'approved'; approval: YearApproval; forcedOver: string[]; mailed: PackageMailOutcome }
  | { outcome: 'already'; approval: YearApproval }
  | { outcome: 'refused'; open: string[] };

export type ReopenOutcome = { outcome: 'reopened'; approval: YearApproval; released: number } | { outcome: 'not_approved' };

export async function approveYear(
  ports: Pick<OperatorPorts, 'approvals' | 'packageFunction'>,
  clock: Clock,
  request: { year: number; by: string; reason?: string },
  openItems: (year: number) => Promise<string[]>,
): Promise<ApprovalOutcome> {
  const current = (await ports.approvals.get(request.year)) ?? openYear(request.year);
  if (current.state === 'approved') return { outcome: 'already', approval: current };
  const open = await openItems(request.year);
  const reason = request.reason?.trim();
  if (open.length > 0 && !reason) return { outcome: 'refused', open };
  const action = { action: 'approve' as const, by: request.by, at: clock.now().toISOString(), ...(reason ? { reason } : {}), ...(open.length ? { open } : {}) };
  const approval: YearApproval = { year: request.year, state: 'approved', history: [...current.history, action] };
  await ports.approvals.put(approval);
  // The approval stands whatever becomes of the mail: the daily check mails a package not sent now.
  const mailed = await ports.packageFunction(request.year).catch((error: unknown) => ({
    outcome: 'not_sent' as const,
    year: request.year,
    reason: error instanceof Error ? error.message : String(error),
  }));
  return { outcome: 'approved', approval, forcedOver: open, mailed };
}

export async function reopenYear(
  ports: Pick<OperatorPorts, 'approvals' | 'submissions'>,
  clock: Clock,
  request: { year: number; by: string; reason: string },
): Promise<ReopenOutcome> {
  const current = await ports.approvals.get(request.year);
  if (current?.state !== 'approved') return { outcome: 'not_approved' };
  const approval: YearApproval = {
    year: request.year,
    state: 'open',
    history: [...current.history, { action: 'reopen', by: request.by, at: clock.now().toISOString(), reason: request.reason }],
  };
  // The year first, then its held uploads: an upload arriving between the two is not held, and none is left held.
  await ports.approvals.put(approval);
  const held = (await ports.submissions.listSubmissions()).filter((s) => s.status === 'locked' && s.years.includes(request.year));
  await ports.submissions.release(held);
  return { outcome: 'reopened', approval, released: new Set(held.map((s) => `${s.key}\u0000${s.order}`)).size };
}
