/**
 * The verifiable draw (config verifiableDraws): a draw anyone can check with verify-draw, because the
 * organiser fixes everything before the randomness exists. The rules are verify/selection.ts; this
 * file is the raffle's side of them. One Idempotency-Key names the draw through both phases:
 *
 *   1. commit (the first request): the draw is recorded as freezing, and the eligible entrants' labels
 *      are frozen into the pool file; the beacon round R is the first at least the margin after that,
 *      and the commitment (algorithm, pool hash, N, winners wanted, R) is written once, conditionally:
 *      it can never change. Then the pool and the commitment are published on the site.
 *   2. reveal (the same request again, once round R exists): R is fetched from the relays and verified
 *      against the pinned key. Unreachable: 503, and the next try asks for the same round, never
 *      another. Not valid: the draw is refused for good. Valid: the labels are ranked, and winners are
 *      claimed in rank order (each claim conditional, as in any draw), skipping those no longer
 *      eligible; the walk, the beacon and the result are published. Answer: 201 and the draw.
 *
 * Freezing reads the eligible index once (O(N)), and so does the walk; the fast draw stays O(1) in the
 * entrants. So for a pool over LIMITS.inlineVerifiableEntrants, each of those two steps is handed to an
 * asynchronous invocation (request.handOver): the request answers 202 at once, "freezing" or "pending"
 * (the beacon verified, the winners being claimed), and the same request again answers with the
 * commitment, then the draw, once the step is done. A small pool's steps run in the request.
 */
