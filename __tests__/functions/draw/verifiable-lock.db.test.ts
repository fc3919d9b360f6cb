/**
 * GIVEN confirmed entrants, a local beacon on the test's clock, and a verifiable draw committed (its pool
 *       frozen, round R ahead)
 * WHEN the organiser tries to change the pool before the winners are recorded: erase an entrant (one
 *      raffle, or everywhere), make a fast draw, void a winner of an earlier draw
 * THEN each is refused with 409 pool_locked and a Retry-After of the seconds until R is due (plus a
 *      small margin), and changes nothing; after the reveal the published files still say MATCH with no
 *      skip, and the same request succeeds.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import * as path from 'path';
import { RETRY_MARGIN_SECONDS, STALLED_AFTER_MINUTES } from '../../../functions/shared/pool-lock';
import { roundTime } from '../../../verify/selection';
import { readDrawFiles, verifyDraw } from '../../../verify/verify-draw';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, voidPost } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

beforeEach(() => {
  w.configure({ verifiable: { marginSeconds: 30 } });
});

const people = Array.from({ length: 10 }, (_, i) => person(i, 'lock'));

async function register(): Promise<void> {
  for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(201);
}

const verifiable = (key: string, winners = 2) =>
  drawPost({ mode: 'verifiable', winners, prize: 'Verified prize' }, { 'idempotency-key': key });
const eraseEverywhere = (email: string) =>
  h.erase(httpEvent({ method: 'DELETE', path: `/people/${encodeURIComponent(email)}`, clientCertSubject: ORGANISER }));

async function entryExists(email: string): Promise<boolean> {
  const out = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { email: { S: w.raffle.keys.entry(email) } }, ConsistentRead: true }),
  );
  return out.Item !== undefined;
}

type Answer = { statusCode?: number; headers?: Record<string, unknown>; body?: string };

/** A refusal by the lock: 409 pool_locked, Retry-After the seconds from when it was asked to `round`, plus the margin. */
async function expectLocked(asking: () => Promise<Answer>, round: number): Promise<void> {
  // The functions' clock runs on with real time (moved on only by the test): the answer's "now" is between these.
  const due = () => roundTime(round) - Math.floor(w.clock.now().getTime() / 1000) + RETRY_MARGIN_SECONDS;
  const atMost = due();
  const res = await asking();
  const atLeast = due();
  expect([res.statusCode, parseBody(res).error.code]).toEqual([409, 'pool_locked']);
  const seconds = Number(res.headers?.['retry-after']);
  expect(parseBody(res).error.retryAfterSeconds).toBe(seconds);
  expect(seconds).toBeGreaterThanOrEqual(atLeast);
  expect(seconds).toBeLessThanOrEqual(atMost);
}

/** Reveals the draw once its round has come, and checks its published files: MATCH, and not one skip. */
async function revealAndVerify(key: string, round: number): Promise<any> {
  w.clock.advanceTo(roundTime(round) * 1000);
  const draw = parseBody(await h.draw(verifiable(key)));
  expect(draw.status).toBe('complete');
  const files = await readDrawFiles({ dir: path.join(w.published, 'draws') }, draw.drawId);
  expect(verifyDraw(files).message).toMatch(/^MATCH/);
  expect(files.result.sequence.filter((s) => s.outcome === 'skipped')).toEqual([]);
  return draw;
}

