/** An honest verifiable draw's four files, for verify-draw's tests: real quicknet beacons, made-up labels. */
import { ALGORITHM, poolFile, QUICKNET, rank, select, sha256Hex, type Beacon } from '../../verify/selection';
import type { DrawFiles } from '../../verify/verify-draw';

/** Another draw of the raffle, revealed alongside, and a time after the commitment. */
export const OTHER = 'd-2026-12-24-other';
export const LATER = '2026-12-24T18:00:00.000Z';

export const DRAW_ID = 'd-2026-12-24';
export const LABELS = Array.from({ length: 40 }, (_, i) => `label-${String(i).padStart(2, '0')}-${(i * 7919).toString(16)}`);
/** An honest draw of 3 winners over LABELS with `beacon`, where `ineligible` labels are skipped (won in OTHER, after the commitment). */
export function honestDraw(beacon: Beacon, ineligible: ReadonlySet<string> = new Set()): DrawFiles {
  const pool = poolFile(LABELS);
  const poolHash = sha256Hex(pool);
  const ranking = rank(beacon.randomness, poolHash, LABELS);
  const { winners, skipped } = select(ranking, 3, (l) => !ineligible.has(l));
  const walked = ranking.slice(0, winners.length + skipped.length);
  return {
    commitment: {
      algorithm: ALGORITHM,
      drawId: DRAW_ID,
      chainHash: QUICKNET.chainHash,
      poolHash,
      poolSize: LABELS.length,
      winners: 3,
      round: beacon.round,
      committedAt: '2026-12-24T17:00:00.000Z',
    },
    pool,
    beacon,
    result: {
      drawId: DRAW_ID,
      sequence: walked.map((label) =>
        winners.includes(label)
          ? { label, outcome: 'won' }
          : { label, outcome: 'skipped', reason: `won draw ${OTHER}`, wonIn: OTHER, wonAt: LATER },
      ),
    },
  };
}
