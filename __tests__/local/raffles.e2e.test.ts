/**
 * Many raffles through the local runtime, end to end: the organiser's admin door (mutual TLS), the public
 * door, the bundled functions, the runtime's schedules (local/schedule.ts, EventBridge Scheduler's
 * stand-in) and one clock the test moves instead of waiting for it.
 * GIVEN a runtime whose entries are confirmed by email (as `npm start` runs), without verifiable draws
 *      (a scheduled verifiable draw waits for its round: functions/draw/scheduled.db.test.ts covers it)
 * WHEN the organiser creates raffles with a drawAt, moves it, draws one by hand, and lets the other's
 *      drawAt come; and one person enters two raffles, then asks to be erased
 * THEN each raffle with a drawAt has its schedule, which moves with it and which a draw by hand deletes;
 *      the schedule draws each prize at the drawAt on the runtime's clock, and nothing at a time it was
 *      moved from; the person has one entry in each raffle, counted in each, and is erased from both.
 */
import * as fs from 'fs';
import type { Runtime } from '../../local/runtime';
import type { ScheduleOutcome } from '../../local/schedule';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { SCHEDULER_IDENTITY } from '../../model/scheduled-draw';
import { TestClock } from '../../testkit/clock';
import { confirmationLink } from '../support/outbox';
import { person } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { within } from '../support/wait';
import { adminTls, createRaffle, newKey, postJson, send, sendJson, type ClientTls } from './http-client';

const HOUR_MS = 3600_000;
// Moved on by the test only: a schedule waits until the clock reaches its instant.
const clock = new TestClock();
const hoursFromNow = (hours: number): string => new Date(clock.now().getTime() + hours * HOUR_MS).toISOString();

let localDir: string;
let runtime: Runtime;
let admin: ClientTls;

beforeAll(async () => {
  localDir = tmpDir('raffle-raffles-');
  runtime = await startTestRuntime({ config: testConfig({ verifiable: undefined }), localDir, clock });
  admin = adminTls(runtime.certs);
});

afterAll(async () => {
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

/** A raffle's route on the admin or the public door. */
const adminAt = (route: { path: string }, raffleId: string, values: Record<string, string> = {}) =>
  `${runtime.adminUrl}${fillRoutePath(route, { raffleId, ...values })}`;
const publicAt = (route: { path: string }, raffleId: string, values: Record<string, string> = {}) =>
  `${runtime.publicUrl}${fillRoutePath(route, { raffleId, ...values })}`;

interface DrawAnswer {
  readonly drawId: string;
  readonly prize: string;
  readonly drawnBy: string;
  readonly drawnAt: string;
  readonly status: string;
  readonly winnerCount: number;
  readonly winners: ReadonlyArray<{ readonly email: string }>;
}
const drawsOf = async (raffleId: string): Promise<DrawAnswer[]> =>
  (await send(adminAt(ROUTES.draws, raffleId), { tls: admin })).json<{ draws: DrawAnswer[] }>().draws;
const countOf = async (raffleId: string): Promise<number> =>
  (await send(publicAt(ROUTES.raffle, raffleId))).json<{ count: number }>().count;

/** What a schedule came to, once it has: undefined while it waits. */
function outcomeOf(done: Promise<ScheduleOutcome>): () => ScheduleOutcome | undefined {
  let outcome: ScheduleOutcome | undefined;
  void done.then((o) => (outcome = o));
  return () => outcome;
}

/** Entrants of a raffle that counts entries at once. */
async function enter(raffleId: string, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const entered = await postJson(publicAt(ROUTES.apply, raffleId), person(i, prefix));
    expect([raffleId, entered.status]).toEqual([raffleId, 201]);
  }
}

test('a raffle created with a drawAt has its schedule; moving the drawAt moves it; a draw by hand deletes it', async () => {
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: 'by-hand',
    closesAt: hoursFromNow(1),
    drawAt: hoursFromNow(2),
    confirmEntries: false,
  });
  const first = runtime.schedules.get('by-hand');
  expect(first).toBeDefined();
  const firstOutcome = outcomeOf(first!.done);

  const moved = await sendJson('PATCH', adminAt(ROUTES.editRaffle, 'by-hand'), { drawAt: hoursFromNow(3) }, admin, {
    'idempotency-key': newKey('move'),
  });
  expect([moved.status, moved.json<{ drawAt: string }>().drawAt]).toEqual([200, expect.any(String)]);
  // The old schedule is gone and a new one waits for the new time.
  expect(await within(first!.done, 'the moved schedule to be cancelled')).toBe('cancelled');
  expect(firstOutcome()).toBe('cancelled');
  const second = runtime.schedules.get('by-hand');
  expect(second).toBeDefined();
  expect(second).not.toBe(first);

  // A draw by hand, before the drawAt, must say it means it, and then replaces the scheduled one.
  await enter('by-hand', 3, 'hand');
  const notYet = await postJson(adminAt(ROUTES.draw, 'by-hand'), {}, admin, { 'idempotency-key': newKey('draw') });
  expect([notYet.status, notYet.json<{ error: { code: string } }>().error.code]).toEqual([409, 'draw_before_deadline']);
  expect(runtime.schedules.get('by-hand')).toBe(second);
  const drawn = await postJson(adminAt(ROUTES.draw, 'by-hand'), { early: true }, admin, { 'idempotency-key': newKey('draw') });
  expect(drawn.status).toBe(201);
  expect(await within(second!.done, 'the replaced schedule to be cancelled')).toBe('cancelled');
  expect(runtime.schedules.get('by-hand')).toBeUndefined();
});

