/**
 * The organiser's console and its notifications through the local runtime, end to end: DynamoDB Local
 * and its stream, the bundled functions, the mutual-TLS admin door, and the runtime's clock, which the
 * test moves on to the scheduled instant instead of waiting for it.
 * GIVEN a runtime with winners' emails on, entries admitted directly, and a raffle the organiser created
 *      with its drawAt an hour ahead on the runtime's clock (one prize of two winners)
 * WHEN people register, the clock reaches the drawAt, the organiser voids a winner and erases an
 *      entrant, and the runtime restarts (its stream reader starts again from the oldest record kept)
 * THEN registrations announce nothing; the scheduled draw and the replacement each give exactly one
 *      organiser notice and one email per winner, in the outbox; nothing is announced twice, and the
 *      drawn raffle gets no schedule again.
 */
import * as fs from 'fs';
import { ORGANISER_OUTBOX_ADDRESS, readOutbox } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { SCHEDULER_IDENTITY } from '../../model/scheduled-draw';
import { TestClock } from '../../testkit/clock';
import { person } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { within } from '../support/wait';
import { adminTls, createRaffle, postJson, send, type ClientTls } from './http-client';

/** How far ahead the schedule is: nothing in the test comes near it before the clock is moved on. */
const SCHEDULE_LEAD_MS = 3600_000;

// Not moved on by a sleep: the schedule waits until the test moves the clock to its instant.
const clock = new TestClock();
const drawAt = new Date(clock.now().getTime() + SCHEDULE_LEAD_MS).toISOString();
const RAFFLE_ID = 'notified';
const TITLE = 'Notified raffle';
// A fast draw at the schedule, as before verifiable draws were on locally by default: a scheduled verifiable
// draw waits for its round, which functions/draw/scheduled.db.test.ts covers on the handler's clock.
const config = testConfig({ notifyWinners: true, verifiable: undefined }, { noConfirm: true });
let localDir: string;
/** The runtime's table: the restart finds what the first run left. */
let tableName: string | undefined;
let runtime: Runtime;
let admin: ClientTls;
const people = Array.from({ length: 6 }, (_, i) => person(i, 'local'));

const start = async (): Promise<Runtime> => {
  const started = await startTestRuntime({ config, localDir, clock, tableName });
  tableName = started.tableName;
  return started;
};

beforeAll(async () => {
  localDir = tmpDir('raffle-notify-runtime-');
  runtime = await start();
  admin = adminTls(runtime.certs);
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: RAFFLE_ID,
    title: TITLE,
    prizes: [{ name: 'Hamper', winners: 2 }],
    closesAt: new Date(Date.parse(drawAt) - SCHEDULE_LEAD_MS / 2).toISOString(),
    drawAt,
  });
});

