/**
 * bench/register: the full path of one entrant, register then confirm, through the local runtime, against
 * the database calls that path makes; and the write and read units it costs. With one raffle taking
 * entries, and with ten open at once (each entrant enters one of them, in turn).
 *
 * At 32 concurrent clients, in one run, against one DynamoDB Local, both through one counting proxy:
 *   http — POST /raffle/raffles/{raffleId}/apply over HTTP through the local runtime (gateway, bundled
 *          handler, the raffle read through its 5 s cache, validation, the confirmation email written to
 *          the outbox), the link's token read from that email, then POST /raffle/confirm: everything a
 *          person's two clicks cost;
 *   raw  — the DynamoDB calls of the same path with nothing around them: the raffle read through the same
 *          cache (shared/raffles.ts, one cache for apply and one for confirm, as each warm function has
 *          its own), functions/apply/pending.ts (GetItem of the entry, PutItem of the token, conditional
 *          PutItem of the pending entry) then functions/confirm/confirm.ts (GetItem of the token and of
 *          the entry, GetItem of a counter shard, TransactWriteItems of shard, entry and phone claim), on a
 *          client of this process pointed at the same proxy.
 * The runtime runs what `npm start` runs (config/dev.json, confirmEntries on), on a DynamoDB Local this
 * bench starts, reached through the proxy (its dynamoDbEndpoint); its table holds ten raffles, open,
 * confirming entries, made as the organiser makes them. Phases alternate (1 raffle http, raw, 10 raffles
 * http, raw, ...) so machine noise hits them alike; medians reported. The proxy counts the write and read
 * units each confirmed entrant costs on AWS.
 *
 *   npm run bench:register [-- --seconds 6 --rounds 5 --warmup 5 --raffles 10]
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { requestEntry } from '../functions/apply/pending';
import { confirmEntry } from '../functions/confirm/confirm';
import type { Table } from '../functions/runtime/dynamodb';
import { cryptoRandom, systemClock } from '../functions/runtime/system';
import { cachedRaffleReader, insertRaffle, RAFFLE_CACHE_MS, type RaffleReader } from '../functions/shared/raffles';
import { localConfig } from '../local/config';
import { localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { canonicalEmail } from '../model/email';
import { PROJECT_ROOT } from '../model/project';
import { assertAcceptingEntries } from '../model/raffle';
import { raffleKeys } from '../model/raffle-keys';
import { fillRoutePath, ROUTES } from '../model/routes';
import { startRuntime } from '../local/runtime';
import { readOutboxMessage, type OutboxMessage } from '../local/outbox';
import { openRaffle } from '../testkit/seed-entrants';
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
/** The raffles open at once in the second setting (the first has one). */
const RAFFLES = arg('raffles', 10);

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

