/**
 * bench/draw: what a draw and a count cost at 1,000 and at 100,000 entrants.
 *
 * Both tables live in one DynamoDB Local; the real handlers (functions/draw, functions/count) run in this
 * process with DYNAMODB_ENDPOINT pointed at a counting proxy, so every request they make is counted
 * (requests, items read) and timed. Entrants are seeded with BatchWriteItem in exactly the shape
 * functions/apply/register.ts writes (entry with ticket + drawTicket, counter shards with issued/entrants);
 * seeding through the HTTP path would take minutes at 100,000 and measure nothing new.
 * Measurements alternate between the two sizes so machine noise hits both alike.
 *
 *   npm run bench:draw [-- --draws 15]
 */
import * as fs from 'fs';
import * as path from 'path';
import { BatchWriteItemCommand, type BatchWriteItemCommandOutput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ENV } from '../model/functions';
import { COUNTER_SHARDS, itemKeys, type EntryItem } from '../model/schema';
import { toItem } from '../functions/runtime/marshal';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { emptyTraffic, startCountingProxy, type Traffic } from './lib/counting-proxy';
import { median } from './lib/measure';

const SIZES = [1_000, 100_000];
const DRAWS = Number(process.argv[process.argv.indexOf('--draws') + 1]) || 15;
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
  try {
    const tables = SIZES.map((n) => `bench-draw-${n}`);
    for (const [i, n] of SIZES.entries()) {
      await ensureTable(db.endpoint, tables[i]);
      const t0 = Date.now();
      await seed(client, tables[i], n);
      console.log(`seeded ${n} entrants in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    process.env[ENV.dynamodbEndpoint] = proxy.endpoint;
    process.env[ENV.defaultWinners] = String(WINNERS_PER_DRAW);
    const draw = (await import('../functions/draw/handler')).handler;
    const count = (await import('../functions/count/handler')).handler;
    const drawEvent = sampleEvent('draw.json');
    const countEvent = sampleEvent('count.json');

    const run = async (table: string, invoke: () => Promise<{ statusCode?: number }>, expected: number): Promise<Sample> => {
      process.env[ENV.tableName] = table;
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
        push(`count ${n}`, await run(tables[j], () => count(countEvent), 200));
        // A fresh draw each time (no Idempotency-Key): it must pick new winners among the rest.
        const event = {
          ...drawEvent,
          headers: { ...drawEvent.headers, 'idempotency-key': `bench-${n}-${i}` },
          body: JSON.stringify({ winners: WINNERS_PER_DRAW }),
        };
        push(`draw ${n}`, await run(tables[j], () => draw(event), 201));
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
        `  ${op} 100k/1k: time ${(large.ms / small.ms).toFixed(2)}x, requests ${(large.requests / small.requests).toFixed(2)}x, items ${(large.items / small.items).toFixed(2)}x (target <= 1.5x)`,
      );
    }
    const ops = samples[`draw ${SIZES[1]}`].map((s) => s.traffic.byOperation);
    console.log(`  operations of one draw at ${SIZES[1]}: ${JSON.stringify(ops[ops.length - 1])}`);
  } finally {
    client.destroy();
    await proxy.close();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
