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
 * (./verifiable/steps.ts continueWalk), so the published walk covers it and nothing is re-drawn.
 *
 * A winner erased on request is replaced the same way: their slot (a tombstone, named by its ticket:
 * no address is left to name it by) gets the void, there is no entry left to mark, and the slot stays
 * erased in the history, its void naming the replacement. In a verifiable draw their step of the walk
 * is found by its place among the draw's won steps (./verifiable/facts.ts slotLabel) and marked void.
 *
 * Two voids of one winner at once make one replacement: the second transaction's condition fails. The
 * same Idempotency-Key again replays (or finishes) the same replacement.
 */
import { DomainError } from '../../model/errors';
import { readCounters } from '../shared/counters';
import { isErased, type DrawRecord, type VoidRecord, type WinnerSlot } from '../shared/draw-record';
import type { DrawStore } from '../shared/draw-store';
import type { WinnerRef } from './request';
import { fillDraw, newDrawRecord, resumeOrReplay, type DrawOutcome, type DrawRequest } from './run-draw';
import { slotLabel } from './verifiable/facts';
import { continueWalk, type VerifiableDeps } from './verifiable/steps';

export interface VoidRequest {
  readonly drawId: string;
  /** The winner: a standing one by entry (canonical address), or any slot, erased ones included, by ticket. */
  readonly winner: WinnerRef;
  readonly reason: string;
  readonly voidedBy: string;
  /** From the request's Idempotency-Key (the claim sweep's: from the win, ./claim-sweep.ts). */
  readonly replacementDrawId: string;
  readonly now: Date;
  /**
   * The claim sweep's void of a win whose deadline passed: made only if the win is still unclaimed (the
   * same record's condition as a claim's, so one of the two happens), and marked so in a verifiable walk.
   */
  readonly unclaimed?: boolean;
}

/** The claim sweep's void found the win claimed: nothing is voided. */
export class WinClaimed extends Error {
  constructor(drawId: string, ticket: number) {
    super(`the win of ticket ${ticket} in draw ${drawId} was claimed`);
    this.name = 'WinClaimed';
  }
}

export interface VoidOutcome extends DrawOutcome {
  /** The original draw, with the void in it. */
  readonly voided: DrawRecord;
}

const alreadyVoid = (): DomainError =>
  new DomainError('winner_already_void', 'This winner was already voided, and replaced: see the draw history.');

/** The slot the request names, and its place in the draw's winners; undefined when none is. */
function findSlot(record: DrawRecord, winner: WinnerRef): { readonly slot: WinnerSlot; readonly index: number } | undefined {
  const index = record.winners.findIndex((w) =>
    'ticket' in winner ? w.ticket === winner.ticket : !isErased(w) && w.entryKey === winner.entryKey,
  );
  return index < 0 ? undefined : { slot: record.winners[index], index };
}

function notFound(request: VoidRequest): DomainError {
  const who =
    'ticket' in request.winner
      ? `No winner of draw ${request.drawId} holds ticket ${request.winner.ticket}.`
      : `${request.winner.entryKey} is not a winner of draw ${request.drawId}.`;
  // An erased winner's address names nobody any more: the history still shows their slot's ticket.
  return new DomainError('winner_not_found', `${who} To replace an erased winner, name their slot by its ticket.`);
}

