/**
 * A verifiable draw end to end through the local runtime, with its local beacon:
 * GIVEN a raffle the organiser created with verifiable draws, and entrants registered on the public door
 * WHEN the organiser commits a verifiable draw on the admin door, the round comes, and the organiser
 *      asks again with the same key
 * THEN the public results show the commitment before the round exists, then the masked winners; the
 *      draw's files are on the public door; and `npm run verify-draw -- --site <public door> <id>`
 *      prints MATCH, labelled as a local beacon, and exits 0.
 * This is the one test of the suite that waits for a real round: the runtime on the system clock, its
 * beacon signing a round once real time reaches it (a margin of 3 s), as `npm start` runs. Every other
 * test moves a clock on instead.
 *
 * And for a pool too large to freeze and walk in the request: the 202 says "freezing", the draw
 * function freezes it in an asynchronous invocation of itself (through the runtime's in-process stand-in
 * for Lambda's Invoke API), and the same request then gets the commitment; once the runtime's clock is
 * moved on to the round, "pending" while the walk runs likewise, then the draw.
 */
import { execFile } from 'child_process';
import { promisify } from 'util';
import * as fs from 'fs';
import type { Runtime } from '../../local/runtime';
import { LIMITS } from '../../model/limits';
import { COUNTER_SHARDS } from '../../model/schema';
import { TestClock } from '../../testkit/clock';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { openRaffle } from '../../testkit/seed-entrants';
import { roundTime } from '../../verify/selection';
import { person } from '../support/people';
import { seededRuntimeTable, startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import { adminTls, createRaffle, postJson, send, type ClientTls, type HttpAnswer } from './http-client';

const folders: string[] = [];
const runtimes: Runtime[] = [];

/** A runtime whose entries count at once, and whose verifiable draws' rounds come `marginSeconds` after the commitment (30 by default). */
async function start(marginSeconds: number, clock?: TestClock, tableName?: string): Promise<{ runtime: Runtime; admin: ClientTls }> {
  const localDir = tmpDir('raffle-verifiable-');
  folders.push(localDir);
  const config = testConfig({ verifiable: { marginSeconds } }, { noConfirm: true });
  const runtime = await startTestRuntime({ config, localDir, ...(clock ? { clock } : {}), ...(tableName ? { tableName } : {}) });
  runtimes.push(runtime);
  return { runtime, admin: adminTls(runtime.certs) };
}

/** A raffle's route on a door. */
const url = (door: string, route: { path: string }, raffleId: string) => `${door}${fillRoutePath(route, { raffleId })}`;
const WEEK_MS = 7 * 24 * 3600 * 1000;

afterAll(async () => {
  for (const runtime of runtimes) await runtime.stop();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** Asks with `ask` while the answer's status is `status`, every 250 ms; the last answer, and the statuses seen on the way. */
async function askWhile(ask: () => Promise<HttpAnswer>, first: HttpAnswer, status: string): Promise<HttpAnswer> {
  let answer = first;
  await eventually(async () => {
    if (answer.json<{ status: string }>().status !== status) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await ask();
    return answer.json<{ status: string }>().status !== status;
  }, `an answer other than "${status}"`);
  return answer;
}

test('on the system clock: commit, results before the round, reveal once the round is out, results after, verify-draw --site says MATCH', async () => {
  // A real round, 3 to 6 s after the commitment.
  const { runtime, admin } = await start(3);
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: 'checked',
    prizes: [
      { name: 'First prize', winners: 1 },
      { name: 'Checked prize', winners: 3 },
    ],
    closesAt: new Date(Date.now() + WEEK_MS).toISOString(),
    verifiableDraws: true,
  });
  for (let i = 0; i < 8; i++)
    expect((await postJson(url(runtime.publicUrl, ROUTES.apply, 'checked'), person(i, 'verify'))).status).toBe(201);
  // Two winners of the second prize, asked for early (the raffle is open).
  const ask = () =>
    postJson(
      url(runtime.adminUrl, ROUTES.draw, 'checked'),
      { mode: 'verifiable', winners: 2, prize: 'Checked prize', early: true },
      admin,
      {
        'idempotency-key': 'verifiable-1',
      },
    );

  const committed = await ask();
  expect(committed.status).toBe(202);
  const draw = committed.json<{ drawId: string; verifiable: { round: number; poolSize: number; chainHash: string } }>();
  expect(draw.verifiable).toMatchObject({ poolSize: 8, chainHash: 'local' });

  const before = (await send(url(runtime.publicUrl, ROUTES.results, 'checked'))).json<{ draws: any[] }>().draws;
  expect(before).toEqual([
    expect.objectContaining({
      drawId: draw.drawId,
      status: 'committed',
      winners: [],
      verifiable: expect.objectContaining({ round: draw.verifiable.round }),
    }),
  ]);
  const pool = await send(`${runtime.publicUrl}/draws/${draw.drawId}/pool.txt`);
  expect([pool.status, pool.text.split('\n').filter(Boolean).length]).toEqual([200, 8]);
  expect(pool.text).not.toContain('@');

  // The real round: asked again until it is out (the same commitment meanwhile), then revealed.
  const revealed = await askWhile(ask, committed, 'committed');
  expect(revealed.status).toBe(201);
  expect(Date.now()).toBeGreaterThanOrEqual(roundTime(draw.verifiable.round) * 1000);

  const after = (await send(url(runtime.publicUrl, ROUTES.results, 'checked'))).json<{ draws: any[] }>().draws;
  expect(after[0]).toMatchObject({
    drawId: draw.drawId,
    status: 'complete',
    prize: 'Checked prize',
    verifiable: { beacon: { round: draw.verifiable.round } },
  });
  expect(after[0].winners).toHaveLength(2);
  expect(JSON.stringify(after)).not.toContain('@');
  expect((await send(`${runtime.publicUrl}/results.html`)).text).toContain('npm run verify-draw');

  // Asynchronously: the runtime answering the command runs in this very process.
  const { stdout: out } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'verify/verify-draw.ts', '--site', runtime.publicUrl, draw.drawId],
    {
      encoding: 'utf8',
    },
  );
  expect(out.trim()).toMatch(
    new RegExp(
      `^MATCH: draw ${draw.drawId}, round ${draw.verifiable.round} \\(local beacon — not publicly verifiable\\), 8 entrants, winners \\w+, \\w+$`,
    ),
  );
});

