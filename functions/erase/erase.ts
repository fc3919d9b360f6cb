/**
 * Erasing one entrant on request (the right to erasure): every item that holds their data in a raffle
 * goes, in one transaction with that raffle's counters, so the count stays exact and nothing is
 * half-erased. A person's erasure does the same in every raffle.
 *
 *   - the entry, on condition that it is as we read it (a draw that picks them meanwhile makes us read again);
 *   - their phone claim, if it is theirs;
 *   - a confirmed entrant: their counter shard counts one entrant fewer;
 *   - a winner: the draw totals count one winner fewer (so the eligible count, entrants − winners, does
 *     not move), and their slot in the draw record becomes a tombstone (ticket and time only), as does
 *     the reason of a void of that win;
 *   - a pending entrant: the token their newest email carries.
 * The ticket they held becomes a gap, which the draw already skips. Erasing someone who is not there
 * (again, or never) changes nothing and succeeds. Older, superseded tokens of a pending entrant name
 * their address until TTL removes them (48 hours at most, plus TTL's own delay).
 */
import { GetItemCommand, type AttributeValue, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { deploymentKeys, raffleKeys, type RaffleKeys } from '../../model/raffle-keys';
import { COUNTER_SHARDS, type EntryItem } from '../../model/schema';
import { conditionFailedAt, sendTransaction, type Table } from '../runtime/dynamodb';
import { fromItem } from '../runtime/marshal';
import { isErased, toDrawRecord, type DrawRecord } from '../shared/draw-record';
import { listRaffles } from '../shared/raffles';
import { drawStore } from '../shared/draw-store';
import { poolLocked, unlockedCheck } from '../shared/pool-lock';

export type ErasureOutcome = 'erased' | 'absent';

/** The reason a void keeps once the voided winner is erased: it may have named them. */
export const ERASED_REASON = '(erased)';

/** Reads that change under us (a draw claims the entrant) are retried this often. */
const MAX_ATTEMPTS = 5;

async function read(table: Table, key: string): Promise<Record<string, AttributeValue> | undefined> {
  const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item;
}

/** Erases the person with this canonical address from one raffle. */
export async function eraseEntrant(table: Table, keys: RaffleKeys, address: string, now: Date): Promise<ErasureOutcome> {
  const entryKey = keys.entry(address);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await read(table, entryKey);
    if (!item) return 'absent';
    const entry = fromItem(item) as unknown as EntryItem;
    const drawItem = entry.wonDrawId ? await read(table, keys.draw(entry.wonDrawId)) : undefined;
    const items = erasureItems(table, keys, entry, drawItem && toDrawRecord(drawItem), now);
    try {
      await sendTransaction(table, items, 4);
      return 'erased';
    } catch (err) {
      // The entry changed between our read and the transaction (a draw claimed it): read again.
      if (conditionFailedAt(err, 0)) continue;
      if (entry.status !== 'pending' && conditionFailedAt(err, items.length - 1)) throw await poolLocked(table, keys, now);
      throw err;
    }
  }
  throw new Error(`erasure: the entry kept changing over ${MAX_ATTEMPTS} attempts`);
}

/**
 * Erases the person from every raffle of the deployment, one raffle (one transaction) at a time. A raffle
 * whose pool is locked (a verifiable draw in its window) keeps its part, whole; every other raffle is
 * erased, and then the lock's refusal is thrown (the longest Retry-After): the same request again
 * erases what is left, and finds the rest gone.
 */
export async function erasePerson(table: Table, address: string, now: Date): Promise<{ readonly erasedFrom: number }> {
  let erasedFrom = 0;
  let locked: DomainError | undefined;
  for (const raffle of await listRaffles(table)) {
    try {
      if ((await eraseEntrant(table, raffleKeys(raffle), address, now)) === 'erased') erasedFrom++;
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'pool_locked')) throw err;
      if ((err.retryAfterSeconds ?? 0) >= (locked?.retryAfterSeconds ?? 0)) locked = err;
    }
  }
  if (locked) throw locked;
  return { erasedFrom };
}

function erasureItems(table: Table, keys: RaffleKeys, entry: EntryItem, draw: DrawRecord | undefined, now: Date): TransactWriteItem[] {
  // The entry as read: the same status and the same win (or none).
  const entryDelete: TransactWriteItem = {
    Delete: {
      TableName: table.name,
      Key: { email: { S: entry.email } },
      ConditionExpression: entry.wonDrawId
        ? '#status = :status AND wonDrawId = :won'
        : '#status = :status AND attribute_not_exists(wonDrawId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': { S: entry.status }, ...(entry.wonDrawId ? { ':won': { S: entry.wonDrawId } } : {}) },
    },
  };
  if (entry.status === 'pending') {
    return [
      entryDelete,
      ...(entry.tokenHash
        ? [{ Delete: { TableName: table.name, Key: { email: { S: deploymentKeys.confirmation(entry.tokenHash) } } } }]
        : []),
    ];
  }
  const items: TransactWriteItem[] = [
    entryDelete,
    {
      Delete: {
        TableName: table.name,
        Key: { email: { S: keys.phone(entry.phone) } },
        // Only their own claim (with onePerPhone off, there may be none, or another's... never theirs to take).
        ConditionExpression: 'attribute_not_exists(email) OR entryKey = :key',
        ExpressionAttributeValues: { ':key': { S: entry.email } },
      },
    },
    {
      Update: {
        TableName: table.name,
        Key: { email: { S: keys.counterShard((entry.ticket ?? 0) % COUNTER_SHARDS) } },
        UpdateExpression: 'ADD entrants :minus',
        ExpressionAttributeValues: { ':minus': { N: '-1' } },
      },
    },
  ];
  if (entry.wonDrawId) {
    items.push({
      Update: {
        TableName: table.name,
        Key: { email: { S: keys.stats } },
        UpdateExpression: 'ADD winners :minus',
        ExpressionAttributeValues: { ':minus': { N: '-1' } },
      },
    });
    const slot = draw?.winners.findIndex((w) => !isErased(w) && w.entryKey === entry.email) ?? -1;
    if (draw && slot >= 0) items.push(drawStore(table, keys).tombstone(draw, slot, now, ERASED_REASON));
  }
  // Last: no confirmed entrant leaves while a verifiable draw of the raffle is in its window (pool-lock.ts).
  items.push(unlockedCheck(table.name, keys));
  return items;
}
