/**
 * bench/lock: what the pool lock costs an erasure during a verifiable draw of 100,000 entrants, through
 * the real draw and erase handlers on DynamoDB Local, the local beacon on a clock the bench moves on to
 * the round (the margin is not waited for: it is added as configured), and the draw's hand-overs to
 * itself run here, timed, as bench/verifiable.ts does. Measured:
 *   - an erasure with no draw (the baseline: one raffle's transaction);
 *   - an erasure during the freeze, and one during the wait for the round: each refused (409
 *     pool_locked), with its latency and the Retry-After it was told;
 *   - the freeze, and the reveal with its walk (real time);
 *   - the same erasure after the reveal: 200, and its latency.
 * How long an erasure asked for when the draw starts waits: the freeze + the margin + the reveal and walk
 * (the round comes the margin after the freeze ends); a console retrying at Retry-After adds up to 5 s.
 *
 *   npm run bench:lock [-- 100000] [--margin 30]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createDrawHttpHandler } from '../functions/draw/http';
import { createVerifiableStep } from '../functions/draw/step';
import type { VerifiableStepEvent } from '../functions/draw/verifiable/run';
import { createHandler as createErase } from '../functions/erase/handler';
import { insertRaffle } from '../functions/shared/raffles';
import { createLocalBeacon } from '../local/beacon';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { folderPublisher } from '../local/published';
import { raffleKeys } from '../model/raffle-keys';
import { ROUTES } from '../model/routes';
import { COUNTER_SHARDS } from '../model/schema';
import { TestClock } from '../testkit/clock';
import { openRaffle, seedEntrants } from '../testkit/seed-entrants';
import { roundTime } from '../verify/selection';
import { apiEvent } from './lib/events';
import { benchDeps } from './lib/handlers';

const RAFFLE_ID = 'locked';
const drawEvent = (key: string) =>
  apiEvent({
    route: ROUTES.draw,
    params: { raffleId: RAFFLE_ID },
    body: { mode: 'verifiable', winners: 3, early: true },
    headers: { 'idempotency-key': key },
    organiser: true,
  });
const eraseEvent = (ticket: number) =>
  apiEvent({ route: ROUTES.eraseEntrant, params: { raffleId: RAFFLE_ID, email: `seed${ticket}@example.com` }, organiser: true });

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const seconds = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const n = Number((process.argv[2]?.startsWith('--') ? undefined : process.argv[2]) ?? 100_000);
  const marginAt = process.argv.indexOf('--margin');
  const margin = marginAt >= 0 ? Number(process.argv[marginAt + 1]) : 30;
  const db = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoDbClient(db.endpoint);
  const clock = new TestClock();
  const handedOver: VerifiableStepEvent[] = [];
  const published = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-lock-'));
  const log = console.log;
  try {
    const table = 'bench-lock';
    await ensureTable(db.endpoint, table, { stream: false });
    const raffle = await insertRaffle({ client, name: table }, openRaffle(RAFFLE_ID, clock.now(), { verifiableDraws: true }));
    await seedEntrants(client, table, raffleKeys(raffle), n / COUNTER_SHARDS);
    const deps = benchDeps(client, table, {
      settings: { verifiable: { marginSeconds: margin } },
      clock,
      publisher: folderPublisher(published),
      beacon: createLocalBeacon(clock),
      invoker: { invoke: async (event) => void handedOver.push(event as VerifiableStepEvent) },
    });
    const http = createDrawHttpHandler(deps);
    const step = createVerifiableStep(deps);
    const erase = createErase(deps);
    const eraseOnce = async (ticket: number, expected: number) => {
      const out = await timed(() => erase(eraseEvent(ticket)));
      if (out.result.statusCode !== expected) throw new Error(`erasure of ${ticket}: ${out.result.statusCode} ${out.result.body}`);
      return { ms: out.ms, retryAfter: Number(out.result.headers?.['retry-after'] ?? NaN) };
    };

    const baseline = [];
    for (let t = 0; t < 9; t++) baseline.push((await eraseOnce(t, 200)).ms);

    const request = await timed(() => http(drawEvent('lock-1')));
    const answer = JSON.parse(request.result.body ?? '{}') as { status: string };
    const duringFreeze = [];
    for (let t = 100; t < 109; t++) duringFreeze.push(await eraseOnce(t, 409));
    const freeze = answer.status === 'freezing' ? await timed(() => step(handedOver[0], 'bench freeze')) : { ms: request.ms };
    const committed = JSON.parse((await http(drawEvent('lock-1'))).body ?? '{}') as { status: string; verifiable: { round: number } };
    if (committed.status !== 'committed') throw new Error(`not committed: ${committed.status}`);
    const duringWait = [];
    for (let t = 100; t < 109; t++) duringWait.push(await eraseOnce(t, 409));

    clock.advanceTo(roundTime(committed.verifiable.round) * 1000);
    const reveal = await timed(() => http(drawEvent('lock-1')));
    const walkEvent = handedOver.find((e) => e.step === 'walk');
    const walk = walkEvent ? await timed(() => step(walkEvent, 'bench walk')) : { ms: 0 };
    const after = [];
    for (let t = 100; t < 109; t++) after.push((await eraseOnce(t, 200)).ms);

    const window = freeze.ms + margin * 1000 + reveal.ms + walk.ms;
    log(`pool lock, ${n.toLocaleString('en')} entrants, margin ${margin} s (medians of 9 erasures each)`);
    log('erasure, no draw | refused during the freeze (Retry-After) | refused during the wait (Retry-After) | after the reveal');
    log(
      `${seconds(median(baseline))} | ${seconds(median(duringFreeze.map((e) => e.ms)))} (${median(duringFreeze.map((e) => e.retryAfter))} s) | ${seconds(median(duringWait.map((e) => e.ms)))} (${median(duringWait.map((e) => e.retryAfter))} s) | ${seconds(median(after))}`,
    );
    log(
      `freeze ${seconds(freeze.ms)} (request ${seconds(request.ms)}, ${answer.status}) | reveal request ${seconds(reveal.ms)} | walk ${seconds(walk.ms)}`,
    );
    log(
      `an erasure asked for as the draw starts waits at most: ${seconds(window)} (freeze + ${margin} s margin + reveal + walk), plus ≤ 5 s if retried at Retry-After`,
    );
  } finally {
    client.destroy();
    await db.stop();
    fs.rmSync(published, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
