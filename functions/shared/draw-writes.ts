/**
 * The items of a draw's transactions, built and not sent (draw-store.ts sends them and reads which
 * condition failed, by position): each write is conditional on the state it moves from.
 */
import type { TransactWriteItem, Update } from '@aws-sdk/client-dynamodb';
import type { RaffleKeys } from '../../model/raffle-keys';
import { toAttribute } from '../runtime/marshal';
import { UNCLAIMED_REASON } from './claim-state';
import { unlockedCheck } from './pool-lock';
import { drawRecordItem, isErased, type Candidate, type DrawRecord, type VoidRecord, type WalkStep, type Winner } from './draw-record';

/** A draw record's key. */
export const drawKey = (keys: RaffleKeys, drawId: string) => ({ email: { S: keys.draw(drawId) } });

/** A verifiable draw's walk replaced by `sequence`, if it still has `walkedLength` steps. */
export function walkUpdate(
  tableName: string,
  keys: RaffleKeys,
  originalId: string,
  walkedLength: number,
  sequence: readonly WalkStep[],
): Update {
  return {
    TableName: tableName,
    Key: drawKey(keys, originalId),
    UpdateExpression: 'SET verifiable.#sequence = :sequence',
    ConditionExpression: 'size(verifiable.#sequence) = :walked',
    ExpressionAttributeNames: { '#sequence': 'sequence' },
    ExpressionAttributeValues: { ':sequence': toAttribute(sequence as never), ':walked': { N: String(walkedLength) } },
  };
}

/**
 * A claim, in this order: [0] the entry marked (if still eligible), [1] the winner appended (if the
 * draw still wants one), [2] the total.
 */
export function claimItems(tableName: string, keys: RaffleKeys, draw: DrawRecord, candidate: Candidate, now: Date): TransactWriteItem[] {
  const winner: Winner = {
    entryKey: candidate.entryKey,
    email: candidate.contactEmail,
    name: candidate.name,
    phone: candidate.phone,
    ticket: candidate.ticket,
    ...(candidate.label !== undefined ? { label: candidate.label } : {}),
  };
  return [
    {
      Update: {
        TableName: tableName,
        Key: { email: { S: candidate.entryKey } },
        UpdateExpression: 'SET wonDrawId = :drawId, wonAt = :wonAt REMOVE drawTicket',
        ConditionExpression: 'attribute_exists(drawTicket) AND attribute_not_exists(wonDrawId)',
        ExpressionAttributeValues: { ':drawId': { S: draw.drawId }, ':wonAt': { S: now.toISOString() } },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: drawKey(keys, draw.drawId),
        UpdateExpression: 'SET winners = list_append(winners, :winner) ADD winnerCount :one',
        ConditionExpression: '#status = :pending AND winnerCount < :target',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':winner': { L: [toAttribute({ ...winner })] },
          ':one': { N: '1' },
          ':pending': { S: 'pending' },
          ':target': { N: String(draw.target) },
        },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: { email: { S: keys.stats } },
        UpdateExpression: 'ADD winners :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    },
  ];
}

/**
 * A void, in this order: [0] the void appended to the original draw (unless this winner was voided
 * already; for the claim sweep's void, `unclaimedOnly`, unless the win was claimed: ./claims.ts), [1] the entry marked voided (while it is still this draw's winner: not erased meanwhile),
 * [2] the replacement draw's record (unless the same key made it a moment ago). A winner erased already
 * (`entryKey` undefined) has no entry to mark: the replacement's record is then [1].
 */
export function voidItems(
  tableName: string,
  keys: RaffleKeys,
  original: DrawRecord,
  entryKey: string | undefined,
  voidRecord: VoidRecord,
  replacement: DrawRecord,
  unclaimedOnly = false,
): TransactWriteItem[] {
  const entryMark: TransactWriteItem[] = entryKey
    ? [
        {
          Update: {
            TableName: tableName,
            Key: { email: { S: entryKey } },
            UpdateExpression: 'SET voidedAt = :now',
            ConditionExpression: 'wonDrawId = :drawId',
            ExpressionAttributeValues: { ':now': { S: voidRecord.voidedAt }, ':drawId': { S: original.drawId } },
          },
        },
      ]
    : [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: drawKey(keys, original.drawId),
        UpdateExpression:
          'SET voids = list_append(if_not_exists(voids, :none), :void), voidedTickets = list_append(if_not_exists(voidedTickets, :none), :ticket)',
        ConditionExpression: `(attribute_not_exists(voidedTickets) OR NOT contains(voidedTickets, :t))${
          unclaimedOnly ? ' AND (attribute_not_exists(claimedTickets) OR NOT contains(claimedTickets, :t))' : ''
        }`,
        ExpressionAttributeValues: {
          ':none': { L: [] },
          ':void': { L: [toAttribute({ ...voidRecord })] },
          ':ticket': { L: [{ N: String(voidRecord.ticket) }] },
          ':t': { N: String(voidRecord.ticket) },
        },
      },
    },
    ...entryMark,
    { Put: { TableName: tableName, Item: drawRecordItem(replacement), ConditionExpression: 'attribute_not_exists(email)' } },
    // Last: no void while a verifiable draw of the raffle is in its window (./pool-lock.ts).
    unlockedCheck(tableName, keys),
  ];
}

