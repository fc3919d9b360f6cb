/**
 * bench/draw: what a draw and a count cost at 1,000 and at 100,000 entrants.
 *
 * Both tables live in one DynamoDB Local; the real handlers (functions/draw, functions/count), each built
 * by its createHandler, run in this process with a DynamoDB client pointed at a counting proxy, so every
 * request they make is counted (requests, items read) and timed. Entrants are seeded with BatchWriteItem in exactly the shape
 * functions/apply/register.ts writes (entry with ticket + drawTicket, counter shards with issued/entrants);
 * seeding through the HTTP path would take minutes at 100,000 and measure nothing new.
 * Measurements alternate between the two sizes so machine noise hits both alike.
 *
 *   npm run bench:draw [-- --draws 15 --sizes 1000,100000]
 */
import * as fs from 'fs';
import * as path from 'path';
import { BatchWriteItemCommand, type BatchWriteItemCommandOutput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHandler as createCount } from '../functions/count/handler';
import { createDrawHttpHandler } from '../functions/draw/http';
import { COUNTER_SHARDS, itemKeys, type EntryItem } from '../model/schema';
import { toItem } from '../functions/runtime/marshal';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { emptyTraffic, startCountingProxy, type Traffic } from './lib/counting-proxy';
import { benchDeps } from './lib/handlers';
import { median } from './lib/measure';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/** A small and a large table, compared. */
const SIZES = (option('sizes') ?? '1000,100000').split(',').map(Number);
if (SIZES.length !== 2 || !SIZES.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes takes two sizes, e.g. 1000,100000');
const DRAWS = Number(option('draws')) || 15;
const WINNERS_PER_DRAW = 3;
const EVENTS = path.resolve(__dirname, '..', 'functions', 'events');

const sampleEvent = (file: string): APIGatewayProxyEventV2 =>
  JSON.parse(fs.readFileSync(path.join(EVENTS, file), 'utf8')) as APIGatewayProxyEventV2;

async function seed(client: ReturnType<typeof localDynamoDbClient>, table: string, entrants: number): Promise<void> {
  const perShard = new Array<number>(COUNTER_SHARDS).fill(0);
  let batch: WriteRequest[] = [];
  const flush = async (): Promise<void> => {
    let pending: WriteRequest[] | undefined = batch;
    batch = [];
    while (pending && pending.length > 0) {
      const out: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table];
    }
  };
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < entrants; i++) {
    const shard = i % COUNTER_SHARDS;
    const ticket = shard + COUNTER_SHARDS * perShard[shard]++;
    const entry: EntryItem = {
      email: `entrant-${i}@bench.example.com`,
      contactEmail: `entrant-${i}@bench.example.com`,
      name: `Entrant ${i}`,
      phone: '+442079460958',
      status: 'confirmed',
      createdAt: new Date(0).toISOString(),
      ticket,
      drawTicket: ticket,
    };
    batch.push({ PutRequest: { Item: toItem({ ...entry }) } });
    if (batch.length === 25) inFlight.push(flush());
    if (inFlight.length === 8) await Promise.all(inFlight.splice(0));
  }
  inFlight.push(flush());
  await Promise.all(inFlight);
  const shards: WriteRequest[] = perShard.map((n, s) => ({
    PutRequest: { Item: toItem({ email: itemKeys.counterShard(s), issued: n, entrants: n }) },
  }));
  for (let i = 0; i < shards.length; i += 25)
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: shards.slice(i, i + 25) } }));
}

interface Sample {
  readonly ms: number;
  readonly traffic: Traffic;
}

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await startCountingProxy(db.endpoint);
  const client = localDynamoDbClient(db.endpoint);
  // The handlers' own client: every request it sends goes through the proxy, and is counted.
  const counted = localDynamoDbClient(proxy.endpoint);
  try {
    const tables = SIZES.map((n) => `bench-draw-${n}`);
    for (const [i, n] of SIZES.entries()) {
      await ensureTable(db.endpoint, tables[i], { stream: false });
      const t0 = Date.now();
      await seed(client, tables[i], n);
      console.log(`seeded ${n} entrants in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    const handlers = tables.map((table) => {
      const deps = benchDeps(counted, table, { settings: { defaultWinners: WINNERS_PER_DRAW } });
      return { draw: createDrawHttpHandler(deps), count: createCount(deps) };
    });
    const drawEvent = sampleEvent('draw.json');
    const countEvent = sampleEvent('count.json');

    const run = async (invoke: () => Promise<{ statusCode?: number }>, expected: number): Promise<Sample> => {
      proxy.traffic = emptyTraffic();
      const started = process.hrtime.bigint();
      const result = await invoke();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.statusCode !== expected) throw new Error(`expected ${expected}, got ${result.statusCode}`);
      return { ms, traffic: proxy.traffic };
    };

    const samples: Record<string, Sample[]> = {};
    const push = (key: string, s: Sample): void => void (samples[key] ??= []).push(s);
    for (let i = 0; i < DRAWS; i++) {
      for (const [j, n] of SIZES.entries()) {
        push(`count ${n}`, await run(() => handlers[j].count(countEvent), 200));
        // A fresh draw each time (no Idempotency-Key): it must pick new winners among the rest.
        const event = {
          ...drawEvent,
          headers: { ...drawEvent.headers, 'idempotency-key': `bench-${n}-${i}` },
          body: JSON.stringify({ winners: WINNERS_PER_DRAW }),
        };
        push(`draw ${n}`, await run(() => handlers[j].draw(event), 201));
      }
    }

    console.log(`\n${DRAWS} draws of ${WINNERS_PER_DRAW} winners and ${DRAWS} counts per size (medians per call):`);
    const row = (key: string): { ms: number; requests: number; items: number } => ({
      ms: median(samples[key].map((s) => s.ms)),
      requests: median(samples[key].map((s) => s.traffic.requests)),
      items: median(samples[key].map((s) => s.traffic.itemsRead)),
    });
    for (const op of ['count', 'draw']) {
      const [small, large] = SIZES.map((n) => row(`${op} ${n}`));
      for (const [j, n] of SIZES.entries()) {
        const r = j === 0 ? small : large;
        console.log(
          `  ${op.padEnd(5)} ${String(n).padStart(7)} entrants: ${r.ms.toFixed(1).padStart(7)} ms  ${String(r.requests).padStart(3)} requests  ${String(r.items).padStart(4)} items read`,
        );
      }
      console.log(
        `  ${op} ${SIZES[1]}/${SIZES[0]}: time ${(large.ms / small.ms).toFixed(2)}x, requests ${(large.requests / small.requests).toFixed(2)}x, items ${(large.items / small.items).toFixed(2)}x (target <= 1.5x)`,
      );
    }
    const ops = samples[`draw ${SIZES[1]}`].map((s) => s.traffic.byOperation);
    console.log(`  operations of one draw at ${SIZES[1]}: ${JSON.stringify(ops[ops.length - 1])}`);
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