import {
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type Update,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { FUNCTIONS } from '../../model/functions';
import { LIMITS } from '../../model/limits';
import { itemKeys } from '../../model/schema';
import {
  ALGORITHM,
  firstRoundAtOrAfter,
  labelsOf,
  poolFile,
  QUICKNET,
  rank,
  roundTime,
  sha256Hex,
  verifyBeacon,
} from '../../verify/selection';
import type { Commitment, DrawResult } from '../../verify/verify-draw';
import { BeaconUnavailable, fetchBeacon } from '../runtime/beacon';
import { cancellationCode, dynamodb, sendTransaction, tableName } from '../runtime/dynamodb';
import { toAttribute } from '../runtime/marshal';
import { publishDrawFile, readPublishedDrawFile } from '../runtime/publish';
import { readCounters } from '../shared/counters';
import type { DrawRecord, VerifiableFacts, Winner, WalkStep } from '../shared/draw-record';
import { eligibleCount, newDrawRecord, resumeOrReplay, type DrawOutcome, type DrawRequest } from './run-draw';
import { claimItems, claimWinner, completeDraw, eligibleEntry, eligibleLabels, getDraw, putDrawIfAbsent, type Candidate } from './store';

export interface VerifiableSettings {
  /** Seconds from the commitment to the beacon round. */
  readonly marginSeconds: number;
  /** The local runtime's beacon key; undefined on AWS (drand quicknet, pinned). */
  readonly localBeaconKey?: string;
}

/** The two steps of a verifiable draw that read every eligible entrant. */
export type VerifiableStep = 'freeze' | 'walk';

export interface VerifiableRequest extends DrawRequest, VerifiableSettings {
  /**
   * Starts a large pool's step somewhere else (an asynchronous invocation), under the lease taken for
   * it, so that the request answers at once. Absent: every step runs here, whatever the pool's size
   * (the scheduled draw, which runs off the request path already).
   */
  readonly handOver?: (step: VerifiableStep, drawId: string, lease: string) => Promise<void>;
}

/** freezing and revealing: a large pool's step runs elsewhere; ask again. */
export type VerifiablePhase = 'freezing' | 'committed' | 'revealing' | 'revealed';

export type VerifiableOutcome = DrawOutcome & { readonly phase: VerifiablePhase };

const METHOD = 'verifiable-ranking';

export async function runVerifiableDraw(request: VerifiableRequest): Promise<VerifiableOutcome> {
  const existing = await getDraw(request.drawId);
  if (!existing) return start(request);
  if (!existing.verifiable && existing.status !== 'freezing')
    throw new DomainError('idempotency_key_mismatch', 'This Idempotency-Key was used for a draw that is not verifiable.');
  if (existing.status === 'freezing') {
    // Being frozen (by the invocation it was handed to, or its retry) while the lease holds.
    const lease = await takeLease(existing.drawId, 'freezing', request.now);
    if (!lease) return { record: existing, replayed: true, phase: 'freezing' };
    return freezeSomewhere(existing, lease, request, existing.eligibleCount);
  }
  if (existing.status === 'complete') return { ...(await resumeOrReplay(existing, request)), phase: 'revealed' };
  if (existing.status === 'refused') throw refusal(existing);
  return reveal(await publishCommitment(existing, request.now), request);
}

/** The eligible entrants' labels, as a pool file. */
async function frozenPool(): Promise<string> {
  return poolFile([...(await eligibleLabels()).keys()]);
}

/**
 * Who may still win, by label: the eligible labels read once, and each candidate's details read when the
 * walk reaches its label (whether it is still eligible is settled by the claim's condition anyway).
 */
async function candidatesByLabel(): Promise<(label: string) => Promise<Candidate | undefined>> {
  const entryByLabel = await eligibleLabels();
  return async (label) => {
    const entryKey = entryByLabel.get(label);
    return entryKey ? eligibleEntry(entryKey) : undefined;
  };
}

/**
 * The draw record first, "freezing" (written once, conditionally: the key names one draw) with the
 * freeze's lease held, then the freeze: here for a pool the counters say is small, or elsewhere for a
 * large one.
 */
async function start(request: VerifiableRequest): Promise<VerifiableOutcome> {
  const counters = await readCounters({ includeStats: true });
  const eligible = eligibleCount(counters);
  if (eligible === 0) throw new DomainError('no_eligible_entrants', 'There is nobody to draw: the pool is empty.');
  const lease = request.now.toISOString();
  const record: DrawRecord = {
    ...newDrawRecord(request, counters),
    status: 'freezing',
    randomness: `verifiable: ${ALGORITHM}`,
    method: METHOD,
    workingSince: lease,
  };
  if (!(await putDrawIfAbsent(record))) return runVerifiableDraw(request); // the same key, a moment earlier
  return freezeSomewhere(record, lease, request, eligible);
}

/** Freezes under `lease`: hands a large pool over (the lease goes with it), or freezes here. */
async function freezeSomewhere(
  record: DrawRecord,
  lease: string,
  request: VerifiableRequest,
  eligible: number,
): Promise<VerifiableOutcome> {
  if (await handedOver(request, 'freeze', record.drawId, lease, eligible)) return { record, replayed: false, phase: 'freezing' };
  const frozen = await underLease(record.drawId, 'freezing', lease, () => freezeDraw(record.drawId, lease, request));
  if (frozen.status === 'refused') throw refusal(frozen);
  return { record: frozen, replayed: false, phase: frozen.status === 'freezing' ? 'freezing' : 'committed' };
}

/** Whether a large pool's step was handed over; false for a small pool, or when Lambda would not take it. */
async function handedOver(
  request: VerifiableRequest,
  step: VerifiableStep,
  drawId: string,
  lease: string,
  poolSize: number,
): Promise<boolean> {
  if (!request.handOver || poolSize <= LIMITS.inlineVerifiableEntrants) return false;
  return request.handOver(step, drawId, lease).then(
    () => true,
    () => false, // Lambda would not take it: the step runs here (past the gateway's 29 s if need be: the function goes on)
  );
}

/** Runs a step here under its lease; a failure gives the lease back, so the same request again may retry at once. */
async function underLease<T>(drawId: string, status: DrawRecord['status'], lease: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await releaseLease(drawId, status, lease);
    throw err;
  }
}

/**
 * A step of a large pool (the freeze while "freezing", the walk while "pending") is held by one lease
 * (workingSince) for as long as one invocation can run: a second request, or a retry of the handed-over
 * event, never runs the step twice at once; a step whose invocation was lost is taken over once its
 * lease has run out; and a step that failed in a request gives its lease back. The asynchronous
 * invocation carries its lease, so Lambda's retries of it go on under the same one.
 */
const LEASE_MS = FUNCTIONS.draw.sizing.timeoutSeconds * 1000;

