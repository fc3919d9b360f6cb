/**
 * The verifiable draw's steps, each carried out through the ports: the freeze (the pool read and
 * committed), the publication, the reveal (the beacon fetched and verified), the walk (winners claimed
 * in rank order) and a void's continuation of the walk. Which step runs when is ./machine.ts's to say.
 *
 * The BLS verification and the ranking (verify/selection.ts, with @noble/curves) are loaded when a
 * reveal or a walk first needs them: a fast draw never pays for them (the bundler puts them in a file of
 * their own beside the function's).
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../model/errors';
import { labelsOf, poolFile, sha256Hex } from '../../../verify/commitment';
import type { BeaconSource, Publisher } from '../../runtime/ports';
import { isErased, type Candidate, type DrawRecord, type VerifiableFacts, type WalkStep } from '../../shared/draw-record';
import { eligibleEntry, eligibleLabels } from '../eligible';
import type { DrawDeps } from '../run-draw';
import { commitmentOf, committedRecord, markVoided, METHOD, resultOf, SKIPPED, walkOf, type WonElsewhere } from './facts';
import { stepAction } from './machine';

export interface VerifiableDeps extends DrawDeps {
  readonly publisher: Publisher;
  readonly beacon: BeaconSource;
  /** Seconds from the commitment to the beacon round (config beaconMarginSeconds). */
  readonly marginSeconds: number;
}

const loadSelection = () => import('../../../verify/selection');

/** Concurrent voids of one draw each extend its walk; a lost race reads the walk again. */
const MAX_WALK_ATTEMPTS = 8;

/**
 * Freezes a freezing draw under `lease`: the eligible labels become the pool file, and the commitment is
 * written once, conditionally, then the pool and the commitment are published. Safe to repeat (a retried
 * invocation finds the draw committed), and a freeze whose lease was taken over does nothing. Returns
 * the draw as it now stands.
 */
export async function freeze(deps: VerifiableDeps, drawId: string, lease: string): Promise<DrawRecord> {
  const record = await deps.store.get(drawId);
  if (!record) throw new Error(`draw ${drawId} does not exist`);
  if (stepAction(record, 'freeze', lease) === 'nothing') return record;
  const labels = [...(await eligibleLabels(deps.table, deps.keys)).keys()];
  const pool = poolFile(labels);
  const committed = committedRecord(
    record,
    { poolHash: sha256Hex(pool), poolSize: labels.length, frozenAt: deps.clock.now() },
    deps.marginSeconds,
    deps.beacon.chain,
  );
  // Not written: another freeze of the same draw committed first.
  if (!(await deps.store.commit(drawId, lease, committed))) return (await deps.store.get(drawId)) ?? committed;
  if (committed.status === 'refused') return committed;
  await publish(deps, committed, pool);
  return (await deps.store.get(drawId)) ?? committed;
}

async function publish(deps: VerifiableDeps, record: DrawRecord, pool: string): Promise<void> {
  await deps.publisher.put(record.drawId, 'pool.txt', pool);
  await deps.publisher.put(record.drawId, 'commitment.json', `${JSON.stringify(commitmentOf(record), null, 2)}\n`);
  if (!(await deps.store.markPublished(record.drawId)))
    throw new Error(`draw ${record.drawId} is no longer committed: its files are published but not marked so`);
}

/** A commitment whose files were not published (the function stopped in between) is published now, if the pool is still the one committed. */
export async function publishCommitment(deps: VerifiableDeps, record: DrawRecord): Promise<void> {
  const pool = poolFile([...(await eligibleLabels(deps.table, deps.keys)).keys()]);
  if (sha256Hex(pool) !== record.verifiable?.poolHash) {
    if (!(await deps.store.refuse(record.drawId, 'the pool changed before its commitment was published', deps.clock.now())))
      throw new Error(`draw ${record.drawId} is no longer committed: it cannot be refused`);
    throw new DomainError('pool_changed', 'The pool changed before the commitment was published; this draw is refused. Make a new one.');
  }
  await publish(deps, record, pool);
}

/**
 * Fetches round `round` and verifies it against the key the commitment names. Unreachable: 503, and the
 * next try asks for the same round, never another. Not valid: the draw is refused for good. Valid: the
 * draw turns pending with its beacon (or another request already did it, with the same beacon).
 */
