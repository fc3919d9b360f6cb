/**
 * Carries a verifiable draw along: asks the machine (./machine.ts) for the next action, does it through
 * the ports (./steps.ts, the draw store, the self-invoker), reads the draw again, and asks again, until
 * the machine answers. One Idempotency-Key names the draw through all its phases: the same request
 * again moves it on (the commitment, then, once round R exists, the winners).
 */
import { DomainError } from '../../../model/errors';
import type { SelfInvoker } from '../../runtime/ports';
import { readCounters } from '../../shared/counters';
import type { DrawRecord } from '../../shared/draw-record';
import { eligibleCount, type DrawOutcome, type DrawRequest } from '../run-draw';
import { freezingRecord } from './facts';
import { leaseExpiredBefore, nextAction, stepAction, type LeasedStep, type Situation, type VerifiablePhase } from './machine';
import { freeze, publishCommitment, reveal, walk, type VerifiableDeps } from './steps';

export type VerifiableOutcome = DrawOutcome & { readonly phase: VerifiablePhase };

/** What the function hands itself: run this step of this draw, under this lease. */
export interface VerifiableStepEvent {
  readonly source: typeof STEP_SOURCE;
  readonly step: LeasedStep;
  /** Absent on steps handed over before raffles existed: the upgraded first raffle's. */
  readonly raffleId?: string;
  readonly drawId: string;
  readonly lease: string;
}

export const STEP_SOURCE = 'raffle.verifiable-draw';

export function isStepEvent(event: unknown): event is VerifiableStepEvent {
  const e = event as Partial<VerifiableStepEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === STEP_SOURCE &&
    (e.step === 'freeze' || e.step === 'walk') &&
    typeof e.drawId === 'string' &&
    typeof e.lease === 'string'
  );
}

/** A draw moves through a handful of states; more actions than this means something keeps undoing them. */
const MAX_ACTIONS = 16;

/**
 * `invoker`: hands a large pool's step to an asynchronous invocation; absent off the request path (the
 * scheduled draw), where every step runs here.
 */
export async function runVerifiableDraw(deps: VerifiableDeps, request: DrawRequest, invoker?: SelfInvoker): Promise<VerifiableOutcome> {
  let s: Situation = {
    record: await deps.store.get(request.drawId),
    request,
    now: request.now,
    mayHandOver: invoker !== undefined,
    acted: false,
  };
  for (let i = 0; i < MAX_ACTIONS; i++) {
    const action = nextAction(s);
    switch (action.kind) {
      case 'answer':
        return { record: s.record!, replayed: action.replayed, phase: action.phase };
      case 'fail':
        throw action.error;
      case 'create': {
        const counters = await readCounters(deps.table, deps.keys, { includeStats: true });
        if (eligibleCount(counters) === 0) throw new DomainError('no_eligible_entrants', 'There is nobody to draw: the pool is empty.');
        const lease = request.now.toISOString();
        // Not created: the same key, a moment earlier.
        if (await deps.store.create(freezingRecord(deps.keys, request, counters, lease))) s = { ...s, lease, acted: true };
        break;
      }
      case 'take-lease': {
        const lease = request.now.toISOString();
        if (await deps.store.takeLease(request.drawId, action.status, lease, leaseExpiredBefore(request.now))) s = { ...s, lease };
        break;
      }
      case 'hand-over': {
        const event: VerifiableStepEvent = {
          source: STEP_SOURCE,
          step: action.step,
          raffleId: deps.keys.raffleId,
          drawId: request.drawId,
          lease: action.lease,
        };
        const taken = await invoker!.invoke(event).then(
          () => true,
          () => false, // Lambda would not take it: the step runs here (past the gateway's 29 s if need be: the function goes on)
        );
        s = taken ? { ...s, handedOver: action.step, acted: true } : { ...s, mayHandOver: false };
        continue;
      }
      case 'freeze':
        await underLease(deps, request.drawId, 'freezing', action.lease, () => freeze(deps, request.drawId, action.lease));
        s = { ...s, acted: true };
        break;
      case 'publish-commitment':
        await publishCommitment(deps, s.record!);
        s = { ...s, acted: true };
        break;
      case 'reveal':
        await reveal(deps, s.record!, action.round);
        s = { ...s, acted: true };
        break;
      case 'walk': {
        const record = s.record!;
        await (action.lease ? underLease(deps, record.drawId, 'pending', action.lease, () => walk(deps, record)) : walk(deps, record));
        s = { ...s, acted: true };
        break;
      }
    }
    s = { ...s, record: await deps.store.get(request.drawId) };
  }
  throw new Error(`verifiable draw ${request.drawId} did not settle after ${MAX_ACTIONS} actions`);
}

/** A large pool's freeze or walk, handed over: done under the event's lease, or nothing when that lease was taken over. */
export async function runVerifiableStep(deps: VerifiableDeps, event: VerifiableStepEvent): Promise<DrawRecord> {
  const record = await deps.store.get(event.drawId);
  if (!record) throw new Error(`draw ${event.drawId} does not exist`);
  switch (stepAction(record, event.step, event.lease)) {
    case 'freeze':
      return freeze(deps, event.drawId, event.lease);
    case 'walk':
      return walk(deps, record);
    case 'nothing':
      return record;
  }
}

/** Runs a step here under its lease; a failure gives the lease back, so the same request again may retry at once. */
async function underLease<T>(
  deps: VerifiableDeps,
  drawId: string,
  status: DrawRecord['status'],
  lease: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await deps.store.releaseLease(drawId, status, lease);
    throw err;
  }
}
