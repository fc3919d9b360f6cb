/**
 * Voiding a winner who cannot be reached (or is disqualified), and drawing their replacement.
 *
 * One transaction makes the void: it appends the void (the reason, who, when, the replacement's id) to
 * the draw record, on condition that this winner was not voided already; it marks the entry voided, on
 * condition that it is still this draw's winner (not erased meanwhile); and it writes the replacement
 * draw's record (one winner wanted, pending). Then the replacement is drawn like any draw (./run-draw.ts):
 * uniform over the entrants still eligible, each claim conditional, resumable. The voided winner keeps
 * their place in the history, marked void, and never becomes eligible again (they lost their draw
 * ticket when they won). A verifiable draw's replacement is instead the next label of its ranking
 * (./verifiable.ts continueWalk), so the published walk covers it and nothing is re-drawn.
 *
 * Two voids of one winner at once make one replacement: the second transaction's condition fails. The
 * same Idempotency-Key again replays (or finishes) the same replacement.
 */
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { itemKeys } from '../../model/schema';
import { cancellationCode, sendTransaction, tableName } from '../runtime/dynamodb';
import { toAttribute } from '../runtime/marshal';
import { readCounters } from '../shared/counters';
import { drawRecordItem, isErased, type DrawRecord, type VoidRecord, type Winner } from '../shared/draw-record';
import { fillDraw, newDrawRecord, resumeOrReplay, type DrawOutcome, type DrawRequest } from './run-draw';
import { getDraw } from './store';
import { continueWalk } from './verifiable';

export interface VoidRequest {
  readonly drawId: string;
  /** The winner's entry (canonical address). */
  readonly entryKey: string;
  readonly reason: string;
  readonly voidedBy: string;
  /** From the request's Idempotency-Key. */
  readonly replacementDrawId: string;
  readonly now: Date;
}

export interface VoidOutcome extends DrawOutcome {
  /** The original draw, with the void in it. */
  readonly voided: DrawRecord;
}

const notFound = (what: string): DomainError => new DomainError('winner_not_found', what);

export async function voidWinner(request: VoidRequest): Promise<VoidOutcome> {
  const original = await getDraw(request.drawId);
  if (!original) throw new DomainError('draw_not_found', `There is no draw ${request.drawId}.`);
  const slot = original.winners.find((w): w is Winner => !isErased(w) && w.entryKey === request.entryKey);
  if (!slot) throw notFound(`${request.entryKey} is not a winner of draw ${request.drawId}.`);
  const replacement: DrawRequest = {
    drawId: request.replacementDrawId,
    requested: 1,
    prize: original.prize,
    replaces: { drawId: original.drawId, ticket: slot.ticket },
    drawnBy: request.voidedBy,
    now: request.now,
  };

  // The same key again: the void is made; replay or finish its replacement.
  const existing = await getDraw(request.replacementDrawId);
  const walkOwner = await verifiableRoot(original);
  if (existing && walkOwner && existing.status === 'pending') {
    return {
      record: await continueWalk(walkOwner.drawId, existing, slot),
      replayed: true,
      voided: (await getDraw(request.drawId)) ?? original,
    };
  }
  if (existing) return { ...(await resumeOrReplay(existing, replacement)), voided: (await getDraw(request.drawId)) ?? original };
  if (original.voidedTickets?.includes(slot.ticket)) {
    throw new DomainError('winner_already_void', 'This winner was already voided, and replaced: see the draw history.');
  }

  const counters = await readCounters({ includeStats: true });
  // Nobody left is no reason to keep a winner who cannot take the prize: the replacement then wants none.
  const record = newDrawRecord(replacement, counters);
  const voidRecord: VoidRecord = {
    ticket: slot.ticket,
    reason: request.reason,
    voidedBy: request.voidedBy,
    voidedAt: request.now.toISOString(),
    replacementDrawId: request.replacementDrawId,
  };
  const table = tableName();
  try {
    await sendTransaction(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { email: { S: itemKeys.draw(original.drawId) } },
              UpdateExpression:
                'SET voids = list_append(if_not_exists(voids, :none), :void), voidedTickets = list_append(if_not_exists(voidedTickets, :none), :ticket)',
              ConditionExpression: 'attribute_not_exists(voidedTickets) OR NOT contains(voidedTickets, :t)',
              ExpressionAttributeValues: {
                ':none': { L: [] },
                ':void': { L: [toAttribute({ ...voidRecord })] },
                ':ticket': { L: [{ N: String(slot.ticket) }] },
                ':t': { N: String(slot.ticket) },
              },
            },
          },
          {
            Update: {
              TableName: table,
              Key: { email: { S: request.entryKey } },
              UpdateExpression: 'SET voidedAt = :now',
              ConditionExpression: 'wonDrawId = :drawId',
              ExpressionAttributeValues: { ':now': { S: voidRecord.voidedAt }, ':drawId': { S: original.drawId } },
            },
          },
          { Put: { TableName: table, Item: drawRecordItem(record), ConditionExpression: 'attribute_not_exists(email)' } },
        ],
      }),
      4,
    );
  } catch (err) {
    if (cancellationCode(err, 2) === 'ConditionalCheckFailed') return voidWinner(request); // the same key, a moment earlier
    if (cancellationCode(err, 0) === 'ConditionalCheckFailed') {
      throw new DomainError('winner_already_void', 'This winner was already voided, and replaced: see the draw history.');
    }
    if (cancellationCode(err, 1) === 'ConditionalCheckFailed') throw notFound(`${request.entryKey} is no longer an entrant (erased).`);
    throw err;
  }
  // A verifiable draw's replacement is the next label of its ranking, never a new draw.
  const filled = walkOwner ? await continueWalk(walkOwner.drawId, record, slot) : await fillDraw(record, counters, replacement);
  return { record: filled, replayed: false, voided: (await getDraw(request.drawId)) ?? original };
}

/** The verifiable draw whose ranking a draw belongs to: itself, or the draw a chain of replacements started from. */
async function verifiableRoot(record: DrawRecord): Promise<DrawRecord | undefined> {
  let current: DrawRecord | undefined = record;
  while (current && !current.verifiable && current.replaces) current = await getDraw(current.replaces.drawId);
  return current?.verifiable ? current : undefined;
}
