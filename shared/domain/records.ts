/** Validated records, as stored and aggregated. Money is in fen (see money.ts). */
import type { DatasetName } from './datasets';
import type { IncubatorLevel, ProjectStatus } from './enumerations';
import type { Fen } from './money';
import type { SectorCode } from './sectors';

export interface IncubatorRecord {
  incubator_id: string;
  name: string;
  level: IncubatorLevel;
  year: number;
  incubating_companies: number;
  cumulative_incubated: number;
  new_incubated?: number;
  graduated_companies?: number;
  area_m2?: number;
  operator_uscc?: string;
  note?: string;
}

export interface EnterpriseRecord {
  uscc: string;
  name: string;
  year: number;
  sector: SectorCode;
  high_tech: boolean;
  scitech_sme: boolean;
  high_tech_cert_no?: string;
  incubator_id?: string;
  employees?: number;
  rd_staff?: number;
  revenue?: Fen;
  rd_expenditure?: Fen;
  invention_patents?: number;
  note?: string;
}

export interface ProjectRecord {
  project_id: string;
  title: string;
  year: number;
  field: SectorCode;
  funding: Fen;
  lead_uscc?: string;
  lead_name?: string;
  status: ProjectStatus;
  note?: string;
}

/** The natural key of data contract section 6. */
export function naturalKey(dataset: DatasetName, record: Record<string, unknown>): string {
  switch (dataset) {
    case 'incubators':
      return `${String(record.incubator_id)}#${String(record.year)}`;
    case 'enterprises':
      return `${String(record.uscc)}#${String(record.year)}`;
    case 'projects':
      return String(record.project_id);
  }
}

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
  const seq = source.sequencer.replace(/[^0-9A-Fa-f]/g, '').toUpperCase().padStart(32, '0');
  return `${String(millis).padStart(15, '0')}#${seq}`;
}
