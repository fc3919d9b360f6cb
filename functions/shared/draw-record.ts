/**
 * The draw record (`#draw#<id>`): what a draw stores, and the one view of it that the draw and draws
 * endpoints return. Both endpoints are admin-only, so the view may list winners' email and name.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RECORD_TYPE_DRAW } from '../../model/schema';
import { fromItem } from '../runtime/marshal';

export type DrawStatus = 'pending' | 'complete';

export interface Winner {
  /** The winner's entry (its canonical address). */
  readonly entryKey: string;
  /** The address to contact them at, as they typed it. */
  readonly email: string;
  readonly name: string;
  readonly ticket: number;
}

export interface DrawRecord {
  readonly email: string;
  readonly recordType: typeof RECORD_TYPE_DRAW;
  readonly drawId: string;
  readonly drawnAt: string;
  readonly status: DrawStatus;
  /** Winners asked for. */
  readonly requested: number;
  /** Winners this draw will mark: min(requested, eligible when it started). */
  readonly target: number;
  readonly entrantCount: number;
  readonly eligibleCount: number;
  readonly ticketSpace: number;
  readonly randomness: string;
  readonly method?: string;
  readonly winners: readonly Winner[];
  readonly winnerCount: number;
  readonly attempts?: number;
  readonly drawnBy: string;
  readonly completedAt?: string;
}

export function toDrawRecord(item: Record<string, AttributeValue>): DrawRecord {
  return fromItem(item) as unknown as DrawRecord;
}

export interface DrawView {
  readonly drawId: string;
  readonly drawnAt: string;
  readonly status: DrawStatus;
  readonly requested: number;
  readonly winnerCount: number;
  readonly winners: ReadonlyArray<{ readonly email: string; readonly name: string }>;
  /** True when fewer winners were drawn than requested (not enough eligible entrants). */
  readonly shortfall: boolean;
  readonly entrantCount: number;
  readonly eligibleCount: number;
  readonly ticketSpace: number;
  readonly method: string | null;
  readonly randomness: string;
  readonly attempts: number;
  readonly drawnBy: string;
  readonly completedAt: string | null;
}

export function drawView(record: DrawRecord): DrawView {
  return {
    drawId: record.drawId,
    drawnAt: record.drawnAt,
    status: record.status,
    requested: record.requested,
    winnerCount: record.winnerCount,
    winners: record.winners.map((w) => ({ email: w.email, name: w.name })),
    shortfall: record.status === 'complete' && record.winnerCount < record.requested,
    entrantCount: record.entrantCount,
    eligibleCount: record.eligibleCount,
    ticketSpace: record.ticketSpace,
    method: record.method ?? null,
    randomness: record.randomness,
    attempts: record.attempts ?? 0,
    drawnBy: record.drawnBy,
    completedAt: record.completedAt ?? null,
  };
}