/** Takes the step of a draw in `status` when nobody holds it (or their lease ran out); undefined when another does. */
async function takeLease(drawId: string, status: DrawRecord['status'], now: Date): Promise<string | undefined> {
  const lease = now.toISOString();
  const taken = await conditionalDrawUpdate(
    drawId,
    'SET workingSince = :lease',
    '#status = :status AND (attribute_not_exists(workingSince) OR workingSince < :expired)',
    { ':status': { S: status }, ':lease': { S: lease }, ':expired': { S: new Date(now.getTime() - LEASE_MS).toISOString() } },
  );
  return taken ? lease : undefined;
}

async function releaseLease(drawId: string, status: DrawRecord['status'], lease: string): Promise<void> {
  await conditionalDrawUpdate(drawId, 'REMOVE workingSince', '#status = :status AND workingSince = :lease', {
    ':status': { S: status },
    ':lease': { S: lease },
  });
}

/** An update of a draw's record; false when its condition failed. */
async function conditionalDrawUpdate(
  drawId: string,
  update: string,
  condition: string,
  values: Record<string, AttributeValue>,
  names: Record<string, string> = { '#status': 'status' },
): Promise<boolean> {
  return updatedIf({
    TableName: tableName(),
    Key: { email: { S: itemKeys.draw(drawId) } },
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** One conditional update; false when its condition failed (another request or invocation moved the draw on). */
async function updatedIf(input: UpdateItemCommandInput): Promise<boolean> {
  try {
    await dynamodb().send(new UpdateItemCommand(input));
    return true;
  } catch (err) {
    if ((err as { name?: string })?.name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** Why a refused draw was refused, as the API says it: an empty pool, or a beacon that did not verify. */
function refusal(record: DrawRecord): DomainError {
  if (record.verifiable?.poolSize === 0) return new DomainError('no_eligible_entrants', 'There is nobody to draw: the pool is empty.');
  return new DomainError('beacon_invalid', `This draw was refused: ${record.verifiable?.refusedBecause ?? 'its beacon did not verify'}.`);
}

/**
 * Freezes a freezing draw: the eligible entrants' labels become the pool file; the round R is the first
 * at least the margin after the pool was read; the commitment (algorithm, pool hash, N, winners wanted,
 * R) is written once, conditionally, then the pool and the commitment are published. Safe to repeat
 * (a retried invocation finds the draw committed), and only under `lease`: a freeze whose lease was
 * taken over does nothing. A pool found empty (everyone erased meanwhile) means the draw is not made:
 * it is refused, with N = 0. Returns the draw as it now stands.
 */
export async function freezeDraw(drawId: string, lease: string, settings: VerifiableSettings): Promise<DrawRecord> {
  const record = await getDraw(drawId);
  if (!record) throw new Error(`draw ${drawId} does not exist`);
  if (record.status !== 'freezing' || record.workingSince !== lease) return record;
  const pool = await frozenPool();
  const labels = labelsOf(pool);
  // Read after the pool: however long the freeze took, the round is still the margin ahead.
  const frozenAt = new Date();
  const facts: VerifiableFacts = {
    algorithm: ALGORITHM,
    chainHash: settings.localBeaconKey ? 'local' : QUICKNET.chainHash,
    ...(settings.localBeaconKey ? { publicKey: settings.localBeaconKey } : {}),
    poolHash: sha256Hex(pool),
    poolSize: labels.length,
    round: firstRoundAtOrAfter(Math.ceil(frozenAt.getTime() / 1000) + settings.marginSeconds),
    committedAt: frozenAt.toISOString(),
  };
  const empty = labels.length === 0;
  const { workingSince: _lease, ...frozen } = record;
  const committed: DrawRecord = {
    ...frozen,
    status: empty ? 'refused' : 'committed',
    target: Math.min(record.requested, labels.length),
    eligibleCount: labels.length,
    verifiable: empty ? { ...facts, refusedBecause: 'nobody was eligible when the pool was frozen' } : facts,
  };
  const written = await conditionalDrawUpdate(
    drawId,
    'SET #status = :status, verifiable = :facts, target = :target, eligibleCount = :eligible REMOVE workingSince',
    '#status = :freezing AND workingSince = :lease',
    {
      ':status': { S: committed.status },
      ':freezing': { S: 'freezing' },
      ':lease': { S: lease },
      ':facts': toAttribute(committed.verifiable as never),
      ':target': { N: String(committed.target) },
      ':eligible': { N: String(committed.eligibleCount) },
    },
  );
  // Another freeze of the same draw committed first.
  if (!written) return (await getDraw(drawId)) ?? committed;
  if (empty) return committed;
  await publish(committed, pool);
  return (await getDraw(drawId)) ?? committed;
}

function commitmentOf(record: DrawRecord): Commitment {
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

async function publish(record: DrawRecord, pool: string): Promise<void> {
  await publishDrawFile(record.drawId, 'pool.txt', pool);
  await publishDrawFile(record.drawId, 'commitment.json', `${JSON.stringify(commitmentOf(record), null, 2)}\n`);
  if (!(await setFacts(record.drawId, 'published', true, 'committed')))
    throw new Error(`draw ${record.drawId} is no longer committed: its files are published but not marked so`);
}

/** A commitment whose files were not published (the function stopped in between) is published now, if the pool is still the one committed. */
async function publishCommitment(record: DrawRecord, now: Date): Promise<DrawRecord> {
  const facts = record.verifiable as VerifiableFacts;
  if (facts.published) return record;
  const pool = await frozenPool();
  if (sha256Hex(pool) !== facts.poolHash) {
    await refuse(record, 'the pool changed before its commitment was published', now);
    throw new DomainError('pool_changed', 'The pool changed before the commitment was published; this draw is refused. Make a new one.');
  }
  await publish(record, pool);
  return (await getDraw(record.drawId)) ?? record;
}

/** Sets one verifiable fact while the draw is in `status`; false when it no longer is. */
async function setFacts(drawId: string, field: keyof VerifiableFacts, value: unknown, status: DrawRecord['status']): Promise<boolean> {
  return conditionalDrawUpdate(
    drawId,
    'SET verifiable.#field = :value',
    '#status = :status',
    { ':value': toAttribute(value as never), ':status': { S: status } },
    { '#field': field, '#status': 'status' },
  );
}

async function refuse(record: DrawRecord, because: string, now: Date): Promise<void> {
  const refused = await conditionalDrawUpdate(
    record.drawId,
    'SET #status = :refused, verifiable.refusedBecause = :because, completedAt = :now',
    '#status = :committed',
    { ':refused': { S: 'refused' }, ':committed': { S: 'committed' }, ':because': { S: because }, ':now': { S: now.toISOString() } },
  );
  if (!refused) throw new Error(`draw ${record.drawId} is no longer committed: it cannot be refused`);
}

async function reveal(record: DrawRecord, request: VerifiableRequest): Promise<VerifiableOutcome> {
  const facts = record.verifiable as VerifiableFacts;
  if (record.status === 'committed') {
    if (request.now.getTime() < roundTime(facts.round) * 1000) return { record, replayed: true, phase: 'committed' };
    let beacon;
    try {
      beacon = await fetchBeacon(facts.round);
    } catch (err) {
      if (err instanceof BeaconUnavailable) {
        throw new DomainError(
          'beacon_unavailable',
          `The beacon of round ${facts.round} cannot be fetched yet: try again (the same round is used).`,
        );
      }
      throw err;
    }
    if (!verifyBeacon(beacon, facts.round, facts.publicKey ?? QUICKNET.publicKey)) {
      await refuse(record, `the beacon of round ${facts.round} did not verify`, request.now);
      throw new DomainError('beacon_invalid', `The beacon of round ${facts.round} did not verify: the draw is refused.`);
    }
    // committed → pending, with the beacon: from here the claims run as in any draw. False: another
    // request got there first, with the same beacon.
    await conditionalDrawUpdate(record.drawId, 'SET #status = :pending, verifiable.beacon = :beacon', '#status = :committed', {
      ':pending': { S: 'pending' },
      ':committed': { S: 'committed' },
      ':beacon': toAttribute({ ...beacon }),
    });
  }
  const pending = (await getDraw(record.drawId)) as DrawRecord;
  if (pending.status === 'complete') return { record: pending, replayed: true, phase: 'revealed' };
  if (request.handOver && facts.poolSize > LIMITS.inlineVerifiableEntrants) {
    // A large pool's walk: by the invocation holding its lease, or handed over now.
    const lease = await takeLease(pending.drawId, 'pending', request.now);
    if (!lease) return { record: pending, replayed: true, phase: 'revealing' };
    if (await handedOver(request, 'walk', pending.drawId, lease, facts.poolSize))
      return { record: pending, replayed: false, phase: 'revealing' };
    return { record: await underLease(pending.drawId, 'pending', lease, () => walk(pending)), replayed: false, phase: 'revealed' };
  }
  return { record: await walk(pending), replayed: false, phase: 'revealed' };
}

/**
 * A large pool's walk, handed over: claims the winners under `lease` (a walk whose lease was taken over
 * does nothing; Lambda's retries go on under the same lease). Returns the draw as it now stands.
 */
export async function walkDraw(drawId: string, lease: string): Promise<DrawRecord> {
  const record = await getDraw(drawId);
  if (!record) throw new Error(`draw ${drawId} does not exist`);
  if (record.status !== 'pending' || record.workingSince !== lease) return record;
  return walk(record);
}

/** Claims winners in rank order, skipping those no longer eligible; resumable (this draw's own winners count as won). */
async function walk(record: DrawRecord): Promise<DrawRecord> {
  const facts = record.verifiable as VerifiableFacts;
  const beacon = facts.beacon as NonNullable<VerifiableFacts['beacon']>;
  // The ranking is of the committed pool, read back from where it was published: nobody joins it since.
  const pool = await readPublishedDrawFile(record.drawId, 'pool.txt');
  if (sha256Hex(pool) !== facts.poolHash) throw new Error(`the published pool of draw ${record.drawId} does not match its commitment`);
  const ranking = rank(beacon.randomness, facts.poolHash, labelsOf(pool));
  const candidateOf = await candidatesByLabel();
  const ownWinners = new Set(record.winners.map((w) => ('label' in w ? w.label : undefined)));
  let won = 0;
  for (const label of ranking) {
    if (won >= record.target) break;
    const candidate = ownWinners.has(label) ? undefined : await candidateOf(label);
    const outcome = ownWinners.has(label) ? 'claimed' : candidate ? await claimWinner(record, candidate, new Date()) : 'rejected';
    if (outcome === 'stop') break;
    if (outcome === 'claimed') won++;
  }
  // The walk as recorded is rebuilt from the draw's winners: two reveals at once (a double click) claim
  // in the same rank order and never past the target, and both then record the very same walk.
  const winners = new Set(((await getDraw(record.drawId)) ?? record).winners.map((w) => ('label' in w ? w.label : undefined)));
  // It stops at the winner that makes the target, or, when too few were eligible, covers the whole ranking.
  const stopsAtTarget = winners.size >= record.target;
  const sequence: WalkStep[] = [];
  let recorded = 0;
  for (const label of ranking) {
    if (stopsAtTarget && recorded === winners.size) break;
    if (winners.has(label)) recorded++;
    sequence.push(winners.has(label) ? { label, outcome: 'won' } : { label, outcome: 'skipped', reason: SKIPPED });
  }
  // False: the other reveal completed the draw first, with the very same walk.
  await setFacts(record.drawId, 'sequence', sequence, 'pending');
  await publishDrawFile(record.drawId, 'beacon.json', `${JSON.stringify(beacon, null, 2)}\n`);
  await publishResult(record.drawId, sequence);
  return completeDraw(record.drawId, sequence.length, METHOD, new Date());
}

async function publishResult(drawId: string, sequence: readonly WalkStep[]): Promise<void> {
  const result: DrawResult = { drawId, sequence };
  await publishDrawFile(drawId, 'result.json', `${JSON.stringify(result, null, 2)}\n`);
}

const SKIPPED = 'no longer eligible (won another draw, or erased)';

/** Concurrent voids of one draw each extend its walk; a lost race reads the walk again. */
const MAX_WALK_ATTEMPTS = 8;

/**
 * The replacement of a voided winner of a verifiable draw: not a new draw, but the next label of the
 * same ranking. The original's walk marks the voided step and goes on from where it stopped, skipping
 * the ineligible, until the replacement has its winner (or the ranking runs out). The claim and the
 * extended walk are one transaction, conditional on the walk's length: two voids at once can never
 * take one place, nor see a label as taken that the other took; the loser reads the walk again.
 * result.json is published again, so verify-draw checks the replacement too.
 */
export async function continueWalk(originalId: string, replacement: DrawRecord, voided: Winner): Promise<DrawRecord> {
  for (let attempt = 0; attempt < MAX_WALK_ATTEMPTS; attempt++) {
    const original = (await getDraw(originalId)) as DrawRecord;
    const facts = original.verifiable as VerifiableFacts;
    const beacon = facts.beacon as NonNullable<VerifiableFacts['beacon']>;
    const walked = facts.sequence ?? [];
    const marked = walked.map((step) => (step.label === voided.label && step.outcome === 'won' ? { ...step, voided: true } : step));
    if (walked.some((step) => step.forDraw === replacement.drawId && step.outcome === 'won')) {
      // Done before (a resumed request): publish and complete.
      await publishResult(originalId, walked);
      return completeDraw(replacement.drawId, 0, METHOD, new Date());
    }
    const ranking = rank(beacon.randomness, facts.poolHash, labelsOf(await readPublishedDrawFile(originalId, 'pool.txt')));
    const candidateOf = await candidatesByLabel();
    const skipped: WalkStep[] = [];
    let outcome: 'claimed' | 'raced' | 'exhausted' = 'exhausted';
    for (const label of ranking.slice(walked.length)) {
      const candidate = await candidateOf(label);
      const sequence = [...marked, ...skipped, { label, outcome: 'won' as const, forDraw: replacement.drawId }];
      const claim = candidate ? await claimInWalk(originalId, walked.length, sequence, replacement, candidate) : 'ineligible';
      if (claim === 'ineligible') {
        skipped.push({ label, outcome: 'skipped', reason: SKIPPED, forDraw: replacement.drawId });
        continue;
      }
      outcome = claim;
      if (claim === 'claimed') await publishResult(originalId, sequence);
      break;
    }
    if (outcome === 'raced') continue;
    if (outcome === 'exhausted') {
      // Nobody left in the ranking: the walk records the skips, and the replacement has no winner.
      const sequence = [...marked, ...skipped];
      if (!(await extendWalk(originalId, walked.length, sequence))) continue;
      await publishResult(originalId, sequence);
    }
    return completeDraw(replacement.drawId, skipped.length + (outcome === 'claimed' ? 1 : 0), METHOD, new Date());
  }
  throw new Error(`the walk of draw ${originalId} kept changing over ${MAX_WALK_ATTEMPTS} attempts`);
}

function walkUpdate(originalId: string, walkedLength: number, sequence: readonly WalkStep[]): Update {
  return {
    TableName: tableName(),
    Key: { email: { S: itemKeys.draw(originalId) } },
    UpdateExpression: 'SET verifiable.#sequence = :sequence',
    ConditionExpression: 'size(verifiable.#sequence) = :walked',
    ExpressionAttributeNames: { '#sequence': 'sequence' },
    ExpressionAttributeValues: { ':sequence': toAttribute(sequence as never), ':walked': { N: String(walkedLength) } },
  };
}

function extendWalk(originalId: string, walkedLength: number, sequence: readonly WalkStep[]): Promise<boolean> {
  return updatedIf(walkUpdate(originalId, walkedLength, sequence));
}

/** The claim of one winner for the replacement and the walk that records it, together or not at all. */
async function claimInWalk(
  originalId: string,
  walkedLength: number,
  sequence: readonly WalkStep[],
  replacement: DrawRecord,
  candidate: Candidate,
): Promise<'claimed' | 'ineligible' | 'raced'> {
  const claim = claimItems(replacement, candidate, new Date());
  try {
    await sendTransaction(
      new TransactWriteItemsCommand({ TransactItems: [...claim, { Update: walkUpdate(originalId, walkedLength, sequence) }] }),
      4,
    );
    return 'claimed';
  } catch (err) {
    if (cancellationCode(err, 0) === 'ConditionalCheckFailed') return 'ineligible';
    if (cancellationCode(err, claim.length) === 'ConditionalCheckFailed' || cancellationCode(err, 1) === 'ConditionalCheckFailed')
      return 'raced';
    throw err;
  }
}