test('a scheduled draw fires at the drawAt on the runtime’s clock, not at the time it was moved from, and draws each prize', async () => {
  const prizes = [
    { name: 'Bicycle', winners: 1 },
    { name: 'Voucher', winners: 2 },
  ];
  const firstDrawAt = hoursFromNow(2);
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: 'scheduled',
    prizes,
    closesAt: hoursFromNow(1),
    drawAt: firstDrawAt,
    confirmEntries: false,
  });
  await enter('scheduled', 5, 'sched');
  const firstSchedule = runtime.schedules.get('scheduled')!;
  const drawAt = hoursFromNow(4);
  const moved = await sendJson('PATCH', adminAt(ROUTES.editRaffle, 'scheduled'), { drawAt }, admin, { 'idempotency-key': newKey('move') });
  expect(moved.status).toBe(200);
  expect(await within(firstSchedule.done, 'the moved schedule to be cancelled')).toBe('cancelled');
  const schedule = runtime.schedules.get('scheduled')!;
  const outcome = outcomeOf(schedule.done);

  // The time it was moved from comes: nothing is drawn, and the schedule still waits.
  clock.advanceTo(Date.parse(firstDrawAt) + 1000);
  await within(clock.someoneSleeps(), 'the schedule to wait on');
  expect(await drawsOf('scheduled')).toEqual([]);
  expect(outcome()).toBeUndefined();
  expect(runtime.schedules.get('scheduled')).toBe(schedule);

  clock.advanceTo(Date.parse(drawAt));
  expect(await within(schedule.done, 'the scheduled draw')).toBe('drawn');
  expect(runtime.schedules.get('scheduled')).toBeUndefined();
  const draws = await drawsOf('scheduled');
  // One draw per prize, each of its own winners.
  expect(
    draws
      .map((d) => ({ prize: d.prize, winnerCount: d.winnerCount, drawnBy: d.drawnBy, status: d.status }))
      .sort((x, y) => x.prize.localeCompare(y.prize)),
  ).toEqual(prizes.map((p) => ({ prize: p.name, winnerCount: p.winners, drawnBy: SCHEDULER_IDENTITY, status: 'complete' })));
  for (const d of draws) expect(Date.parse(d.drawnAt)).toBeGreaterThanOrEqual(Date.parse(drawAt));
  const winners = draws.flatMap((d) => d.winners.map((w) => w.email));
  expect(new Set(winners).size).toBe(3);
  expect((await send(publicAt(ROUTES.raffle, 'scheduled'))).json()).toMatchObject({ status: 'drawn', count: 5 });
  // The other raffle's schedule was not touched, nor made again.
  expect(runtime.schedules.get('by-hand')).toBeUndefined();
});