type PhaseName = `${'http' | 'raw'} ${number}`;

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
    const raffleIds = Array.from({ length: RAFFLES }, (_, i) => `bench-${i + 1}`);
    for (const id of raffleIds) await insertRaffle(table, openRaffle(id, new Date(), { confirmEntries: true }));
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const applyUrls = raffleIds.map((raffleId) => new URL(fillRoutePath(ROUTES.apply, { raffleId }), runtime.publicUrl));
    const confirmUrl = new URL(ROUTES.confirm.path, runtime.publicUrl);
    // The raw path's raffle reads, cached as each warm function caches them.
    const applyReader: RaffleReader = cachedRaffleReader(table, systemClock, RAFFLE_CACHE_MS);
    const confirmReader: RaffleReader = cachedRaffleReader(table, systemClock, RAFFLE_CACHE_MS);

    /** Entrant i of a phase enters raffle i mod `open`. */
    const http_ = (open: number) => async (): Promise<void> => {
      const person = nextPerson('http');
      const url = applyUrls[sequence % open];
      const token = outbox.tokenFor(person.email);
      const applied = await postJson(agent, url, person);
      if (applied !== 202) throw new Error(`POST ${url.pathname} answered ${applied}`);
      const confirmed = await postJson(agent, confirmUrl, { token: await token });
      if (confirmed !== 200) throw new Error(`POST ${ROUTES.confirm.path} answered ${confirmed}`);
    };
    const raw = (open: number) => async (): Promise<void> => {
      const person = nextPerson('raw');
      const raffleId = raffleIds[sequence % open];
      const now = new Date();
      const raffle = await applyReader(raffleId);
      if (!raffle) throw new Error(`no raffle ${raffleId}`);
      assertAcceptingEntries(raffle, now);
      const request = await requestEntry(
        table,
        raffleKeys(raffle),
        cryptoRandom,
        { contactEmail: person.email, address: canonicalEmail(person.email), name: person.name, phone: person.phone },
        undefined,
        now,
      );
      if (request.outcome !== 'confirm') throw new Error(`requestEntry: ${request.outcome}`);
      await confirmEntry(table, cryptoRandom, request.token, new Date(), { onePerPhone: true, readRaffle: confirmReader });
    };
    const phases: Record<PhaseName, () => Promise<void>> = {
      'http 1': http_(1),
      'raw 1': raw(1),
      [`http ${RAFFLES}`]: http_(RAFFLES),
      [`raw ${RAFFLES}`]: raw(RAFFLES),
    };

    // Warm-up at full concurrency: DynamoDB Local's JIT takes a few thousand requests to settle, and an
    // unwarmed first round would charge that to whichever phase ran first.
    for (const op of Object.values(phases)) await throughput(op, WARMUP_SECONDS);

    const results: Record<string, number[]> = {};
    const writeUnits: Record<string, number[]> = {};
    const readUnits: Record<string, number[]> = {};
    const transactions: Record<string, number[]> = {};
    const raffleReads: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, op] of Object.entries(phases)) {
        proxy.traffic = emptyTraffic();
        const before = sequence;
        const rate = await throughput(op);
        const entrants = sequence - before;
        const t = proxy.traffic;
        (results[name] ??= []).push(rate);
        (writeUnits[name] ??= []).push(t.writeUnits / entrants);
        (readUnits[name] ??= []).push(t.readUnits / entrants);
        (transactions[name] ??= []).push((t.byOperation.TransactWriteItems ?? 0) / entrants);
        (raffleReads[name] ??= []).push(t.raffleReads);
        report(
          `round ${round + 1} ${name.padEnd(7)} ${rate.toFixed(0)} confirmed entrants/s, ${(t.writeUnits / entrants).toFixed(2)} write units, ${(t.readUnits / entrants).toFixed(2)} read units and ${((t.byOperation.TransactWriteItems ?? 0) / entrants).toFixed(2)} transactions each; ${t.raffleReads} reads of raffle records`,
        );
      }
    }
    report(`\n${CONCURRENCY} concurrent clients, ${SECONDS} s per phase, ${ROUNDS} rounds (medians):`);
    const m = (table: Record<string, number[]>, name: string) => median(table[name]);
    for (const open of [1, RAFFLES]) {
      const h = `http ${open}`;
      const r = `raw ${open}`;
      report(`  ${open} raffle${open === 1 ? '' : 's'} open:`);
      report(`    http (register + confirm, local runtime)   ${m(results, h).toFixed(0)} confirmed entrants/s`);
      report(`    raw  (the same DynamoDB calls)             ${m(results, r).toFixed(0)} confirmed entrants/s`);
      report(`    http / raw = ${(m(results, h) / m(results, r)).toFixed(3)}  (target >= 0.7)`);
      report(
        `    per confirmed entrant: write units http ${m(writeUnits, h).toFixed(2)}, raw ${m(writeUnits, r).toFixed(2)}; ` +
          `read units http ${m(readUnits, h).toFixed(2)}, raw ${m(readUnits, r).toFixed(2)}; ` +
          `transactions http ${m(transactions, h).toFixed(2)}, raw ${m(transactions, r).toFixed(2)}; ` +
          `raffle records read per phase: http ${m(raffleReads, h)}, raw ${m(raffleReads, r)}`,
      );
    }
    report(
      `  ${RAFFLES} open / 1 open: http ${(m(results, `http ${RAFFLES}`) / m(results, 'http 1')).toFixed(3)}, raw ${(m(results, `raw ${RAFFLES}`) / m(results, 'raw 1')).toFixed(3)}` +
        '; plus, per confirmed entrant, 1 write on the eligible index and 1 on the entrants index (the admitted entry enters both)',
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
