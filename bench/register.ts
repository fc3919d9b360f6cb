/**
 * bench/register: the full path of one entrant, register then confirm, through the local runtime, against
 * the database calls that path makes; and the write units it costs.
 *
 * At 32 concurrent clients, in one run, against one DynamoDB Local, both through one counting proxy:
 *   http — POST /raffle/apply over HTTP through the local runtime (gateway, bundled handler, validation,
 *          the confirmation email written to the outbox), the link's token read from that email, then
 *          POST /raffle/confirm: everything a person's two clicks cost;
 *   raw  — the DynamoDB calls of the same path with nothing around them: functions/apply/pending.ts
 *          (GetItem, TransactWriteItems of the pending entry and its token) then functions/confirm/confirm.ts
 *          (GetItem of the token, the entry and a counter shard, TransactWriteItems of shard, entry,
 *          phone claim and token), on a client of this process pointed at the same proxy.
 * The runtime runs what `npm start` runs (config/dev.json, confirmEntries on), on a DynamoDB Local this
 * bench starts, reached through the proxy (its dynamoDbEndpoint).
 * Phases alternate (http, raw, http, raw, ...) so machine noise hits them alike; medians reported. The
 * proxy counts the write units each confirmed entrant costs on AWS.
 *
 *   npm run bench:register [-- --seconds 6 --rounds 5 --warmup 5]
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { requestEntry } from '../functions/apply/pending';
import { confirmEntry } from '../functions/confirm/confirm';
import type { Table } from '../functions/runtime/dynamodb';
import { cryptoRandom } from '../functions/runtime/system';
import { localConfig } from '../local/config';
import { localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { PROJECT_ROOT } from '../model/project';
import { ROUTES } from '../model/routes';
import { startRuntime } from '../local/runtime';
import { readOutboxMessage, type OutboxMessage } from '../local/outbox';
import { median } from './lib/measure';
import { emptyTraffic, startCountingProxy } from './lib/counting-proxy';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONCURRENCY = 32;
const SECONDS = arg('seconds', 6);
const ROUNDS = arg('rounds', 5);
const WARMUP_SECONDS = arg('warmup', 5);

let sequence = 0;
/** A new person: unique address and a valid, unique (US, 212) phone number. */
function nextPerson(phase: string): { email: string; name: string; phone: string } {
  const i = sequence++;
  const exchange = 200 + (Math.floor(i / 10000) % 800);
  return {
    email: `${phase}-${process.pid}-${i}@bench.example.com`,
    name: 'Bench Entrant',
    phone: `+1212${exchange}${String(i % 10000).padStart(4, '0')}`,
  };
}

/** Runs `op` from CONCURRENCY workers for `seconds`; returns completed operations per second. */
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

function postJson(agent: http.Agent, url: URL, body: unknown): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Tokens as the emails arrive in the outbox, by recipient. */
function watchOutbox(dir: string): { tokenFor(to: string): Promise<string>; close(): void } {
  fs.mkdirSync(dir, { recursive: true });
  const waiting = new Map<string, (token: string) => void>();
  const seen = new Set<string>();
  const scan = (file: string | null): void => {
    if (!file || !file.endsWith('.txt') || seen.has(file)) return;
    let message: OutboxMessage;
    try {
      message = readOutboxMessage(dir, file);
    } catch {
      return; // gone or unreadable: nothing to wait for
    }
    const token = /token=([A-Za-z0-9_-]{43})/.exec(message.text)?.[1];
    if (!token) return; // half-written: a later event reads it again
    seen.add(file);
    waiting.get(message.to)?.(token);
    waiting.delete(message.to);
  };
  const watcher = fs.watch(dir, (_event, file) => scan(file));
  return {
    tokenFor: (to) => new Promise((resolve) => waiting.set(to, resolve)),
    close: () => watcher.close(),
  };
}

/** The benchmark's own lines. */
const report = console.log.bind(console);

