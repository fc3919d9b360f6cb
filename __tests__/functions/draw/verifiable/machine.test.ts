/**
 * The verifiable draw's pure core, without an engine: for every state a draw record can be in, and what
 * this invocation holds, the one action the machine (functions/draw/verifiable/machine.ts) decides; what
 * an invocation handed a step does (stepAction); and the facts (functions/draw/verifiable/facts.ts) a
 * freeze commits and a walk records.
 */
import type { DrawRequest } from '../../../../functions/draw/run-draw';
import { committedRecord, markVoided, SKIPPED, walkOf } from '../../../../functions/draw/verifiable/facts';
import {
  LEASE_MS,
  leaseExpiredBefore,
  nextAction,
  refusal,
  stepAction,
  type Action,
  type Situation,
} from '../../../../functions/draw/verifiable/machine';
import type { DrawRecord, DrawStatus, VerifiableFacts, WalkStep } from '../../../../functions/shared/draw-record';
import { LIMITS } from '../../../../model/limits';
import { raffleKeys } from '../../../../model/raffle-keys';
import { ALGORITHM, firstRoundAtOrAfter, LOCAL_CHAIN_HASH, QUICKNET, roundTime } from '../../../../verify/commitment';

const KEYS = raffleKeys({ raffleId: 'spring', ordinal: 1 });

const NOW = new Date('2026-12-24T18:00:00.000Z');
const ROUND = firstRoundAtOrAfter(NOW.getTime() / 1000 + 30);
const SMALL = LIMITS.inlineVerifiableEntrants;
const LARGE = LIMITS.inlineVerifiableEntrants + 1;

const REQUEST: DrawRequest = { drawId: 'd1', requested: 2, drawnBy: 'CN=organiser,O=Raffle', now: NOW };

/** A lease taken `ms` before NOW. */
const leaseTakenAgo = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const OURS = leaseTakenAgo(0);

function facts(over: Partial<VerifiableFacts> = {}): VerifiableFacts {
  return {
    algorithm: ALGORITHM,
    chainHash: LOCAL_CHAIN_HASH,
    publicKey: 'ab'.repeat(48),
    poolHash: 'f'.repeat(64),
    poolSize: 10,
    round: ROUND,
    committedAt: leaseTakenAgo(1000),
    ...over,
  };
}

/** A draw record of REQUEST in `status`; a verifiable one (with facts) unless it is still freezing. */
function drawRecord(status: DrawStatus, over: Partial<DrawRecord> = {}): DrawRecord {
  return {
    email: KEYS.draw(REQUEST.drawId),
    recordType: KEYS.drawRecordType,
    drawId: REQUEST.drawId,
    drawnAt: NOW.toISOString(),
    status,
    requested: REQUEST.requested,
    target: REQUEST.requested,
    entrantCount: 10,
    eligibleCount: 10,
    ticketSpace: 16,
    randomness: `verifiable: ${ALGORITHM}`,
    method: 'verifiable-ranking',
    winners: [],
    winnerCount: 0,
    drawnBy: REQUEST.drawnBy,
    ...(status === 'freezing' ? {} : { verifiable: facts() }),
    ...over,
  };
}

function situation(record: DrawRecord | undefined, over: Partial<Situation> = {}): Situation {
  return { record, request: REQUEST, now: NOW, mayHandOver: true, acted: false, ...over };
}

/** A failure's code, or the action itself. */
function decided(s: Situation): Action | { readonly fail: string } {
  const action = nextAction(s);
  return action.kind === 'fail' ? { fail: action.error.code } : action;
}

