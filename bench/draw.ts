/**
 * bench/draw: what a count and a draw of one raffle cost, at 1,000 and at 100,000 entrants, and when its
 * table holds nine other raffles of 100,000 entrants each.
 *
 * Three tables in one DynamoDB Local: one raffle of 1,000 entrants; one raffle of 100,000; ten raffles of
 * 100,000 each, of which the fifth is measured. The raffles are made as the organiser makes them (each
 * its own scope and ticket range, model/raffle-keys.ts), and their entrants seeded with BatchWriteItem
 * in exactly the items an admission writes (testkit/seed-entrants.ts: the confirmed entry with its
 * ticket, its key in the eligible index, its label and its address bucket; its phone claim; the counter
 * shards with issued/entrants); seeding through the HTTP path would take hours at a million and measure
 * nothing new. The real handlers (functions/raffles, functions/draw), each built by its createHandler,
 * run in this process with a DynamoDB client pointed at a counting proxy, so every request they make is
 * counted (requests, items read) and timed:
 *   count (public)    GET /raffle/raffles/{raffleId} on the public API: the raffle through the 5 s cache
 *                     of a warm function, and its exact count (one BatchGetItem of the counter shards);
 *   count (organiser) the same on the admin API, the raffle read afresh;
 *   draw              POST /raffle/raffles/{raffleId}/draw of 3 winners (early: the raffle is open).
 * Measurements alternate between the three so machine noise hits them alike; medians per call.
 *
 *   npm run bench:draw [-- --draws 15 --sizes 1000,100000 --raffles 10 --no-phones]
 */
