/**
 * GIVEN more eligible entrants than LIMITS.inlineVerifiableEntrants in DynamoDB Local, a local beacon, a
 *       folder standing for the site, and an invoker that records what the draw hands itself
 * WHEN the organiser asks for a verifiable draw, and again with the same key
 * THEN the request answers 202 "freezing" at once and hands the freeze to the function itself
 *      (asynchronously); the same request answers "freezing" until the freeze commits, then 202 with the
 *      commitment; after the round, 202 "pending" with the walk handed over likewise, then 200 with the
 *      draw, and verify-draw says MATCH. A repeated or concurrent step changes nothing; when Lambda will
 *      not take the event, the request runs the step itself; a step whose invocation was lost is handed
 *      over again once its lease has run out, and the lost one, arriving late, does nothing.
 *
 * One pool for the whole file (seeding over ten thousand entrants is the cost of this file): each test
 * draws under its own key, and every draw but the first finds a couple fewer eligible, still over the limit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LEASE_MS } from '../../../functions/draw/verifiable/machine';
import { STEP_SOURCE } from '../../../functions/draw/verifiable/run';
import { LIMITS } from '../../../model/limits';
import { COUNTER_SHARDS } from '../../../model/schema';
import { roundTime } from '../../../verify/commitment';
import { readDrawFiles, verifyDraw } from '../../../verify/verify-draw';
import { drawPost, parseBody } from '../support/events';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h, logs } = w;

/** Just over the limit, seeded per counter shard; the four tests together draw 4 of the spare 16. */
const POOL = Math.ceil((LIMITS.inlineVerifiableEntrants + 1) / COUNTER_SHARDS) * COUNTER_SHARDS;
/** The table holding the pool, seeded once; each test's functions are pointed at it. */
let poolTable: string;

beforeAll(async () => {
  poolTable = await w.freshTable();
  await seedEntrants(db.client, poolTable, w.raffle.keys, POOL / COUNTER_SHARDS);
});

beforeEach(() => {
  w.configure({ tableName: poolTable, verifiable: { marginSeconds: 3 } });
});

const verifiable = (key: string) => drawPost({ mode: 'verifiable', winners: 2, early: true }, { 'idempotency-key': key });
const publishedFile = (drawId: string, name: string) => path.join(w.published, 'draws', drawId, name);

/** The functions' clock moved on to the round's time: the beacon has it. */
function untilRound(round: number): void {
  w.clock.advanceTo(roundTime(round) * 1000);
}

const warned = (route: string): boolean => logs.lines.some((l) => JSON.parse(l).route === route && JSON.parse(l).level === 'warn');

test('a large pool is frozen and walked off the request path: 202 freezing at once, the commitment, 202 pending, then the draw (200); verify-draw says MATCH', async () => {
  const first = await h.draw(verifiable('big-1'));
  expect(first.statusCode).toBe(202);
  const freezing = parseBody(first);
  expect(freezing).toMatchObject({ status: 'freezing', verifiable: null, winnerCount: 0 });
  expect(w.invoked).toEqual([
    { source: STEP_SOURCE, step: 'freeze', raffleId: 'spring', drawId: freezing.drawId, lease: expect.any(String) },
  ]);
  expect(fs.existsSync(publishedFile(freezing.drawId, 'pool.txt'))).toBe(false);

  // Asked again before the freeze has run: still freezing, and not handed over a second time.
  const again = await h.draw(verifiable('big-1'));
  expect([again.statusCode, parseBody(again).status, w.invoked.length]).toEqual([202, 'freezing', 1]);

  // The freeze runs half a minute after the request (a queued invocation): the round must count from the freeze.
  w.clock.advance(30_000);
  const frozenFrom = w.clock.now().getTime();
  expect(await h.step(w.invoked[0])).toEqual({ status: 'committed' });
  const committed = parseBody(await h.draw(verifiable('big-1')));
  expect(committed).toMatchObject({ status: 'committed', eligibleCount: POOL, verifiable: { poolSize: POOL, chainHash: 'local' } });
  expect(roundTime(committed.verifiable.round) * 1000).toBeGreaterThanOrEqual(frozenFrom + 3000);
  expect(fs.readFileSync(publishedFile(freezing.drawId, 'pool.txt'), 'utf8').split('\n').filter(Boolean)).toHaveLength(POOL);

  // Lambda's retry of the same event changes nothing.
  expect(await h.step(w.invoked[0])).toEqual({ status: 'committed' });
  expect(parseBody(await h.draw(verifiable('big-1'))).verifiable).toEqual(committed.verifiable);

  // After the round: the beacon is verified in the request, and the walk handed over likewise.
  untilRound(committed.verifiable.round);
  const revealing = await h.draw(verifiable('big-1'));
  expect(revealing.statusCode).toBe(202);
  expect(parseBody(revealing)).toMatchObject({
    status: 'pending',
    winnerCount: 0,
    verifiable: { beacon: { round: committed.verifiable.round } },
  });
  expect(w.invoked.map((e) => e.step)).toEqual(['freeze', 'walk']);
  expect(parseBody(await h.draw(verifiable('big-1'))).status).toBe('pending');
  expect(w.invoked).toHaveLength(2);
  expect(await h.step(w.invoked[1])).toEqual({ status: 'complete' });
  // A retry of the walk's event changes nothing.
  expect(await h.step(w.invoked[1])).toEqual({ status: 'complete' });
  const drawn = await h.draw(verifiable('big-1'));
  expect([drawn.statusCode, parseBody(drawn).winnerCount]).toEqual([200, 2]);
  const verdict = verifyDraw(await readDrawFiles({ dir: path.join(w.published, 'draws') }, freezing.drawId));
  expect(verdict.message).toMatch(/^MATCH/);
});