test('a pool too large for the request is frozen and walked by asynchronous invocations: 202 freezing, 202 committed, 202 pending, 200', async () => {
  // The runtime's own clock, moved on to the round instead of waited for (a sleep does not move it), and
  // a round ten minutes after the commitment: real time does not reach it while the test runs.
  const clock = new TestClock();
  const { tableName } = await seededRuntimeTable(
    openRaffle('large', clock.now(), { verifiableDraws: true }),
    Math.ceil((LIMITS.inlineVerifiableEntrants + 1) / COUNTER_SHARDS),
  );
  const { runtime, admin } = await start(600, clock, tableName);
  const ask = () =>
    postJson(url(runtime.adminUrl, ROUTES.draw, 'large'), { mode: 'verifiable', winners: 1, early: true }, admin, {
      'idempotency-key': 'verifiable-large',
    });
  const seen: string[] = [];
  const statusOf = (answer: HttpAnswer): string => answer.json<{ status: string }>().status;
  const first = await ask();
  expect([first.status, statusOf(first)]).toEqual([202, 'freezing']);
  seen.push(statusOf(first));

  // The freeze runs in the draw function's own asynchronous invocation: asked again until it has committed.
  let answer = await askWhile(ask, first, 'freezing');
  const committed = answer.json<{ drawId: string; status: string; verifiable: { round: number; poolSize: number } }>();
  expect([answer.status, committed.status]).toEqual([202, 'committed']);
  expect(committed.verifiable.poolSize).toBeGreaterThan(LIMITS.inlineVerifiableEntrants);
  // Before the round (the clock has not reached it): the same commitment.
  answer = await ask();
  expect([answer.status, statusOf(answer)]).toEqual([202, 'committed']);

  clock.advanceTo(roundTime(committed.verifiable.round) * 1000);
  answer = await ask();
  expect([answer.status, statusOf(answer)]).toEqual([202, 'pending']);
  seen.push(statusOf(answer));
  answer = await askWhile(ask, answer, 'pending');
  expect([answer.status, answer.json<{ status: string; winnerCount: number }>()]).toEqual([
    200,
    expect.objectContaining({ status: 'complete', winnerCount: 1 }),
  ]);
  expect(seen).toEqual(['freezing', 'pending']);
});
