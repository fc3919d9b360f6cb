/**
 * The verifiable draw (config verifiableDraws): a draw anyone can check with verify-draw, because the
 * organiser fixes everything before the randomness exists. The rules are verify/selection.ts; this
 * file is the raffle's side of them. One Idempotency-Key names the draw through both phases:
 *
 *   1. commit (the first request): the eligible entrants' labels are frozen into the pool file, the
 *      beacon round R is the first at least the margin ahead, and the record (algorithm, pool hash, N,
 *      winners wanted, R) is written once, conditionally: it can never change. Then the pool and the
 *      commitment are published on the site. Answer: 202 and the commitment.
 *   2. reveal (the same request again, once round R exists): R is fetched from the relays and verified
 *      against the pinned key. Unreachable: 503, and the next try asks for the same round, never
 *      another. Not valid: the draw is refused for good. Valid: the labels are ranked, and winners are
 *      claimed in rank order (each claim conditional, as in any draw), skipping those no longer
 *      eligible; the walk, the beacon and the result are published. Answer: 201 and the draw.
 *
 * Freezing reads the eligible index once (O(N)); the fast draw stays O(1) in the entrants.
 */
import { TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
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
import { newDrawRecord, resumeOrReplay, type DrawOutcome, type DrawRequest } from './run-draw';
import { claimItems, claimWinner, completeDraw, getDraw, listEligible, putDrawIfAbsent, type Candidate } from './store';

export interface VerifiableRequest extends DrawRequest {
  /** Seconds from the commitment to the beacon round. */
  readonly marginSeconds: number;
  /** The local runtime's beacon key; undefined on AWS (drand quicknet, pinned). */
  readonly localBeaconKey?: string;
}

export type VerifiableOutcome = DrawOutcome & { readonly phase: 'committed' | 'revealed' };

export async function runVerifiableDraw(request: VerifiableRequest): Promise<VerifiableOutcome> {
  const existing = await getDraw(request.drawId);
  if (!existing) return commit(request);
  if (!existing.verifiable)
    throw new DomainError('idempotency_key_mismatch', 'This Idempotency-Key was used for a draw that is not verifiable.');
  if (existing.status === 'complete') return { ...(await resumeOrReplay(existing, request)), phase: 'revealed' };
  if (existing.status === 'refused') {
    throw new DomainError('beacon_invalid', `This draw was refused: ${existing.verifiable.refusedBecause ?? 'its beacon did not verify'}.`);
  }
  return reveal(await publishCommitment(existing, request.now), request);
}

/** The eligible entrants that have a label, by label. */
async function eligibleByLabel(): Promise<Map<string, Candidate>> {
  const byLabel = new Map<string, Candidate>();
  for (const candidate of await listEligible()) if (candidate.label) byLabel.set(candidate.label, candidate);
  return byLabel;
}

async function commit(request: VerifiableRequest): Promise<VerifiableOutcome> {
  const counters = await readCounters({ includeStats: true });
  const pool = poolFile([...(await eligibleByLabel()).keys()]);
  const labels = labelsOf(pool);
  if (labels.length === 0) throw new DomainError('no_eligible_entrants', 'There is nobody to draw: the pool is empty.');
  const committedAt = request.now.toISOString();
  const facts: VerifiableFacts = {
    algorithm: ALGORITHM,
    chainHash: request.localBeaconKey ? 'local' : QUICKNET.chainHash,
    ...(request.localBeaconKey ? { publicKey: request.localBeaconKey } : {}),
    poolHash: sha256Hex(pool),
    poolSize: labels.length,
    round: firstRoundAtOrAfter(Math.ceil(request.now.getTime() / 1000) + request.marginSeconds),
    committedAt,
  };
  const base = newDrawRecord(request, counters);
  const record: DrawRecord = {
    ...base,
    status: 'committed',
    target: Math.min(request.requested, labels.length),
    eligibleCount: labels.length,
    randomness: `verifiable: ${ALGORITHM}`,
    method: 'verifiable-ranking',
    verifiable: facts,
  };
  if (!(await putDrawIfAbsent(record))) return runVerifiableDraw(request); // the same key, a moment earlier
  await publish(record, pool);
  return { record: (await getDraw(record.drawId)) ?? record, replayed: false, phase: 'committed' };
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
  await setFacts(record.drawId, 'published', true, 'committed');
}

/** A commitment whose files were not published (the function stopped in between) is published now, if the pool is still the one committed. */
async function publishCommitment(record: DrawRecord, now: Date): Promise<DrawRecord> {
  const facts = record.verifiable as VerifiableFacts;
  if (facts.published) return record;
  const pool = poolFile([...(await eligibleByLabel()).keys()]);
  if (sha256Hex(pool) !== facts.poolHash) {
    await refuse(record, 'the pool changed before its commitment was published', now);
    throw new DomainError('pool_changed', 'The pool changed before the commitment was published; this draw is refused. Make a new one.');
  }
  await publish(record, pool);
  return (await getDraw(record.drawId)) ?? record;
}

async function setFacts(drawId: string, field: keyof VerifiableFacts, value: unknown, status: DrawRecord['status']): Promise<void> {
  await dynamodb().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: { email: { S: itemKeys.draw(drawId) } },
      UpdateExpression: 'SET verifiable.#field = :value',
      ConditionExpression: '#status = :status',
      ExpressionAttributeNames: { '#field': field, '#status': 'status' },
      ExpressionAttributeValues: { ':value': toAttribute(value as never), ':status': { S: status } },
    }),
  );
}

