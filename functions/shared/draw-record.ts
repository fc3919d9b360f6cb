/**
 * The draw record (`#draw#<id>`): what a draw stores, and the one admin view of it that the draw and
 * draws endpoints return (winners with email, name and phone: both endpoints are admin-only).
 *
 * The record is append-only: winners are appended by the claim, voids by the void, and a replacement is
 * a draw record of its own that names what it replaces. The one exception is erasure on request, which
 * must not keep a person's data anywhere: it turns that winner's slot into a tombstone (the ticket and
 * the time of erasure) and the reason of a void of that winner into "(erased)".
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DrawStatus, DrawView, Replaces, VerifiableView, WinnerView } from '../../model/api';
import type { SequenceStep } from '../../verify/verify-draw';
import { fromItem, toItem, type PlainItem } from '../runtime/marshal';
import { claimView, type ClaimRecord } from './claim-state';

export type { DrawStatus, Replaces } from '../../model/api';

export interface Winner {
  /** The winner's entry: its key in the table (its raffle's scope and the canonical address). */
  readonly entryKey: string;
  /** The address to contact them at, as they typed it. */
  readonly email: string;
  readonly name: string;
  /** E.164; absent in records made before phones were copied into draws. */
  readonly phone?: string;
  readonly ticket: number;
  /** The entrant's pseudonymous label, in a verifiable draw. */
  readonly label?: string;
}

/** One step of a verifiable draw's walk: the same shape verify-draw reads from result.json. */
export type WalkStep = SequenceStep;

/**
 * What a verifiable draw fixed at its commitment, and what its reveal found (verify/verify-draw.ts reads
 * the same), with the record's own bookkeeping.
 */
export interface VerifiableFacts extends VerifiableView {
  /** The published files are in place (a resumed commitment publishes them if not). */
  readonly published?: boolean;
  /** The walk: every label taken or skipped, in rank order; a void marks its step and the walk goes on for the replacement (forDraw). */
  readonly sequence?: readonly WalkStep[];
}

/** An eligible entrant as a draw finds them: its key, and the name, address and phone to reach them. */
export interface Candidate {
  readonly entryKey: string;
  readonly contactEmail: string;
  readonly name: string;
  readonly phone?: string;
  readonly ticket: number;
  /** The pseudonymous label (entries admitted before labels existed have none). */
  readonly label?: string;
}

/** Outcome of trying to make one candidate a winner. */
export type ClaimOutcome =
  /** Marked as a winner of this draw. */
  | 'claimed'
  /** Not eligible (gap, already won, lost a race): try another candidate. */
  | 'rejected'
  /** The draw cannot take more winners (full, or no longer pending): stop. */
  | 'stop';

/** A winner whose entrant was erased on request: only the ticket and the fact remain. */
export interface ErasedWinner {
  readonly ticket: number;
  readonly erasedAt: string;
}

export type WinnerSlot = Winner | ErasedWinner;

export function isErased(slot: WinnerSlot): slot is ErasedWinner {
  return 'erasedAt' in slot;
}

/** One voided win: the winner is found by ticket, so the void itself holds no personal data but the reason. */
export interface VoidRecord {
  readonly ticket: number;
  readonly reason: string;
  readonly voidedBy: string;
  readonly voidedAt: string;
  /** The draw of one that replaces the voided winner (it may have found nobody left). */
  readonly replacementDrawId: string;
}

