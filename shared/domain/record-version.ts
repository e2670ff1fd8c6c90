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
