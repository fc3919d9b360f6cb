/**
 * The one definition of the entrants table: its keys, indexes and item shapes.
 *
 * The CDKTF construct (constructs/entrants-table.ts), the local runtime and the tests all build the
 * table from this file, so a key or an index cannot differ between AWS and a laptop.
 *
 * One table holds every raffle, all keyed by `email` (the partition key the design card asks for). Each
 * raffle's items start with its scope (model/raffle-keys.ts: "" for a table's upgraded first raffle,
 * "@<raffleId>/" for every other):
 *   - an entry:              <scope><the person's canonical address> (model/email.ts; always contains "@"),
 *                            pending until its address is confirmed, then confirmed with a ticket
 *   - a phone claim:         <scope>#phone#<E.164>   (one entry per phone number in a raffle)
 *   - a counter shard:       <scope>#counter#<n>   (n in [0, COUNTER_SHARDS))
 *   - the draw totals:       <scope>#stats
 *   - a draw record:         <scope>#draw#<drawId>   (append-only: winners and voids are only added)
 *   - a notification sent:   <scope>#notified#<drawId>#<recipient>   (exactly-once announcements, expiring)
 * and the deployment's own:
 *   - a raffle:              #raffle#<raffleId>   (RaffleItem)
 *   - the raffle catalogue:  #raffles   (hands out ordinals)
 *   - a confirmation token:  #confirm#<SHA-256 of the token>   (pending, expiring; names its raffle)
 *   - a claim token:         #claim#<SHA-256 of the token>   (a winner's claim link, expiring; names its raffle, draw and ticket)
 * Reserved keys start with "#" after the scope and contain no "@"; every entry key contains "@" (apply
 * validates the address), and a scope starts with "@", which no address does: no two can collide.
 */

import type { Raffle } from './raffle';
import type { RaffleKeys } from './raffle-keys';

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
  /** Epoch seconds after which DynamoDB deletes the item (pending entries and their tokens). */
  readonly ttlAttribute: string;
}

/**
 * Registrations spread their counter writes over this many items. One DynamoDB item sustains about
 * 1,000 WCU/s and a transactional write costs 2 WCU, so 16 shards carry roughly 8,000 registrations a
 * second before any single item is hot. The count reads all shards in one BatchGetItem request.
 */
export const COUNTER_SHARDS = 16;

/**
 * Sparse index of entrants who have not won: winners lose `drawTicket`, so they drop out of it. Each
 * raffle's tickets have their own range of numbers (RaffleKeys.drawTicket).
 */
export const ELIGIBLE_INDEX: IndexDefinition = {
  name: 'eligible-by-ticket',
  partitionKey: { name: 'drawTicket', type: 'N' },
  // What the organiser needs to reach a winner, copied into the draw record by the claim.
  // And the pseudonymous label a verifiable draw's pool is made of.
  projection: { type: 'INCLUDE', nonKeyAttributes: ['name', 'contactEmail', 'phone', 'label'] },
};

/**
 * Sparse index of confirmed entrants in address order, for the organiser's list, search and export.
 * Sorted by the address as the person typed it, lower-cased (`searchAddress`): what the organiser sees
 * and searches for (the canonical key drops Gmail's dots and +tags). Partitioned by its first character
 * (`addressBucket`), so registrations spread their index writes over dozens of partitions instead of
 * one hot key, and a search by the start of an address is one Query in one partition. Each raffle has
 * its own buckets (RaffleKeys.addressBucket).
 */
export const ENTRANTS_INDEX: IndexDefinition = {
  name: 'entrants-by-address',
  partitionKey: { name: 'addressBucket', type: 'S' },
  sortKey: { name: 'searchAddress', type: 'S' },
  projection: { type: 'INCLUDE', nonKeyAttributes: ['contactEmail', 'name', 'phone', 'confirmedAt', 'wonDrawId', 'wonAt', 'voidedAt'] },
};

/** Sparse index of draw records, newest first by `drawnAt`; only draw records carry `recordType` (RaffleKeys.drawRecordType). */
export const DRAWS_INDEX: IndexDefinition = {
  name: 'draws-by-time',
  partitionKey: { name: 'recordType', type: 'S' },
  sortKey: { name: 'drawnAt', type: 'S' },
  projection: { type: 'ALL' },
};

/** Sparse index of the raffles, by id: only raffle records carry `listedIn`. A few hundred items at most. */
export const RAFFLES_INDEX: IndexDefinition = {
  name: 'raffles-by-id',
  partitionKey: { name: 'listedIn', type: 'S' },
  sortKey: { name: 'raffleId', type: 'S' },
  projection: { type: 'ALL' },
};

export const RAFFLES_LISTED_IN = 'raffles';

export const TABLE_SCHEMA: TableSchema = {
  partitionKey: { name: 'email', type: 'S' },
  indexes: [ELIGIBLE_INDEX, DRAWS_INDEX, ENTRANTS_INDEX, RAFFLES_INDEX],
  streamViewType: 'NEW_AND_OLD_IMAGES',
  ttlAttribute: 'expiresAt',
};