export interface DrawRecord {
  readonly email: string;
  /** Its raffle's partition of the draws index (RaffleKeys.drawRecordType). */
  readonly recordType: string;
  /** Absent on draws an upgraded single-raffle table made: they are its first raffle's. */
  readonly raffleId?: string;
  readonly drawId: string;
  readonly drawnAt: string;
  readonly status: DrawStatus;
  /** The prize the organiser named; undefined for a draw without one. */
  readonly prize?: string;
  /** Winners asked for. */
  readonly requested: number;
  /** Winners this draw will mark: min(requested, eligible when it started). */
  readonly target: number;
  readonly entrantCount: number;
  readonly eligibleCount: number;
  readonly ticketSpace: number;
  readonly randomness: string;
  readonly method?: string;
  readonly winners: readonly WinnerSlot[];
  readonly winnerCount: number;
  readonly attempts?: number;
  readonly drawnBy: string;
  readonly completedAt?: string;
  readonly voids?: readonly VoidRecord[];
  /** The voided winners' tickets: the condition that makes a second void of one winner fail. */
  readonly voidedTickets?: readonly number[];
  /** Set on a replacement draw. */
  readonly replaces?: Replaces;
  /** Set on a verifiable draw once its pool is frozen. */
  readonly verifiable?: VerifiableFacts;
  /** While a large verifiable draw is freezing or pending: since when an invocation has held its step (its lease). */
  readonly workingSince?: string;
  /** Set on completion when the raffle has a claim period: each win is claimed by then, or voided "unclaimed" and replaced (./claim-state.ts, ./claims.ts). */
  readonly claimBy?: string;
  readonly claims?: readonly ClaimRecord[];
  /** The claimed wins' tickets: the condition that makes a claim and the expiry's void exclusive. */
  readonly claimedTickets?: readonly number[];
  /** Every win claimed or voided: the claim sweep no longer reads the draw. */
  readonly claimsSettledAt?: string;
}

export function toDrawRecord(item: Record<string, AttributeValue>): DrawRecord {
  return fromItem(item) as unknown as DrawRecord;
}

/** The record as a DynamoDB item (only strings, numbers, lists and maps: toItem's plain values). */
export function drawRecordItem(record: DrawRecord): Record<string, AttributeValue> {
  return toItem(record as unknown as PlainItem);
}

/** Each winner's standing at `now`: voided (with why and the replacement), erased, or a winner; and their claim. */
export function winnerViews(record: DrawRecord, now: Date): WinnerView[] {
  return record.winners.map((slot) => {
    const voided = record.voids?.find((v) => v.ticket === slot.ticket);
    const voidView = voided
      ? { reason: voided.reason, voidedBy: voided.voidedBy, voidedAt: voided.voidedAt, replacementDrawId: voided.replacementDrawId }
      : null;
    const claim = claimView(record, slot.ticket, now);
    if (isErased(slot)) return { ticket: slot.ticket, status: 'erased', email: null, name: null, phone: null, void: voidView, claim };
    return {
      ticket: slot.ticket,
      status: voided ? 'void' : 'won',
      email: slot.email,
      name: slot.name,
      phone: slot.phone ?? null,
      void: voidView,
      claim,
    };
  });
}

/**
 * When the draw happened, the one time pages show (DrawView and PublicDraw `happenedAt`): when its
 * winners were recorded (or it was refused); for a verifiable draw not complete yet, its commitment; and
 * for a draw still under way with neither, when it was asked for.
 */
export function happenedAt(record: Pick<DrawRecord, 'drawnAt' | 'completedAt' | 'verifiable'>): string {
  return record.completedAt ?? record.verifiable?.committedAt ?? record.drawnAt;
}

export function drawView(record: DrawRecord, now: Date): DrawView {
  return {
    drawId: record.drawId,
    drawnAt: record.drawnAt,
    happenedAt: happenedAt(record),
    status: record.status,
    prize: record.prize ?? null,
    requested: record.requested,
    winnerCount: record.winnerCount,
    winners: winnerViews(record, now),
    shortfall: record.status === 'complete' && record.winnerCount < record.requested,
    entrantCount: record.entrantCount,
    eligibleCount: record.eligibleCount,
    ticketSpace: record.ticketSpace,
    method: record.method ?? null,
    randomness: record.randomness,
    attempts: record.attempts ?? 0,
    drawnBy: record.drawnBy,
    completedAt: record.completedAt ?? null,
    replaces: record.replaces ?? null,
    verifiable: record.verifiable ? publicFacts(record.verifiable) : null,
  };
}

/** The commitment and beacon of a verifiable draw, as published (no bookkeeping). */
export function publicFacts(facts: VerifiableFacts): VerifiableView {
  const { sequence: _sequence, published: _published, ...rest } = facts;
  return rest;
}
