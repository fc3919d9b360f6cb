/**
 * bench/verifiable: what a verifiable draw costs at 1,000 and 100,000 entrants, through the
 * real draw handler (its HTTP and self-invoked entries, each built by its createHandler) on DynamoDB
 * Local (behind a counting proxy), with the local beacon on a clock the bench moves on to the committed
 * round (no wait for it), the files in a folder standing for the site bucket, and the hand-overs to the
 * function itself recorded and then run here, timed, along the path it takes on AWS; then the
 * function's own work at 1,000,000, in memory:
 *   - the request: 202 with the commitment when the pool is small enough to freeze in it
 *     (LIMITS.inlineVerifiableEntrants), else 202 "freezing" once the freeze is handed to the function itself;
 *   - the freeze (handed over, or in the request): one pass over the eligible index, the commitment,
 *     pool and commitment published; its peak memory (the function has 512 MB);
 *   - bytes published;
 *   - read units: what the passes' requests cost on demand, as the counting proxy sizes their items
 *     (bench/lib/counting-proxy.ts; a Scan is eventually consistent: half a unit per 4 KB);
 *   - the reveal request (the beacon fetched and verified), then the walk (handed over, or in the
 *     request): the ranking, the claims, the files; its peak memory;
 *   - a void of one winner (the next label of the same ranking), which runs in its request;
 *   - verify-draw over the published files.
 *
 *   npm run bench:verifiable [-- 1000,100000] [--no-million]
 *       (default: 1,000 and 100,000; then 1,000,000 in memory, unless --no-million)
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { bls12_381 } from '@noble/curves/bls12-381';
import { createDrawHttpHandler } from '../functions/draw/http';
import { createVerifiableStep } from '../functions/draw/step';
import type { VerifiableStepEvent } from '../functions/draw/verifiable/run';
import { createLocalBeacon } from '../local/beacon';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { folderPublisher } from '../local/published';
import { COUNTER_SHARDS } from '../model/schema';
import { TestClock } from '../testkit/clock';
import { insertRaffle } from '../functions/shared/raffles';
import { raffleKeys } from '../model/raffle-keys';
import { ROUTES } from '../model/routes';
import { openRaffle, seedEntrants } from '../testkit/seed-entrants';
import { ALGORITHM, DST, labelsOf, poolFile, rank, roundMessage, roundTime, sha256Hex } from '../verify/selection';
import { readDrawFiles, verifyDraw } from '../verify/verify-draw';
import { emptyTraffic, startCountingProxy } from './lib/counting-proxy';
import { apiEvent } from './lib/events';
import { benchDeps } from './lib/handlers';

/** The organiser's verifiable draw, as API Gateway hands it to the function. */
const drawEvent = (raffleId: string, key: string) =>
  apiEvent({
    route: ROUTES.draw,
    params: { raffleId },
    // The raffle is still open: a draw before it closes says so.
    body: { mode: 'verifiable', winners: 3, early: true },
    headers: { 'idempotency-key': key },
    organiser: true,
  });

/** A void of one winner of `drawId`: the replacement takes the next label of the same ranking. */
const voidEvent = (raffleId: string, drawId: string, email: string) =>
  apiEvent({
    route: ROUTES.voidWinner,
    params: { raffleId, drawId },
    body: { email, reason: 'bench' },
    headers: { 'idempotency-key': `void-${drawId}` },
    organiser: true,
  });