/** Every attribute that appears in a key of the table or an index, each once (what AttributeDefinitions needs). */
export function keyAttributes(schema: TableSchema = TABLE_SCHEMA): KeyAttribute[] {
  const all = [schema.partitionKey, ...schema.indexes.flatMap((i) => (i.sortKey ? [i.partitionKey, i.sortKey] : [i.partitionKey]))];
  return all.filter((a, i) => all.findIndex((b) => b.name === a.name) === i);
}

/**
 * Every character an address can start with (model/email.ts's local part, lower-cased), in code-point
 * order: the partitions of ENTRANTS_INDEX, walked in this order to list every entrant.
 */
export const ADDRESS_BUCKETS = "!#$%&'*+-/0123456789=?^_`abcdefghijklmnopqrstuvwxyz{|}~";

/** What puts a confirmed entry in ENTRANTS_INDEX: its address as typed, lower-cased, and the raffle's bucket of its first character. */
export function entrantsIndexKeys(
  keys: Pick<RaffleKeys, 'addressBucket'>,
  contactEmail: string,
): { readonly searchAddress: string; readonly addressBucket: string } {
  const searchAddress = contactEmail.toLowerCase();
  return { searchAddress, addressBucket: keys.addressBucket(searchAddress.charAt(0)) };
}

export type EntryStatus = 'pending' | 'confirmed';

/** What the person accepted with their entry, when the raffle has rules (its rulesUrl). */
export type Consent = {
  /** ISO-8601 UTC */
  readonly acceptedAt: string;
  readonly rulesUrl: string;
  readonly privacyUrl?: string;
};

/**
 * A registration. Pending until the address is confirmed (or at once, without confirmEntries); only a
 * confirmed entry is counted, has a ticket and can win. A confirmed entry is never overwritten.
 */
export interface EntryItem {
  /** The canonical address (model/email.ts): the key that makes one person one entry. */
  readonly email: string;
  /** The address as typed (domain in ASCII): where the person is written to. */
  readonly contactEmail: string;
  readonly name: string;
  /** E.164, e.g. +441632960961 */
  readonly phone: string;
  readonly status: EntryStatus;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  readonly consent?: Consent;
  /** Pending only: SHA-256 of the current confirmation token (the token itself is only in the email). */
  readonly tokenHash?: string;
  /** Pending only: when DynamoDB's TTL deletes the unconfirmed entry (epoch seconds). */
  readonly expiresAt?: number;
  /** The resend limit: emails sent since `mailWindowStart` (a day at most), and when the last went. */
  readonly mailsSent?: number;
  readonly mailWindowStart?: string;
  readonly lastMailAt?: string;
  readonly confirmedAt?: string;
  /** Dense ticket number in its raffle, used by the draw: shard + COUNTER_SHARDS * sequence-within-shard. Kept for the audit trail. */
  readonly ticket?: number;
  /** The ticket's key in ELIGIBLE_INDEX (RaffleKeys.drawTicket) while the entrant is eligible; removed when they win (makes the index sparse). */
  readonly drawTicket?: number;
  /**
   * Confirmed only: the entrant's pseudonym in a verifiable draw's published pool. Random, issued at
   * admission, never derived from the address (verify/selection.ts).
   */
  readonly label?: string;
  /** Confirmed only: put the entry in ENTRANTS_INDEX (entrantsIndexKeys of contactEmail). */
  readonly addressBucket?: string;
  readonly searchAddress?: string;
  /** Set once, by the draw that picked this entrant. */
  readonly wonDrawId?: string;
  readonly wonAt?: string;
  /** Set when the organiser voided this win: the entrant stays out of every later draw. */
  readonly voidedAt?: string;
}

/** A pending confirmation: which entry the token confirms. Expires with the entry. */
export interface ConfirmationItem {
  readonly email: string;
  readonly entryKey: string;
  /** Absent only on tokens an upgraded table's single raffle issued: they are its first raffle's. */
  readonly raffleId?: string;
  readonly expiresAt: number;
}

/** A winner's claim link: which win it claims. Expires a day after the claim deadline (DynamoDB's TTL). */
export interface ClaimTokenItem {
  readonly email: string;
  readonly raffleId: string;
  readonly drawId: string;
  readonly ticket: number;
  readonly expiresAt: number;
}

/** One counter shard: `issued` tickets handed out, `entrants` entries actually written (exact). */
export interface CounterShardItem {
  readonly email: string;
  readonly issued?: number;
  readonly entrants?: number;
}

/** A raffle's record (deploymentKeys.raffle): the raffle, and what lists it. */
export interface RaffleItem extends Raffle {
  readonly createdWithKey?: string;
  readonly lastEditKey?: string;
  readonly email: string;
  readonly listedIn: typeof RAFFLES_LISTED_IN;
  readonly updatedAt: string;
}
