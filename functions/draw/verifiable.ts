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
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
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
import { dynamodb, tableName } from '../runtime/dynamodb';
import { toAttribute } from '../runtime/marshal';
import { publishDrawFile, readPublishedDrawFile } from '../runtime/publish';
import { readCounters } from '../shared/counters';
import type { DrawRecord, VerifiableFacts } from '../shared/draw-record';
import { newDrawRecord, resumeOrReplay, type DrawOutcome, type DrawRequest } from './run-draw';
import { claimWinner, completeDraw, getDraw, listEligible, putDrawIfAbsent, type Candidate } from './store';

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
  const sequence: Array<{ label: string; outcome: 'won' | 'skipped'; reason?: string }> = [];
  let won = 0;
  for (const label of ranking) {
    if (won >= record.target) break;
    const candidate = eligible.get(label);
    const outcome = ownWinners.has(label) ? 'claimed' : candidate ? await claimWinner(record, candidate, new Date()) : 'rejected';
    if (outcome === 'stop') break;
    if (outcome === 'claimed') won++;
    sequence.push(
      outcome === 'claimed'
        ? { label, outcome: 'won' }
        : { label, outcome: 'skipped', reason: 'no longer eligible (won another draw, or erased)' },
    );
  }
  await setFacts(record.drawId, 'sequence', sequence, 'pending');
  const result: DrawResult = { drawId: record.drawId, sequence };
  await publishDrawFile(record.drawId, 'beacon.json', `${JSON.stringify(beacon, null, 2)}\n`);
  await publishDrawFile(record.drawId, 'result.json', `${JSON.stringify(result, null, 2)}\n`);
  return completeDraw(record.drawId, sequence.length, 'verifiable-ranking', new Date());
}
