/**
 * bench/register: registration throughput through the local runtime, against the database's own limit.
 *
 * At 32 concurrent clients, in one run, against one DynamoDB Local:
 *   http  — POST /raffle/apply over HTTP through the local runtime (gateway + bundled handler);
 *   raw   — the exact DynamoDB calls a registration makes (functions/apply/register.ts: ticket UpdateItem +
 *           TransactWriteItems of entry and counter shard), with no HTTP, validation or event translation;
 *   tx    — the transaction alone (conditional Put + counter ADD), without the ticket UpdateItem: the
 *           reference design the issue measured, so the ticket's price is visible;
 *   put   — one plain conditional PutItem per registration (what an inexact, hot-item-free design would cost).
 * Phases alternate (http, raw, put, http, raw, put, ...) so machine noise hits them alike; medians reported.
 *
 *   npm run bench:register [-- --seconds 6 --rounds 5 --warmup 5]
 */
import * as http from 'http';
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { ENV } from '../model/functions';
import { COUNTER_SHARDS, itemKeys } from '../model/schema';
import { startRuntime } from '../local/runtime';
import { localDynamoDbClient } from '../local/dynamodb';
import { median } from './lib/measure';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONCURRENCY = 32;
const SECONDS = arg('seconds', 6);
const ROUNDS = arg('rounds', 5);
const WARMUP_SECONDS = arg('warmup', 5);

let sequence = 0;
const nextEmail = (phase: string): string => `${phase}-${process.pid}-${sequence++}@bench.example.com`;

/** Runs `op` from CONCURRENCY workers for SECONDS; returns completed operations per second. */
async function throughput(op: () => Promise<void>, seconds = SECONDS): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        await op();
        done++;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

function postJson(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-register-'));
  const runtime = await startRuntime({ port: 0, adminPort: 0, localDir, inMemory: true });
  try {
    // The raw phase calls the same edge module the handler bundles, pointed at the same table.
    process.env[ENV.tableName] = runtime.tableName;
    process.env[ENV.dynamodbEndpoint] = runtime.dynamodb.endpoint;
    const { register } = await import('../functions/apply/register');
    const client = localDynamoDbClient(runtime.dynamodb.endpoint);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const applyUrl = new URL('/raffle/apply', runtime.publicUrl);

    const phases: Record<string, () => Promise<void>> = {
      http: async () => {
        const status = await postJson(
          agent,
          applyUrl,
          JSON.stringify({ email: nextEmail('http'), name: 'Bench Entrant', phone: '+442079460958' }),
        );
        if (status !== 201) throw new Error(`POST /raffle/apply answered ${status}`);
      },
      raw: async () => {
        await register({ email: nextEmail('raw'), name: 'Bench Entrant', phone: '+442079460958' }, new Date());
      },
      tx: async () => {
        const shard = sequence % COUNTER_SHARDS;
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: runtime.tableName,
                  Item: {
                    email: { S: nextEmail('tx') },
                    name: { S: 'Bench Entrant' },
                    phone: { S: '+442079460958' },
                    createdAt: { S: new Date().toISOString() },
                  },
                  ConditionExpression: 'attribute_not_exists(email)',
                },
              },
              {
                Update: {
                  TableName: runtime.tableName,
                  Key: { email: { S: itemKeys.counterShard(shard) } },
                  UpdateExpression: 'ADD entrants :one',
                  ExpressionAttributeValues: { ':one': { N: '1' } },
                },
              },
            ],
          }),
        );
      },
      put: async () => {
        await client.send(
          new PutItemCommand({
            TableName: runtime.tableName,
            Item: {
              email: { S: nextEmail('put') },
              name: { S: 'Bench Entrant' },
              phone: { S: '+442079460958' },
              createdAt: { S: new Date().toISOString() },
            },
            ConditionExpression: 'attribute_not_exists(email)',
          }),
        );
      },
    };

    // Warm-up at full concurrency: DynamoDB Local's JIT takes a few thousand requests to settle, and an
    // unwarmed first round would charge that to whichever phase ran first.
    for (const op of Object.values(phases)) await throughput(op, WARMUP_SECONDS);

    const results: Record<string, number[]> = Object.fromEntries(Object.keys(phases).map((k) => [k, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, op] of Object.entries(phases)) {
        const rate = await throughput(op);
        results[name].push(rate);
        console.log(`round ${round + 1} ${name.padEnd(4)} ${rate.toFixed(0)} registrations/s`);
      }
    }
    const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
    console.log(`\n${CONCURRENCY} concurrent clients, ${SECONDS} s per phase, ${ROUNDS} rounds (medians):`);
    console.log(`  http (local runtime)                 ${m.http.toFixed(0)} /s`);
    console.log(`  raw  (same DynamoDB calls)           ${m.raw.toFixed(0)} /s`);
    console.log(`  tx   (transaction only, no ticket)   ${m.tx.toFixed(0)} /s`);
    console.log(`  put  (plain conditional PutItem)     ${m.put.toFixed(0)} /s`);
    console.log(`  http / raw = ${(m.http / m.raw).toFixed(3)}  (target >= 0.7)`);
    console.log(`  raw / put  = ${(m.raw / m.put).toFixed(3)}  (the price of an exact count and dense tickets)`);
    console.log(`  raw / tx   = ${(m.raw / m.tx).toFixed(3)}  (the price of the ticket UpdateItem)`);
    agent.destroy();
    client.destroy();
  } finally {
    await runtime.stop();
    fs.rmSync(localDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
