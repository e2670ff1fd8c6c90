/**
 * Who may report by mail (contract 13): the units whose roster entries in
 * force for the campaign year carry the sender's address, compared without
 * letter case. Read once per poll, by the roster's own partition.
 */
import { committedOrders } from '../domain/submission-status';
import { foldId } from '../domain/unit-id';
import { forEachRecordInForce, type VersionReader } from '../report/current-records';
import type { SenderUnit } from './mailbox-intake';

export interface RosterSenders {
  byAddress: ReadonlyMap<string, SenderUnit[]>;
  byOrg: ReadonlyMap<string, SenderUnit>;
}

export async function rosterSenders(reader: VersionReader, year: number): Promise<RosterSenders> {
  const committed = committedOrders(await reader.listSubmissions());
  const byAddress = new Map<string, SenderUnit[]>();
  const byOrg = new Map<string, SenderUnit>();
  await forEachRecordInForce(reader, 'roster', year, committed, (entry) => {
    if (entry.year !== year || !entry.email) return;
    const unit: SenderUnit = { org: foldId(entry.key), dataset: entry.dataset, name: entry.name, email: entry.email };
    const address = entry.email.trim().toLowerCase();
    byAddress.set(
      address,
      [...(byAddress.get(address) ?? []), unit].sort((a, b) => (a.org < b.org ? -1 : a.org > b.org ? 1 : 0)),
    );
    byOrg.set(unit.org, unit);
  });
  return { byAddress, byOrg };
}