export async function reveal(deps: VerifiableDeps, record: DrawRecord, round: number): Promise<void> {
  const facts = record.verifiable as VerifiableFacts;
  let beacon;
  try {
    beacon = await deps.beacon.round(round);
  } catch (err) {
    // By name: the local runtime's beacon is not built from this bundle's copy of the class.
    if ((err as Error)?.name === 'BeaconUnavailable')
      throw new DomainError(
        'beacon_unavailable',
        `The beacon of round ${round} cannot be fetched yet: try again (the same round is used).`,
      );
    throw err;
  }
  const { QUICKNET, verifyBeacon } = await loadSelection();
  if (!verifyBeacon(beacon, round, facts.publicKey ?? QUICKNET.publicKey)) {
    if (!(await deps.store.refuse(record.drawId, `the beacon of round ${round} did not verify`, deps.clock.now())))
      throw new Error(`draw ${record.drawId} is no longer committed: it cannot be refused`);
    throw new DomainError('beacon_invalid', `The beacon of round ${round} did not verify: the draw is refused.`);
  }
  await deps.store.startClaims(record.drawId, beacon);
}

/** The committed pool ranked by its beacon, read back from where it was published: nobody joins it since. */
export async function ranking(deps: VerifiableDeps, record: DrawRecord): Promise<string[]> {
  const facts = record.verifiable as VerifiableFacts;
  const pool = await deps.publisher.read(record.drawId, 'pool.txt');
  if (sha256Hex(pool) !== facts.poolHash) throw new Error(`the published pool of draw ${record.drawId} does not match its commitment`);
  const { rank } = await loadSelection();
  return rank(facts.beacon!.randomness, facts.poolHash, labelsOf(pool));
}

/**
 * Who may still win, by label: the eligible labels read once, and each candidate's details read when the
 * walk reaches its label (whether it is still eligible is settled by the claim's condition anyway).
 */
export async function candidatesByLabel(deps: VerifiableDeps): Promise<(label: string) => Promise<Candidate | undefined>> {
  const entryByLabel = await eligibleLabels(deps.table, deps.keys);
  return async (label) => {
    const entryKey = entryByLabel.get(label);
    return entryKey ? eligibleEntry(deps.table, deps.keys, entryKey) : undefined;
  };
}

const labelOf = (w: DrawRecord['winners'][number]): string | undefined => ('label' in w ? w.label : undefined);

/** Claims winners in rank order, skipping those no longer eligible; resumable (this draw's own winners count as won). */
export async function walk(deps: VerifiableDeps, record: DrawRecord): Promise<DrawRecord> {
  const facts = record.verifiable as VerifiableFacts;
  const ranked = await ranking(deps, record);
  const candidateOf = await candidatesByLabel(deps);
  const ownWinners = new Set(record.winners.map(labelOf));
  let won = 0;
  for (const label of ranked) {
    if (won >= record.target) break;
    const candidate = ownWinners.has(label) ? undefined : await candidateOf(label);
    const outcome = ownWinners.has(label)
      ? 'claimed'
      : candidate
        ? await deps.store.claim(record, candidate, deps.clock.now())
        : 'rejected';
    if (outcome === 'stop') break;
    if (outcome === 'claimed') won++;
  }
  const winners = new Set(((await deps.store.get(record.drawId)) ?? record).winners.map(labelOf));
  const sequence = walkOf(ranked, winners, record.target, await wonElsewhere(deps, record.drawId, ranked, winners));
  // False: the other reveal completed the draw first, with the very same walk.
  await deps.store.recordWalk(record.drawId, sequence);
  await deps.publisher.put(record.drawId, 'beacon.json', `${JSON.stringify(facts.beacon, null, 2)}\n`);
  await publishResult(deps, record.drawId, sequence);
  return deps.store.complete(record.drawId, sequence.length, METHOD, deps.clock.now(), true);
}

/**
 * The labels of this ranking that another draw of the raffle claimed (a verifiable draw revealed
 * alongside: the lock keeps every other claim out), with when, read from that entry's own win.
 */
