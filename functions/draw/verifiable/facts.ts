/**
 * What a verifiable draw records and publishes, computed from what it has read. Pure: the shell
 * (./steps.ts) reads the pool, the clock and the beacon, and writes what these return.
 */
import { ALGORITHM, firstRoundAtOrAfter, LOCAL_CHAIN_HASH } from '../../../verify/commitment';
import type { Commitment, DrawResult } from '../../../verify/verify-draw';
import type { BeaconChain } from '../../runtime/ports';
import type { CounterTotals } from '../../shared/counters';
import type { DrawRecord, VerifiableFacts, WalkStep } from '../../shared/draw-record';
import type { RaffleKeys } from '../../../model/raffle-keys';
import { UNCLAIMED_REASON } from '../../shared/claim-state';
import { newDrawRecord, type DrawRequest } from '../run-draw';

export const METHOD = 'verifiable-ranking';

/**
 * Why the walk passed a label by, when no public reason is known: with the pool lock that should not
 * happen, and verify-draw rejects such a skip (a label won elsewhere says so: skippedStep below).
 */
export const SKIPPED = 'no longer eligible (won another draw, or erased)';

/** A new verifiable draw, freezing, with its freeze's lease held by the invocation that makes it. */
export function freezingRecord(keys: RaffleKeys, request: DrawRequest, counters: CounterTotals, lease: string): DrawRecord {
  return {
    ...newDrawRecord(keys, request, counters),
    status: 'freezing',
    randomness: `verifiable: ${ALGORITHM}`,
    method: METHOD,
    workingSince: lease,
  };
}

export interface FrozenPool {
  readonly poolHash: string;
  readonly poolSize: number;
  /** When the pool was read: the round is the margin after it, however long the freeze took. */
  readonly frozenAt: Date;
}

/**
 * The draw as its freeze commits it: the beacon round R, the first at least `marginSeconds` after the
 * pool was read, and the commitment (algorithm, pool hash, N, winners wanted, R). An empty pool (everyone
 * erased meanwhile) means the draw is not made: it is refused, with N = 0.
 */
export function committedRecord(record: DrawRecord, pool: FrozenPool, marginSeconds: number, chain: BeaconChain): DrawRecord {
  const local = chain.chainHash === LOCAL_CHAIN_HASH;
  const facts: VerifiableFacts = {
    algorithm: ALGORITHM,
    chainHash: chain.chainHash,
    ...(local ? { publicKey: chain.publicKey } : {}),
    poolHash: pool.poolHash,
    poolSize: pool.poolSize,
    round: firstRoundAtOrAfter(Math.ceil(pool.frozenAt.getTime() / 1000) + marginSeconds),
    committedAt: pool.frozenAt.toISOString(),
  };
  const empty = pool.poolSize === 0;
  const { workingSince: _lease, ...frozen } = record;
  return {
    ...frozen,
    status: empty ? 'refused' : 'committed',
    target: Math.min(record.requested, pool.poolSize),
    eligibleCount: pool.poolSize,
    verifiable: empty ? { ...facts, refusedBecause: 'nobody was eligible when the pool was frozen' } : facts,
  };
}

/** commitment.json: what anyone checks the draw against. */
export function commitmentOf(record: DrawRecord): Commitment {
  const facts = record.verifiable as VerifiableFacts;
  return {
    algorithm: facts.algorithm,
    drawId: record.drawId,
    chainHash: facts.chainHash,
    ...(facts.publicKey ? { publicKey: facts.publicKey } : {}),
    poolHash: facts.poolHash,
    poolSize: facts.poolSize,
    winners: record.target,
    round: facts.round,
    committedAt: facts.committedAt,
  };
}

/** result.json: the walk, every label taken or skipped, in rank order. */
export function resultOf(drawId: string, sequence: readonly WalkStep[]): DrawResult {
  return { drawId, sequence };
}

/** Another draw of the raffle that claimed a label of this pool after its commitment (one revealed alongside), and when. */
export interface WonElsewhere {
  readonly drawId: string;
  readonly wonAt: string;
}

/**
 * A skipped step, with its public reason when there is one: the other draw the label won, and when. With
 * the pool locked from the freeze to the winners (functions/shared/pool-lock.ts), that is the only
 * reason a label of the walk itself can be passed by; a skip without it is one verify-draw rejects.
 */
function skippedStep(label: string, won: WonElsewhere | undefined): WalkStep {
  return won
    ? { label, outcome: 'skipped', reason: `won draw ${won.drawId}`, wonIn: won.drawId, wonAt: won.wonAt }
    : { label, outcome: 'skipped', reason: SKIPPED };
}

/**
 * The walk as recorded, rebuilt from the draw's winners: it stops at the winner that makes the target,
 * or, when too few were eligible, covers the whole ranking. Rebuilt rather than remembered, so that two
 * reveals at once (a double click), which claim in the same rank order and never past the target,
 * record the very same walk.
 */
export function walkOf(
  ranking: readonly string[],
  winnerLabels: ReadonlySet<string | undefined>,
  target: number,
  wonElsewhere: ReadonlyMap<string, WonElsewhere> = new Map(),
): WalkStep[] {
  const stopsAtTarget = winnerLabels.size >= target;
  const sequence: WalkStep[] = [];
  let recorded = 0;
  for (const label of ranking) {
    if (stopsAtTarget && recorded === winnerLabels.size) break;
    if (winnerLabels.has(label)) recorded++;
    sequence.push(winnerLabels.has(label) ? { label, outcome: 'won' } : skippedStep(label, wonElsewhere.get(label)));
  }
  return sequence;
}

/**
 * The label of a draw's winner slot `index`, read from the walk: a winner erased on request keeps no
 * label in the draw record, but the walk still has their step. A draw's own steps are the ones it won in
 * rank order, which is the order its winners were claimed in (a claim at a rank succeeds only once every
 * earlier rank is settled): the original draw's steps carry no `forDraw`, a replacement's carry its id.
 */
export function slotLabel(walked: readonly WalkStep[], drawId: string, isWalkOwner: boolean, index: number): string | undefined {
  const own = walked.filter((step) => step.outcome === 'won' && (isWalkOwner ? step.forDraw === undefined : step.forDraw === drawId));
  return own[index]?.label;
}

/**
 * The walk with the voided winner's step marked, with the void's time (published: the skips after it
 * follow from it), and for a win voided because its claim expired, the deadline it passed (`claimBy`:
 * verify-draw checks the void came after it). The walk goes on from its end for the replacement.
 */
export function markVoided(walked: readonly WalkStep[], label: string | undefined, voidedAt: string, claimBy?: string): WalkStep[] {
  return walked.map((step) =>
    step.label === label && step.outcome === 'won' && !step.voided
      ? { ...step, voided: true, voidedAt, ...(claimBy ? { reason: UNCLAIMED_REASON, claimBy } : {}) }
      : step,
  );
}