describe('nextAction', () => {
  describe('no record yet', () => {
    it('creates the draw', () => {
      expect(decided(situation(undefined))).toEqual({ kind: 'create' });
    });
  });

  describe('whatever the status', () => {
    it('answers once this invocation handed its step over, whatever the record says', () => {
      const freezing = drawRecord('freezing', { eligibleCount: LARGE, workingSince: OURS });
      expect(decided(situation(freezing, { lease: OURS, handedOver: 'freeze', acted: true }))).toEqual({
        kind: 'answer',
        phase: 'freezing',
        replayed: false,
      });
      expect(decided(situation(drawRecord('pending'), { handedOver: 'walk', acted: true }))).toEqual({
        kind: 'answer',
        phase: 'revealing',
        replayed: false,
      });
    });

    it('refuses a key that named a draw that is not verifiable', () => {
      const { verifiable: _none, ...fast } = drawRecord('complete', { method: 'ticket-rejection-sampling' });
      expect(decided(situation(fast))).toEqual({ fail: 'idempotency_key_mismatch' });
    });
  });

  describe('freezing', () => {
    it('takes the lease when nobody holds it', () => {
      expect(decided(situation(drawRecord('freezing')))).toEqual({ kind: 'take-lease', status: 'freezing' });
    });

    it('freezes a small pool here under the lease it holds, even where it might hand over', () => {
      const record = drawRecord('freezing', { eligibleCount: SMALL, workingSince: OURS });
      expect(decided(situation(record, { lease: OURS }))).toEqual({ kind: 'freeze', lease: OURS });
    });

    it('hands a large pool over under the lease it holds, and freezes it here when it may not hand over', () => {
      const record = drawRecord('freezing', { eligibleCount: LARGE, workingSince: OURS });
      expect(decided(situation(record, { lease: OURS }))).toEqual({ kind: 'hand-over', step: 'freeze', lease: OURS });
      expect(decided(situation(record, { lease: OURS, mayHandOver: false }))).toEqual({ kind: 'freeze', lease: OURS });
    });

    it("answers 'freezing' while another invocation's lease is live, up to the very end of it", () => {
      for (const ago of [0, LEASE_MS - 1, LEASE_MS]) {
        const record = drawRecord('freezing', { eligibleCount: LARGE, workingSince: leaseTakenAgo(ago) });
        expect(decided(situation(record))).toEqual({ kind: 'answer', phase: 'freezing', replayed: true });
        // Another's lease is not ours, whatever lease this invocation took before.
        expect(decided(situation(record, { lease: leaseTakenAgo(ago + 1), acted: true }))).toEqual({
          kind: 'answer',
          phase: 'freezing',
          replayed: false,
        });
      }
    });

    it('takes over a lease that has run out (its holder is gone)', () => {
      const record = drawRecord('freezing', { eligibleCount: LARGE, workingSince: leaseTakenAgo(LEASE_MS + 1) });
      expect(decided(situation(record))).toEqual({ kind: 'take-lease', status: 'freezing' });
    });
  });

  describe('committed', () => {
    it('publishes a commitment whose files are not out yet, before anything else (even after the round)', () => {
      const record = drawRecord('committed', { verifiable: facts({ published: undefined }) });
      expect(decided(situation(record))).toEqual({ kind: 'publish-commitment' });
      expect(decided(situation(record, { now: new Date(roundTime(ROUND) * 1000) }))).toEqual({ kind: 'publish-commitment' });
    });

    it('answers the commitment before its round, a replay unless this invocation moved it', () => {
      const record = drawRecord('committed', { verifiable: facts({ published: true }) });
      const justBefore = new Date(roundTime(ROUND) * 1000 - 1);
      expect(decided(situation(record, { now: justBefore }))).toEqual({ kind: 'answer', phase: 'committed', replayed: true });
      expect(decided(situation(record, { now: justBefore, acted: true }))).toEqual({ kind: 'answer', phase: 'committed', replayed: false });
    });

    it('reveals the committed round once its time has come, and never another', () => {
      const record = drawRecord('committed', { verifiable: facts({ published: true }) });
      for (const now of [roundTime(ROUND) * 1000, roundTime(ROUND + 100) * 1000]) {
        expect(decided(situation(record, { now: new Date(now) }))).toEqual({ kind: 'reveal', round: ROUND });
      }
    });
  });

  describe('pending (revealed, winners being claimed)', () => {
    it('walks a small pool here, without a lease', () => {
      const record = drawRecord('pending', { verifiable: facts({ poolSize: SMALL }) });
      expect(decided(situation(record))).toEqual({ kind: 'walk' });
    });

    it('takes the lease of a large pool, then hands the walk over under it', () => {
      const free = drawRecord('pending', { verifiable: facts({ poolSize: LARGE }) });
      expect(decided(situation(free))).toEqual({ kind: 'take-lease', status: 'pending' });
      const held = drawRecord('pending', { verifiable: facts({ poolSize: LARGE }), workingSince: OURS });
      expect(decided(situation(held, { lease: OURS }))).toEqual({ kind: 'hand-over', step: 'walk', lease: OURS });
    });

    it("answers 'revealing' while another invocation walks a large pool", () => {
      const record = drawRecord('pending', { verifiable: facts({ poolSize: LARGE }), workingSince: leaseTakenAgo(60_000) });
      expect(decided(situation(record))).toEqual({ kind: 'answer', phase: 'revealing', replayed: true });
    });

    it('walks a large pool here when it may not hand over: under the lease it holds, else without one', () => {
      const held = drawRecord('pending', { verifiable: facts({ poolSize: LARGE }), workingSince: OURS });
      expect(decided(situation(held, { lease: OURS, mayHandOver: false }))).toEqual({ kind: 'walk', lease: OURS });
      const free = drawRecord('pending', { verifiable: facts({ poolSize: LARGE }) });
      expect(decided(situation(free, { mayHandOver: false }))).toEqual({ kind: 'walk' });
    });
  });

  describe('complete', () => {
    const complete = drawRecord('complete', { winnerCount: 2 });

    it('answers the draw to the same request: a replay, unless this invocation completed it', () => {
      expect(decided(situation(complete))).toEqual({ kind: 'answer', phase: 'revealed', replayed: true });
      expect(decided(situation(complete, { acted: true }))).toEqual({ kind: 'answer', phase: 'revealed', replayed: false });
    });

    it('refuses the key for another request (another winner count, another prize)', () => {
      expect(decided(situation(complete, { request: { ...REQUEST, requested: 3 } }))).toEqual({ fail: 'idempotency_key_mismatch' });
      expect(decided(situation(complete, { request: { ...REQUEST, prize: 'Bike' } }))).toEqual({ fail: 'idempotency_key_mismatch' });
    });
  });

  describe('refused', () => {
    it('fails with no_eligible_entrants when the pool was empty', () => {
      const record = drawRecord('refused', { verifiable: facts({ poolSize: 0, refusedBecause: 'nobody was eligible' }) });
      expect(decided(situation(record))).toEqual({ fail: 'no_eligible_entrants' });
    });

    it('fails with beacon_invalid, saying why, when the beacon did not verify', () => {
      const record = drawRecord('refused', { verifiable: facts({ refusedBecause: `the beacon of round ${ROUND} did not verify` }) });
      expect(decided(situation(record))).toEqual({ fail: 'beacon_invalid' });
      expect(refusal(record).message).toContain(`the beacon of round ${ROUND} did not verify`);
    });
  });
});

