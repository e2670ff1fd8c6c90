/**
 * The bureau's own words for codes (contract section 11): `信创` for
 * it_innovation, kept as an operator setting (`npm run torchline -- aliases
 * --add 信创=it_innovation`), read by every ingest, never by editing code.
 */
import { INCUBATOR_LEVELS, PROJECT_STATUSES, SECTOR_ENUM, type Enumeration } from './enumerations';

export interface CodeAliases {
  /** Alias as typed → code, for each code list by its name (sector, level, status). */
  entries: { list: string; alias: string; code: string }[];
  updatedAt?: string;
  updatedBy?: string;
}

const LISTS: readonly Enumeration<string>[] = [SECTOR_ENUM, INCUBATOR_LEVELS, PROJECT_STATUSES];

/** How an alias is compared: the form a code list compares values in. */
function aliasForm(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The aliases as one lookup: `list␀alias` → code. */
export function aliasLookup(aliases: CodeAliases | undefined): ReadonlyMap<string, string> {
  return new Map((aliases?.entries ?? []).map((e) => [`${e.list}\u0000${aliasForm(e.alias)}`, e.code]));
}

/** The code an alias stands for in a list, if the bureau defined one. */
export function aliasedCode(lookup: ReadonlyMap<string, string>, list: string, text: string): string | undefined {
  return text.length > 64 ? undefined : lookup.get(`${list}\u0000${aliasForm(text)}`);
}

/** `信创=it_innovation` (or `=信息技术应用创新`): the list the code belongs to and the code, or an error saying what is wrong. */
export function parseAliasDefinition(text: string): { list: string; alias: string; code: string } {
  const at = text.indexOf('=');
  const alias = text.slice(0, at).trim();
  const target = text.slice(at + 1).trim();
  if (at <= 0 || alias === '' || target === '') throw new Error(`--add ${text}: write it as ALIAS=CODE, e.g. 信创=it_innovation`);
  for (const list of LISTS) {
    const code = list.parse(target);
    if (code === undefined) continue;
    if (list.parse(alias) !== undefined) throw new Error(`--add ${text}: "${alias}" is already a value of the ${list.name} list`);
    return { list: list.name, alias, code };
  }
  throw new Error(`--add ${text}: "${target}" is no code or label of the sector, level or status lists`);
}
