/**
 * Who must report for a year (contract 12.1): the roster's entries for the
 * year that are not exempt, and everyone section 10.3 expects (every incubator
 * that reported for the year before, every enterprise that was high-tech or a
 * sci-tech SME then) unless the roster marks it exempt. Exempt entries are
 * listed with their reason and never counted missing.
 */
import type { DatasetRecord } from '../domain/datasets';
import type { EnterpriseRecord, IncubatorRecord } from '../domain/records';
import { foldId } from '../domain/unit-id';

export type RosterEntry = DatasetRecord<'roster'>;
export type ReportingDataset = 'incubators' | 'enterprises' | 'districts';

export interface ExpectedReporter {
  dataset: ReportingDataset;
  key: string;
  name: string;
  contact?: string;
  email?: string;
  phone?: string;
  /** The year it last reported, when it is expected because it did (10.3). */
  lastYear: number | null;
}

export interface ExemptReporter {
  dataset: ReportingDataset;
  key: string;
  name: string;
  reason: string;
}

export function expectedReporters(
  year: number,
  roster: readonly RosterEntry[],
  incubatorsBefore: readonly IncubatorRecord[],
  enterprisesBefore: readonly EnterpriseRecord[],
): { expected: ExpectedReporter[]; exempt: ExemptReporter[] } {
  const id = (dataset: string, key: string) => `${dataset}\u0000${foldId(key)}`;
  const expected = new Map<string, ExpectedReporter>();
  const exempt = new Map<string, ExemptReporter>();
  for (const e of roster) {
    if (e.year !== year) continue;
    const dataset = e.dataset as ReportingDataset;
    if (e.exempt_reason) exempt.set(id(dataset, e.key), { dataset, key: e.key, name: e.name, reason: e.exempt_reason });
    else expected.set(id(dataset, e.key), { dataset, key: e.key, name: e.name, contact: e.contact, email: e.email, phone: e.phone, lastYear: null });
  }
  const lastYear = [
    ...incubatorsBefore.map((i) => ({ dataset: 'incubators' as const, key: i.incubator_id, name: i.name })),
    ...enterprisesBefore.filter((e) => e.high_tech || e.scitech_sme).map((e) => ({ dataset: 'enterprises' as const, key: e.uscc, name: e.name })),
  ];
  for (const r of lastYear) {
    const k = id(r.dataset, r.key);
    if (exempt.has(k)) continue;
    const onRoster = expected.get(k);
    if (onRoster) onRoster.lastYear = year - 1;
    else expected.set(k, { dataset: r.dataset, key: r.key, name: r.name, lastYear: year - 1 });
  }
  // Incubators first, as every sheet of the report lists them.
  const rank = (d: string) => (d === 'incubators' ? 0 : 1);
  const byKey = <T extends { dataset: string; key: string }>(a: T, b: T) => rank(a.dataset) - rank(b.dataset) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return { expected: [...expected.values()].sort(byKey), exempt: [...exempt.values()].sort(byKey) };
}
