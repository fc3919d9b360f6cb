/**
 * The pool lock: from a verifiable draw's freeze until its winners are recorded (or it is refused), the
 * raffle's pool may not change in a way the walk would have to skip: no erasure, no fast draw's claim,
 * no void. The lock is one item per raffle (`#poollock`) holding the set of draws in their window; it is
 * taken in the transaction that creates the draw and given back in the one that completes or refuses it,
 * and every write it guards carries a ConditionCheck on it in its own transaction: a refusal or a write,
 * never a race between a read and a write. A refused request is `409 pool_locked` with a Retry-After.
 */
import { GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import type { RaffleKeys } from '../../model/raffle-keys';
import { roundTime } from '../../verify/commitment';
import type { Table } from '../runtime/dynamodb';
import { toDrawRecord, type DrawRecord } from './draw-record';

/**
 * A verifiable draw still in its window this long after its round (nobody asked for its reveal, or its
 * step's invocation was lost) is carried on by the sweep (functions/draw/stalled-draws.ts), so the lock
 * never outlives a round by more than this and one sweep.
 */
export const STALLED_AFTER_MINUTES = 5;

/** Seconds added to a round's time in a Retry-After: the reveal and the walk take a moment after it. */
export const RETRY_MARGIN_SECONDS = 5;

/** The draw enters (ADD) or leaves (DELETE) the lock's set; the set's last member leaving removes it. */
export function lockItem(tableName: string, keys: RaffleKeys, drawId: string, op: 'ADD' | 'DELETE'): TransactWriteItem {
  return {
    Update: {
      TableName: tableName,
      Key: { email: { S: keys.poolLock } },
      UpdateExpression: `${op} draws :draw`,
      ExpressionAttributeValues: { ':draw': { SS: [drawId] } },
    },
  };
}

/** The guard of a write that would change the pool: fails while any verifiable draw of the raffle is in its window. */
export function unlockedCheck(tableName: string, keys: RaffleKeys): TransactWriteItem {
  return {
    ConditionCheck: { TableName: tableName, Key: { email: { S: keys.poolLock } }, ConditionExpression: 'attribute_not_exists(draws)' },
  };
}

/** Seconds until the locking draws' rounds are due, plus the margin (a freezing draw: its round is a margin after its freeze). Pure. */
export function retryAfterSeconds(locking: readonly DrawRecord[], now: Date): number {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const due = locking.map((d) => (d.verifiable ? roundTime(d.verifiable.round) - nowSeconds : LIMITS.beaconMarginSeconds.default));
  return Math.max(1, ...due.map((s) => s + RETRY_MARGIN_SECONDS));
}

/** The draws in the raffle's window now (usually none or one). */
export async function lockingDrawIds(table: Table, keys: RaffleKeys): Promise<string[]> {
  const out = await table.client.send(
    new GetItemCommand({ TableName: table.name, Key: { email: { S: keys.poolLock } }, ConsistentRead: true }),
  );
  return out.Item?.draws?.SS ?? [];
}

/** The refusal of a write the lock held back, with when to ask again (read from the draws in the lock). */
export async function poolLocked(table: Table, keys: RaffleKeys, now: Date): Promise<DomainError> {
  const ids = await lockingDrawIds(table, keys);
  // Usually one draw, rarely a few: read one by one (no BatchGetItem for the erase function's role).
  const locking: DrawRecord[] = [];
  for (const id of ids.slice(0, 10)) {
    const got = await table.client.send(
      new GetItemCommand({ TableName: table.name, Key: { email: { S: keys.draw(id) } }, ConsistentRead: true }),
    );
    if (got.Item) locking.push(toDrawRecord(got.Item));
  }
  return new DomainError(
    'pool_locked',
    `A verifiable draw of this raffle (${ids.join(', ') || 'ending now'}) is between its commitment and its winners: its pool cannot change until then. Try again after Retry-After seconds (a draw past its round is revealed by asking for it again, or by the sweep within ${LIMITS.claim.sweepMinutes + STALLED_AFTER_MINUTES} minutes).`,
    undefined,
    undefined,
    retryAfterSeconds(locking, now),
  );
}
