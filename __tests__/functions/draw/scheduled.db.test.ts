/**
 * A raffle's scheduled draw (EventBridge Scheduler → the draw function, asynchronously), against DynamoDB
 * Local: it draws each of the raffle's prizes, throws whenever it cannot complete (so Lambda retries it
 * and finally dead-letters it), every retry resumes the draws its raffle and instant name, and it never
 * runs on top of a draw the organiser made by hand, nor for a raffle no longer due then. When the raffle
 * offers verifiable draws, each scheduled draw is one: frozen, committed, revealed.
 */
import * as path from 'path';
import { BeaconUnavailable } from '../../../functions/runtime/ports';
import { scheduledDrawEvent, SCHEDULER_IDENTITY } from '../../../model/scheduled-draw';
import { roundTime } from '../../../verify/commitment';
import { readDrawFiles, verifyDraw } from '../../../verify/verify-draw';
import { person } from '../../support/people';
import { drawPost, httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, RAFFLE_ID } from '../support/events';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h, logs } = w;

const AT = '2026-12-24T18:00:00Z';
/** An instant `ms` from now on the functions' clock. */
const fromNow = (ms: number): string => new Date(w.clock.now().getTime() + ms).toISOString();
const ADMIN = ORGANISER;

/** The raffle's schedule fires: its event, as Scheduler sends it. */
const event = (at = AT) => scheduledDrawEvent(RAFFLE_ID, at);

beforeEach(async () => {
  // Entries closed (entrants are seeded), one prize of two winners, the draw scheduled at AT.
  await w.raffle.edit({ closesAt: fromNow(-60_000), prizes: [{ name: 'Prize', winners: 2 }], drawAt: AT });
});

const manualDraw = (body: unknown) => h.draw(drawPost(body));
const history = async () =>
  parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ADMIN }))).draws;

describe('scheduled draw', () => {
  it("draws the prize's winners, recorded as drawn by the scheduler", async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    const result = await h.scheduledDraw(event());
    expect(result).toEqual({ outcome: 'drawn', drawIds: [expect.stringMatching(/^[0-9a-f]{32}$/)], winnerCount: 2 });
    const [draw] = await history();
    expect(draw).toMatchObject({
      drawId: (result as unknown as { drawIds: string[] }).drawIds[0],
      drawnBy: SCHEDULER_IDENTITY,
      prize: 'Prize',
      winnerCount: 2,
      status: 'complete',
    });
  });

  it('draws each prize in order, each its own draw of its winners', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    await w.raffle.edit({
      prizes: [
        { name: 'Bike', winners: 1 },
        { name: 'Book', winners: 3 },
      ],
    });
    const result = await h.scheduledDraw(event());
    expect(result).toMatchObject({ outcome: 'drawn', winnerCount: 4 });
    const draws = await history();
    expect(draws.map((d: { prize: string; winnerCount: number }) => [d.prize, d.winnerCount])).toEqual([
      ['Book', 3],
      ['Bike', 1],
    ]);
  });

  it.each([
    ['a draft', { publishedAt: undefined }, 'the raffle is a draft'],
    ['archived', { archivedAt: '2026-01-01T00:00:00.000Z' }, 'the raffle is archived'],
    ['moved to another time', { drawAt: '2026-12-25T18:00:00.000Z' }, "the raffle's drawAt is now 2026-12-25T18:00:00.000Z"],
  ])('draws nothing, and says why, for a raffle that is %s', async (_label, fields, reason) => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    await w.raffle.edit(fields);
    expect(await h.scheduledDraw(event())).toEqual({ outcome: 'skipped', reason });
    expect(await history()).toEqual([]);
  });

  it('draws nothing for a raffle that does not exist', async () => {
    expect(await h.scheduledDraw(scheduledDrawEvent('no-such-raffle', AT))).toEqual({
      outcome: 'skipped',
      reason: 'the raffle does not exist',
    });
  });

  it('a retry (the same event again) returns the same draw and marks nobody new', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    const first = await h.scheduledDraw(event());
    const retry = await h.scheduledDraw(event('2026-12-24T19:00:00+01:00'));
    expect(retry).toEqual(first);
    expect(await history()).toHaveLength(1);
  });

  it('a retry after a failure part-way resumes the same draws: the prizes drawn stay as they were, the rest are drawn', async () => {
    await w.raffle.edit({
      prizes: [
        { name: 'Bike', winners: 1 },
        { name: 'Book', winners: 2 },
      ],
    });
    // One entrant: the Bike is drawn, then nobody is left for the Book, and the invocation throws.
    await w.raffle.edit({ closesAt: fromNow(60_000) });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(0, 'first')))).statusCode).toBe(201);
    await w.raffle.edit({ closesAt: fromNow(-60_000) });
    await expect(h.scheduledDraw(event())).rejects.toMatchObject({ code: 'no_eligible_entrants' });
    const [bike] = await history();
    expect(bike).toMatchObject({ prize: 'Bike', status: 'complete', winnerCount: 1, winners: [{ email: person(0, 'first').email }] });

    // More entrants by the time Lambda retries (here: entries reopened for them).
    await w.raffle.edit({ closesAt: fromNow(60_000) });
    for (const i of [1, 2, 3]) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'later')))).statusCode).toBe(201);
    await w.raffle.edit({ closesAt: fromNow(-60_000) });
    const retry = await h.scheduledDraw(event());
    expect(retry).toMatchObject({ outcome: 'drawn', winnerCount: 3 });
    const { drawIds } = retry as unknown as { drawIds: string[] };
    expect(drawIds[0]).toBe(bike.drawId);
    const draws = await history();
    expect(draws).toHaveLength(2);
    const book = draws.find((d: { prize: string }) => d.prize === 'Book');
    expect(book).toMatchObject({ drawId: drawIds[1], status: 'complete', winnerCount: 2, drawnBy: SCHEDULER_IDENTITY });
    // The Bike's winner is the same, and never a Book winner too.
    expect(draws.find((d: { prize: string }) => d.prize === 'Bike')).toEqual(bike);
    expect(book.winners.map((x: { email: string }) => x.email)).not.toContain(person(0, 'first').email);
    // A third delivery draws nothing new.
    expect(await h.scheduledDraw(event())).toEqual(retry);
    expect(await history()).toHaveLength(2);
  });

  it('throws, so Lambda retries it, when there is nobody to draw; a later retry with entrants succeeds', async () => {
    await expect(h.scheduledDraw(event())).rejects.toMatchObject({ code: 'no_eligible_entrants' });
    expect(logs.lines.some((l) => /"route":"scheduled draw"/.test(l) && /"level":"error"/.test(l) && /no_eligible_entrants/.test(l))).toBe(
      true,
    );
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 1);
    await expect(h.scheduledDraw(event())).resolves.toMatchObject({ outcome: 'drawn', winnerCount: 2 });
  });

  it('throws on a fault (no table), instead of returning a result that Lambda would count as a success', async () => {
    w.configure({ tableName: 'raffle-table-that-does-not-exist' });
    await expect(h.scheduledDraw(event())).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('does nothing when the organiser has already drawn by hand', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    const manual = parseBody(await manualDraw({ winners: 1, early: true }));
    const result = await h.scheduledDraw(event());
    expect(result).toEqual({ outcome: 'skipped', reason: `a draw was already made (${manual.drawId})` });
    expect((await history()).map((d: { drawId: string }) => d.drawId)).toEqual([manual.drawId]);
  });
});

