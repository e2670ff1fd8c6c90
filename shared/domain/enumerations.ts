import { SECTORS, type SectorCode } from './sectors';

/** An enumeration accepted by code (any case, spaces/hyphens as underscores) or by Chinese label. */
export interface Enumeration<C extends string> {
  readonly name: string;
  readonly labels: Readonly<Record<C, string>>;
  parse(raw: string): C | undefined;
  /** The Chinese label of a code; undefined for anything that is not one of the codes. */
  label(code: string): string | undefined;
}

function codeForm(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function enumeration<C extends string>(
  name: string,
  labels: Readonly<Record<C, string>>,
  extraAliases: Readonly<Record<string, C>> = {},
): Enumeration<C> {
  const lookup = new Map<string, C>();
  const labelOf = new Map<string, string>();
  for (const [code, label] of Object.entries(labels) as [C, string][]) {
    lookup.set(codeForm(code), code);
    lookup.set(codeForm(label), code);
    labelOf.set(code, label);
  }
  for (const [alias, code] of Object.entries(extraAliases)) lookup.set(codeForm(alias), code);
  return {
    name,
    labels,
    // No code or label is long: a hostile cell is not normalized at all.
    parse: (raw) => (raw.length > 64 ? undefined : lookup.get(codeForm(raw))),
    label: (code) => labelOf.get(code),
  };
}

export const INCUBATOR_LEVELS = enumeration(
  'level',
  { national: '国家级', provincial: '省级', municipal: '市级', district: '区级' } as const,
  // Staff often drop the 级 suffix; the meaning is unambiguous.
  { 国家: 'national', 省: 'provincial', 市: 'municipal', 区: 'district' },
);
export type IncubatorLevel = 'national' | 'provincial' | 'municipal' | 'district';
export const LEVEL_CODES: IncubatorLevel[] = ['national', 'provincial', 'municipal', 'district'];

export const PROJECT_STATUSES = enumeration(
  'status',
  { approved: '立项', ongoing: '在研', completed: '结题', terminated: '终止' } as const,
);

export const SECTOR_ENUM: Enumeration<SectorCode> = enumeration('sector', SECTORS);