/** Runs `work`, sampling the heap and the resident set every 20 ms: the peaks above what was in use before. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; heapMb: number; rssMb: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let heap = before.heapUsed;
  let rss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed);
    rss = Math.max(rss, now.rss);
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const now = process.memoryUsage();
    return {
      result,
      ms,
      heapMb: (Math.max(heap, now.heapUsed) - before.heapUsed) / 2 ** 20,
      rssMb: (Math.max(rss, now.rss) - before.rss) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

const seconds = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const sizes = (process.argv[2]?.startsWith('--') ? undefined : process.argv[2]) ?? '1000,100000';
  const db = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await startCountingProxy(db.endpoint);
  // The draw's own client: every request it sends goes through the proxy, and is counted.
  const counted = localDynamoDbClient(proxy.endpoint);
  // Real time, moved on to each committed round instead of waiting for it: what is timed is unchanged.
  const clock = new TestClock();
  /** The events the draw handed to itself (Lambda's asynchronous Invoke): the bench runs each itself, timed. */
  const handedOver: VerifiableStepEvent[] = [];
  const published = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-verifiable-'));
  const log = console.log;
  try {
    log(
      'entrants | request | freeze (heap, rss) | items read (freeze + walk) | read units | published | reveal request | walk (heap, rss) | a void | verify-draw',
    );
    for (const n of sizes.split(',').map(Number)) {
      const table = `bench-verifiable-${n}`;
      await ensureTable(db.endpoint, table, { stream: false });
      const client = localDynamoDbClient(db.endpoint);
      const seeding = Date.now();
      // One raffle, verifiable draws on, made as the organiser makes one (its own scope).
      const raffleId = `verifiable-${n}`;
      const raffle = await insertRaffle({ client, name: table }, openRaffle(raffleId, clock.now(), { verifiableDraws: true }));
      await seedEntrants(client, table, raffleKeys(raffle), n / COUNTER_SHARDS);
      client.destroy();
      log(`(${n.toLocaleString('en')} entrants seeded in ${seconds(Date.now() - seeding)})`);
      const deps = benchDeps(counted, table, {
        settings: { verifiable: { marginSeconds: 3 } },
        clock,
        publisher: folderPublisher(published),
        beacon: createLocalBeacon(clock),
        invoker: { invoke: async (event) => void handedOver.push(event as VerifiableStepEvent) },
      });
      const http = createDrawHttpHandler(deps);
      const runStep = createVerifiableStep(deps);
      const step = (event: VerifiableStepEvent) => runStep(event, `bench ${event.step}`);

      proxy.traffic = emptyTraffic();
      handedOver.length = 0;
      const request = await measured(() => http(drawEvent(raffleId, `bench-${n}`)));
      if (request.result.statusCode !== 202) throw new Error(`request: ${request.result.statusCode} ${request.result.body}`);
      const answer = JSON.parse(request.result.body ?? '{}') as { drawId: string; status: string };
      // A large pool: the freeze the request handed over, run here as Lambda would run it.
      const freeze =
        answer.status === 'freezing'
          ? await measured(() => step(handedOver[0]))
          : { ms: request.ms, heapMb: request.heapMb, rssMb: request.rssMb };
      const freezeItems = proxy.traffic.itemsRead;
      const freezeUnits = proxy.traffic.readUnits;
      const committed = JSON.parse((await http(drawEvent(raffleId, `bench-${n}`))).body ?? '{}') as {
        drawId: string;
        status: string;
        verifiable: { round: number };
      };
      if (committed.status !== 'committed') throw new Error(`not committed: ${committed.status}`);
      const dir = path.join(published, 'draws', answer.drawId);
      const bytes = ['pool.txt', 'commitment.json'].reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

      clock.advanceTo(roundTime(committed.verifiable.round) * 1000);
      proxy.traffic = emptyTraffic();
      const revealRequest = await measured(() => http(drawEvent(raffleId, `bench-${n}`)));
      const revealStatus = (JSON.parse(revealRequest.result.body ?? '{}') as { status: string }).status;
      // A large pool: the walk the request handed over, run here as Lambda would run it.
      const walkEvent = handedOver.find((e) => e.step === 'walk');
      const walk = walkEvent
        ? await measured(() => step(walkEvent))
        : { ms: revealRequest.ms, heapMb: revealRequest.heapMb, rssMb: revealRequest.rssMb };
      const revealItems = proxy.traffic.itemsRead;
      const revealUnits = proxy.traffic.readUnits;
      const drawn = await http(drawEvent(raffleId, `bench-${n}`));
      if (drawn.statusCode !== 200) throw new Error(`reveal: ${drawn.statusCode} ${drawn.body}`);
      const winner = (JSON.parse(drawn.body ?? '{}') as { winners: { email: string }[] }).winners[0];
      const voided = await measured(() => http(voidEvent(raffleId, answer.drawId, winner.email)));
      if (voided.result.statusCode !== 201) throw new Error(`void: ${voided.result.statusCode} ${voided.result.body}`);

      const files = await readDrawFiles({ dir }, answer.drawId);
      const started = process.hrtime.bigint();
      const verdict = verifyDraw(files);
      const verifyMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (!verdict.ok) throw new Error(verdict.message);
      const mb = (m: { heapMb: number; rssMb: number }) => `+${m.heapMb.toFixed(0)} MB, +${m.rssMb.toFixed(0)} MB`;
      log(
        `${n.toLocaleString('en')} | ${seconds(request.ms)} (${answer.status}) | ${seconds(freeze.ms)} (${mb(freeze)}) | ${freezeItems} + ${revealItems} | ${freezeUnits} + ${revealUnits} | ${(bytes / 1024).toFixed(0)} KB | ${seconds(revealRequest.ms)} (${revealStatus}) | ${seconds(walk.ms)} (${mb(walk)}) | ${seconds(voided.ms)} | ${seconds(verifyMs)}`,
      );
      // The next size gets a table of its own: drop this one's items from DynamoDB Local's memory.
      await localDynamoDbClient(db.endpoint).send(new DeleteTableCommand({ TableName: table }));
    }
    if (!process.argv.includes('--no-million')) await inMemoryMillion(log);
  } finally {
    counted.destroy();
    await proxy.close();
    await db.stop();
    fs.rmSync(published, { recursive: true, force: true });
  }
}