/**
 * For an erasure's transaction: the winner's slot (and the reason of a void of it) with nothing of the
 * person left, on condition that the slot still holds them (list entries are only ever appended).
 */
export function tombstoneItem(
  tableName: string,
  keys: RaffleKeys,
  draw: DrawRecord,
  slot: number,
  now: Date,
  erasedReason: string,
): TransactWriteItem {
  const winner = draw.winners[slot];
  // The sweep's reason is the app's, not the organiser's words: it stays, and the results still say "unclaimed".
  const voidIndex = draw.voids?.findIndex((v) => v.ticket === winner.ticket && v.reason !== UNCLAIMED_REASON) ?? -1;
  return {
    Update: {
      TableName: tableName,
      Key: drawKey(keys, draw.drawId),
      UpdateExpression: `SET winners[${slot}] = :tombstone${voidIndex >= 0 ? `, voids[${voidIndex}].reason = :erased` : ''}`,
      ConditionExpression: `winners[${slot}].entryKey = :key`,
      ExpressionAttributeValues: {
        ':tombstone': toAttribute({ ticket: winner.ticket, erasedAt: now.toISOString() }),
        ':key': { S: isErased(winner) ? '' : winner.entryKey },
        ...(voidIndex >= 0 ? { ':erased': { S: erasedReason } } : {}),
      },
    },
  };
}

/** A freezing draw's commitment (or its refusal, for an empty pool), under the freeze's lease. */
export function commitUpdate(tableName: string, keys: RaffleKeys, drawId: string, lease: string, committed: DrawRecord): Update {
  return {
    TableName: tableName,
    Key: drawKey(keys, drawId),
    UpdateExpression: 'SET #status = :status, verifiable = :facts, target = :target, eligibleCount = :eligible REMOVE workingSince',
    ConditionExpression: '#status = :freezing AND workingSince = :lease',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':status': { S: committed.status },
      ':freezing': { S: 'freezing' },
      ':lease': { S: lease },
      ':facts': toAttribute(committed.verifiable as never),
      ':target': { N: String(committed.target) },
      ':eligible': { N: String(committed.eligibleCount) },
    },
  };
}

/** A committed draw refused for good. */
export function refuseUpdate(tableName: string, keys: RaffleKeys, drawId: string, because: string, now: Date): Update {
  return {
    TableName: tableName,
    Key: drawKey(keys, drawId),
    UpdateExpression: 'SET #status = :refused, verifiable.refusedBecause = :because, completedAt = :now',
    ConditionExpression: '#status = :committed',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':refused': { S: 'refused' },
      ':committed': { S: 'committed' },
      ':because': { S: because },
      ':now': { S: now.toISOString() },
    },
  };
}

/** A pending draw marked complete; with `claimBy`, its winners' claim deadline. */
export function completeUpdate(
  tableName: string,
  keys: RaffleKeys,
  drawId: string,
  attempts: number,
  method: string,
  now: Date,
  claimBy?: string,
): Update {
  return {
    TableName: tableName,
    Key: drawKey(keys, drawId),
    UpdateExpression: `SET #status = :complete, completedAt = :now, #method = :method${claimBy ? ', claimBy = :claimBy' : ''} ADD attempts :attempts`,
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status', '#method': 'method' },
    ExpressionAttributeValues: {
      ':complete': { S: 'complete' },
      ':pending': { S: 'pending' },
      ':now': { S: now.toISOString() },
      ':method': { S: method },
      ':attempts': { N: String(attempts) },
      ...(claimBy ? { ':claimBy': { S: claimBy } } : {}),
    },
  };
}
