/**
 * A verifiable draw end to end through the local runtime, with its local beacon:
 * GIVEN entrants registered on the public door
 * WHEN the organiser commits a verifiable draw on the admin door, the round comes, and the organiser
 *      asks again with the same key
 * THEN the public results show the commitment before the round exists, then the masked winners; the
 *      draw's files are on the public door; and `npm run verify-draw -- --site <public door> <id>`
 *      prints MATCH, labelled as a local beacon, and exits 0.
 * And for a pool too large to freeze and walk in the request: the 202 says "freezing", the draw
 * function freezes it in an asynchronous invocation of itself (through the runtime's stand-in for
 * Lambda's Invoke API), and the same request then gets the commitment; after the round, "pending" while
 * the walk runs likewise, then the draw.
 */
import { execFile } from 'child_process';
import { promisify } from 'util';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startRuntime, type Runtime } from '../../local/runtime';
import { ENV } from '../../model/functions';
import { LIMITS } from '../../model/limits';
import { COUNTER_SHARDS } from '../../model/schema';
import { localDynamoDbClient } from '../../local/dynamodb';
import { seedEntrants } from '../../testkit/seed-entrants';
import { roundTime } from '../../verify/selection';
import { person } from '../support/people';
import { adminTls, postJson, send, type ClientTls } from './http-client';

jest.setTimeout(120_000);

let localDir: string;
let runtime: Runtime;
let admin: ClientTls;

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-verifiable-'));
  runtime = await startRuntime({ port: 0, adminPort: 0, localDir, confirmEntries: false, functionEnv: { [ENV.beaconMarginSeconds]: '3' } });
  admin = adminTls(runtime.certs);
});

afterAll(async () => {
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

test('commit, results before the round, reveal, results after, verify-draw --site says MATCH', async () => {
  for (let i = 0; i < 8; i++) expect((await postJson(`${runtime.publicUrl}/raffle/apply`, person(i, 'verify'))).status).toBe(201);
  const ask = () =>
    postJson(`${runtime.adminUrl}/raffle/draw`, { mode: 'verifiable', winners: 2, prize: 'Checked prize' }, admin, {
      'idempotency-key': 'verifiable-1',
    });

  const committed = await ask();
  expect(committed.status).toBe(202);
  const draw = committed.json<{ drawId: string; verifiable: { round: number; poolSize: number; chainHash: string } }>();
  expect(draw.verifiable).toMatchObject({ poolSize: 8, chainHash: 'local' });

  const before = (await send(`${runtime.publicUrl}/raffle/results`)).json<{ draws: any[] }>().draws;
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

  const wait = roundTime(draw.verifiable.round) * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
  const revealed = await ask();
  expect(revealed.status).toBe(201);

  const after = (await send(`${runtime.publicUrl}/raffle/results`)).json<{ draws: any[] }>().draws;
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
  const client = localDynamoDbClient(runtime.dynamodb.endpoint);
  try {
    await seedEntrants(client, runtime.tableName, Math.ceil((LIMITS.inlineVerifiableEntrants + 1) / COUNTER_SHARDS));
  } finally {
    client.destroy();
  }
  const ask = () =>
    postJson(`${runtime.adminUrl}/raffle/draw`, { mode: 'verifiable', winners: 1 }, admin, { 'idempotency-key': 'verifiable-large' });
  const first = await ask();
  expect([first.status, first.json<{ status: string }>().status]).toEqual([202, 'freezing']);

  /** Asks again while the answer says `status`; the statuses seen on the way. */
  let answer = first;
  const seen = new Set<string>();
  const askWhile = async (status: string) => {
    for (let i = 0; i < 240 && answer.json<{ status: string }>().status === status; i++) {
      seen.add(status);
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await ask();
    }
  };
  await askWhile('freezing');
  const committed = answer.json<{ drawId: string; status: string; verifiable: { round: number; poolSize: number } }>();
  expect([answer.status, committed.status]).toEqual([202, 'committed']);
  expect(committed.verifiable.poolSize).toBeGreaterThan(LIMITS.inlineVerifiableEntrants);

  const wait = roundTime(committed.verifiable.round) * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
  answer = await ask();
  expect([answer.status, answer.json<{ status: string }>().status]).toEqual([202, 'pending']);
  await askWhile('pending');
  expect([answer.status, answer.json<{ status: string; winnerCount: number }>()]).toEqual([
    200,
    expect.objectContaining({ status: 'complete', winnerCount: 1 }),
  ]);
  expect([...seen]).toEqual(['freezing', 'pending']);
});
