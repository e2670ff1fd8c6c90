/**
 * Whose a row is (contract v4, section 1 "Identity"): a submitter under
 * `submitters/<org>/` writes only records that are its own, and never one
 * that is another unit's —
 *   enterprises: the credit code is the org;
 *   incubators:  the id is the org, and the org is an incubator (on the
 *                year's roster as one, or reported as one by the bureau):
 *                an enterprise cannot make itself an incubator;
 *   projects:    the lead is the org, and no record in force of the project
 *                has another lead (only the bureau changes a project's lead).
 * Ids compare folded (unit-id.ts). The stored facts are read once per org,
 * year or project within an upload.
 */
import { notWithdrawn } from '../domain/record-version';
import { S3_PREFIXES } from '../layout';
import { naturalKey, type DatasetName } from '../domain/datasets';
import { committedOrders } from '../domain/submission-status';
import { foldId } from '../domain/unit-id';
import type { RecordHistory, StoredRecordVersion } from './ports';

/** Years before a row's year in which a bureau upload of the incubator still makes it known (the report window's five). */
const KNOWN_INCUBATOR_YEARS = 5;
const MAX_PROJECTS_HELD = 10_000;

/** The answer held for a key, or the one `make` gives, held from now on: each stored fact is read once per upload. */
function once<T>(held: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let answer = held.get(key);
  if (!answer) {
    answer = make();
    held.set(key, answer);
  }
  return answer;
}

export type Ownership = { ok: true } | { ok: false; why: 'not_own' | 'not_incubator' | 'led_by_another' };

export class UnitIdentity {
  private readonly statuses = new Map<string, Promise<Set<string>>>();
  private readonly incubators = new Map<string, Promise<boolean>>();
  private readonly leads = new Map<string, Promise<string | null | undefined>>();

  constructor(
    private readonly history: RecordHistory,
    /** The submitter, folded. */
    private readonly org: string,
  ) {}

  /** Whether the validated row is the org's own to write. */
  async check(dataset: DatasetName, record: Readonly<Record<string, unknown>>, orgColumn: string): Promise<Ownership> {
    const value = record[orgColumn];
    if (typeof value !== 'string' || foldId(value) !== this.org) return { ok: false, why: 'not_own' };
    if (dataset === 'incubators' && !(await this.isIncubator(record.year as number))) return { ok: false, why: 'not_incubator' };
    if (dataset === 'projects') {
      const lead = await this.leadInForce(String(record.project_id));
      // A project in force with no lead, or another, is the bureau's to give: a submitter cannot take it.
      if (lead !== undefined && (lead === null || foldId(lead) !== this.org)) return { ok: false, why: 'led_by_another' };
    }
    return { ok: true };
  }

  /** A district's name on the year's roster under this org (contract 15): whose package the org may send; undefined when none. */
  async districtName(year: number): Promise<string | undefined> {
    const rosterKey = naturalKey('roster', { year, dataset: 'districts', key: this.org });
    const inForce = (await this.committed(await this.history.versionsOf('roster', rosterKey))).reduce<StoredRecordVersion | undefined>(
      (a, b) => (!a || b.sk > a.sk ? b : a),
      undefined,
    );
    return typeof inForce?.data.name === 'string' ? inForce.data.name : undefined;
  }

  /** On the roster for the year as an incubator, or an incubator the bureau itself reported this year or in the five before. */
  private isIncubator(year: number): Promise<boolean> {
    return once(this.incubators, String(year), () => this.lookUpIncubator(year));
  }

  private async lookUpIncubator(year: number): Promise<boolean> {
    const rosterKey = naturalKey('roster', { year, dataset: 'incubators', key: this.org });
    if ((await this.committed(await this.history.versionsOf('roster', rosterKey))).length > 0) return true;
    for (let y = year; y >= year - KNOWN_INCUBATOR_YEARS; y--) {
      const versions = await this.history.versionsOf('incubators', naturalKey('incubators', { incubator_id: this.org, year: y }));
      const byBureau = versions.filter((v) => v.sourceKey.startsWith(S3_PREFIXES.submissions));
      if ((await this.committed(byBureau)).length > 0) return true;
    }
    return false;
  }

  /** The lead of the project's record in force: undefined when none is in force, null when it names no lead. */
  private leadInForce(projectId: string): Promise<string | null | undefined> {
    const key = naturalKey('projects', { project_id: projectId });
    // Bounded: an upload of millions of project rows keeps no more than this many answers.
    if (this.leads.size >= MAX_PROJECTS_HELD && !this.leads.has(key)) this.leads.clear();
    return once(this.leads, key, async () => {
      const inForce = (await this.committed(await this.history.versionsOf('projects', key))).reduce<StoredRecordVersion | undefined>(
        (a, b) => (!a || b.sk > a.sk ? b : a),
        undefined,
      );
      if (!inForce) return undefined;
      return typeof inForce.data.lead_uscc === 'string' ? inForce.data.lead_uscc : null;
    });
  }

  /** The versions whose uploads count: processed with rows accepted, not withdrawn. */
  private async committed(versions: readonly StoredRecordVersion[]): Promise<StoredRecordVersion[]> {
    const out: StoredRecordVersion[] = [];
    for (const v of versions) if ((await this.committedOrdersOf(v.sourceKey)).has(v.order)) out.push(v);
    // A record a returned copy withdrew is not in force (contract 11, v4).
    return notWithdrawn(out);
  }

  private committedOrdersOf(key: string): Promise<Set<string>> {
    return once(this.statuses, key, () => this.history.statusesOf(key).then(committedOrders));
  }
}