async function main(): Promise<void> {
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-register-'));
  const db = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await startCountingProxy(db.endpoint);
  const runtime = await startRuntime({
    config: localConfig(PROJECT_ROOT, { noConfirm: false }),
    // Both phases talk to DynamoDB Local through the proxy: the runtime's functions too.
    dynamoDbEndpoint: proxy.endpoint,
    port: 0,
    adminPort: 0,
    localDir,
    log: () => undefined,
    // The handlers' log lines are dropped, as CloudWatch would take them off the request's path.
    functionLog: () => undefined,
  });
  if (!runtime.config.confirmEntries) throw new Error('config/dev.json turns confirmEntries off: this bench measures register + confirm');
  const outbox = watchOutbox(runtime.outboxDir);
  const client = localDynamoDbClient(proxy.endpoint);
  const table: Table = { client, name: runtime.tableName };
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const applyUrl = new URL(ROUTES.apply.path, runtime.publicUrl);
    const confirmUrl = new URL(ROUTES.confirm.path, runtime.publicUrl);

    const phases: Record<'http' | 'raw', () => Promise<void>> = {
      http: async () => {
        const person = nextPerson('http');
        const token = outbox.tokenFor(person.email);
        const applied = await postJson(agent, applyUrl, person);
        if (applied !== 202) throw new Error(`POST ${ROUTES.apply.path} answered ${applied}`);
        const confirmed = await postJson(agent, confirmUrl, { token: await token });
        if (confirmed !== 200) throw new Error(`POST ${ROUTES.confirm.path} answered ${confirmed}`);
      },
      raw: async () => {
        const person = nextPerson('raw');
        const request = await requestEntry(
          table,
          cryptoRandom,
          { contactEmail: person.email, entryKey: person.email, name: person.name, phone: person.phone },
          undefined,
          new Date(),
        );
        if (request.outcome !== 'confirm') throw new Error(`requestEntry: ${request.outcome}`);
        await confirmEntry(table, cryptoRandom, request.token, new Date(), { onePerPhone: true });
      },
    };

    // Warm-up at full concurrency: DynamoDB Local's JIT takes a few thousand requests to settle, and an
    // unwarmed first round would charge that to whichever phase ran first.
    for (const op of Object.values(phases)) await throughput(op, WARMUP_SECONDS);

    const results: Record<string, number[]> = { http: [], raw: [] };
    const units: Record<string, number[]> = { http: [], raw: [] };
    const transactions: Record<string, number[]> = { http: [], raw: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, op] of Object.entries(phases)) {
        proxy.traffic = emptyTraffic();
        const before = sequence;
        const rate = await throughput(op);
        results[name].push(rate);
        const entrants = sequence - before;
        units[name].push(proxy.traffic.writeUnits / entrants);
        transactions[name].push((proxy.traffic.byOperation.TransactWriteItems ?? 0) / entrants);
        report(
          `round ${round + 1} ${name.padEnd(4)} ${rate.toFixed(0)} confirmed entrants/s, ${(proxy.traffic.writeUnits / entrants).toFixed(2)} write units and ${((proxy.traffic.byOperation.TransactWriteItems ?? 0) / entrants).toFixed(2)} transactions each`,
        );
      }
    }
    const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
    report(`\n${CONCURRENCY} concurrent clients, ${SECONDS} s per phase, ${ROUNDS} rounds (medians):`);
    report(`  http (register + confirm, local runtime)   ${m.http.toFixed(0)} confirmed entrants/s`);
    report(`  raw  (the same DynamoDB calls)             ${m.raw.toFixed(0)} confirmed entrants/s`);
    report(`  http / raw = ${(m.http / m.raw).toFixed(3)}  (target >= 0.7)`);
    report(
      `  table write units per confirmed entrant: http ${median(units.http).toFixed(2)}, raw ${median(units.raw).toFixed(2)} ` +
        `(transactions: http ${median(transactions.http).toFixed(2)}, raw ${median(transactions.raw).toFixed(2)}); plus 1 for the eligible index`,
    );
    agent.destroy();
  } finally {
    outbox.close();
    client.destroy();
    await runtime.stop();
    await proxy.close();
    await db.stop();
    fs.rmSync(localDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
