/**
 * Erasing one entrant on request (the right to erasure): every item that holds their data goes, in one
 * transaction with the counters, so the count stays exact and nothing is half-erased.
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
import { GetItemCommand, TransactWriteItemsCommand, type AttributeValue, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { COUNTER_SHARDS, itemKeys, type EntryItem } from '../../model/schema';
import { cancellationCode, dynamodb, sendTransaction, tableName } from '../runtime/dynamodb';
import { fromItem, toAttribute } from '../runtime/marshal';
import { isErased, toDrawRecord, type DrawRecord } from '../shared/draw-record';

export type ErasureOutcome = 'erased' | 'absent';

/** The reason a void keeps once the voided winner is erased: it may have named them. */
export const ERASED_REASON = '(erased)';

/** Reads that change under us (a draw claims the entrant) are retried this often. */
const MAX_ATTEMPTS = 5;

async function read(key: string): Promise<Record<string, AttributeValue> | undefined> {
  const out = await dynamodb().send(new GetItemCommand({ TableName: tableName(), Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item;
}

export async function eraseEntrant(entryKey: string, now: Date): Promise<ErasureOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await read(entryKey);
    if (!item) return 'absent';
    const entry = fromItem(item) as unknown as EntryItem;
    const drawItem = entry.wonDrawId ? await read(itemKeys.draw(entry.wonDrawId)) : undefined;
    try {
      await sendTransaction(
        new TransactWriteItemsCommand({ TransactItems: erasureItems(entry, drawItem && toDrawRecord(drawItem), now) }),
        4,
      );
      return 'erased';
    } catch (err) {
      // The entry changed between our read and the transaction (a draw claimed it): read again.
      if (cancellationCode(err, 0) === 'ConditionalCheckFailed') continue;
      throw err;
    }
  }
  throw new Error(`erasure: the entry kept changing over ${MAX_ATTEMPTS} attempts`);
}

function erasureItems(entry: EntryItem, draw: DrawRecord | undefined, now: Date): TransactWriteItem[] {
  const table = tableName();
  // The entry as read: the same status and the same win (or none).
  const entryDelete: TransactWriteItem = {
    Delete: {
      TableName: table,
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
      ...(entry.tokenHash ? [{ Delete: { TableName: table, Key: { email: { S: itemKeys.confirmation(entry.tokenHash) } } } }] : []),
    ];
  }
  const items: TransactWriteItem[] = [
    entryDelete,
    {
      Delete: {
        TableName: table,
        Key: { email: { S: itemKeys.phone(entry.phone) } },
        // Only their own claim (with onePerPhone off, there may be none, or another's... never theirs to take).
        ConditionExpression: 'attribute_not_exists(email) OR entryKey = :key',
        ExpressionAttributeValues: { ':key': { S: entry.email } },
      },
    },
    {
      Update: {
        TableName: table,
        Key: { email: { S: itemKeys.counterShard((entry.ticket ?? 0) % COUNTER_SHARDS) } },
        UpdateExpression: 'ADD entrants :minus',
        ExpressionAttributeValues: { ':minus': { N: '-1' } },
      },
    },
  ];
  if (entry.wonDrawId) {
    items.push({
      Update: {
        TableName: table,
        Key: { email: { S: itemKeys.stats } },
        UpdateExpression: 'ADD winners :minus',
        ExpressionAttributeValues: { ':minus': { N: '-1' } },
      },
    });
    const slot = draw?.winners.findIndex((w) => !isErased(w) && w.entryKey === entry.email) ?? -1;
    if (draw && slot >= 0) items.push(tombstone(draw, slot, now));
  }
  return items;
}

function entryKeyAt(draw: DrawRecord, slot: number): string {
  const winner = draw.winners[slot];
  return isErased(winner) ? '' : winner.entryKey;
}

/** The winner's slot (and the reason of a void of it) with nothing of the person left. */
function tombstone(draw: DrawRecord, slot: number, now: Date): TransactWriteItem {
  const ticket = draw.winners[slot].ticket;
  const voidIndex = draw.voids?.findIndex((v) => v.ticket === ticket) ?? -1;
  return {
    Update: {
      TableName: tableName(),
      Key: { email: { S: itemKeys.draw(draw.drawId) } },
      UpdateExpression: `SET winners[${slot}] = :tombstone${voidIndex >= 0 ? `, voids[${voidIndex}].reason = :erased` : ''}`,
      // The slot still holds this winner: list entries are only ever appended, never moved.
      ConditionExpression: `winners[${slot}].entryKey = :key`,
      ExpressionAttributeValues: {
        ':tombstone': toAttribute({ ticket, erasedAt: now.toISOString() }),
        ':key': { S: entryKeyAt(draw, slot) },
        ...(voidIndex >= 0 ? { ':erased': { S: ERASED_REASON } } : {}),
      },
    },
  };
}
