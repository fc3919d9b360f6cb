/**
 * verify-draw: checks a verifiable draw from its published files, with no trust in the organiser and no
 * dependency on the raffle's AWS code (only ./selection.ts, Node and @noble/curves).
 *
 *   npm run verify-draw -- --site https://raffle.example.com <draw-id>
 *   npm run verify-draw -- --dir <folder of downloaded files> <draw-id>
 *
 * It reads the draw's four files (from <site>/draws/<draw-id>/, or <folder>/<draw-id>/ or <folder>/):
 *   commitment.json  what was fixed before the beacon existed: algorithm, pool hash, pool size, winners
 *                    wanted, beacon round (and, for a local beacon, its key);
 *   pool.txt         the pseudonymous labels of everyone eligible, sorted, one per line;
 *   beacon.json      the beacon round: {round, signature, randomness};
 *   result.json      the labels walked in rank order: {sequence: [{label, outcome: "won"|"skipped", reason?,
 *                    wonIn?, wonAt?, voided?, voidedAt?, claimBy?, forDraw?}]}.
 * and checks that the pool hashes to the commitment, the beacon is the committed round and is signed by
 * drand quicknet's pinned key, the winners are exactly what the ranking gives, and every skip has a
 * public, timed reason (unexplainedSkip). One line of verdict;
 * exit 0 on a match, 1 on any mismatch, 2 when the files cannot be read.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ALGORITHM,
  labelsOf,
  LOCAL_CHAIN_HASH,
  PUBLISHED_DRAWS_PATH,
  QUICKNET,
  rank,
  roundTime,
  sha256Hex,
  verifyBeacon,
  type Beacon,
} from './selection';

export interface Commitment {
  readonly algorithm: string;
  readonly drawId: string;
  /** QUICKNET.chainHash, or "local" for the local runtime's own beacon. */
  readonly chainHash: string;
  /** Only for a local beacon: its public key (G2, hex). A drand beacon is checked against the pinned key. */
  readonly publicKey?: string;
  readonly poolHash: string;
  readonly poolSize: number;
  readonly winners: number;
  readonly round: number;
  readonly committedAt: string;
}

export interface SequenceStep {
  readonly label: string;
  readonly outcome: 'won' | 'skipped';
  /** Why a label was skipped ("erased", "won earlier"), or that a win was voided and the next label took it. */
  readonly reason?: string;
  readonly voided?: boolean;
  /** When the win was voided: a void after the reveal, the public event the steps after it (forDraw) follow from. */
  readonly voidedAt?: string;
  /** A win voided because it was not claimed in time (reason "unclaimed"): the deadline it passed, before voidedAt. */
  readonly claimBy?: string;
  /** The replacement draw a step after a void belongs to: its skips are accounted for by that void. */
  readonly forDraw?: string;
  /** A skipped label that won another draw of the raffle (one revealed alongside): that draw, and when its win was claimed. */
  readonly wonIn?: string;
  readonly wonAt?: string;
}

export interface DrawResult {
  readonly drawId: string;
  readonly sequence: readonly SequenceStep[];
}

export interface DrawFiles {
  readonly commitment: Commitment;
  readonly pool: string;
  readonly beacon: Beacon;
  readonly result: DrawResult;
}

export type Verdict =
  { readonly ok: true; readonly message: string; readonly local: boolean } | { readonly ok: false; readonly message: string };

/** Every check, in order; the first that fails is the verdict. */
export function verifyDraw(files: DrawFiles): Verdict {
  const { commitment, pool, beacon, result } = files;
  const fail = (message: string): Verdict => ({ ok: false, message: `MISMATCH: ${message}` });
  if (commitment.algorithm !== ALGORITHM) return fail(`unknown algorithm ${commitment.algorithm} (this program checks ${ALGORITHM})`);
  if (result.drawId !== commitment.drawId) return fail(`the result is for draw ${result.drawId}, the commitment for ${commitment.drawId}`);

  const poolHash = sha256Hex(pool);
  if (poolHash !== commitment.poolHash) return fail(`the pool list hashes to ${poolHash}, the commitment says ${commitment.poolHash}`);
  let labels: string[];
  try {
    labels = labelsOf(pool);
  } catch (err) {
    return fail(`the pool list is malformed: ${(err as Error).message}`);
  }
  for (let i = 1; i < labels.length; i++) {
    if (!(labels[i - 1] < labels[i])) return fail(`the pool list is not sorted and unique at line ${i + 1}`);
  }
  if (labels.length !== commitment.poolSize)
    return fail(`the pool has ${labels.length} labels, the commitment says ${commitment.poolSize}`);

  const local = commitment.chainHash !== QUICKNET.chainHash;
  if (local && (commitment.chainHash !== LOCAL_CHAIN_HASH || !commitment.publicKey))
    return fail(`unknown beacon chain ${commitment.chainHash}`);
  if (beacon.round !== commitment.round) return fail(`the beacon is round ${beacon.round}, the commitment named round ${commitment.round}`);
  if (!verifyBeacon(beacon, commitment.round, local ? commitment.publicKey : QUICKNET.publicKey)) {
    return fail(`the beacon of round ${beacon.round} does not verify under ${local ? 'the local beacon key' : 'drand quicknet’s key'}`);
  }

  const ranking = rank(beacon.randomness, commitment.poolHash, labels);
  const steps = result.sequence;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i].label !== ranking[i]) {
      return fail(`step ${i + 1} of the result is ${steps[i].label}, the ranking gives ${ranking[i] ?? '(nobody)'}`);
    }
  }
  const unexplained = unexplainedSkip(steps, commitment, beacon);
  if (unexplained) return fail(unexplained);
  // The walk stops at the winner that makes the number wanted, or runs out of labels: never earlier, never later.
  const standing = steps.filter((s) => s.outcome === 'won' && !s.voided).length;
  const last = steps[steps.length - 1];
  if (steps.length < ranking.length) {
    if (standing !== commitment.winners)
      return fail(`the result has ${standing} standing winner(s) and labels left; ${commitment.winners} were wanted`);
    if (last && (last.outcome !== 'won' || last.voided)) return fail('the walk does not stop at the last winner');
  } else if (standing > commitment.winners) {
    return fail(`the result has ${standing} standing winners; ${commitment.winners} were wanted`);
  }
  const winners = steps.filter((s) => s.outcome === 'won' && !s.voided).map((s) => s.label);
  return {
    ok: true,
    local,
    message: `MATCH: draw ${commitment.drawId}, round ${beacon.round}${local ? ' (local beacon — not publicly verifiable)' : ' of drand quicknet'}, ${labels.length} entrants, winners ${winners.join(', ') || '(none)'}`,
  };
}

