/**
 * Where each raffle's items live in the one table. Every raffle has its own slice of the key space, so
 * one person enters many raffles once each, and registrations stay spread over as many partitions as
 * before (a popular raffle has no hot key):
 *   - its item keys start with its scope, "@<raffleId>/", which no other key can start with (an address
 *     has a local part before its "@", and reserved keys start with "#");
 *   - its draw records and address buckets (the partitions of two indexes) start with the same scope;
 *   - its tickets are numbered from ordinal × TICKETS_PER_RAFFLE in the eligible index, whose key is a
 *     number: the raffle's own ticket stays dense from 0 in `ticket`.
 * The raffle a single-raffle table became on upgrade has ordinal 0 and the empty scope: the items the
 * earlier version wrote are already its items, so the upgrade moves nothing (docs/runbook.md).
 */
import type { Raffle } from './raffle';

/** Ticket numbers each raffle has in the eligible index: far more than any raffle's entries and wasted tickets. */
export const TICKETS_PER_RAFFLE = 2 ** 32;

export interface RaffleKeys {
  readonly raffleId: string;
  /** "" for the upgraded first raffle, else "@<raffleId>/": the start of each of its keys. */
  readonly scope: string;
  /** An entry's key: the person's canonical address (model/email.ts) in this raffle. */
  entry(canonicalAddress: string): string;
  /** The canonical address in one of this raffle's entry keys. */
  addressOf(entryKey: string): string;
  counterShard(shard: number): string;
  readonly stats: string;
  /** The pool lock: the verifiable draws between their freeze and their winners (functions/shared/pool-lock.ts). */
  readonly poolLock: string;
  draw(drawId: string): string;
  phone(e164: string): string;
  notified(drawId: string, recipient: string): string;
  /** The raffle's partition of DRAWS_INDEX. */
  readonly drawRecordType: string;
  /** The raffle's partition of ENTRANTS_INDEX for addresses starting with `character`. */
  addressBucket(character: string): string;
  /** A ticket's key in ELIGIBLE_INDEX. */
  drawTicket(ticket: number): number;
  /** The raffle's ticket of an ELIGIBLE_INDEX key. */
  ticketOf(drawTicket: number): number;
}

export function raffleKeys(raffle: Pick<Raffle, 'raffleId' | 'ordinal'>): RaffleKeys {
  const scope = raffle.ordinal === 0 ? '' : `@${raffle.raffleId}/`;
  const base = raffle.ordinal * TICKETS_PER_RAFFLE;
  return {
    raffleId: raffle.raffleId,
    scope,
    entry: (address) => scope + address,
    addressOf: (entryKey) => entryKey.slice(scope.length),
    counterShard: (shard) => `${scope}#counter#${shard}`,
    stats: `${scope}#stats`,
    poolLock: `${scope}#poollock`,
    draw: (drawId) => `${scope}#draw#${drawId}`,
    phone: (e164) => `${scope}#phone#${e164}`,
    notified: (drawId, recipient) => `${scope}#notified#${drawId}#${recipient}`,
    drawRecordType: `${scope}draw`,
    addressBucket: (character) => scope + character,
    drawTicket: (ticket) => base + ticket,
    ticketOf: (drawTicket) => drawTicket - base,
  };
}

/** Keys that belong to the deployment, not to one raffle. */
export const deploymentKeys = {
  /** One raffle's record. */
  raffle: (raffleId: string): string => `#raffle#${raffleId}`,
  /** Hands out raffle ordinals (`lastOrdinal`) and names the upgraded raffle (`upgradedRaffleId`). */
  catalog: '#raffles',
  /** A pending confirmation: the token knows its raffle (`raffleId`; absent on an upgraded table's old tokens). */
  confirmation: (tokenHash: string): string => `#confirm#${tokenHash}`,
  /** A winner's claim link (`drawId`, `ticket`, `raffleId`; expiring after the deadline). */
  claimToken: (tokenHash: string): string => `#claim#${tokenHash}`,
} as const;
