/**
 * The pool lock through the local runtime, on its own clock (moved on to the round, never waited for):
 * GIVEN a raffle with verifiable draws, entrants registered on the public door, one fast draw made
 * WHEN the organiser commits a verifiable draw, and before its round tries on the admin door to erase an
 *      entrant (in the raffle, and everywhere), to make a fast draw, and to void the fast draw's winner
 * THEN each answers 409 pool_locked with a Retry-After of the seconds to the round plus a margin; after
 *      the reveal `verify-draw --site` prints MATCH (no skip in the walk), and the same requests succeed.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import { promisify } from 'util';
import type { Runtime } from '../../local/runtime';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { RETRY_MARGIN_SECONDS } from '../../functions/shared/pool-lock';
import { TestClock } from '../../testkit/clock';
import { roundTime } from '../../verify/selection';
import { person } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { adminTls, createRaffle, postJson, send, type ClientTls, type HttpAnswer } from './http-client';

const WEEK_MS = 7 * 24 * 3600 * 1000;
let runtime: Runtime;
let admin: ClientTls;
let localDir: string;
const clock = new TestClock();

beforeAll(async () => {
  localDir = tmpDir('raffle-pool-lock-');
  const config = testConfig({ verifiable: { marginSeconds: 90 } }, { noConfirm: true });
  runtime = await startTestRuntime({ config, localDir, clock });
  admin = adminTls(runtime.certs);
});

afterAll(async () => {
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

const url = (route: { path: string }, params: Record<string, string>) => `${runtime.adminUrl}${fillRoutePath(route, params)}`;
const erase = (email: string) => send(url(ROUTES.eraseEntrant, { raffleId: 'locked', email }), { method: 'DELETE', tls: admin });
const eraseEverywhere = (email: string) => send(url(ROUTES.erasePerson, { email }), { method: 'DELETE', tls: admin });
const draw = (body: unknown, key: string) =>
  postJson(url(ROUTES.draw, { raffleId: 'locked' }), { ...(body as object), early: true }, admin, { 'idempotency-key': key });

/** A refusal by the lock: 409 pool_locked, Retry-After the seconds from when it was asked to the round, plus the margin. */
async function expectLocked(asking: () => Promise<HttpAnswer>, round: number): Promise<void> {
  // The runtime's clock runs on with real time (moved on only by the test): the answer's "now" is between these.
  const due = () => roundTime(round) - Math.floor(clock.now().getTime() / 1000) + RETRY_MARGIN_SECONDS;
  const atMost = due();
  const answer = await asking();
  const atLeast = due();
  expect([answer.status, answer.json<{ error: { code: string } }>().error.code]).toEqual([409, 'pool_locked']);
  const seconds = Number(answer.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(atLeast);
  expect(seconds).toBeLessThanOrEqual(atMost);
}

test('an erasure, a person erased everywhere, a fast draw and a void during the window: 409 pool_locked + Retry-After; MATCH after the reveal; then each succeeds', async () => {
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: 'locked',
    prizes: [
      { name: 'Fast prize', winners: 1 },
      { name: 'Checked prize', winners: 2 },
    ],
    closesAt: new Date(clock.now().getTime() + WEEK_MS).toISOString(),
    verifiableDraws: true,
  });
  const people = Array.from({ length: 8 }, (_, i) => person(i, 'lock'));
  for (const p of people)
    expect((await postJson(`${runtime.publicUrl}${fillRoutePath(ROUTES.apply, { raffleId: 'locked' })}`, p)).status).toBe(201);
  const fast = (await draw({ prize: 'Fast prize', winners: 1 }, 'fast-1')).json<{ drawId: string; winners: Array<{ email: string }> }>();

  const committed = await draw({ mode: 'verifiable', prize: 'Checked prize', winners: 2 }, 'verifiable-1');
  expect(committed.status).toBe(202);
  const { drawId, verifiable } = committed.json<{ drawId: string; verifiable: { round: number } }>();
  const wonFast = fast.winners[0].email;
  const bystander = people.find((p) => p.email !== wonFast)!.email;
  const voidIt = () =>
    postJson(url(ROUTES.voidWinner, { raffleId: 'locked', drawId: fast.drawId }), { email: wonFast, reason: 'No answer' }, admin, {
      'idempotency-key': 'void-1',
    });
  await expectLocked(() => erase(bystander), verifiable.round);
  await expectLocked(() => eraseEverywhere(bystander), verifiable.round);
  await expectLocked(() => draw({ prize: 'Fast prize', winners: 1 }, 'fast-2'), verifiable.round);
  await expectLocked(voidIt, verifiable.round);

  clock.advanceTo(roundTime(verifiable.round) * 1000);
  expect((await draw({ mode: 'verifiable', prize: 'Checked prize', winners: 2 }, 'verifiable-1')).status).toBe(201);
  const result = JSON.parse((await send(`${runtime.publicUrl}/draws/${drawId}/result.json`)).text) as {
    sequence: Array<{ outcome: string }>;
  };
  expect(result.sequence.filter((s) => s.outcome === 'skipped')).toEqual([]);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'verify/verify-draw.ts', '--site', runtime.publicUrl, drawId],
    {
      encoding: 'utf8',
    },
  );
  expect(stdout).toMatch(/^MATCH: /);

  expect((await erase(bystander)).status).toBe(200);
  expect((await eraseEverywhere(bystander)).status).toBe(200);
  expect((await draw({ prize: 'Fast prize', winners: 1 }, 'fast-2')).status).toBe(201);
  expect((await voidIt()).status).toBe(201);
});
