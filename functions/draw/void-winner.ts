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
 * Two voids of one winner at once make one replacement: the second transaction's condition fails. The
 * same Idempotency-Key again replays (or finishes) the same replacement.
 */
import { DomainError } from '../../model/errors';
import { readCounters } from '../shared/counters';
import { isErased, type DrawRecord, type VoidRecord, type Winner } from '../shared/draw-record';
import type { DrawStore } from '../shared/draw-store';
import { fillDraw, newDrawRecord, resumeOrReplay, type DrawOutcome, type DrawRequest } from './run-draw';
import { continueWalk, type VerifiableDeps } from './verifiable/steps';

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
const alreadyVoid = (): DomainError =>
  new DomainError('winner_already_void', 'This winner was already voided, and replaced: see the draw history.');

/** `deps`: a verifiable draw's replacement walks its ranking on, so the verifiable ports come too. */
export async function voidWinner(deps: VerifiableDeps, request: VoidRequest): Promise<VoidOutcome> {
  const { store } = deps;
  const original = await store.get(request.drawId);
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
  const voidedNow = async (): Promise<DrawRecord> => (await store.get(request.drawId)) ?? original;

  // The same key again: the void is made; replay or finish its replacement.
  const existing = await store.get(request.replacementDrawId);
  const walkOwner = await verifiableRoot(store, original);
  if (existing && walkOwner && existing.status === 'pending') {
    return { record: await continueWalk(deps, walkOwner.drawId, existing, slot), replayed: true, voided: await voidedNow() };
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
  switch (await store.recordVoid(original, request.entryKey, voidRecord, record)) {
    case 'replacement_exists':
      return voidWinner(deps, request); // the same key, a moment earlier
    case 'already_void':
      throw alreadyVoid();
    case 'not_a_winner':
      throw notFound(`${request.entryKey} is no longer an entrant (erased).`);
    case 'recorded':
      break;
  }
  // A verifiable draw's replacement is the next label of its ranking, never a new draw.
  const filled = walkOwner ? await continueWalk(deps, walkOwner.drawId, record, slot) : await fillDraw(deps, record, counters);
  return { record: filled, replayed: false, voided: await voidedNow() };
}

/** The verifiable draw whose ranking a draw belongs to: itself, or the draw a chain of replacements started from. */
async function verifiableRoot(store: DrawStore, record: DrawRecord): Promise<DrawRecord | undefined> {
  let current: DrawRecord | undefined = record;
  while (current && !current.verifiable && current.replaces) current = await store.get(current.replaces.drawId);
  return current?.verifiable ? current : undefined;
}
