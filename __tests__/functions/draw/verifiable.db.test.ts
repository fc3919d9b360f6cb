/**
 * GIVEN confirmed entrants in DynamoDB Local, a local beacon (own BLS key, quicknet's scheme and round
 *       clock, on the test's clock) and a folder standing for the site bucket
 * WHEN the organiser makes a verifiable draw (POST /raffle/draw {"mode":"verifiable"}) and repeats the
 *      request with the same Idempotency-Key after the committed round
 * THEN the first answer is 202 with the commitment (pool hash, N, round R ≥ the margin ahead), the pool
 *      and commitment are published with labels only; the reveal verifies R, claims winners in rank order
 *      (skipping those erased since), publishes the beacon and the walk, and verify-draw says MATCH;
 *      an unreachable beacon waits for the same round, an invalid one refuses the draw.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BeaconUnavailable } from '../../../functions/runtime/ports';
import { createLocalBeacon } from '../../../local/beacon';
import { labelsOf, rank, roundTime } from '../../../verify/selection';
import { readDrawFiles, verifyDraw, type DrawFiles } from '../../../verify/verify-draw';
import { person } from '../../support/people';
import { drawPost, httpEvent, jsonPost, ORGANISER, parseBody, voidPost, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { h } = w;

beforeEach(() => {
  w.configure({ verifiable: { marginSeconds: 3 } });
});

const people = Array.from({ length: 10 }, (_, i) => person(i, 'vd'));

async function register(): Promise<void> {
  for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(201);
}

const verifiable = (key: string, winners = 3) =>
  drawPost({ mode: 'verifiable', winners, prize: 'Verified prize' }, { 'idempotency-key': key });

/** The draw's published files, read as verify-draw --dir reads them. */
const files = (drawId: string): Promise<DrawFiles> => readDrawFiles({ dir: path.join(w.published, 'draws') }, drawId);

/** The test's clock moved on to the round's time: the beacon has it. */
function untilRound(round: number): void {
  w.clock.advanceTo(roundTime(round) * 1000);
}