describe('stepAction (what an invocation handed a step does)', () => {
  it('runs the step while the draw is still in it under the same lease', () => {
    expect(stepAction(drawRecord('freezing', { workingSince: OURS }), 'freeze', OURS)).toBe('freeze');
    expect(stepAction(drawRecord('pending', { workingSince: OURS }), 'walk', OURS)).toBe('walk');
  });

  it('does nothing when the lease was taken over, the step is done, or the draw is elsewhere', () => {
    const other = leaseTakenAgo(LEASE_MS + 1);
    expect(stepAction(drawRecord('freezing', { workingSince: OURS }), 'freeze', other)).toBe('nothing');
    expect(stepAction(drawRecord('committed'), 'freeze', OURS)).toBe('nothing');
    expect(stepAction(drawRecord('complete', { workingSince: OURS }), 'walk', OURS)).toBe('nothing');
    expect(stepAction(drawRecord('freezing', { workingSince: OURS }), 'walk', OURS)).toBe('nothing');
    expect(stepAction(undefined, 'freeze', OURS)).toBe('nothing');
  });
});

describe('leaseExpiredBefore', () => {
  it('is the instant one lease length ago', () => {
    expect(leaseExpiredBefore(NOW)).toBe(leaseTakenAgo(LEASE_MS));
  });
});

