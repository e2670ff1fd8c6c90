import { SECTORS, type SectorCode } from './sectors';

/** An enumeration accepted by code (any case, spaces/hyphens as underscores) or by Chinese label. */
export interface Enumeration<C extends string> {
  readonly name: string;
  readonly labels: Readonly<Record<C, string>>;
  parse(raw: string): C | undefined;
  /** The Chinese label of a code; undefined for anything that is not one of the codes. */
  label(code: string): string | undefined;
  /** The allowed value a mistyped one most likely meant (`智能制造` → 智能装备制造, `已结题` → 结题), when one is close. */
  nearest(raw: string): C | undefined;
}

/** The characters two texts share, as a share of both (Dice's coefficient over characters). */
function overlap(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let shared = 0;
  for (const ch of b) {
    const n = counts.get(ch) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(ch, n - 1);
    }
  }
  return (2 * shared) / ([...a].length + [...b].length);
}

/** A label close to the text: one holds the other, or they share most of their characters. */
function closeness(text: string, label: string): number {
  if (text.length < 2) return 0;
  if (label.includes(text) || text.includes(label)) return 1;
  return overlap(text, label);
}

function codeForm(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
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
    // A value written exactly as a key is its own code form (codeForm is idempotent): looked up before normalising.
    parse: (raw) => (raw.length > 64 ? undefined : (lookup.get(raw) ?? lookup.get(codeForm(raw)))),
    label: (code) => labelOf.get(code),
    nearest: (raw) => {
      const text = raw.normalize('NFKC').trim();
      if (text === '' || text.length > 64) return undefined;
      let best: { code: C; score: number } | undefined;
      for (const [code, label] of Object.entries(labels) as [C, string][]) {
        const score = Math.max(closeness(text, label), closeness(text.toLowerCase(), code));
        if (score >= 0.6 && (!best || score > best.score)) best = { code, score };
      }
      return best?.code;
    },
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

export const PROJECT_STATUSES = enumeration('status', { approved: '立项', ongoing: '在研', completed: '结题', terminated: '终止' } as const);

export const SECTOR_ENUM: Enumeration<SectorCode> = enumeration('sector', SECTORS);

/** Which dataset a roster entry must report (contract 12.1). */
/** A city's roster lists its districts (contract 15): each sends its package; the key is the district's code or name, the name as its package names it. */
export const ROSTER_DATASETS = enumeration('dataset', { incubators: '孵化器', enterprises: '企业', districts: '区县' } as const);

/** Why an entry of the roster need not report (contract 12.1). */
export const EXEMPT_REASONS = enumeration('exempt_reason', {
  deregistered: '注销',
  moved_out: '迁出',
  suspended: '停业',
  no_longer_recognized: '不再认定',
  other: '其他',
} as const);