describe('a manual draw while a draw is scheduled', () => {
  beforeEach(async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
  });

  it('before the scheduled time needs "early": true (409 scheduled_draw_pending), and then pre-empts and deletes the schedule', async () => {
    const drawSchedule = fromNow(3600_000);
    await w.raffle.edit({ drawAt: drawSchedule });
    const refused = await manualDraw({ early: false });
    expect(refused.statusCode).toBe(409);
    expect(parseBody(refused).error.code).toBe('scheduled_draw_pending');
    expect(await history()).toEqual([]);

    expect((await manualDraw({ early: 'yes' })).statusCode).toBe(400);
    expect(w.scheduled).toEqual([]);
    const early = await manualDraw({ early: true });
    expect(early.statusCode).toBe(201);
    expect(w.scheduled).toEqual([{ op: 'cancel', raffleId: RAFFLE_ID }]);
    await expect(h.scheduledDraw(event(drawSchedule))).resolves.toMatchObject({ outcome: 'skipped' });
    expect(await history()).toHaveLength(1);
  });

  it('after the scheduled time is an ordinary draw: the organiser may draw again on purpose', async () => {
    const drawSchedule = fromNow(-60_000);
    await w.raffle.edit({ drawAt: drawSchedule });
    const scheduled = await h.scheduledDraw(event(drawSchedule));
    expect(scheduled).toMatchObject({ outcome: 'drawn' });
    expect((await manualDraw({ winners: 1 })).statusCode).toBe(201);
    expect(await history()).toHaveLength(2);
  });
});

describe('the scheduled draw of a raffle that offers verifiable draws', () => {
  it('is verifiable: it freezes, waits for its round and reveals; an unreachable beacon throws, and the retry reveals the same round', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    w.configure({ verifiable: { marginSeconds: 3 } });
    // The relay is down when the round comes: thrown, so Lambda retries.
    const asked: number[] = [];
    w.use({
      beacon: {
        chain: w.beacon.chain,
        round: async (round) => {
          asked.push(round);
          throw new BeaconUnavailable(['every relay: connection refused']);
        },
      },
    });
    const started = w.clock.now().getTime();
    await expect(h.scheduledDraw(event())).rejects.toMatchObject({ code: 'beacon_unavailable' });
    const [committed] = await history();
    expect(committed).toMatchObject({ status: 'committed', drawnBy: SCHEDULER_IDENTITY, verifiable: { chainHash: 'local' } });
    // It slept (on the functions' clock, at once) until its round had come, and only then asked for it.
    expect(roundTime(committed.verifiable.round) * 1000).toBeGreaterThanOrEqual(started + 3000);
    expect(w.clock.now().getTime()).toBeGreaterThanOrEqual(roundTime(committed.verifiable.round) * 1000);
    expect(asked).toEqual([committed.verifiable.round]);

    w.use({ beacon: w.beacon });
    const result = await h.scheduledDraw(event());
    expect(result).toEqual({ outcome: 'drawn', drawIds: [committed.drawId], winnerCount: 2 });
    const [drawn] = await history();
    expect(drawn).toMatchObject({
      status: 'complete',
      method: 'verifiable-ranking',
      verifiable: { round: committed.verifiable.round, beacon: { round: committed.verifiable.round } },
    });
    const verdict = verifyDraw(await readDrawFiles({ dir: path.join(w.published, 'draws') }, drawn.drawId));
    expect(verdict.message).toMatch(/^MATCH/);
  });
});
