/**
 * The verifiable draw as a state machine: given what the draw record says now, and what this invocation
 * holds, the one next thing to do. Pure: no table, no beacon, no clock of its own; ./run.ts carries out
 * each action through the ports and asks again, until the answer.
 *
 *   (no record) ─create→ freezing ─freeze→ committed ─publish→ committed, published ─(round R exists)
 *        ─reveal→ pending ─walk→ complete;   a beacon that does not verify, or a pool found empty or
 *        changed: refused.
 *
 * Freezing reads every eligible entrant (O(N)), and so does the walk. For a pool over
 * LIMITS.inlineVerifiableEntrants, each of those two steps is handed to an asynchronous invocation of the
 * function itself, under a lease (workingSince) that travels with the event: a second request, or
 * Lambda's retry, never runs a step twice at once; a step whose invocation was lost is taken over once
 * its lease has run out; and when Lambda will not take the event, the request runs the step itself.
 */
import { DomainError } from '../../../model/errors';
import { FUNCTIONS } from '../../../model/functions';
import { LIMITS } from '../../../model/limits';
import { roundTime } from '../../../verify/commitment';
import type { DrawRecord, DrawStatus } from '../../shared/draw-record';
import { requestMismatch, type DrawRequest } from '../run-draw';

/** The two steps of a verifiable draw that read every eligible entrant. */
export type LeasedStep = 'freeze' | 'walk';

/** freezing and revealing: a large pool's step runs elsewhere; ask again. */
export type VerifiablePhase = 'freezing' | 'committed' | 'revealing' | 'revealed';

/** A lease lasts as long as one invocation can run: after that, its holder is gone. */
export const LEASE_MS = FUNCTIONS.draw.sizing.timeoutSeconds * 1000;

export interface Situation {
  /** The draw as last read (undefined: not made yet). */
  readonly record: DrawRecord | undefined;
  readonly request: DrawRequest;
  readonly now: Date;
  /** The lease this invocation took, if any. */
  readonly lease?: string;
  /** A large pool's step may go to an asynchronous invocation: false off the request path, or once Lambda refused one. */
  readonly mayHandOver: boolean;
  /** The step this invocation handed over, once Lambda took it. */
  readonly handedOver?: LeasedStep;
  /** This invocation moved the draw on: its answer is not a replay. */
  readonly acted: boolean;
}

export type Action =
  | { readonly kind: 'create' }
  | { readonly kind: 'take-lease'; readonly status: DrawStatus }
  | { readonly kind: 'hand-over'; readonly step: LeasedStep; readonly lease: string }
  | { readonly kind: 'freeze'; readonly lease: string }
  | { readonly kind: 'publish-commitment' }
  | { readonly kind: 'reveal'; readonly round: number }
  | { readonly kind: 'walk'; readonly lease?: string }
  | { readonly kind: 'answer'; readonly phase: VerifiablePhase; readonly replayed: boolean }
  | { readonly kind: 'fail'; readonly error: DomainError };

const STEP_STATUS: Readonly<Record<LeasedStep, DrawStatus>> = { freeze: 'freezing', walk: 'pending' };
const STEP_PHASE: Readonly<Record<LeasedStep, VerifiablePhase>> = { freeze: 'freezing', walk: 'revealing' };

/** The next action of a request (HTTP or the schedule) for this draw. */
export function nextAction(s: Situation): Action {
  const record = s.record;
  const answer = (phase: VerifiablePhase): Action => ({ kind: 'answer', phase, replayed: !s.acted });
  if (s.handedOver) return answer(STEP_PHASE[s.handedOver]);
  if (!record) return { kind: 'create' };
  if (!record.verifiable && record.status !== 'freezing')
    return fail('idempotency_key_mismatch', 'This Idempotency-Key was used for a draw that is not verifiable.');
  switch (record.status) {
    case 'freezing':
      return leasedStep(s, record, 'freeze', record.eligibleCount);
    case 'refused':
      return { kind: 'fail', error: refusal(record) };
    case 'complete': {
      const mismatch = s.acted ? undefined : requestMismatch(record, s.request);
      return mismatch ? { kind: 'fail', error: mismatch } : answer('revealed');
    }
    case 'committed': {
      const facts = record.verifiable!;
      if (!facts.published) return { kind: 'publish-commitment' };
      if (s.now.getTime() < roundTime(facts.round) * 1000) return answer('committed');
      return { kind: 'reveal', round: facts.round };
    }
    case 'pending': {
      const poolSize = record.verifiable!.poolSize;
      if (s.mayHandOver && isLarge(poolSize)) return leasedStep(s, record, 'walk', poolSize);
      return { kind: 'walk', ...(holds(s, record) ? { lease: s.lease } : {}) };
    }
  }
}

/** What an invocation handed a step does: the step, if its lease is still the one the draw names; else nothing. */
export function stepAction(record: DrawRecord | undefined, step: LeasedStep, lease: string): LeasedStep | 'nothing' {
  return record?.status === STEP_STATUS[step] && record.workingSince === lease ? step : 'nothing';
}

/** Why a refused draw was refused, as the API says it: an empty pool, or a beacon that did not verify. */
export function refusal(record: DrawRecord): DomainError {
  if (record.verifiable?.poolSize === 0) return new DomainError('no_eligible_entrants', 'There is nobody to draw: the pool is empty.');
  return new DomainError('beacon_invalid', `This draw was refused: ${record.verifiable?.refusedBecause ?? 'its beacon did not verify'}.`);
}

/** When a lease taken now has run out, if its holder never gave it back. */
export function leaseExpiredBefore(now: Date): string {
  return new Date(now.getTime() - LEASE_MS).toISOString();
}

function leasedStep(s: Situation, record: DrawRecord, step: LeasedStep, poolSize: number): Action {
  if (holds(s, record)) {
    const lease = s.lease!;
    return s.mayHandOver && isLarge(poolSize)
      ? { kind: 'hand-over', step, lease }
      : step === 'freeze'
        ? { kind: 'freeze', lease }
        : { kind: 'walk', lease };
  }
  const free = record.workingSince === undefined || record.workingSince < leaseExpiredBefore(s.now);
  return free ? { kind: 'take-lease', status: STEP_STATUS[step] } : { kind: 'answer', phase: STEP_PHASE[step], replayed: !s.acted };
}

function holds(s: Situation, record: DrawRecord): boolean {
  return s.lease !== undefined && record.workingSince === s.lease;
}

function isLarge(poolSize: number): boolean {
  return poolSize > LIMITS.inlineVerifiableEntrants;
}

function fail(code: 'idempotency_key_mismatch', message: string): Action {
  return { kind: 'fail', error: new DomainError(code, message) };
}