describe('committedRecord', () => {
  const freezing = drawRecord('freezing', { workingSince: OURS, drawnAt: leaseTakenAgo(3_600_000) });
  const local = { chainHash: LOCAL_CHAIN_HASH, publicKey: 'cd'.repeat(48) };

  it('commits to the first round at least the margin after the freeze (not after the request)', () => {
    for (const frozenAt of [NOW, new Date(NOW.getTime() + 1), new Date(NOW.getTime() + 2_500)]) {
      const committed = committedRecord(freezing, { poolHash: 'a'.repeat(64), poolSize: 10, frozenAt }, 30, local);
      const round = committed.verifiable!.round;
      expect(roundTime(round) * 1000).toBeGreaterThanOrEqual(frozenAt.getTime() + 30_000);
      expect(roundTime(round - 1) * 1000).toBeLessThan(frozenAt.getTime() + 30_000 + 1000);
      expect(committed.verifiable!.committedAt).toBe(frozenAt.toISOString());
    }
  });

  it('records the commitment, gives the lease back, and aims at no more winners than the pool holds', () => {
    const committed = committedRecord(freezing, { poolHash: 'a'.repeat(64), poolSize: 1, frozenAt: NOW }, 30, local);
    expect(committed).toMatchObject({ status: 'committed', target: 1, eligibleCount: 1 });
    expect(committed).not.toHaveProperty('workingSince');
    expect(committed.verifiable).toEqual({
      algorithm: ALGORITHM,
      chainHash: LOCAL_CHAIN_HASH,
      publicKey: local.publicKey,
      poolHash: 'a'.repeat(64),
      poolSize: 1,
      round: expect.any(Number),
      committedAt: NOW.toISOString(),
    });
    // drand's key is known: only a local beacon's is recorded.
    const public_ = committedRecord(freezing, { poolHash: 'a'.repeat(64), poolSize: 1, frozenAt: NOW }, 30, QUICKNET);
    expect(public_.verifiable).not.toHaveProperty('publicKey');
  });

  it('refuses the draw when the pool is empty, as no_eligible_entrants', () => {
    const refused = committedRecord(freezing, { poolHash: 'e'.repeat(64), poolSize: 0, frozenAt: NOW }, 30, local);
    expect(refused).toMatchObject({ status: 'refused', target: 0, eligibleCount: 0, verifiable: { poolSize: 0 } });
    expect(refused.verifiable!.refusedBecause).toEqual(expect.any(String));
    expect(refusal(refused).code).toBe('no_eligible_entrants');
  });
});

describe('walkOf', () => {
  const ranking = ['a', 'b', 'c', 'd', 'e'];
  const won = (label: string): WalkStep => ({ label, outcome: 'won' });
  const skipped = (label: string): WalkStep => ({ label, outcome: 'skipped', reason: SKIPPED });

  it('stops at the winner that makes the target', () => {
    expect(walkOf(ranking, new Set(['b', 'd']), 2)).toEqual([skipped('a'), won('b'), skipped('c'), won('d')]);
  });

  it('covers the whole ranking when fewer were eligible than wanted', () => {
    expect(walkOf(ranking, new Set(['b']), 2)).toEqual([skipped('a'), won('b'), skipped('c'), skipped('d'), skipped('e')]);
    expect(walkOf(ranking, new Set(), 2)).toEqual(ranking.map(skipped));
  });

  it('gives a label another draw claimed its public reason: that draw, and when', () => {
    const wonAt = '2027-01-01T12:00:00.000Z';
    expect(walkOf(ranking, new Set(['b']), 1, new Map([['a', { drawId: 'other', wonAt }]]))).toEqual([
      { label: 'a', outcome: 'skipped', reason: 'won draw other', wonIn: 'other', wonAt },
      won('b'),
    ]);
  });
});

describe('markVoided', () => {
  const walked: WalkStep[] = [
    { label: 'a', outcome: 'skipped', reason: SKIPPED },
    { label: 'b', outcome: 'won' },
    { label: 'c', outcome: 'won' },
  ];

  const at = '2027-01-01T12:00:00.000Z';

  it("marks the voided winner's step, and only it, with the void's time, leaving the walk it was given as it was", () => {
    expect(markVoided(walked, 'b', at)).toEqual([walked[0], { label: 'b', outcome: 'won', voided: true, voidedAt: at }, walked[2]]);
    expect(walked[1]).toEqual({ label: 'b', outcome: 'won' });
  });

  it('marks no skipped step, and nothing for a winner without a label', () => {
    expect(markVoided(walked, 'a', at)).toEqual(walked);
    expect(markVoided(walked, undefined, at)).toEqual(walked);
  });

  it('marks a win voided because its claim expired with the reason and the deadline; a step voided already keeps its first void', () => {
    const deadline = '2027-01-01T11:45:00.000Z';
    const marked = markVoided(walked, 'c', at, deadline);
    expect(marked[2]).toEqual({ label: 'c', outcome: 'won', voided: true, voidedAt: at, reason: 'unclaimed', claimBy: deadline });
    expect(markVoided(marked, 'c', '2027-02-01T00:00:00.000Z')).toEqual(marked);
  });
});
