/**
 * bench/claims: what the claim sweep (functions/draw/claim-sweep.ts) costs. The draw function is built
 * by its createHandler (functions/draw/handler.ts) and given the very event the stack's schedule sends
 * every LIMITS.claim.sweepMinutes (model/scheduled-draw.ts CLAIM_SWEEP_EVENT), on DynamoDB Local behind
 * the counting proxy (bench/lib/counting-proxy.ts: requests by operation, and the read and write units
 * they would consume on demand), on a clock the bench moves past the claim deadlines. In one run:
 *   1. per 1,000 winners: a raffle of 20,000 seeded entrants with a claim period (claimDays 7) and 10 fast
 *      draws of 100, and a second one alike whose every win is claimed (claimWin, as the organiser's mark
 *      makes it). Swept before the deadline (nothing due); after it, the claimed raffle's first sweep (each
 *      draw read and marked settled), the sweep that expires the other's 1,000 wins (each a void and its
 *      replacement draw), and the next ones (everything settled);
 *   2. the sweep with nothing to do over many settled draws: 200 raffles of 5 claimed draws each, what
 *      runs every quarter of an hour forever;
 *   3. a verifiable draw's 100 winners expiring (1,000 entrants): each replacement is the next label of its
 *      ranking (verifiable/steps.ts continueWalk: the pool read and ranked, the eligible labels read, the
 *      walk extended, result.json published again), and verify-draw checks the files afterwards.
 * The sweeps with nothing to do are run alternately, table after table, `--repeat` times each (medians);
 * the sweeps that do the work run once each, between them.
 *
 *   npm run bench:claims [-- --entrants 20000 --draws 10 --raffles 200 --verifiable 1000 --repeat 5]
 *       (--raffles 0 or --verifiable 0 leaves that part out)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ClaimSweepResult } from '../functions/draw/claim-sweep';
import { createHandler as createDrawFunction } from '../functions/draw/handler';
import { createDrawHttpHandler } from '../functions/draw/http';
import { claimWin } from '../functions/shared/claims';
import { insertRaffle } from '../functions/shared/raffles';
import { createLocalBeacon } from '../local/beacon';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { folderPublisher } from '../local/published';
import type { DrawView } from '../model/api';
import { LIMITS } from '../model/limits';
import type { Raffle } from '../model/raffle';
import { raffleKeys, type RaffleKeys } from '../model/raffle-keys';
import { ROUTES } from '../model/routes';
import { CLAIM_SWEEP_EVENT } from '../model/scheduled-draw';
import { COUNTER_SHARDS } from '../model/schema';
import { TestClock } from '../testkit/clock';
import { allSettledThen, withConcurrency } from '../testkit/concurrency';
import { openRaffle, seedEntrants } from '../testkit/seed-entrants';
import { roundTime } from '../verify/selection';
import { readDrawFiles, verifyDraw } from '../verify/verify-draw';
import { emptyTraffic, itemBytes, startCountingProxy, type CountingProxy, type Traffic } from './lib/counting-proxy';
import { apiEvent } from './lib/events';
import { benchDeps } from './lib/handlers';
import { median } from './lib/measure';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
};
const ENTRANTS = arg('entrants', 20_000);
const DRAWS = Math.max(1, arg('draws', 10));
const PER_DRAW = 100;
const RAFFLES = arg('raffles', 200);
const DRAWS_PER_RAFFLE = 5;
const VERIFIABLE = arg('verifiable', 1000);
const REPEAT = Math.max(1, arg('repeat', 5));
const CLAIM_DAYS = 7;
const log = console.log;

type Sweeper = (event: unknown) => Promise<unknown>;

interface Sweep {
  readonly ms: number;
  readonly traffic: Traffic;
  readonly result: ClaimSweepResult;
}

/** A table's draw function (counted: its client goes through the proxy) and its setup's handlers (not counted). */
interface Subject {
  readonly name: string;
  readonly sweep: Sweeper;
  readonly runs: Sweep[];
}

async function sweepOnce(proxy: CountingProxy, subject: Subject): Promise<Sweep> {
  proxy.traffic = emptyTraffic();
  const started = process.hrtime.bigint();
  const result = (await subject.sweep(CLAIM_SWEEP_EVENT)) as ClaimSweepResult;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.failed.length > 0 || result.locked.length > 0) throw new Error(`${subject.name}: ${JSON.stringify(result)}`);
  return { ms, traffic: proxy.traffic, result };
}