import { createDrawHttpHandler } from '../functions/draw/http';
import { createHandler as createRaffles } from '../functions/raffles/handler';
import { insertRaffle } from '../functions/shared/raffles';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { raffleKeys } from '../model/raffle-keys';
import { ROUTES } from '../model/routes';
import { COUNTER_SHARDS } from '../model/schema';
import { openRaffle, seedEntrants } from '../testkit/seed-entrants';
import { emptyTraffic, startCountingProxy, type Traffic } from './lib/counting-proxy';
import { apiEvent } from './lib/events';
import { benchDeps } from './lib/handlers';
import { median } from './lib/measure';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/** A small and a large raffle, compared. */
const SIZES = (option('sizes') ?? '1000,100000').split(',').map(Number);
if (SIZES.length !== 2 || !SIZES.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes takes two sizes, e.g. 1000,100000');
/** The raffles of the large size in the shared table. */
const RAFFLES = Number(option('raffles')) || 10;
const DRAWS = Number(option('draws')) || 15;
const PHONES = !process.argv.includes('--no-phones');
const WINNERS_PER_DRAW = 3;

interface Setup {
  readonly name: string;
  readonly table: string;
  /** The raffle measured. */
  readonly raffleId: string;
  readonly entrants: number;
}

interface Sample {
  readonly ms: number;
  readonly traffic: Traffic;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const [small, large] = SIZES;
  const db = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await startCountingProxy(db.endpoint);
  const client = localDynamoDbClient(db.endpoint);
  // The handlers' own client: every request it sends goes through the proxy, and is counted.
  const counted = localDynamoDbClient(proxy.endpoint);
  try {
    const now = new Date();
    /** A table with `count` raffles of `entrants` each; the measured one is the middle one. */
    const makeTable = async (name: string, table: string, count: number, entrants: number): Promise<Setup> => {
      await ensureTable(db.endpoint, table, { stream: false });
      const t0 = Date.now();
      const ids = Array.from({ length: count }, (_, i) => `raffle-${i + 1}`);
      let seeded = 0;
      for (const id of ids) {
        const raffle = await insertRaffle(
          { client, name: table },
          openRaffle(id, now, { prizes: [{ name: 'Prize', winners: WINNERS_PER_DRAW }] }),
        );
        // The same people enter every raffle of the table: one person, many raffles.
        // Every shard as full as the next: the size rounded up to a multiple of the shards.
        seeded = await seedEntrants(client, table, raffleKeys(raffle), Math.ceil(entrants / COUNTER_SHARDS), {
          phoneClaims: PHONES,
          prefix: 'entrant',
        });
      }
      console.log(`${name}: ${count} × ${seeded.toLocaleString('en')} entrants seeded in ${seconds(Date.now() - t0)}`);
      return { name, table, raffleId: ids[Math.floor((count - 1) / 2)], entrants: seeded };
    };
    const setups: Setup[] = [
      await makeTable(`1 raffle of ${small.toLocaleString('en')}`, 'bench-draw-small', 1, small),
      await makeTable(`1 raffle of ${large.toLocaleString('en')}`, 'bench-draw-large', 1, large),
      await makeTable(`1 of ${RAFFLES} raffles of ${large.toLocaleString('en')}`, 'bench-draw-among', RAFFLES, large),
    ];

    const handlers = setups.map((setup) => {
      const deps = benchDeps(counted, setup.table);
      return { raffles: createRaffles(deps), draw: createDrawHttpHandler(deps) };
    });

    const run = async (invoke: () => Promise<{ statusCode?: number; body?: string }>, expected: number): Promise<Sample> => {
      proxy.traffic = emptyTraffic();
      const started = process.hrtime.bigint();
      const result = await invoke();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.statusCode !== expected) throw new Error(`expected ${expected}, got ${result.statusCode}: ${result.body}`);
      return { ms, traffic: proxy.traffic };
    };

    const samples: Record<string, Sample[]> = {};
    const push = (key: string, s: Sample): void => void (samples[key] ??= []).push(s);
    for (let i = 0; i < DRAWS; i++) {
      for (const [j, setup] of setups.entries()) {
        const params = { raffleId: setup.raffleId };
        push(`count (public)|${j}`, await run(() => handlers[j].raffles(apiEvent({ route: ROUTES.raffle, params })), 200));
        push(
          `count (organiser)|${j}`,
          await run(() => handlers[j].raffles(apiEvent({ route: ROUTES.raffle, params, organiser: true })), 200),
        );
        // A fresh draw each time (a new Idempotency-Key): it must pick new winners among the rest.
        const event = apiEvent({
          route: ROUTES.draw,
          params,
          body: { winners: WINNERS_PER_DRAW, early: true },
          headers: { 'idempotency-key': `bench-${setup.table}-${i}` },
          organiser: true,
        });
        push(`draw|${j}`, await run(() => handlers[j].draw(event), 201));
      }
    }

    console.log(
      `\n${DRAWS} draws of ${WINNERS_PER_DRAW} winners and ${DRAWS} counts of each kind per setting (medians per call; units on demand):`,
    );
    const row = (key: string) => ({
      ms: median(samples[key].map((s) => s.ms)),
      requests: median(samples[key].map((s) => s.traffic.requests)),
      meanRequests: samples[key].reduce((n, s) => n + s.traffic.requests, 0) / samples[key].length,
      items: median(samples[key].map((s) => s.traffic.itemsRead)),
      readUnits: median(samples[key].map((s) => s.traffic.readUnits)),
      writeUnits: median(samples[key].map((s) => s.traffic.writeUnits)),
    });
    for (const op of ['count (public)', 'count (organiser)', 'draw']) {
      const rows = setups.map((_, j) => row(`${op}|${j}`));
      for (const [j, setup] of setups.entries()) {
        const r = rows[j];
        console.log(
          `  ${op.padEnd(17)} ${setup.name.padEnd(28)} ${r.ms.toFixed(1).padStart(7)} ms  ${String(r.requests).padStart(3)} requests (mean ${r.meanRequests.toFixed(2)})  ${String(r.items).padStart(4)} items read  ${r.readUnits} read units  ${r.writeUnits} write units`,
        );
      }
      const ratio = (a: number, b: number) => (a / b).toFixed(2);
      console.log(
        `  ${op}: ${large}/${small} entrants: time ${ratio(rows[1].ms, rows[0].ms)}x, requests ${ratio(rows[1].requests, rows[0].requests)}x, items ${ratio(rows[1].items, rows[0].items)}x;` +
          ` among ${RAFFLES} raffles / alone: time ${ratio(rows[2].ms, rows[1].ms)}x, requests ${ratio(rows[2].requests, rows[1].requests)}x, items ${ratio(rows[2].items, rows[1].items)}x`,
      );
    }
    const ops = samples[`draw|2`].map((s) => s.traffic.byOperation);
    console.log(`  operations of one draw among ${RAFFLES} raffles: ${JSON.stringify(ops[ops.length - 1])}`);
  } finally {
    counted.destroy();
    client.destroy();
    await proxy.close();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