describe('one person in two raffles', () => {
  const ada = { email: 'Ada.Lovelace@Example.com', name: 'Ada Lovelace', phone: '+14155550100' };
  const raffles = [
    { raffleId: 'north', title: 'North raffle' },
    { raffleId: 'south', title: 'South raffle' },
  ];

  beforeAll(async () => {
    // Confirmed by email, as npm start runs them.
    for (const r of raffles) await createRaffle(runtime.adminUrl, admin, { ...r, closesAt: hoursFromNow(48), confirmEntries: true });
  });

  test('enters both over HTTP: an email each, each link confirms its own raffle, one entry counted in each', async () => {
    for (const r of raffles) {
      const applied = await postJson(publicAt(ROUTES.apply, r.raffleId), ada);
      expect([applied.status, applied.json()]).toEqual([202, { status: 'check_email' }]);
    }
    expect(await countOf('north')).toBe(0);
    for (const r of raffles) {
      const { token } = confirmationLink(runtime.outboxDir, 'Ada.Lovelace@example.com', r.title);
      const confirmed = await postJson(`${runtime.publicUrl}${ROUTES.confirm.path}`, { token });
      expect([confirmed.status, confirmed.json()]).toEqual([
        200,
        { status: 'confirmed', raffleId: r.raffleId, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
      ]);
    }
    // The same phone in both: one entry per phone number is per raffle.
    expect([await countOf('north'), await countOf('south')]).toEqual([1, 1]);
    // Entering again, spelled otherwise, is the same entry.
    expect((await postJson(publicAt(ROUTES.apply, 'north'), { ...ada, email: 'ada.lovelace+again@example.com' })).status).toBe(202);
    expect(await countOf('north')).toBe(1);
    for (const r of raffles) {
      const listed = (await send(adminAt(ROUTES.entrants, r.raffleId), { tls: admin })).json<{ entrants: Array<{ email: string }> }>();
      expect(listed.entrants.map((e) => e.email)).toEqual(['Ada.Lovelace@example.com']);
    }
    // The organiser's list counts each raffle's own.
    const all = (await send(`${runtime.adminUrl}${ROUTES.raffles.path}`, { tls: admin })).json<{
      raffles: Array<{ raffleId: string; count: number }>;
    }>().raffles;
    expect(all.filter((r) => r.raffleId === 'north' || r.raffleId === 'south').map((r) => r.count)).toEqual([1, 1]);
  });

  test('a person’s erasure over HTTP (DELETE /raffle/people/{email}, any spelling) takes them out of every raffle', async () => {
    const erasePath = (email: string) => `${fillRoutePath(ROUTES.erasePerson, { email })}`;
    // Not on the public door.
    expect((await send(`${runtime.publicUrl}${erasePath(ada.email)}`, { method: 'DELETE' })).status).toBe(404);
    expect([await countOf('north'), await countOf('south')]).toEqual([1, 1]);

    const erased = await send(`${runtime.adminUrl}${erasePath('ADA.LOVELACE+gdpr@example.COM')}`, { method: 'DELETE', tls: admin });
    expect([erased.status, erased.json()]).toEqual([200, { status: 'erased' }]);
    expect([await countOf('north'), await countOf('south')]).toEqual([0, 0]);
    for (const r of raffles) {
      const listed = (await send(adminAt(ROUTES.entrants, r.raffleId), { tls: admin })).json<{ entrants: unknown[] }>();
      expect(listed.entrants).toEqual([]);
    }
    // The same answer again, and for someone who never entered.
    for (const email of [ada.email, 'nobody@example.com']) {
      const again = await send(`${runtime.adminUrl}${erasePath(email)}`, { method: 'DELETE', tls: admin });
      expect([again.status, again.json()]).toEqual([200, { status: 'erased' }]);
    }
    // The other raffles' entrants are untouched.
    expect(await countOf('scheduled')).toBe(5);
  });
});