/**
 * Every skip must be accounted for by a public, timed event, or it could be the organiser's steering (an
 * entrant removed once the ranking was known): a skip in a replacement's continuation (forDraw) follows a
 * published void, timed after the beacon round (a void for an expired claim, after its deadline too); a skip in the walk itself names the other draw the label
 * won, at a time after the commitment (before it, the label could not be in the pool). The first skip
 * that is neither, by its label; undefined when there is none.
 */
export function unexplainedSkip(steps: readonly SequenceStep[], commitment: Commitment, beacon: Beacon): string | undefined {
  const revealable = new Date(roundTime(beacon.round) * 1000).toISOString();
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.voided && !(typeof step.voidedAt === 'string' && step.voidedAt >= revealable))
      return `the win of label ${step.label} (step ${i + 1}) is voided with no time after the beacon round`;
    if (step.claimBy !== undefined && !(step.voided && typeof step.claimBy === 'string' && step.voidedAt! >= step.claimBy))
      return `the win of label ${step.label} (step ${i + 1}) is voided as unclaimed before its claim deadline ${String(step.claimBy)}`;
    if (step.outcome !== 'skipped') continue;
    if (step.forDraw !== undefined) {
      if (steps.slice(0, i).some((p) => p.voided)) continue;
      return `label ${step.label} (step ${i + 1}) is skipped for replacement ${step.forDraw}, but no published void comes before it`;
    }
    if (step.wonIn && step.wonIn !== commitment.drawId && typeof step.wonAt === 'string' && step.wonAt >= commitment.committedAt) continue;
    return `label ${step.label} (step ${i + 1}) is skipped with no public, timed reason (no void before it, no win in another draw after the commitment)`;
  }
  return undefined;
}

const FILES = ['commitment.json', 'pool.txt', 'beacon.json', 'result.json'] as const;

/** A draw's four files, from the site (`<site>/draws/<id>/`) or a folder (holding them, or an `<id>` folder that does). */
export async function readDrawFiles(source: { site?: string; dir?: string }, drawId: string): Promise<DrawFiles> {
  const texts: Record<string, string> = {};
  for (const name of FILES) {
    if (source.site) {
      const url = `${source.site.replace(/\/+$/, '')}/${PUBLISHED_DRAWS_PATH}/${encodeURIComponent(drawId)}/${name}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      texts[name] = await res.text();
    } else {
      const dir = fs.existsSync(path.join(source.dir ?? '.', drawId)) ? path.join(source.dir ?? '.', drawId) : (source.dir ?? '.');
      texts[name] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
  }
  return {
    commitment: JSON.parse(texts['commitment.json']) as Commitment,
    pool: texts['pool.txt'],
    beacon: JSON.parse(texts['beacon.json']) as Beacon,
    result: JSON.parse(texts['result.json']) as DrawResult,
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const site = flag('--site');
  const dir = flag('--dir');
  const drawId = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--site' && argv[i - 1] !== '--dir')[0];
  if ((!site && !dir) || !drawId) {
    console.error('usage: verify-draw (--site <site base URL> | --dir <folder of downloaded files>) <draw-id>');
    return 2;
  }
  let files: DrawFiles;
  try {
    files = await readDrawFiles({ site, dir }, drawId);
  } catch (err) {
    console.error(`cannot read the draw's files: ${(err as Error).message}`);
    return 2;
  }
  const verdict = verifyDraw(files);
  console.log(verdict.message);
  return verdict.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