/** The sweeps of each subject with nothing to do, one subject after the other, `REPEAT` rounds. */
async function alternate(proxy: CountingProxy, subjects: readonly Subject[], expect: (s: Subject, r: ClaimSweepResult) => void) {
  for (const s of subjects) s.runs.length = 0;
  for (let round = 0; round < REPEAT; round++) {
    for (const s of subjects) {
      const sweep = await sweepOnce(proxy, s);
      expect(s, sweep.result);
      s.runs.push(sweep);
    }
  }
  return new Map(subjects.map((s) => [s.name, summary(s.runs)]));
}

interface Summary {
  readonly ms: number;
  readonly requests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly itemsRead: number;
  readonly byOperation: Record<string, number>;
  readonly readUnitsByOperation: Record<string, number>;
  /** The requests of every run were the same. */
  readonly steady: boolean;
}

function summary(runs: readonly Sweep[]): Summary {
  return {
    ms: median(runs.map((r) => r.ms)),
    requests: median(runs.map((r) => r.traffic.requests)),
    readUnits: median(runs.map((r) => r.traffic.readUnits)),
    writeUnits: median(runs.map((r) => r.traffic.writeUnits)),
    itemsRead: median(runs.map((r) => r.traffic.itemsRead)),
    byOperation: runs[0].traffic.byOperation,
    readUnitsByOperation: runs[0].traffic.readUnitsByOperation,
    steady: runs.every((r) => r.traffic.requests === runs[0].traffic.requests),
  };
}

const one = (sweep: Sweep): Summary => summary([sweep]);

