/**
 * A submitter's address from the roster (contract 12.1), for the mail about
 * its own upload: the entry in force for its key — the latest version from
 * an upload whose rows count — read by the record's own partition, never the
 * whole roster. Only these addresses are used: an uploader's metadata is not.
 */
import { ITEM_KEYS } from '../layout';
import { naturalKey } from '../domain/datasets';
import { committedOrders } from '../domain/submission-status';
import { isWithdrawal } from '../domain/record-version';
import type { DynamoTable } from './dynamo-table';
import type { SubmissionStore } from './submission-store';

const ROSTER_DATASETS = ['enterprises', 'incubators', 'districts'] as const;

export class RosterContactStore {
  constructor(
    private readonly table: DynamoTable,
    private readonly submissions: SubmissionStore,
  ) {}

  /** The roster entry's email for the org in the latest of the years that lists it, or undefined. */
  async address(org: string, years: readonly number[]): Promise<string | undefined> {
    for (const year of [...new Set(years)].sort((a, b) => b - a)) {
      for (const dataset of ROSTER_DATASETS) {
        const entry = await this.entryInForce(naturalKey('roster', { year, dataset, key: org }));
        // The entry in force decides, email or not: an older version's address is not the unit's any more.
        if (entry) return typeof entry.email === 'string' && entry.email !== '' ? entry.email : undefined;
      }
    }
    return undefined;
  }

  private async entryInForce(naturalKey: string): Promise<Record<string, unknown> | undefined> {
    const pk = ITEM_KEYS.record('roster', naturalKey);
    // Latest version first; an upload that was rejected as a whole or withdrawn does not count.
    for await (const page of this.table.queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false })) {
      for (const item of page) {
        const source = (item.src as { key?: unknown } | undefined)?.key;
        // A withdrawal version is no entry (contract 11, v4); what it set aside is older, and no entry the store reads first.
        if (typeof source !== 'string' || isWithdrawal((item.data ?? {}) as Record<string, unknown>)) continue;
        if (committedOrders(await this.submissions.statusesOf(source)).has(String(item.order))) return item.data as Record<string, unknown>;
      }
    }
    return undefined;
  }
}