describe('the pool lock of a verifiable draw, from its commitment to its winners', () => {
  it('refuses an erasure (409 pool_locked, Retry-After), erases nothing, and takes the same erasure after the reveal', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('lock-erase')));
    w.clock.advance(10_000);
    const round = committed.verifiable.round;
    for (const p of people.slice(0, 3)) {
      await expectLocked(() => h.erase(eraseDelete(p.email)), round);
      expect(await entryExists(p.email)).toBe(true);
    }
    await revealAndVerify('lock-erase', round);
    for (const p of people.slice(0, 3)) expect((await h.erase(eraseDelete(p.email))).statusCode).toBe(200);
    expect(await entryExists(people[0].email)).toBe(false);
  });

  it('refuses a fast draw, which records nothing, and makes it after the reveal', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('lock-fast')));
    const fast = () => drawPost({ winners: 3 }, { 'idempotency-key': 'fast-1' });
    await expectLocked(() => h.draw(fast()), committed.verifiable.round);
    const history = parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER })));
    expect(history.draws.map((d: { drawId: string }) => d.drawId)).toEqual([committed.drawId]);
    await revealAndVerify('lock-fast', committed.verifiable.round);
    const res = await h.draw(fast());
    expect([res.statusCode, parseBody(res).winnerCount]).toEqual([201, 3]);
  });

  it("refuses a void of an earlier draw's winner, which voids nothing, and makes it after the reveal", async () => {
    await register();
    const earlier = parseBody(await h.draw(drawPost({ winners: 1 })));
    const committed = parseBody(await h.draw(verifiable('lock-void')));
    const voidIt = () =>
      voidPost(earlier.drawId, { email: earlier.winners[0].email, reason: 'No answer' }, { 'idempotency-key': 'void-1' });
    await expectLocked(() => h.draw(voidIt()), committed.verifiable.round);
    await revealAndVerify('lock-void', committed.verifiable.round);
    const res = await h.draw(voidIt());
    expect(res.statusCode).toBe(201);
    expect(parseBody(res).replacement).toMatchObject({ status: 'complete', winnerCount: 1 });
  });

  it("refuses a person's erasure everywhere while their raffle is locked (Retry-After), and erases them on the retry", async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('lock-person')));
    const target = people[4].email;
    await expectLocked(() => eraseEverywhere(target), committed.verifiable.round);
    expect(await entryExists(target)).toBe(true);
    await revealAndVerify('lock-person', committed.verifiable.round);
    expect((await eraseEverywhere(target)).statusCode).toBe(200);
    expect(await entryExists(target)).toBe(false);
  });

  it("erases a person everywhere from the raffles that are not locked at once, and the locked raffle's entry on the retry", async () => {
    await register();
    const other = 'winter'; // listed after the locked raffle
    const created = await h.organise(
      httpEvent({
        method: 'POST',
        path: '/raffles',
        body: JSON.stringify({
          raffleId: other,
          title: 'Winter raffle',
          prizes: [{ name: 'Mug', winners: 1 }],
          closesAt: new Date(w.clock.now().getTime() + 30 * 24 * 3600 * 1000).toISOString(),
          status: 'open',
        }),
        headers: { 'content-type': 'application/json', 'idempotency-key': `create-${other}` },
        clientCertSubject: ORGANISER,
      }),
    );
    expect(created.statusCode).toBe(201);
    const target = people[5];
    expect((await h.apply(jsonPost(`/raffles/${other}/apply`, target))).statusCode).toBe(201);
    const count = async (raffleId: string) => parseBody(await h.raffles(httpEvent({ method: 'GET', path: `/raffles/${raffleId}` }))).count;
    expect(await count(other)).toBe(1);

    const committed = parseBody(await h.draw(verifiable('lock-everywhere')));
    await expectLocked(() => eraseEverywhere(target.email), committed.verifiable.round);
    // The unlocked raffle's part is done, whole; the locked one's is untouched.
    expect(await count(other)).toBe(0);
    expect(await entryExists(target.email)).toBe(true);
    await revealAndVerify('lock-everywhere', committed.verifiable.round);
    expect((await eraseEverywhere(target.email)).statusCode).toBe(200);
    expect(await entryExists(target.email)).toBe(false);
  });

  it('has the sweep reveal a draw nobody revealed, once its round is 5 minutes past; the lock holds until then, and the erasure goes through after', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('lock-stalled')));
    const round = committed.verifiable.round;
    w.clock.advanceTo(roundTime(round) * 1000 + (STALLED_AFTER_MINUTES * 60 - 1) * 1000);
    expect(await h.claimSweep()).toMatchObject({ revealed: 0, locked: [] });
    const held = await h.erase(eraseDelete(people[0].email));
    expect([held.statusCode, parseBody(held).error.code]).toEqual([409, 'pool_locked']);

    w.clock.advance(2000);
    expect(await h.claimSweep()).toMatchObject({ revealed: 1, failed: [] });
    const [draw] = parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }))).draws;
    expect([draw.drawId, draw.status, draw.winnerCount, draw.drawnBy]).toEqual([committed.drawId, 'complete', 2, ORGANISER]);
    const files = await readDrawFiles({ dir: path.join(w.published, 'draws') }, committed.drawId);
    expect(verifyDraw(files).message).toMatch(/^MATCH/);
    expect((await h.erase(eraseDelete(people[0].email))).statusCode).toBe(200);
    // The organiser asking again now gets the same draw.
    expect(parseBody(await h.draw(verifiable('lock-stalled')))).toMatchObject({ drawId: committed.drawId, status: 'complete' });
  });

  it('lets a pending (unconfirmed) or absent address be erased meanwhile: it is in no pool', async () => {
    await register();
    const committed = parseBody(await h.draw(verifiable('lock-absent')));
    expect((await h.erase(eraseDelete('never.entered@example.com'))).statusCode).toBe(200);
    await revealAndVerify('lock-absent', committed.verifiable.round);
  });
});
