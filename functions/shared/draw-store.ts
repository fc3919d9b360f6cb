/**
 * The draw records (`#draw#<id>`) and their claims: every write to a draw record goes through here, each
 * conditional on the state it moves from, so two requests (or a request and Lambda's retry) can never
 * both move a draw on. Reads: one draw, and the history newest first (the draws-by-time index). The
 * items of its transactions are built in draw-writes.ts; here they are sent, and a failed condition is
 * read by its position into what it means.
 *
 * A claim is one transaction of three conditional writes, so a winner is marked if and only if the draw
 * record lists them and the totals count them:
 *   - the entry:       SET wonDrawId, wonAt REMOVE drawTicket   if it still has a drawTicket and no win
 *   - the draw record: append the winner, ADD winnerCount 1       if still pending and not yet full
 *   - #stats:          ADD winners 1
 * Two draws racing for one entrant: one entry condition fails. A draw resumed twice: the record's
 * `winnerCount < target` condition stops the second from over-drawing.
 */
import { GetItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { RaffleKeys } from '../../model/raffle-keys';
import { DRAWS_INDEX } from '../../model/schema';
import type { Beacon } from '../../verify/commitment';
import { conditionFailedAt, sendTransaction, writtenIf, type Table } from '../runtime/dynamodb';
import { toAttribute } from '../runtime/marshal';
import {
  drawRecordItem,
  toDrawRecord,
  type Candidate,
  type ClaimOutcome,
  type DrawRecord,
  type DrawStatus,
  type VoidRecord,
  type WalkStep,
} from './draw-record';
import { claimItems, commitUpdate, completeUpdate, drawKey, refuseUpdate, tombstoneItem, voidItems, walkUpdate } from './draw-writes';
import { claimDeadline } from './claim-state';
import { lockItem, poolLocked, unlockedCheck } from './pool-lock';
import { markDrawn } from './raffles';

/** A void as one transaction makes it; what failed, if it did not. */
export type VoidOutcome = 'recorded' | 'replacement_exists' | 'already_void' | 'not_a_winner';

const CLAIM_CONFLICT_RETRIES = 6;
const VOID_CONFLICT_RETRIES = 4;

export type DrawStore = ReturnType<typeof drawStore>;

/**
 * `claimDays`: the raffle's claim period, which each draw completed here gets as its deadline (absent:
 * its wins are not claimed). Only the draw function completes draws; readers leave it out.
 */
export function drawStore(table: Table, keys: RaffleKeys, claimDays?: number) {
  /** One conditional update of a draw's record; false when its condition failed. */
  const updateDraw = (
    drawId: string,
    update: string,
    condition: string,
    values: Record<string, AttributeValue>,
    names: Record<string, string> = { '#status': 'status' },
  ): Promise<boolean> =>
    writtenIf(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: drawKey(keys, drawId),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );

  /** A transaction whose first item's condition may fail: false then. */
  const transactedIf = async (items: TransactWriteItem[]): Promise<boolean> => {
    try {
      await sendTransaction(table, items, CLAIM_CONFLICT_RETRIES);
      return true;
    } catch (err) {
      if (conditionFailedAt(err, 0)) return false;
      throw err;
    }
  };

  const get = async (drawId: string): Promise<DrawRecord | undefined> => {
    const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: drawKey(keys, drawId), ConsistentRead: true }));
    return out.Item ? toDrawRecord(out.Item) : undefined;
  };

  return {
    get,

    /** The latest draws, newest first, from the sparse draws-by-time index (never a Scan). */
    async latest(limit: number): Promise<DrawRecord[]> {
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: DRAWS_INDEX.name,
          KeyConditionExpression: '#type = :draw',
          ExpressionAttributeNames: { '#type': DRAWS_INDEX.partitionKey.name },
          ExpressionAttributeValues: { ':draw': { S: keys.drawRecordType } },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(toDrawRecord);
    },

    /**
     * Writes the record before any winner is marked; false when a record with this id exists already. A
     * verifiable draw (made freezing) takes the pool lock with it; a fast draw is refused while the lock
     * is held (pool_locked).
     */
    async create(record: DrawRecord): Promise<boolean> {
      const put: TransactWriteItem = {
        Put: { TableName: table.name, Item: drawRecordItem(record), ConditionExpression: 'attribute_not_exists(email)' },
      };
      const verifiable = record.status === 'freezing';
      try {
        await sendTransaction(
          table,
          [put, verifiable ? lockItem(table.name, keys, record.drawId, 'ADD') : unlockedCheck(table.name, keys)],
          CLAIM_CONFLICT_RETRIES,
        );
        return true;
      } catch (err) {
        if (conditionFailedAt(err, 0)) return false;
        if (!verifiable && conditionFailedAt(err, 1)) throw await poolLocked(table, keys, new Date(record.drawnAt));
        throw err;
      }
    },

    /** Takes the step of a draw in `status` when nobody holds it, or their lease began before `expiredBefore`. */
    async takeLease(drawId: string, status: DrawStatus, lease: string, expiredBefore: string): Promise<boolean> {
      return updateDraw(
        drawId,
        'SET workingSince = :lease',
        '#status = :status AND (attribute_not_exists(workingSince) OR workingSince < :expired)',
        { ':status': { S: status }, ':lease': { S: lease }, ':expired': { S: expiredBefore } },
      );
    },

    async releaseLease(drawId: string, status: DrawStatus, lease: string): Promise<void> {
      await updateDraw(drawId, 'REMOVE workingSince', '#status = :status AND workingSince = :lease', {
        ':status': { S: status },
        ':lease': { S: lease },
      });
    },

    /** A freezing draw's commitment (or its refusal, for an empty pool), written once, under the freeze's lease. */
    commit(drawId: string, lease: string, committed: DrawRecord): Promise<boolean> {
      const commitment = commitUpdate(table.name, keys, drawId, lease, committed);
      // An empty pool is refused at once: its window closes with it.
      const release = committed.status === 'refused' ? [lockItem(table.name, keys, drawId, 'DELETE')] : [];
      return transactedIf([{ Update: commitment }, ...release]);
    },

    /** The commitment's files are in place; false when the draw is no longer committed. */
    markPublished: (drawId: string): Promise<boolean> =>
      updateDraw(
        drawId,
        'SET verifiable.#field = :value',
        '#status = :status',
        { ':value': { BOOL: true }, ':status': { S: 'committed' } },
        {
          '#field': 'published',
          '#status': 'status',
        },
      ),

    /** A committed draw refused for good (a beacon that did not verify, a pool that changed). */
    async refuse(drawId: string, because: string, now: Date): Promise<boolean> {
      const refusal = refuseUpdate(table.name, keys, drawId, because, now);
      return transactedIf([{ Update: refusal }, lockItem(table.name, keys, drawId, 'DELETE')]);
    },

    /** committed → pending, with the verified beacon: from here the claims run as in any draw. False: another request got there first. */
    startClaims: (drawId: string, beacon: Beacon): Promise<boolean> =>
      updateDraw(drawId, 'SET #status = :pending, verifiable.beacon = :beacon', '#status = :committed', {
        ':pending': { S: 'pending' },
        ':committed': { S: 'committed' },
        ':beacon': toAttribute({ ...beacon }),
      }),

    /** The walk as claimed, recorded while the draw is pending; false when it is not any more. */
    recordWalk: (drawId: string, sequence: readonly WalkStep[]): Promise<boolean> =>
      updateDraw(
        drawId,
        'SET verifiable.#field = :value',
        '#status = :status',
        { ':value': toAttribute(sequence as never), ':status': { S: 'pending' } },
        { '#field': 'sequence', '#status': 'status' },
      ),

    async claim(draw: DrawRecord, candidate: Candidate, now: Date): Promise<ClaimOutcome> {
      const claim = claimItems(table.name, keys, draw, candidate, now);
      // A verifiable draw's walk holds the lock; any other draw's claim is refused while it is held. The
      // guard goes last, so its place is the claim's length whatever the claim writes.
      const items = draw.verifiable ? claim : [...claim, unlockedCheck(table.name, keys)];
      const guarded = draw.verifiable ? undefined : claim.length;
      try {
        // Concurrent draws all touch #stats: conflicts are expected under load and safe to retry.
        await sendTransaction(table, items, CLAIM_CONFLICT_RETRIES);
        return 'claimed';
      } catch (err) {
        if (conditionFailedAt(err, 0)) return 'rejected';
        if (conditionFailedAt(err, 1)) return 'stop';
        if (guarded !== undefined && conditionFailedAt(err, guarded)) throw await poolLocked(table, keys, now);
        throw err;
      }
    },

    /**
     * A verifiable draw's replacement: the claim and the original's extended walk, together or not at
     * all, conditional on the walk's length, so two voids at once can never take one place.
     */
    async claimInWalk(
      originalId: string,
      walkedLength: number,
      sequence: readonly WalkStep[],
      replacement: DrawRecord,
      candidate: Candidate,
      now: Date,
    ): Promise<'claimed' | 'ineligible' | 'raced'> {
      const claim = claimItems(table.name, keys, replacement, candidate, now);
      try {
        await sendTransaction(
          table,
          [...claim, { Update: walkUpdate(table.name, keys, originalId, walkedLength, sequence) }],
          VOID_CONFLICT_RETRIES,
        );
        return 'claimed';
      } catch (err) {
        if (conditionFailedAt(err, 0)) return 'ineligible';
        if (conditionFailedAt(err, claim.length) || conditionFailedAt(err, 1)) return 'raced';
        throw err;
      }
    },

    /** The original's walk extended without a claim (the ranking ran out); false when another void extended it first. */
    extendWalk: (originalId: string, walkedLength: number, sequence: readonly WalkStep[]): Promise<boolean> =>
      writtenIf(() => table.client.send(new UpdateItemCommand(walkUpdate(table.name, keys, originalId, walkedLength, sequence)))),

    /**
     * Marks the draw complete (exactly one caller does, however many resume the same draw at once: the
     * stream then carries one pending → complete change); returns the final record either way. A
     * verifiable draw (`releaseLock`) gives the pool lock back in the same transaction.
     */
    async complete(drawId: string, attempts: number, method: string, now: Date, releaseLock = false): Promise<DrawRecord> {
      const claimBy = claimDays === undefined ? undefined : claimDeadline(now, claimDays);
      const update = completeUpdate(table.name, keys, drawId, attempts, method, now, claimBy);
      try {
        let completed: DrawRecord | undefined;
        if (releaseLock) {
          await sendTransaction(table, [{ Update: update }, lockItem(table.name, keys, drawId, 'DELETE')], CLAIM_CONFLICT_RETRIES);
          completed = await get(drawId);
        } else {
          const out = await table.client.send(new UpdateItemCommand({ ...update, ReturnValues: 'ALL_NEW' }));
          completed = toDrawRecord(out.Attributes ?? {});
        }
        await markDrawn(table, keys.raffleId, now.toISOString());
        return completed as DrawRecord;
      } catch (err) {
        if ((err as { name?: string })?.name !== 'ConditionalCheckFailedException' && !conditionFailedAt(err, 0)) throw err;
        const record = await get(drawId);
        if (!record) throw err;
        // Whoever completed it may have stopped before marking the raffle: marking twice changes nothing.
        if (record.status === 'complete') await markDrawn(table, keys.raffleId, record.completedAt ?? now.toISOString());
        return record;
      }
    },

    /**
     * One transaction makes a void (draw-writes.ts, voidItems): recorded, or which of its conditions
     * failed. `entryKey`: the standing winner's entry, marked voided; undefined for an erased winner.
     * `unclaimedOnly`: the claim sweep's void, which a claim made first stops ('already_void' then too:
     * the caller reads which).
     */
    async recordVoid(
      original: DrawRecord,
      entryKey: string | undefined,
      voidRecord: VoidRecord,
      replacement: DrawRecord,
      unclaimedOnly = false,
    ): Promise<VoidOutcome> {
      const items = voidItems(table.name, keys, original, entryKey, voidRecord, replacement, unclaimedOnly);
      try {
        await sendTransaction(table, items, VOID_CONFLICT_RETRIES);
        return 'recorded';
      } catch (err) {
        if (conditionFailedAt(err, items.length - 1)) throw await poolLocked(table, keys, new Date(voidRecord.voidedAt));
        if (conditionFailedAt(err, entryKey ? 2 : 1)) return 'replacement_exists';
        if (conditionFailedAt(err, 0)) return 'already_void';
        if (entryKey && conditionFailedAt(err, 1)) return 'not_a_winner';
        throw err;
      }
    },

    /** For an erasure's transaction: the winner's slot emptied of the person (draw-writes.ts, tombstoneItem). */
    tombstone: (draw: DrawRecord, slot: number, now: Date, erasedReason: string): TransactWriteItem =>
      tombstoneItem(table.name, keys, draw, slot, now, erasedReason),
  };
}