async function wonElsewhere(
  deps: VerifiableDeps,
  drawId: string,
  ranked: readonly string[],
  winners: ReadonlySet<string | undefined>,
): Promise<Map<string, WonElsewhere>> {
  const out = new Map<string, WonElsewhere>();
  const inRanking = new Set(ranked);
  for (const other of await deps.store.latest(50)) {
    if (other.drawId === drawId) continue;
    for (const w of other.winners) {
      const label = labelOf(w);
      if (!label || !inRanking.has(label) || winners.has(label) || isErased(w)) continue;
      const entry = await deps.table.client.send(
        new GetItemCommand({ TableName: deps.table.name, Key: { email: { S: w.entryKey } }, ConsistentRead: true }),
      );
      const wonAt = entry.Item?.wonAt?.S;
      if (wonAt && entry.Item?.wonDrawId?.S === other.drawId) out.set(label, { drawId: other.drawId, wonAt });
    }
  }
  return out;
}

async function publishResult(deps: VerifiableDeps, drawId: string, sequence: readonly WalkStep[]): Promise<void> {
  await deps.publisher.put(drawId, 'result.json', `${JSON.stringify(resultOf(drawId, sequence), null, 2)}\n`);
}

/** Which step of whose walk a void takes: the walk's owner, the voided label, and for a claim that expired, its deadline. */
export interface VoidedStep {
  readonly ownerId: string;
  readonly label: string;
  readonly claimBy?: string;
}

/**
 * The replacement of a voided winner of a verifiable draw: not a new draw, but the next label of the
 * same ranking. The original's walk marks the voided step and goes on from where it stopped, skipping
 * the ineligible, until the replacement has its winner (or the ranking runs out). The claim and the
 * extended walk are one transaction, conditional on the walk's length: two voids at once can never take
 * one place; the loser reads the walk again. result.json is published again, so verify-draw checks the
 * replacement too.
 */
export async function continueWalk(deps: VerifiableDeps, voided: VoidedStep, replacement: DrawRecord): Promise<DrawRecord> {
  const originalId = voided.ownerId;
  for (let attempt = 0; attempt < MAX_WALK_ATTEMPTS; attempt++) {
    const original = (await deps.store.get(originalId)) as DrawRecord;
    const walked = original.verifiable?.sequence ?? [];
    const marked = markVoided(walked, voided.label, replacement.drawnAt, voided.claimBy);
    if (walked.some((step) => step.forDraw === replacement.drawId && step.outcome === 'won')) {
      // Done before (a resumed request): publish and complete.
      await publishResult(deps, originalId, walked);
      return deps.store.complete(replacement.drawId, 0, METHOD, deps.clock.now());
    }
    const ranked = await ranking(deps, original);
    const candidateOf = await candidatesByLabel(deps);
    const skipped: WalkStep[] = [];
    let outcome: 'claimed' | 'raced' | 'exhausted' = 'exhausted';
    for (const label of ranked.slice(walked.length)) {
      const candidate = await candidateOf(label);
      const sequence = [...marked, ...skipped, { label, outcome: 'won' as const, forDraw: replacement.drawId }];
      const claim = candidate
        ? await deps.store.claimInWalk(originalId, walked.length, sequence, replacement, candidate, deps.clock.now())
        : 'ineligible';
      if (claim === 'ineligible') {
        skipped.push({ label, outcome: 'skipped', reason: SKIPPED, forDraw: replacement.drawId });
        continue;
      }
      outcome = claim;
      if (claim === 'claimed') await publishResult(deps, originalId, sequence);
      break;
    }
    if (outcome === 'raced') continue;
    if (outcome === 'exhausted') {
      // Nobody left in the ranking: the walk records the skips, and the replacement has no winner.
      const sequence = [...marked, ...skipped];
      if (!(await deps.store.extendWalk(originalId, walked.length, sequence))) continue;
      await publishResult(deps, originalId, sequence);
    }
    return deps.store.complete(replacement.drawId, skipped.length + (outcome === 'claimed' ? 1 : 0), METHOD, deps.clock.now());
  }
  throw new Error(`the walk of draw ${originalId} kept changing over ${MAX_WALK_ATTEMPTS} attempts`);
}
