/**
 * Where a win stands in its claim period, from its draw record alone. Pure: the time is passed in. The
 * writes are ./claims.ts's.
 */
import type { ClaimState, ClaimView, UnclaimedReason } from '../../model/api';
import type { DrawRecord } from './draw-record';

/** The public reason of a void the claim sweep makes. */
export const UNCLAIMED_REASON: UnclaimedReason = 'unclaimed';

/** Recorded as `voidedBy` on a void the claim sweep makes. */
export const CLAIM_DEADLINE_IDENTITY = 'the claim deadline';

export interface ClaimRecord {
  readonly ticket: number;
  readonly claimedAt: string;
  readonly through: 'link' | 'organiser';
  /** The organiser who marked it (their certificate's subject). */
  readonly markedBy?: string;
  /** What the organiser noted, e.g. "by phone". */
  readonly note?: string;
}

/** A draw's claim deadline: `days` whole days after it completed. */
export function claimDeadline(completedAt: Date, days: number): string {
  return new Date(completedAt.getTime() + days * 86_400_000).toISOString();
}

/** The claim of the win holding `ticket`, if it was claimed. */
export function claimOf(record: Pick<DrawRecord, 'claims'>, ticket: number): ClaimRecord | undefined {
  return record.claims?.find((c) => c.ticket === ticket);
}

/** Where the win of `ticket` stands; undefined on a draw without a claim period. Pure. */
export function claimState(record: Pick<DrawRecord, 'claims' | 'claimBy'>, ticket: number, now: Date): ClaimState | undefined {
  if (!record.claimBy) return undefined;
  if (claimOf(record, ticket)) return 'claimed';
  return now.getTime() < Date.parse(record.claimBy) ? 'waiting' : 'expired';
}

export function claimView(record: DrawRecord, ticket: number, now: Date): ClaimView | null {
  const state = claimState(record, ticket, now);
  if (!state || !record.claimBy) return null;
  const claim = claimOf(record, ticket);
  return {
    state,
    claimBy: record.claimBy,
    claimedAt: claim?.claimedAt ?? null,
    claimedThrough: claim?.through ?? null,
    markedBy: claim?.markedBy ?? null,
    note: claim?.note ?? null,
  };
}

/** Every win is settled: claimed, or voided (for its deadline or otherwise). The sweep need not look at the draw again. */
export function claimsSettled(record: DrawRecord): boolean {
  return record.winners.every((w) => claimOf(record, w.ticket) !== undefined || (record.voidedTickets ?? []).includes(w.ticket));
}

/**
 * The claim as the public results show it: "unclaimed" once the deadline passed without a claim (voided
 * for it, or about to be); null without a claim period, or for a win voided for another reason.
 */
export function publicClaim(
  record: Pick<DrawRecord, 'claims' | 'claimBy'>,
  ticket: number,
  voidReason: string | undefined,
  now: Date,
): 'claimed' | 'waiting' | 'unclaimed' | null {
  if (voidReason !== undefined && voidReason !== UNCLAIMED_REASON) return null;
  const state = claimState(record, ticket, now);
  if (state === undefined) return null;
  return state === 'expired' || voidReason === UNCLAIMED_REASON ? 'unclaimed' : state;
}
