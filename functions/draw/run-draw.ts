/**
 * One fast draw, start to finish (or resumed): record first, then claim winners, then mark complete.
 * Selection logic lives in ./picker.ts (pure); the table is reached through the draw store, the
 * eligible index (./eligible.ts) and the counters.
 */
import { DomainError } from '../../model/errors';
import type { RaffleKeys } from '../../model/raffle-keys';
import type { Table } from '../runtime/dynamodb';
import type { Clock, Random } from '../runtime/ports';
import { readCounters, ticketSpace, type CounterTotals } from '../shared/counters';
import type { DrawRecord, Replaces } from '../shared/draw-record';
import type { DrawStore } from '../shared/draw-store';
import { findByTicket, listEligible } from './eligible';
import { attemptBudget, chooseMethod, pickByTicketRejection, pickFromPool } from './picker';

export const RANDOMNESS = 'crypto.randomInt (Node.js CSPRNG), uniform over eligible entrants';

/** What every draw reaches: the table and the raffle's keys in it, its draw records, the time and the randomness. */
export interface DrawDeps {
  readonly table: Table;
  readonly keys: RaffleKeys;
  readonly store: DrawStore;
  readonly clock: Clock;
  readonly random: Random;
}

export interface DrawRequest {
  /** From the Idempotency-Key (or the schedule's instant): an existing record of this id is a retry. */
  readonly drawId: string;
  readonly requested: number;
  /** The prize the organiser named, if any. */
  readonly prize?: string;
  /** Set for the replacement of a voided winner. */
  readonly replaces?: Replaces;
  readonly drawnBy: string;
  readonly now: Date;
}

export interface DrawOutcome {
  readonly record: DrawRecord;
  /** True when the request replayed or resumed an existing draw (same Idempotency-Key). */
  readonly replayed: boolean;
}

export function eligibleCount(counters: CounterTotals): number {
  return Math.max(0, counters.entrants - counters.winners);
}

export function newDrawRecord(keys: RaffleKeys, request: DrawRequest, counters: CounterTotals): DrawRecord {
  const eligible = eligibleCount(counters);
  return {
    email: keys.draw(request.drawId),
    recordType: keys.drawRecordType,
    raffleId: keys.raffleId,
    drawId: request.drawId,
    drawnAt: request.now.toISOString(),
    status: 'pending',
    ...(request.prize !== undefined ? { prize: request.prize } : {}),
    ...(request.replaces ? { replaces: request.replaces } : {}),
    requested: request.requested,
    target: Math.min(request.requested, eligible),
    entrantCount: counters.entrants,
    eligibleCount: eligible,
    ticketSpace: ticketSpace(counters.issuedPerShard),
    randomness: RANDOMNESS,
    winners: [],
    winnerCount: 0,
    drawnBy: request.drawnBy,
  };
}

/** An Idempotency-Key names one request: the refusal of the same key with another request, if it is one. Pure. */
export function requestMismatch(existing: DrawRecord, request: DrawRequest): DomainError | undefined {
  const sameReplaced = existing.replaces?.drawId === request.replaces?.drawId && existing.replaces?.ticket === request.replaces?.ticket;
  if (existing.requested === request.requested && (existing.prize ?? undefined) === request.prize && sameReplaced) return undefined;
  return new DomainError(
    'idempotency_key_mismatch',
    `This Idempotency-Key was used for another request (${existing.requested} winner(s)${existing.prize ? `, prize "${existing.prize}"` : ''}); use a new key for a different one.`,
  );
}

/** Claims up to target − winnerCount winners, then marks the record complete. Safe to run twice. */
export async function fillDraw(deps: DrawDeps, record: DrawRecord, counters: CounterTotals): Promise<DrawRecord> {
  const { table, keys, store, clock, random } = deps;
  const space = ticketSpace(counters.issuedPerShard);
  let remaining = record.target - record.winnerCount;
  let attempts = 0;
  const methods: string[] = [];
  let method = chooseMethod(eligibleCount(counters), space);

  if (remaining > 0 && method === 'ticket-rejection-sampling') {
    methods.push(method);
    const progress = await pickByTicketRejection({
      ticketSpace: space,
      wanted: remaining,
      maxAttempts: attemptBudget(remaining),
      random,
      claim: async (ticket) => {
        const candidate = await findByTicket(table, keys, ticket);
        return candidate ? store.claim(record, candidate, clock.now()) : 'rejected';
      },
    });
    attempts += progress.attempts;
    remaining = progress.stopped ? 0 : remaining - progress.claimed;
    // Out of budget (tickets far sparser than the counters suggested): finish from the eligible list.
    if (progress.exhausted) method = 'eligible-pool-sampling';
  }
  if (remaining > 0 && method === 'eligible-pool-sampling') {
    methods.push(method);
    const progress = await pickFromPool({
      pool: await listEligible(table, keys),
      wanted: remaining,
      random,
      claim: (candidate) => store.claim(record, candidate, clock.now()),
    });
    attempts += progress.attempts;
  }
  return store.complete(record.drawId, attempts, methods.join('+') || 'none', clock.now());
}

export async function resumeOrReplay(deps: DrawDeps, existing: DrawRecord, request: DrawRequest): Promise<DrawOutcome> {
  const mismatch = requestMismatch(existing, request);
  if (mismatch) throw mismatch;
  if (existing.status === 'complete') return { record: existing, replayed: true };
  // A previous attempt stopped half-way (timeout, crash): finish the same draw rather than start another.
  const counters = await readCounters(deps.table, deps.keys, { includeStats: true });
  return { record: await fillDraw(deps, existing, counters), replayed: true };
}

export async function runDraw(deps: DrawDeps, request: DrawRequest): Promise<DrawOutcome> {
  const existing = await deps.store.get(request.drawId);
  if (existing) return resumeOrReplay(deps, existing, request);
  const counters = await readCounters(deps.table, deps.keys, { includeStats: true });
  if (eligibleCount(counters) === 0) {
    throw new DomainError('no_eligible_entrants', 'There is nobody left to draw: every entrant has already won, or nobody has entered.');
  }
  const record = newDrawRecord(deps.keys, request, counters);
  if (!(await deps.store.create(record))) {
    // Another request with the same Idempotency-Key got there first.
    const raced = await deps.store.get(request.drawId);
    if (!raced) throw new Error(`draw ${request.drawId} vanished after a conditional put failed`);
    return resumeOrReplay(deps, raced, request);
  }
  return { record: await fillDraw(deps, record, counters), replayed: false };
}