const seconds = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
const units = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en') : n.toLocaleString('en', { maximumFractionDigits: 1 }));
const operations = (byOperation: Record<string, number>): string =>
  Object.entries(byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n.toLocaleString('en')}`)
    .join(', ');
const row = (label: string, s: Summary, extra = ''): string =>
  `${label} | ${seconds(s.ms)} | ${s.requests.toLocaleString('en')}${s.steady ? '' : ' (varied)'} (${operations(s.byOperation)}) | ${units(s.readUnits)} | ${units(s.writeUnits)} | ${s.itemsRead.toLocaleString('en')}${extra}`;
const HEADER = 'sweep | wall time | DynamoDB requests (by operation) | read units | write units | items returned';

/** `b` less `a`, by operation, per `n`. */
function perEach(b: Summary, a: Summary, n: number): string {
  const by = (x: Record<string, number>, y: Record<string, number>, digits: number) =>
    [...new Set([...Object.keys(x), ...Object.keys(y)])]
      .sort()
      .map((op) => [op, ((x[op] ?? 0) - (y[op] ?? 0)) / n] as const)
      .filter(([, v]) => v !== 0)
      .map(([op, v]) => `${op} ${v.toFixed(digits)}`)
      .join(', ');
  return (
    `${seconds((b.ms - a.ms) / n)}, ${((b.requests - a.requests) / n).toFixed(2)} requests (${by(b.byOperation, a.byOperation, 2)}), ` +
    `${((b.readUnits - a.readUnits) / n).toFixed(2)} read units (${by(b.readUnitsByOperation, a.readUnitsByOperation, 1)}), ` +
    `${((b.writeUnits - a.writeUnits) / n).toFixed(2)} write units`
  );
}

interface Made {
  readonly keys: RaffleKeys;
  readonly draws: DrawView[];
}

/** The size of a draw's record as DynamoDB sizes it: what each strongly consistent read of it costs, per 4 KB. */
async function recordKb(client: DynamoDBClient, table: string, keys: RaffleKeys, drawId: string): Promise<string> {
  const out = await client.send(new GetItemCommand({ TableName: table, Key: { email: { S: keys.draw(drawId) } }, ConsistentRead: true }));
  return `${(itemBytes(out.Item as unknown as Parameters<typeof itemBytes>[0]) / 1024).toFixed(1)} KB`;
}

/** The latest claim deadline among the draws' wins. */
const deadlineOf = (made: readonly Made[]): number =>
  Math.max(...made.flatMap((m) => m.draws.flatMap((d) => d.winners.map((w) => Date.parse(w.claim?.claimBy ?? 'x')))));

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await startCountingProxy(db.endpoint);
  // The setup's client, straight to DynamoDB Local (not counted); the sweeps' through the proxy.
  const direct = localDynamoDbClient(db.endpoint);
  const counted = localDynamoDbClient(proxy.endpoint);
  const clock = new TestClock();
  const published = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-claims-'));
  const beacon = createLocalBeacon(clock);
  const ports = { clock, publisher: folderPublisher(published), beacon, settings: { verifiable: { marginSeconds: 3 } } };
  const began = Date.now();
  try {
    /** A table with one raffle per id, each with a claim period and `perShard` seeded entrants per counter shard. */
    const raffleTable = async (table: string, ids: readonly string[], perShard: number, fields: Partial<Raffle> = {}) => {
      await ensureTable(db.endpoint, table, { stream: false });
      const http = createDrawHttpHandler(benchDeps(direct, table, ports));
      const subject: Subject = { name: table, sweep: createDrawFunction(benchDeps(counted, table, ports)), runs: [] };
      const raffles = await allSettledThen(
        withConcurrency(ids, 4, async (raffleId) => {
          const raffle = await insertRaffle(
            { client: direct, name: table },
            openRaffle(raffleId, clock.now(), { claimDays: CLAIM_DAYS, ...fields }),
          );
          const keys = raffleKeys(raffle);
          const seeded = await seedEntrants(direct, table, keys, perShard);
          return { raffleId, keys, seeded };
        }),
      );
      const draw = async (raffleId: string, body: Record<string, unknown>, key: string, status = 201): Promise<DrawView> => {
        const res = await http(
          apiEvent({
            route: ROUTES.draw,
            params: { raffleId },
            body: { early: true, ...body },
            headers: { 'idempotency-key': key },
            organiser: true,
          }),
        );
        if (res.statusCode !== status) throw new Error(`draw ${key} in ${table}: ${res.statusCode} ${res.body}`);
        return JSON.parse(res.body ?? '{}') as DrawView;
      };
      return { subject, raffles, draw };
    };
    /** Every win claimed, as the organiser's mark claims it; the draws one at a time, each draw's wins in turn. */
    const claimAll = async (table: string, made: readonly Made[]) => {
      const draws = made.flatMap((m) => m.draws.map((d) => ({ keys: m.keys, d })));
      await allSettledThen(
        withConcurrency(draws, 4, async ({ keys, d }) => {
          for (const w of d.winners) {
            await claimWin(
              { client: direct, name: table },
              keys,
              d.drawId,
              w.ticket,
              { through: 'organiser', markedBy: 'bench' },
              clock.now(),
            );
          }
        }),
      );
    };

    // 1. Per 1,000 winners: two raffles alike, one left unclaimed, one claimed.
    const fastSetup = async (table: string, claimed: boolean) => {
      const started = Date.now();
      const { subject, raffles, draw } = await raffleTable(table, [table], Math.round(ENTRANTS / COUNTER_SHARDS));
      const draws: DrawView[] = [];
      for (let d = 0; d < DRAWS; d++) draws.push(await draw(table, { winners: PER_DRAW }, `${table}-${d}`));
      const made = [{ keys: raffles[0].keys, draws }];
      if (claimed) await claimAll(table, made);
      const winners = draws.reduce((n, d) => n + d.winnerCount, 0);
      log(
        `(${table}: ${raffles[0].seeded.toLocaleString('en')} entrants seeded, ${DRAWS} draws, ${winners.toLocaleString('en')} winners${claimed ? ', each claimed' : ''}, in ${seconds(Date.now() - started)})`,
      );
      return { subject, made, winners };
    };
    const expiring = await fastSetup('expiring', false);
    const claimed = await fastSetup('claimed', true);

    // 2. Many settled draws: RAFFLES raffles of DRAWS_PER_RAFFLE claimed draws of one winner.
    const manySetup = async () => {
      const started = Date.now();
      const ids = Array.from({ length: RAFFLES }, (_, i) => `settled-${String(i).padStart(4, '0')}`);
      const { subject, raffles, draw } = await raffleTable('settled', ids, 1);
      const made: Made[] = await allSettledThen(
        withConcurrency(raffles, 4, async ({ raffleId, keys }) => {
          const draws: DrawView[] = [];
          for (let d = 0; d < DRAWS_PER_RAFFLE; d++) draws.push(await draw(raffleId, { winners: 1 }, `${raffleId}-${d}`));
          return { keys, draws };
        }),
      );
      await claimAll('settled', made);
      log(
        `(settled: ${RAFFLES} raffles of ${raffles[0].seeded} entrants, ${DRAWS_PER_RAFFLE} draws of 1 each, every win claimed, in ${seconds(Date.now() - started)})`,
      );
      return { subject, made };
    };
    const many = RAFFLES > 0 ? await manySetup() : undefined;

    // 3. A verifiable draw of 100 (its pool frozen and walked in the request: under LIMITS.inlineVerifiableEntrants).
    const verifiableSetup = async () => {
      const started = Date.now();
      const { subject, raffles, draw } = await raffleTable('verifiable', ['verifiable'], Math.round(VERIFIABLE / COUNTER_SHARDS), {
        verifiableDraws: true,
      });
      const body = { mode: 'verifiable', winners: PER_DRAW };
      const committed = await draw('verifiable', body, 'verifiable-0', 202);
      if (committed.status !== 'committed') throw new Error(`verifiable: ${committed.status}, not committed in the request`);
      clock.advanceTo(roundTime(committed.verifiable!.round) * 1000);
      const drawn = await draw('verifiable', body, 'verifiable-0', 201);
      log(
        `(verifiable: ${raffles[0].seeded.toLocaleString('en')} entrants seeded, a verifiable draw of ${drawn.winnerCount}, in ${seconds(Date.now() - started)})`,
      );
      return { subject, made: [{ keys: raffles[0].keys, draws: [drawn] }], drawId: drawn.drawId };
    };
    const verifiable = VERIFIABLE > 0 ? await verifiableSetup() : undefined;

    const idle = [expiring.subject, claimed.subject, ...(verifiable ? [verifiable.subject] : []), ...(many ? [many.subject] : [])];
    const nothing = (s: Subject, r: ClaimSweepResult) => {
      if (r.expired !== 0 || r.draws !== 0) throw new Error(`${s.name}: the sweep had something to do: ${JSON.stringify(r)}`);
    };
    const before = await alternate(proxy, idle, nothing);
    const firstDraw = () => recordKb(direct, 'expiring', expiring.made[0].keys, expiring.made[0].draws[0].drawId);
    const verifiableDraw = () => verifiable && recordKb(direct, 'verifiable', verifiable.made[0].keys, verifiable.drawId);
    const sizesBefore = [await firstDraw(), await verifiableDraw()];

    // Past every deadline: the sweeps that do the work, once each, one after the other.
    const made = [...expiring.made, ...claimed.made, ...(verifiable?.made ?? []), ...(many?.made ?? [])];
    clock.advanceTo(deadlineOf(made) + 1000);
    const settling = await sweepOnce(proxy, claimed.subject);
    const expiry = await sweepOnce(proxy, expiring.subject);
    if (settling.result.expired !== 0 || settling.result.draws !== DRAWS) throw new Error(`claimed: ${JSON.stringify(settling.result)}`);
    if (expiry.result.expired !== expiring.winners) throw new Error(`expiring: ${JSON.stringify(expiry.result)}`);
    const verifiableExpiry = verifiable && (await sweepOnce(proxy, verifiable.subject));
    if (verifiableExpiry && verifiableExpiry.result.expired !== PER_DRAW)
      throw new Error(`verifiable: ${JSON.stringify(verifiableExpiry.result)}`);
    const manySettling = many && (await sweepOnce(proxy, many.subject));
    if (manySettling && manySettling.result.draws !== RAFFLES * DRAWS_PER_RAFFLE)
      throw new Error(`settled: ${JSON.stringify(manySettling.result)}`);
    const after = await alternate(proxy, idle, nothing);
    const sizesAfter = [await firstDraw(), await verifiableDraw()];

    // verify-draw over the verifiable draw's files: every replacement the next label of the ranking.
    let verdict = '';
    if (verifiable) {
      const files = await readDrawFiles({ dir: path.join(published, 'draws', verifiable.drawId) }, verifiable.drawId);
      const checked = verifyDraw(files);
      if (!checked.ok) throw new Error(checked.message);
      const bytes = fs.statSync(path.join(published, 'draws', verifiable.drawId, 'result.json')).size;
      verdict = `verify-draw: ok (${files.result.sequence.length} steps in result.json, ${(bytes / 1024).toFixed(1)} KB)`;
    }

    const n = expiring.winners;
    const a = before.get('expiring')!;
    const b = one(expiry);
    const c = after.get('expiring')!;
    log('');
    log(
      `1. Per ${n.toLocaleString('en')} winners (${DRAWS} fast draws of ${PER_DRAW}, ${ENTRANTS.toLocaleString('en')} entrants, claimDays ${CLAIM_DAYS}); nothing-to-do rows: medians of ${REPEAT}, run alternately`,
    );
    log(HEADER);
    log(row('(a) before the deadline, nothing due', a));
    log(row("(a') after it, every win claimed: the draws marked settled", one(settling)));
    log(row(`(b) after it, every win unclaimed: ${expiry.result.expired} voided and replaced`, b));
    log(row('(c) the next sweeps, everything settled', c));
    log(row('(c) the claimed raffle, the next sweeps', after.get('claimed')!));
    log(
      `(b)/(a): wall time ${(b.ms / a.ms).toFixed(0)}×, requests ${(b.requests / a.requests).toFixed(0)}×, read units ${(b.readUnits / a.readUnits).toFixed(0)}×; (a')/(a): wall time ${(settling.ms / a.ms).toFixed(1)}×, requests ${(settling.traffic.requests / a.requests).toFixed(1)}×; (c)/(a): wall time ${(c.ms / a.ms).toFixed(1)}×, read units ${(c.readUnits / a.readUnits).toFixed(1)}×`,
    );
    log(`each expiry, (b) less (a), per win: ${perEach(b, a, n)}`);
    log(`a draw's record of ${PER_DRAW} winners: ${sizesBefore[0]}, and ${sizesAfter[0]} with its ${PER_DRAW} voids`);

    if (many && manySettling) {
      const idleAfter = after.get('settled')!;
      const sweeps = (30 * 24 * 60) / LIMITS.claim.sweepMinutes;
      const perMonth = (x: number) => Math.round(x * sweeps);
      log('');
      log(`2. ${RAFFLES} raffles × ${DRAWS_PER_RAFFLE} draws of 1, every win claimed; nothing-to-do rows: medians of ${REPEAT}`);
      log(HEADER);
      log(row('before the deadline, nothing due', before.get('settled')!));
      log(row(`the first after it: ${manySettling.result.draws} draws marked settled`, one(manySettling)));
      log(row('the next sweeps, everything settled', idleAfter));
      log(
        `a sweep with nothing to do: ${(idleAfter.requests / RAFFLES).toFixed(2)} requests and ${(idleAfter.readUnits / RAFFLES).toFixed(2)} read units per raffle; every ${LIMITS.claim.sweepMinutes} minutes for 30 days (${sweeps.toLocaleString('en')} sweeps): ${perMonth(idleAfter.requests).toLocaleString('en')} requests, ${perMonth(idleAfter.readUnits).toLocaleString('en')} read units, ${((idleAfter.ms * sweeps) / 3_600_000).toFixed(2)} h of the function`,
      );
    }

    if (verifiable && verifiableExpiry) {
      const va = before.get('verifiable')!;
      const vb = one(verifiableExpiry);
      log('');
      log(`3. A verifiable draw of ${PER_DRAW}, ${VERIFIABLE.toLocaleString('en')} entrants: every win unclaimed`);
      log(HEADER);
      log(row('(a) before the deadline, nothing due', va));
      log(row(`(b) after it: ${verifiableExpiry.result.expired} voided, each replaced by the next label`, vb));
      log(row('(c) the next sweeps, everything settled', after.get('verifiable')!));
      log(`each replacement, (b) less (a): ${perEach(vb, va, verifiableExpiry.result.expired)}`);
      log(
        `a verifiable replacement against a fast one, per win: wall time ${((vb.ms - va.ms) / verifiableExpiry.result.expired / ((b.ms - a.ms) / n)).toFixed(1)}×, read units ${((vb.readUnits - va.readUnits) / verifiableExpiry.result.expired / ((b.readUnits - a.readUnits) / n)).toFixed(0)}×`,
      );
      log(`the verifiable draw's record: ${sizesBefore[1]}, and ${sizesAfter[1]} with its voids and its walk's ${PER_DRAW} more steps`);
      log(verdict);
    }
    log('');
    log(`the whole run: ${seconds(Date.now() - began)}`);
  } finally {
    direct.destroy();
    counted.destroy();
    await proxy.close();
    await db.stop();
    fs.rmSync(published, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
