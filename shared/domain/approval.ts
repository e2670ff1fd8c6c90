/**
 * A reporting year approved and locked (contract 14): the bureau approves Y
 * once reviewed; an approved year holds later uploads (checked and answered,
 * not counted, `已锁定 locked`) until someone reopens it with a reason. Every
 * approval and reopening is kept: who, when, why.
 */
export interface ApprovalAction {
  action: 'approve' | 'reopen';
  by: string;
  at: string;
  /** Why: required to reopen, and to approve with items still open (强制上报说明). */
  reason?: string;
  /** What was still open when the year was approved anyway. */
  open?: string[];
}

export interface YearApproval {
  year: number;
  state: 'approved' | 'open';
  history: ApprovalAction[];
}

export function openYear(year: number): YearApproval {
  return { year, state: 'open', history: [] };
}

/** The Summary's words, in each language: 已审核（王飞跃，2022-04-10） or 未审核. */
export function approvalLine(approval: YearApproval | undefined, day: (iso: string) => string): { zh: string; en: string } {
  const last = approval?.history.at(-1);
  if (!approval || approval.state !== 'approved' || !last) return { zh: '未审核', en: 'not approved' };
  return { zh: `已审核（${last.by}，${day(last.at)}）`, en: `approved by ${last.by}, ${day(last.at)}` };
}
