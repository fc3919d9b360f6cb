/**
 * The organiser's console and its notifications through the local runtime, end to end: DynamoDB Local
 * and its stream, the bundled functions, the mutual-TLS admin door.
 * GIVEN a runtime with a drawSchedule 20 s ahead, winners' emails on, and entries admitted directly
 * WHEN people register, the schedule fires, the organiser voids a winner and erases an entrant, and the
 *      runtime restarts (its stream reader starts again from the oldest record kept)
 * THEN registrations announce nothing; the scheduled draw and the replacement each give exactly one
 *      organiser notice and one email per winner, in the outbox; nothing is announced twice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ORGANISER_OUTBOX_ADDRESS } from '../../functions/runtime/topic';
import { readOutbox } from '../../local/outbox';
import { startRuntime, type Runtime } from '../../local/runtime';
import { ENV } from '../../model/functions';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { SCHEDULER_IDENTITY } from '../../model/scheduled-draw';
import { person } from '../support/people';
import { adminTls, postJson, send, type ClientTls } from './http-client';

jest.setTimeout(120_000);

const SCHEDULE_LEAD_MS = 20_000;

let localDir: string;
let runtime: Runtime;
let admin: ClientTls;
let drawSchedule: string;
const people = Array.from({ length: 6 }, (_, i) => person(i, 'local'));

const start = (build: boolean) =>
  startRuntime({
    port: 0,
    adminPort: 0,
    localDir,
    build,
    confirmEntries: false,
    functionEnv: { [ENV.defaultWinners]: '2', [ENV.notifyWinners]: 'true', [ENV.drawSchedule]: drawSchedule },
  });

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-notify-runtime-'));
  drawSchedule = new Date(Date.now() + SCHEDULE_LEAD_MS).toISOString();
  runtime = await start(true);
  admin = adminTls(runtime.certs);
});

afterAll(async () => {
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

const organiserNotices = () => readOutbox(runtime.outboxDir).filter((m) => m.to === ORGANISER_OUTBOX_ADDRESS);
const winnerEmails = () => readOutbox(runtime.outboxDir).filter((m) => m.to !== ORGANISER_OUTBOX_ADDRESS);
const adminUrl = (route: { path: string }, values: Record<string, string> = {}) => `${runtime.adminUrl}${fillRoutePath(route, values)}`;

test('registrations reach the stream but invoke nothing', async () => {
  for (const p of people) expect((await postJson(`${runtime.publicUrl}/raffle/apply`, p)).status).toBe(201);
  await runtime.stream.drain();
  expect(runtime.stream.stats.recordsRead).toBeGreaterThanOrEqual(people.length);
  expect(runtime.stream.stats.invocations).toBe(0);
  expect(readOutbox(runtime.outboxDir)).toEqual([]);
});

test('the drawSchedule fires at its time, through the scheduler’s event; one organiser notice and one email per winner', async () => {
  expect(runtime.schedule).toBeDefined();
  expect(await runtime.schedule!.done).toBe('drawn');
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(drawSchedule));
  await runtime.stream.drain();

  const draws = (await send(adminUrl(ROUTES.draws), { tls: admin })).json<{ draws: any[] }>().draws;
  expect(draws).toHaveLength(1);
  expect(draws[0]).toMatchObject({ drawnBy: SCHEDULER_IDENTITY, status: 'complete', winnerCount: 2 });
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
  await runtime.stream.drain();
  expect(organiserNotices().map((m) => m.subject)).toEqual([
    'Raffle: Draw complete, 2 winner(s)',
    'Raffle: Replacement drawn, 1 winner(s)',
  ]);
  expect(winnerEmails().map((m) => m.to)).toContain(replacement.winners[0].email);
  expect(winnerEmails()).toHaveLength(3);

  const listed = (await send(`${adminUrl(ROUTES.entrants)}?prefix=local`, { tls: admin })).json<{ entrants: any[] }>();
  expect(listed.entrants).toHaveLength(people.length);
  const loser = people.find((p) => !winnerEmails().some((m) => m.to === p.email))!;
  const erased = await send(adminUrl(ROUTES.eraseEntrant, { email: loser.email }), { method: 'DELETE', tls: admin });
  expect([erased.status, erased.json()]).toEqual([200, { status: 'erased' }]);
  expect((await send(`${runtime.publicUrl}/raffle/count`)).json()).toEqual({ count: people.length - 1 });
  // The admin routes are not on the public door.
  expect(
    (await send(`${runtime.publicUrl}${fillRoutePath(ROUTES.eraseEntrant, { email: people[0].email })}`, { method: 'DELETE' })).status,
  ).toBe(404);

  const results = await send(`${runtime.publicUrl}/raffle/results`);
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
  await runtime.stream.drain();
  expect(organiserNotices()).toHaveLength(2);
});

test('after a restart the stream is read again from its oldest record: the draws arrive again, and nothing is announced twice', async () => {
  const before = readOutbox(runtime.outboxDir).map((m) => m.file);
  await runtime.stop();
  runtime = await start(false);
  // The schedule's time has passed: it is not run again.
  expect(await runtime.schedule!.done).toBe('passed');
  await runtime.stream.drain();

  expect(runtime.stream.stats.recordsDelivered).toBe(2);
  expect(runtime.stream.stats.invocations).toBeGreaterThanOrEqual(1);
  expect(readOutbox(runtime.outboxDir).map((m) => m.file)).toEqual(before);
});