/**
 * 1,000,000: the function's own work, in memory, as the freeze and the walk do it (the database's part
 * left out: DynamoDB Local's Scan slows down as the table grows, and a million did not finish in 40 minutes).
 * The freeze holds every eligible label and its entry's key (what eligibleLabels() returns) and makes the
 * pool file and its hash; the walk holds the same map and ranks the pool; verify-draw checks the files.
 */
async function inMemoryMillion(log: (line: string) => void): Promise<void> {
  const million = 1_000_000;
  const beaconKey = bls12_381.utils.randomPrivateKey();
  const round = 1000;
  const signature = Buffer.from(bls12_381.signShortSignature(roundMessage(round), beaconKey, { DST })).toString('hex');
  const beacon = { round, signature, randomness: sha256Hex(Buffer.from(signature, 'hex')) };
  const eligible = () => {
    const entryByLabel = new Map<string, string>();
    for (let i = 0; i < million; i++) entryByLabel.set(randomBytes(10).toString('hex'), `seed${i}@example.com`);
    return entryByLabel;
  };
  const freeze = await measured(async () => {
    const pool = poolFile([...eligible().keys()]);
    return { pool, poolHash: sha256Hex(pool) };
  });
  const { pool, poolHash } = freeze.result;
  const walk = await measured(async () => {
    const entryByLabel = eligible();
    return { ranking: rank(beacon.randomness, poolHash, labelsOf(pool)), held: entryByLabel.size };
  });
  const files = {
    commitment: {
      algorithm: ALGORITHM,
      drawId: 'bench',
      chainHash: 'local',
      publicKey: Buffer.from(bls12_381.getPublicKeyForShortSignatures(beaconKey)).toString('hex'),
      poolHash,
      poolSize: million,
      winners: 3,
      round,
      committedAt: '',
    },
    pool,
    beacon,
    result: { drawId: 'bench', sequence: walk.result.ranking.slice(0, 3).map((label) => ({ label, outcome: 'won' as const })) },
  };
  const started = process.hrtime.bigint();
  const verdict = verifyDraw(files);
  const verifyMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (!verdict.ok) throw new Error(verdict.message);
  log(
    `1,000,000 (in memory) | freeze: labels held, pool file and hash ${seconds(freeze.ms)} (+${freeze.heapMb.toFixed(0)} MB heap, +${freeze.rssMb.toFixed(0)} MB rss) | pool ${(Buffer.byteLength(pool) / 2 ** 20).toFixed(1)} MB | walk: labels held and ranked ${seconds(walk.ms)} (+${walk.heapMb.toFixed(0)} MB heap, +${walk.rssMb.toFixed(0)} MB rss) | verify-draw ${seconds(verifyMs)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
