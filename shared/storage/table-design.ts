/**
 * The one source of truth for the table's keys and index, used by the CDK
 * storage construct, the local stack and the adapters (which build every
 * key in item-keys.ts).
 *
 * Items (pk / sk):
 *   rec#<dataset>#<natural key> / v#<upload order>#<sheet>#<row>  one version of a record
 *   sub#<object key>           / <upload order>#<sheet>          a submission's status
 *   snapshot#<year>            / indicators                      the year's indicator snapshot
 *   report#<kind>#<schedule time> / send                       a scheduled send: its lease, then "sent"
 *   settings#report           / recipients | calendar          who the report goes to and when, set by an operator
 *
 * The byPartition index (gpk / gsk) groups record versions by dataset and
 * year, spread over SHARDS partition keys so a national-scale year never
 * funnels into one key; projects are grouped over all years because a
 * correction may move a project to another year. Submissions share one
 * index key, ordered by upload.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  index: { name: 'byPartition', partitionKey: 'gpk', sortKey: 'gsk' },
  shards: 8,
} as const;

/** FNV-1a: a stable, cheap spread of natural keys over the shards. */
export function shardOf(naturalKey: string, shards: number = TABLE_DESIGN.shards): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < naturalKey.length; i++) {
    h ^= naturalKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export function versionPartition(dataset: string, year: number | 'all', shard: number): string {
  return `${dataset}#${year}#${shard}`;
}

export const SUBMISSIONS_PARTITION = 'submissions';