test('two freezes of one draw at once make one commitment', async () => {
  const { drawId } = parseBody(await h.draw(verifiable('big-2')));
  const outcomes = await Promise.all([h.step(w.invoked[0]), h.step(w.invoked[0])]);
  // The one that found the freeze done returns the draw as it found it.
  expect(outcomes).toContainEqual({ status: 'committed' });
  const committed = parseBody(await h.draw(verifiable('big-2')));
  expect(committed.status).toBe('committed');
  const commitment = JSON.parse(fs.readFileSync(publishedFile(drawId, 'commitment.json'), 'utf8'));
  expect([commitment.poolHash, commitment.round]).toEqual([committed.verifiable.poolHash, committed.verifiable.round]);
});

test('when Lambda will not take the event, the request runs the step itself: the commitment, then the draw', async () => {
  w.use({
    invoker: {
      invoke: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      },
    },
  });
  const res = await h.draw(verifiable('big-3'));
  expect(res.statusCode).toBe(202);
  const committed = parseBody(res);
  expect(committed).toMatchObject({ status: 'committed', verifiable: { poolSize: expect.any(Number) } });
  expect(committed.verifiable.poolSize).toBeGreaterThan(LIMITS.inlineVerifiableEntrants);
  expect(warned('verifiable freeze hand-over')).toBe(true);
  untilRound(committed.verifiable.round);
  const drawn = await h.draw(verifiable('big-3'));
  expect([drawn.statusCode, parseBody(drawn).status]).toEqual([201, 'complete']);
  expect(warned('verifiable walk hand-over')).toBe(true);
  expect(w.invoked).toEqual([]);
});

test('a freeze whose invocation was lost is handed over again once its lease has run out, and not before; the lost one, if it comes, does nothing', async () => {
  const { drawId } = parseBody(await h.draw(verifiable('big-4')));
  expect(w.invoked).toHaveLength(1);
  const lost = w.invoked[0];

  // A minute before the lease runs out: its holder may still be freezing.
  w.clock.advance(LEASE_MS - 60_000);
  expect(parseBody(await h.draw(verifiable('big-4'))).status).toBe('freezing');
  expect(w.invoked).toHaveLength(1);

  // The lease has run out: the freeze is handed over again, under a new lease.
  w.clock.advance(60_000 + 1);
  expect(parseBody(await h.draw(verifiable('big-4'))).status).toBe('freezing');
  expect(w.invoked.map((e) => e.drawId)).toEqual([drawId, drawId]);
  expect(w.invoked[1].lease).not.toBe(lost.lease);
  // Asked again at once: the new lease holds, nothing more is handed over.
  expect(parseBody(await h.draw(verifiable('big-4'))).status).toBe('freezing');
  expect(w.invoked).toHaveLength(2);

  // The lost invocation turning up late: its lease was taken over, it freezes nothing.
  expect(await h.step(lost)).toEqual({ status: 'freezing' });
  expect(fs.existsSync(publishedFile(drawId, 'pool.txt'))).toBe(false);
  expect(await h.step(w.invoked[1])).toEqual({ status: 'committed' });
});