afterAll(async () => {
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

const organiserNotices = () => readOutbox(runtime.outboxDir).filter((m) => m.to === ORGANISER_OUTBOX_ADDRESS);
const winnerEmails = () => readOutbox(runtime.outboxDir).filter((m) => m.to !== ORGANISER_OUTBOX_ADDRESS);
const adminUrl = (route: { path: string }, values: Record<string, string> = {}) =>
  `${runtime.adminUrl}${fillRoutePath(route, { raffleId: RAFFLE_ID, ...values })}`;
const publicUrl = (route: { path: string }, values: Record<string, string> = {}) =>
  `${runtime.publicUrl}${fillRoutePath(route, { raffleId: RAFFLE_ID, ...values })}`;

test('registrations reach the stream but invoke nothing', async () => {
  for (const p of people) expect((await postJson(publicUrl(ROUTES.apply), p)).status).toBe(201);
  await within(runtime.stream.drain(), 'the stream to be read');
  expect(runtime.stream.stats.recordsRead).toBeGreaterThanOrEqual(people.length);
  expect(runtime.stream.stats.invocations).toBe(0);
  expect(readOutbox(runtime.outboxDir)).toEqual([]);
});

test('the raffle’s drawAt fires at its time, through the scheduler’s event; one organiser notice and one email per winner', async () => {
  const schedule = runtime.schedules.get(RAFFLE_ID);
  expect(schedule).toBeDefined();
  // The schedule is waiting on the runtime's clock, and has drawn nothing before its instant.
  await within(clock.someoneSleeps(), 'the schedule to wait for its instant');
  let outcome: string | undefined;
  void schedule!.done.then((o) => (outcome = o));
  expect((await send(adminUrl(ROUTES.draws), { tls: admin })).json<{ draws: unknown[] }>().draws).toEqual([]);
  expect(outcome).toBeUndefined();

  clock.advanceTo(Date.parse(drawAt));
  expect(await within(schedule!.done, 'the scheduled draw')).toBe('drawn');
  // A schedule that has run is deleted, as ActionAfterCompletion DELETE does.
  expect(runtime.schedules.get(RAFFLE_ID)).toBeUndefined();
  await within(runtime.stream.drain(), 'the stream to be read');

  const draws = (await send(adminUrl(ROUTES.draws), { tls: admin })).json<{ draws: any[] }>().draws;
  expect(draws).toHaveLength(1);
  expect(draws[0]).toMatchObject({ drawnBy: SCHEDULER_IDENTITY, status: 'complete', prize: 'Hamper', winnerCount: 2 });
  expect(Date.parse(draws[0].drawnAt)).toBeGreaterThanOrEqual(Date.parse(drawAt));
  const notices = organiserNotices();
  expect(notices).toHaveLength(1);
  expect(notices[0].text).toContain(draws[0].drawId);
  expect(notices[0].text).toContain(`${runtime.adminUrl}/raffle/draw.html`);
  expect(
    winnerEmails()
      .map((m) => m.to)
      .sort(),
  ).toEqual(draws[0].winners.map((w: { email: string }) => w.email).sort());
  expect(runtime.stream.stats.invocations).toBe(1);
});

test('the organiser lists, voids (a replacement, announced once), erases, and the public sees masked results', async () => {
  const [draw] = (await send(adminUrl(ROUTES.draws), { tls: admin })).json<{ draws: any[] }>().draws;
  const voided = await postJson(
    adminUrl(ROUTES.voidWinner, { drawId: draw.drawId }),
    { email: draw.winners[0].email, reason: 'Unreachable' },
    admin,
    { 'idempotency-key': 'local-void-1' },
  );
  expect(voided.status).toBe(201);
  const replacement = voided.json<{ replacement: any }>().replacement;
  await within(runtime.stream.drain(), 'the stream to be read');
  expect(organiserNotices().map((m) => m.subject)).toEqual([
    `${TITLE}: Draw complete (Hamper), 2 winners`,
    `${TITLE}: Replacement drawn (Hamper), 1 winner`,
  ]);
  expect(winnerEmails().map((m) => m.to)).toContain(replacement.winners[0].email);
  expect(winnerEmails()).toHaveLength(3);

  const listed = (await send(`${adminUrl(ROUTES.entrants)}?prefix=local`, { tls: admin })).json<{ entrants: any[] }>();
  expect(listed.entrants).toHaveLength(people.length);
  const loser = people.find((p) => !winnerEmails().some((m) => m.to === p.email))!;
  const erased = await send(adminUrl(ROUTES.eraseEntrant, { email: loser.email }), { method: 'DELETE', tls: admin });
  expect([erased.status, erased.json()]).toEqual([200, { status: 'erased' }]);
  expect((await send(publicUrl(ROUTES.raffle))).json()).toMatchObject({ status: 'drawn', count: people.length - 1 });
  // The admin routes are not on the public door.
  expect((await send(publicUrl(ROUTES.eraseEntrant, { email: people[0].email }), { method: 'DELETE' })).status).toBe(404);

  const results = await send(publicUrl(ROUTES.results));
  expect(results.status).toBe(200);
  expect(results.headers['cache-control']).toBe('public, max-age=30');
  expect(results.text).not.toContain('@');
  expect(
    results
      .json<{ draws: any[] }>()
      .draws.map((d) => d.drawId)
      .sort(),
  ).toEqual([draw.drawId, replacement.drawId].sort());
  // Neither the void nor the erasure is a completed draw: nothing more was announced.
  await within(runtime.stream.drain(), 'the stream to be read');
  expect(organiserNotices()).toHaveLength(2);
});

test('after a restart the stream is read again from its oldest record: the draws arrive again, and nothing is announced twice', async () => {
  const before = readOutbox(runtime.outboxDir).map((m) => m.file);
  await runtime.stop();
  runtime = await start();
  // The raffle is drawn: the restart makes it no schedule again.
  expect(runtime.schedules.get(RAFFLE_ID)).toBeUndefined();
  await within(runtime.stream.drain(), 'the stream to be read again');

  expect(runtime.stream.stats.recordsDelivered).toBe(2);
  expect(runtime.stream.stats.invocations).toBeGreaterThanOrEqual(1);
  expect(readOutbox(runtime.outboxDir).map((m) => m.file)).toEqual(before);
});
