/** One accepted row as stored: one version of a natural key's record (data contract section 6). */
import type { DatasetName } from './datasets';
import type { SourceRef } from './records';

export interface RecordVersion {
  dataset: DatasetName;
  naturalKey: string;
  year: number;
  /** Upload order of the source object (see uploadOrder). */
  order: string;
  sheetIndex: number;
  row: number;
  record: Record<string, unknown>;
  source: SourceRef;
}

/**
 * What a withdrawal version holds instead of a record (contract 11, v4: a returned copy that no longer holds a row
 * withdraws it): the upload order whose version of the record it sets aside, so the version before is in force again.
 */
export const WITHDRAWS = '__withdraws';

export function isWithdrawal(data: Readonly<Record<string, unknown>>): boolean {
  return typeof data[WITHDRAWS] === 'string';
}

/** Of a key's committed versions, those that are records and are not set aside by a committed withdrawal. */
export function notWithdrawn<V extends { order: string; data: Readonly<Record<string, unknown>> }>(committed: readonly V[]): V[] {
  const setAside = new Set(committed.filter((v) => isWithdrawal(v.data)).map((v) => String(v.data[WITHDRAWS])));
  return committed.filter((v) => !isWithdrawal(v.data) && !setAside.has(v.order));
}