async function refuse(record: DrawRecord, because: string, now: Date): Promise<void> {
  await dynamodb().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: { email: { S: itemKeys.draw(record.drawId) } },
      UpdateExpression: 'SET #status = :refused, verifiable.refusedBecause = :because, completedAt = :now',
      ConditionExpression: '#status = :committed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':refused': { S: 'refused' },
        ':committed': { S: 'committed' },
        ':because': { S: because },
        ':now': { S: now.toISOString() },
      },
    }),
  );
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
    // committed → pending, with the beacon: from here the claims run as in any draw.
    await dynamodb()
      .send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: { email: { S: itemKeys.draw(record.drawId) } },
          UpdateExpression: 'SET #status = :pending, verifiable.beacon = :beacon',
          ConditionExpression: '#status = :committed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': { S: 'pending' },
            ':committed': { S: 'committed' },
            ':beacon': toAttribute({ ...beacon }),
          },
        }),
      )
      .catch((err: { name?: string }) => {
        if (err?.name !== 'ConditionalCheckFailedException') throw err; // another request got there first
      });
  }
  const pending = (await getDraw(record.drawId)) as DrawRecord;
  if (pending.status === 'complete') return { record: pending, replayed: true, phase: 'revealed' };
  const done = await walk(pending);
  return { record: done, replayed: false, phase: 'revealed' };
}

/** Claims winners in rank order, skipping those no longer eligible; resumable (this draw's own winners count as won). */
async function walk(record: DrawRecord): Promise<DrawRecord> {
  const facts = record.verifiable as VerifiableFacts;
  const beacon = facts.beacon as NonNullable<VerifiableFacts['beacon']>;
  // The ranking is of the committed pool, read back from where it was published: nobody joins it since.
  const pool = await readPublishedDrawFile(record.drawId, 'pool.txt');
  if (sha256Hex(pool) !== facts.poolHash) throw new Error(`the published pool of draw ${record.drawId} does not match its commitment`);
  const ranking = rank(beacon.randomness, facts.poolHash, labelsOf(pool));
  const eligible = await eligibleByLabel();
  const ownWinners = new Set(record.winners.map((w) => ('label' in w ? w.label : undefined)));
  let won = 0;
  for (const label of ranking) {
    if (won >= record.target) break;
    const candidate = eligible.get(label);
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
  await setFacts(record.drawId, 'sequence', sequence, 'pending').catch((err: { name?: string }) => {
    if (err?.name !== 'ConditionalCheckFailedException') throw err; // the other reveal completed the draw first
  });
  await publishDrawFile(record.drawId, 'beacon.json', `${JSON.stringify(beacon, null, 2)}\n`);
  await publishResult(record.drawId, sequence);
  return completeDraw(record.drawId, sequence.length, 'verifiable-ranking', new Date());
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
      return completeDraw(replacement.drawId, 0, 'verifiable-ranking', new Date());
    }
    const ranking = rank(beacon.randomness, facts.poolHash, labelsOf(await readPublishedDrawFile(originalId, 'pool.txt')));
    const eligible = await eligibleByLabel();
    const skipped: WalkStep[] = [];
    let outcome: 'claimed' | 'raced' | 'exhausted' = 'exhausted';
    for (const label of ranking.slice(walked.length)) {
      const candidate = eligible.get(label);
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
    return completeDraw(replacement.drawId, skipped.length + (outcome === 'claimed' ? 1 : 0), 'verifiable-ranking', new Date());
  }
  throw new Error(`the walk of draw ${originalId} kept changing over ${MAX_WALK_ATTEMPTS} attempts`);
}

function walkUpdate(originalId: string, walkedLength: number, sequence: readonly WalkStep[]) {
  return {
    TableName: tableName(),
    Key: { email: { S: itemKeys.draw(originalId) } },
    UpdateExpression: 'SET verifiable.#sequence = :sequence',
    ConditionExpression: 'size(verifiable.#sequence) = :walked',
    ExpressionAttributeNames: { '#sequence': 'sequence' },
    ExpressionAttributeValues: { ':sequence': toAttribute(sequence as never), ':walked': { N: String(walkedLength) } },
  };
}

async function extendWalk(originalId: string, walkedLength: number, sequence: readonly WalkStep[]): Promise<boolean> {
  try {
    await dynamodb().send(new UpdateItemCommand(walkUpdate(originalId, walkedLength, sequence)));
    return true;
  } catch (err) {
    if ((err as { name?: string })?.name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
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
