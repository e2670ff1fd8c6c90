/** The status record every submission (every sheet of a workbook) gets (data contract section 6). */
import { bilingual } from './bilingual';
import type { DatasetName } from './datasets';
import type { SourceRef } from './records';

/** One problem of one row: the row a person sees, the column as its header is written, why. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Rows of a form that are neither data nor header (data contract section 9). */
export type SkipKind = 'title' | 'subheader' | 'total' | 'footer';
export interface SkippedRow {
  row: number;
  kind: SkipKind;
}

/**
 * `withdrawn` (v3, contract 11): an operator took the upload back; its rows no longer count. `locked` (v4, contract 14): the
 * upload is for a year the bureau approved; held, not counted, until the year is reopened (its state then is `heldState`).
 */
export type SubmissionState = 'accepted' | 'partially_accepted' | 'rejected' | 'withdrawn' | 'locked';

export interface SubmissionStatus {
  key: string;
  /** Worksheet name for workbooks; undefined for CSV/JSON and single-dataset files. */
  sheet?: string;
  /** The worksheet read from a workbook in a dataset folder (for people; `sheet` stays unset there). */
  fileSheet?: string;
  /** Position of the sheet in the workbook (0 for other formats); orders rows of one upload. */
  sheetIndex: number;
  dataset: DatasetName | null;
  status: SubmissionState;
  rows: number;
  accepted: number;
  rejected: number;
  warnings: string[];
  errors: RowError[];
  /** Errors beyond those kept in `errors` live only in the error report. */
  errorCount: number;
  /** Rows that are neither data nor header: title block, second header row, totals, footer (section 9). */
  skipped: SkippedRow[];
  /** Reporting years of the accepted rows. */
  years: number[];
  source: SourceRef;
  order: string;
  processedAt: string;
  errorReport?: { csv: string; json: string };
  /** The checked workbook sent back to the submitter (contract 10.4). */
  checkedWorkbook?: string;
  /** Who took the upload back, when and why (contract 11). */
  withdrawn?: Withdrawal;
  /** A locked upload's own state (contract 14): what it becomes when the year is reopened. */
  heldState?: SubmissionState;
}

export interface Withdrawal {
  by: string;
  at: string;
  reason: string;
}

export function isSubmissionState(value: unknown): value is SubmissionState {
  return value === 'accepted' || value === 'partially_accepted' || value === 'rejected' || value === 'withdrawn' || value === 'locked';
}

/** The status words people read (report, CLI, email); the machine-readable outputs keep the codes. */
export const STATE_LABELS: Record<SubmissionState, string> = {
  accepted: '已接受 accepted',
  partially_accepted: '部分接受 partially accepted',
  rejected: '已拒绝 rejected',
  withdrawn: '已撤回 withdrawn',
  locked: '已锁定 locked',
};

/** One line on the data quality of a set of submissions, for people (the email, the CLI). */
export function qualityLine(statuses: readonly Pick<SubmissionStatus, 'status' | 'rows' | 'rejected'>[]): string {
  const count = (s: SubmissionState) => statuses.filter((x) => x.status === s).length;
  const rows = statuses.reduce((a, s) => a + s.rows, 0);
  const rejected = statuses.reduce((a, s) => a + s.rejected, 0);
  return bilingual(
    `数据质量：${statuses.length} 份提交，${count('accepted')} 份已接受、${count('partially_accepted')} 份部分接受、${count('rejected')} 份已拒绝；共 ${rows} 行数据，退回 ${rejected} 行`,
    `data quality: ${statuses.length} submissions, ${count('accepted')} accepted, ${count('partially_accepted')} ` +
      `partially accepted, ${count('rejected')} rejected; ${rows} rows, ${rejected} rejected`,
  );
}

export function stateFor(accepted: number, rejected: number): SubmissionState {
  if (accepted > 0 && rejected === 0) return 'accepted';
  if (accepted > 0) return 'partially_accepted';
  return 'rejected';
}

/** The shape of one entry of submissions.json (section 8). */
export function submissionSummary(status: SubmissionStatus, allErrors?: RowError[]) {
  return {
    key: status.key,
    ...(status.sheet !== undefined ? { sheet: status.sheet } : {}),
    dataset: status.dataset,
    status: status.status,
    rows: status.rows,
    accepted: status.accepted,
    rejected: status.rejected,
    warnings: status.warnings,
    errors: (allErrors ?? status.errors).map((e) => ({ row: e.row, column: e.column, message: e.message })),
    skipped: (status.skipped ?? []).map((s) => ({ row: s.row, kind: s.kind })),
  };
}
export type SubmissionSummary = ReturnType<typeof submissionSummary>;

/** Each object key's latest upload order: an earlier upload of the same key is superseded by it. */
export function latestOrderByKey(statuses: readonly SubmissionStatus[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const s of statuses) if ((latest.get(s.key) ?? '') < s.order) latest.set(s.key, s.order);
  return latest;
}

/** Uploads whose rows count: processed, not rejected as a whole, not withdrawn (the versions they replaced are then in force again). */
export function committedOrders(statuses: readonly SubmissionStatus[]): Set<string> {
  // An upload held by a locked year (contract 14) counts once the year is reopened and its state restored.
  const setAside = new Set(statuses.filter((s) => s.status === 'withdrawn' || s.status === 'locked').map((s) => s.order));
  return new Set(statuses.filter((s) => s.accepted > 0 && !setAside.has(s.order)).map((s) => s.order));
}
