/**
 * GIVEN a verifiable draw's published files, honest, then edited so that a label is skipped
 * WHEN verify-draw checks them (as a function, and as the command with --dir)
 * THEN a skip is accepted only when a public, timed event accounts for it: a win in another draw after
 *      the commitment, or a void, timed after the beacon round (after its claim deadline, for a win
 *      voided as unclaimed), before a replacement's skips. Any other
 *      skip is a MISMATCH naming its label (the organiser could have removed that entrant once the
 *      ranking was known).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rank } from '../../verify/selection';
import { verifyDraw, type DrawFiles, type SequenceStep } from '../../verify/verify-draw';
import { RECORDED_QUICKNET_BEACONS } from './beacons';
import { DRAW_ID, honestDraw, LABELS, LATER, OTHER } from './honest-draw';

const [BEACON_1000] = RECORDED_QUICKNET_BEACONS;
const honest = honestDraw(BEACON_1000);
const ranking = rank(BEACON_1000.randomness, honest.commitment.poolHash, LABELS);
const withSequence = (sequence: readonly SequenceStep[]): DrawFiles => ({ ...honest, result: { ...honest.result, sequence } });
const won = (label: string): SequenceStep => ({ label, outcome: 'won' });

/** The first-ranked label skipped with `step`'s fields, the next three winning. */
const skippingFirst = (step: Partial<SequenceStep>): DrawFiles =>
  withSequence([{ label: ranking[0], outcome: 'skipped', ...step }, ...ranking.slice(1, 4).map(won)]);

describe('verify-draw: every skip accounted for', () => {
  it('matches a skip of a label another draw won after the commitment', () => {
    expect(verifyDraw(honestDraw(BEACON_1000, new Set([ranking[0]]))).message).toMatch(/^MATCH/);
    expect(verifyDraw(skippingFirst({ reason: 'won draw x', wonIn: OTHER, wonAt: LATER })).ok).toBe(true);
  });

  const unaccounted: Array<[string, Partial<SequenceStep>]> = [
    ['no reason at all', {}],
    ['a reason in words only ("erased")', { reason: 'no longer eligible (won another draw, or erased)' }],
    ['a win in the draw itself', { wonIn: DRAW_ID, wonAt: LATER }],
    ['a win elsewhere with no time', { wonIn: OTHER }],
    ['a win elsewhere before the commitment (it could not have been in the pool)', { wonIn: OTHER, wonAt: '2026-12-24T16:59:59.000Z' }],
    ['a replacement with no void before it', { forDraw: 'd-replacement' }],
  ];

  it.each(unaccounted)('a skip with %s is a MISMATCH naming the label', (_what, step) => {
    const verdict = verifyDraw(skippingFirst(step));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^MISMATCH: label /);
    expect(verdict.message).toContain(ranking[0]);
  });

  it("matches a replacement's skips after a void timed after the round; not after a void with no time, or one before the round", () => {
    const afterVoid = (voidedAt?: string) =>
      withSequence([
        { ...won(ranking[0]), voided: true, ...(voidedAt ? { voidedAt } : {}) },
        ...ranking.slice(1, 3).map(won),
        { label: ranking[3], outcome: 'skipped', reason: 'erased since', forDraw: 'd-replacement' },
        { ...won(ranking[4]), forDraw: 'd-replacement' },
      ]);
    expect(verifyDraw(afterVoid(LATER)).ok).toBe(true);
    for (const voidedAt of [undefined, '2023-01-01T00:00:00.000Z']) {
      const verdict = verifyDraw(afterVoid(voidedAt));
      expect(verdict.message).toMatch(/^MISMATCH: the win of label /);
      expect(verdict.message).toContain(ranking[0]);
    }
  });

  it('matches a win voided as unclaimed after its claim deadline; a claim deadline after the void, or on a win not voided, is a MISMATCH naming the label', () => {
    const unclaimed = (claimBy: string, voided = true) =>
      withSequence([
        { ...won(ranking[0]), ...(voided ? { voided: true, voidedAt: LATER } : {}), reason: 'unclaimed', claimBy },
        ...ranking.slice(1, 3).map(won),
        { ...won(ranking[3]), forDraw: 'd-replacement' },
      ]);
    const deadline = new Date(Date.parse(LATER) - 60_000).toISOString();
    expect(verifyDraw(unclaimed(deadline)).message).toMatch(/^MATCH/);
    for (const files of [unclaimed(new Date(Date.parse(LATER) + 60_000).toISOString()), unclaimed(deadline, false)]) {
      const verdict = verifyDraw(files);
      expect(verdict.message).toMatch(/^MISMATCH: the win of label .* is voided as unclaimed before its claim deadline/);
      expect(verdict.message).toContain(ranking[0]);
    }
  });

  it('the command: a published result edited to skip a winner with no public void prints MISMATCH with the label, exit 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-skips-'));
    try {
      const into = path.join(dir, DRAW_ID);
      fs.mkdirSync(into);
      fs.writeFileSync(path.join(into, 'commitment.json'), JSON.stringify(honest.commitment));
      fs.writeFileSync(path.join(into, 'pool.txt'), honest.pool);
      fs.writeFileSync(path.join(into, 'beacon.json'), JSON.stringify(honest.beacon));
      // The honest walk, then the first winner marked skipped as an organiser might after erasing them.
      const edited = {
        ...honest.result,
        sequence: [{ label: ranking[0], outcome: 'skipped', reason: 'erased' }, ...ranking.slice(1, 4).map(won)],
      };
      fs.writeFileSync(path.join(into, 'result.json'), JSON.stringify(edited));
      let out = '';
      let code = 0;
      try {
        execFileSync(process.execPath, ['--import', 'tsx', 'verify/verify-draw.ts', '--dir', dir, DRAW_ID], {
          encoding: 'utf8',
          stdio: 'pipe',
        });
      } catch (err) {
        const e = err as { status: number; stdout: string };
        [code, out] = [e.status, e.stdout];
      }
      expect(code).toBe(1);
      expect(out.trim()).toBe(
        `MISMATCH: label ${ranking[0]} (step 1) is skipped with no public, timed reason (no void before it, no win in another draw after the commitment)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