/** `deps`: a verifiable draw's replacement walks its ranking on, so the verifiable ports come too. */
export async function voidWinner(deps: VerifiableDeps, request: VoidRequest): Promise<VoidOutcome> {
  const { store } = deps;
  const original = await store.get(request.drawId);
  if (!original) throw new DomainError('draw_not_found', `There is no draw ${request.drawId}.`);
  const found = findSlot(original, request.winner);
  if (!found) throw notFound(request);
  const { slot, index } = found;
  if (request.unclaimed) assertUnclaimed(original, slot.ticket, request.now);
  const replacement: DrawRequest = {
    drawId: request.replacementDrawId,
    requested: 1,
    prize: original.prize,
    replaces: { drawId: original.drawId, ticket: slot.ticket },
    drawnBy: request.voidedBy,
    now: request.now,
  };
  const voidedNow = async (): Promise<DrawRecord> => (await store.get(request.drawId)) ?? original;
  const walkOwner = await verifiableRoot(store, original);
  const walk = walkOwner && {
    ownerId: walkOwner.drawId,
    label: voidedLabel(walkOwner, original, slot, index),
    ...(request.unclaimed ? { claimBy: original.claimBy } : {}),
  };

  // The same key again: the void is made; replay or finish its replacement.
  const existing = await store.get(request.replacementDrawId);
  if (existing && walk && existing.status === 'pending') {
    return { record: await continueWalk(deps, walk, existing), replayed: true, voided: await voidedNow() };
  }
  if (existing) return { ...(await resumeOrReplay(deps, existing, replacement)), voided: await voidedNow() };
  if (original.voidedTickets?.includes(slot.ticket)) throw alreadyVoid();

  const counters = await readCounters(deps.table, deps.keys, { includeStats: true });
  // Nobody left is no reason to keep a winner who cannot take the prize: the replacement then wants none.
  const record = newDrawRecord(deps.keys, replacement, counters);
  const voidRecord: VoidRecord = {
    ticket: slot.ticket,
    reason: request.reason,
    voidedBy: request.voidedBy,
    voidedAt: request.now.toISOString(),
    replacementDrawId: request.replacementDrawId,
  };
  switch (await store.recordVoid(original, isErased(slot) ? undefined : slot.entryKey, voidRecord, record, request.unclaimed)) {
    case 'replacement_exists':
      return voidWinner(deps, request); // the same key, a moment earlier
    case 'already_void':
      // For the sweep's void, the win may have been claimed instead: the next read says which.
      if (request.unclaimed) return voidWinner(deps, request);
      throw alreadyVoid();
    case 'not_a_winner':
      // Erased since we read the draw: their slot is a tombstone now, replaced as such.
      return voidWinner(deps, { ...request, winner: { ticket: slot.ticket } });
    case 'recorded':
      break;
  }
  // A verifiable draw's replacement is the next label of its ranking, never a new draw.
  const filled = walk ? await continueWalk(deps, walk, record) : await fillDraw(deps, record, counters);
  return { record: filled, replayed: false, voided: await voidedNow() };
}

/** The sweep voids only a win whose deadline has passed and that nobody claimed. */
function assertUnclaimed(record: DrawRecord, ticket: number, now: Date): void {
  if (record.claims?.some((c) => c.ticket === ticket)) throw new WinClaimed(record.drawId, ticket);
  if (!record.claimBy || now.getTime() < Date.parse(record.claimBy))
    throw new Error(`draw ${record.drawId}: the claim of ticket ${ticket} has not expired (deadline ${record.claimBy ?? 'none'})`);
}

/**
 * In a verifiable draw, the voided winner's label: their own, or for an erased winner, read from the walk.
 * Never guessed: a void whose step cannot be found would publish a walk that no longer verifies.
 */
function voidedLabel(walkOwner: DrawRecord, record: DrawRecord, slot: WinnerSlot, index: number): string {
  const label = isErased(slot)
    ? slotLabel(walkOwner.verifiable?.sequence ?? [], record.drawId, walkOwner.drawId === record.drawId, index)
    : slot.label;
  if (!label) throw new Error(`draw ${record.drawId}: the walk has no step for the winner of ticket ${slot.ticket}`);
  return label;
}

/** The verifiable draw whose ranking a draw belongs to: itself, or the draw a chain of replacements started from. */
export async function verifiableRoot(store: DrawStore, record: DrawRecord): Promise<DrawRecord | undefined> {
  let current: DrawRecord | undefined = record;
  while (current && !current.verifiable && current.replaces) current = await store.get(current.replaces.drawId);
  return current?.verifiable ? current : undefined;
}