describe('POST /raffle/draw {"mode":"verifiable"}', () => {
  it('commits (202), reveals on the same key after the round (201), replays (200); verify-draw says MATCH', async () => {
    await register();
    const started = w.clock.now().getTime();
    const first = await h.draw(verifiable('v-1'));
    expect(first.statusCode).toBe(202);
    const committed = parseBody(first);
    expect(committed).toMatchObject({
      status: 'committed',
      winnerCount: 0,
      prize: 'Verified prize',
      verifiable: { chainHash: 'local', poolSize: 10, publicKey: w.beacon.chain.publicKey },
    });
    const round = committed.verifiable.round as number;
    expect(roundTime(round) * 1000).toBeGreaterThanOrEqual(started + 3000);

    const pool = fs.readFileSync(path.join(w.published, 'draws', committed.drawId, 'pool.txt'), 'utf8');
    expect(pool.split('\n').filter(Boolean)).toHaveLength(10);
    for (const p of people) for (const value of [p.email, p.name, p.phone]) expect(pool).not.toContain(value);
    const commitment = JSON.parse(fs.readFileSync(path.join(w.published, 'draws', committed.drawId, 'commitment.json'), 'utf8'));
    expect(commitment).toMatchObject({ drawId: committed.drawId, poolHash: committed.verifiable.poolHash, round, winners: 3 });

    // Before the round: the same commitment again.
    const early = await h.draw(verifiable('v-1'));
    expect([early.statusCode, parseBody(early).verifiable]).toEqual([202, committed.verifiable]);

    untilRound(round);
    const revealed = await h.draw(verifiable('v-1'));
    expect(revealed.statusCode).toBe(201);
    const draw = parseBody(revealed);
    expect(draw).toMatchObject({ status: 'complete', winnerCount: 3, verifiable: { beacon: { round } } });
    const verdict = verifyDraw(await files(draw.drawId));
    expect(verdict).toMatchObject({ ok: true, local: true });
    expect(verdict.message).toContain('local beacon — not publicly verifiable');
    const resultWinners = (await files(draw.drawId)).result.sequence.filter((s) => s.outcome === 'won').map((s) => s.label);
    expect(draw.winners.map((w: { email: string }) => w.email).length).toBe(3);
    expect(resultWinners).toHaveLength(3);

    const replay = await h.draw(verifiable('v-1'));
    expect([replay.statusCode, parseBody(replay).drawId]).toEqual([200, draw.drawId]);
  });

  it('replaces a voided winner with the next label of the same ranking, also for two voids at once; the walk still verifies', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('v-7', 2)));
    untilRound(committed.verifiable.round);
    const draw = parseBody(await h.draw(verifiable('v-7', 2)));
    const before = await files(draw.drawId);
    const ranking = rank(before.beacon.randomness, before.commitment.poolHash, labelsOf(before.pool));

    const first = await h.draw(voidPost(draw.drawId, { email: draw.winners[0].email, reason: 'Declined' }));
    expect(first.statusCode).toBe(201);
    const after = await files(draw.drawId);
    expect(verifyDraw(after).ok).toBe(true);
    const walked = before.result.sequence.length;
    expect(after.result.sequence.slice(0, walked).map((s) => s.label)).toEqual(ranking.slice(0, walked));
    expect(after.result.sequence.find((s) => s.voided)).toMatchObject({ outcome: 'won', voided: true });
    const replacementStep = after.result.sequence[after.result.sequence.length - 1];
    expect(replacementStep).toMatchObject({
      label: ranking[after.result.sequence.length - 1],
      outcome: 'won',
      forDraw: parseBody(first).replacement.drawId,
    });
    expect(parseBody(first).replacement).toMatchObject({ status: 'complete', winnerCount: 1, replaces: { drawId: draw.drawId } });

    // A fast draw takes three more entrants (the walk must skip them from now on); then the two standing
    // winners, one from the draw and one from its replacement, are voided at once: each replacement
    // takes its own next label of the same ranking.
    expect((await h.draw(drawPost({ winners: 3 }))).statusCode).toBe(201);
    const history = parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }))).draws;
    const current = history.find((d: { drawId: string }) => d.drawId === draw.drawId);
    const replacementDraw = history.find((d: { drawId: string }) => d.drawId === parseBody(first).replacement.drawId);
    const targets = [
      { drawId: draw.drawId, email: current.winners.find((w: { status: string }) => w.status === 'won').email },
      { drawId: replacementDraw.drawId, email: replacementDraw.winners[0].email },
    ];
    const results = await Promise.all(targets.map((t) => h.draw(voidPost(t.drawId, { email: t.email, reason: 'Both declined' }))));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
    const final = await files(draw.drawId);
    expect(verifyDraw(final).message).toMatch(/^MATCH/);
    expect(final.result.sequence.filter((s) => s.voided).length).toBe(3);
    const newWinners = results.map((r) => parseBody(r).replacement.winners[0]?.email).filter(Boolean);
    const standingSteps = final.result.sequence.filter((s) => s.outcome === 'won' && !s.voided);
    expect(standingSteps).toHaveLength(2);
    expect(new Set(newWinners).size).toBe(newWinners.length);
  });

  it('records one walk when two reveals race, and walks the whole ranking when another draw revealed alongside took the rest', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('v-8', 3)));
    // Another prize's verifiable draw, committed over the same pool (as the scheduled draws of two prizes are).
    const other = parseBody(await h.draw(drawPost({ mode: 'verifiable', winners: 8 }, { 'idempotency-key': 'v-9' })));
    untilRound(Math.max(committed.verifiable.round, other.verifiable.round));
    const first = parseBody(await h.draw(drawPost({ mode: 'verifiable', winners: 8 }, { 'idempotency-key': 'v-9' })));
    expect(first).toMatchObject({ status: 'complete', winnerCount: 8 });
    const [a, b] = await Promise.all([h.draw(verifiable('v-8', 3)), h.draw(verifiable('v-8', 3))]);
    for (const res of [a, b]) expect([200, 201]).toContain(res.statusCode);
    const draw = parseBody(await h.draw(verifiable('v-8', 3)));
    expect(draw).toMatchObject({ status: 'complete', winnerCount: 2 });
    const publishedFiles = await files(draw.drawId);
    expect(publishedFiles.result.sequence).toHaveLength(10);
    // Each skip names the draw that took the label, and when: a public, timed reason.
    const skips = publishedFiles.result.sequence.filter((step) => step.outcome === 'skipped');
    expect(skips).toHaveLength(8);
    for (const step of skips) expect(step).toMatchObject({ wonIn: first.drawId, wonAt: expect.any(String) });
    expect(verifyDraw(publishedFiles).message).toMatch(/^MATCH/);
  });

  it('waits for the same round while the beacon cannot be fetched (503), then reveals it', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('v-3')));
    untilRound(committed.verifiable.round);
    w.use({
      beacon: { chain: w.beacon.chain, round: async () => Promise.reject(new BeaconUnavailable(['every relay: connection refused'])) },
    });
    const down = await h.draw(verifiable('v-3'));
    expect([down.statusCode, parseBody(down).error.code]).toEqual([503, 'beacon_unavailable']);
    expect(parseBody(down).error.message).toContain(`round ${committed.verifiable.round}`);
    w.use({ beacon: w.beacon });
    const up = parseBody(await h.draw(verifiable('v-3')));
    expect(up).toMatchObject({
      status: 'complete',
      verifiable: { round: committed.verifiable.round, beacon: { round: committed.verifiable.round } },
    });
  });

  it('refuses the draw for good when the beacon does not verify', async () => {
    await register();
    const impostor = createLocalBeacon(w.clock);
    const committed = parseBody(await h.draw(verifiable('v-4')));
    untilRound(committed.verifiable.round);
    // A relay answering with another key's signature.
    w.use({ beacon: { chain: w.beacon.chain, round: (round) => impostor.round(round) } });
    for (let i = 0; i < 2; i++) {
      const res = await h.draw(verifiable('v-4'));
      expect([res.statusCode, parseBody(res).error.code]).toEqual([502, 'beacon_invalid']);
    }
    w.use({ beacon: w.beacon });
    expect(parseBody(await h.draw(verifiable('v-4'))).error.code).toBe('beacon_invalid');
    expect(fs.existsSync(path.join(w.published, 'draws', committed.drawId, 'result.json'))).toBe(false);
  });

  it('is refused when the raffle does not offer it, for an unknown mode, and with nobody to draw', async () => {
    w.configure({ verifiable: undefined });
    const off = await h.draw(verifiable('v-5'));
    expect([off.statusCode, parseBody(off).error.code]).toEqual([400, 'verifiable_not_enabled']);
    w.configure({ verifiable: { marginSeconds: 3 } });
    const odd = await h.draw(drawPost({ mode: 'magic' }));
    expect([odd.statusCode, parseBody(odd).error.code]).toEqual([400, 'invalid_field']);
    const empty = await h.draw(verifiable('v-6'));
    expect([empty.statusCode, parseBody(empty).error.code]).toEqual([409, 'no_eligible_entrants']);
  });
});
