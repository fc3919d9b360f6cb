/**
 * The one definition of the entrants table: its keys, indexes and item shapes.
 *
 * The CDKTF construct (constructs/entrants-table.ts), the local runtime and the tests all build the
 * table from this file, so a key or an index cannot differ between AWS and a laptop.
 *
 * One table holds four kinds of item, all keyed by `email` (the partition key the design card asks for):
 *   - an entry:           email = the normalised address (always contains "@")
 *   - a counter shard:    email = "#counter#<n>"   (n in [0, COUNTER_SHARDS))
 *   - the draw totals:    email = "#stats"
 *   - a draw record:      email = "#draw#<drawId>"
 * Reserved keys start with "#" and contain no "@"; every entry key contains "@" (apply validates the
 * address), so the two can never collide.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** ALL, or INCLUDE with the listed non-key attributes (keys are always projected). */
  readonly projection: { readonly type: 'ALL' } | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  readonly streamViewType: 'NEW_AND_OLD_IMAGES';
}

/**
 * Registrations spread their counter writes over this many items. One DynamoDB item sustains about
 * 1,000 WCU/s and a transactional write costs 2 WCU, so 16 shards carry roughly 8,000 registrations a
 * second before any single item is hot. The count reads all shards in one BatchGetItem request.
 */
export const COUNTER_SHARDS = 16;

/** Sparse index of entrants who have not won: winners lose `drawTicket`, so they drop out of it. */
export const ELIGIBLE_INDEX: IndexDefinition = {
  name: 'eligible-by-ticket',
  partitionKey: { name: 'drawTicket', type: 'N' },
  projection: { type: 'INCLUDE', nonKeyAttributes: ['name'] },
};

/** Sparse index of draw records, newest first by `drawnAt`; only draw records carry `recordType`. */
export const DRAWS_INDEX: IndexDefinition = {
  name: 'draws-by-time',
  partitionKey: { name: 'recordType', type: 'S' },
  sortKey: { name: 'drawnAt', type: 'S' },
  projection: { type: 'ALL' },
};

export const TABLE_SCHEMA: TableSchema = {
  partitionKey: { name: 'email', type: 'S' },
  indexes: [ELIGIBLE_INDEX, DRAWS_INDEX],
  streamViewType: 'NEW_AND_OLD_IMAGES',
};

/** Every attribute that appears in a key of the table or an index, each once (what AttributeDefinitions needs). */
export function keyAttributes(schema: TableSchema = TABLE_SCHEMA): KeyAttribute[] {
  const all = [schema.partitionKey, ...schema.indexes.flatMap((i) => (i.sortKey ? [i.partitionKey, i.sortKey] : [i.partitionKey]))];
  return all.filter((a, i) => all.findIndex((b) => b.name === a.name) === i);
}

export const RECORD_TYPE_DRAW = 'draw';

export const itemKeys = {
  counterShard: (shard: number): string => `#counter#${shard}`,
  stats: '#stats',
  draw: (drawId: string): string => `#draw#${drawId}`,
} as const;

/** A registration. Entries are written once and never overwritten. */
export interface EntryItem {
  readonly email: string;
  readonly name: string;
  /** E.164, e.g. +441632960961 */
  readonly phone: string;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  /** Dense ticket number used by the draw: shard + COUNTER_SHARDS * sequence-within-shard. Kept for the audit trail. */
  readonly ticket: number;
  /** Same as `ticket` while the entrant is eligible; removed when they win (makes ELIGIBLE_INDEX sparse). */
  readonly drawTicket?: number;
  /** Set once, by the draw that picked this entrant. */
  readonly wonDrawId?: string;
  readonly wonAt?: string;
}

/** One counter shard: `issued` tickets handed out, `entrants` entries actually written (exact). */
export interface CounterShardItem {
  readonly email: string;
  readonly issued?: number;
  readonly entrants?: number;
}
