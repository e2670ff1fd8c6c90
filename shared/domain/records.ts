/** Validated records, as stored and aggregated. Money is in fen (see money.ts). */
import type { DatasetRecord } from './datasets';

/** The records of each dataset, derived from its columns in datasets.ts (one definition, not two). */
export type IncubatorRecord = DatasetRecord<'incubators'>;
export type EnterpriseRecord = DatasetRecord<'enterprises'>;
export type ProjectRecord = DatasetRecord<'projects'>;

/** Where a stored version came from; `order` sorts versions by upload order. */
export interface SourceRef {
  key: string;
  etag?: string;
  versionId?: string;
  sequencer: string;
  eventTime: string;
}

/** A sortable string: event time, then the S3 sequencer compared as a hex number. */
export function uploadOrder(source: Pick<SourceRef, 'eventTime' | 'sequencer'>): string {
  const time = new Date(source.eventTime).getTime();
  const millis = Number.isFinite(time) ? time : 0;
  const seq = source.sequencer
    .replace(/[^0-9A-Fa-f]/g, '')
    .toUpperCase()
    .padStart(32, '0');
  return `${String(millis).padStart(15, '0')}#${seq}`;
}
