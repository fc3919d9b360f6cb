/**
 * bench/export: the time and peak memory of exporting a raffle's 100,000 entrants
 * (GET /raffle/raffles/{raffleId}/entrants.csv, gzip), as the deployed bundle does it, against the floor: the same index read page by page with bare Query
 * calls, everything dropped. Each run is a fresh Node process (testkit/measure-export.ts) whose peak
 * resident memory the kernel records; the two alternate, so machine noise hits both alike.
 *
 * One more export runs with a 32 MB JavaScript heap, and is checked as the export's bound says: it
 * answers 200 with every entrant exactly once, the answer fits API Gateway's 6 MB, the export adds less
 * than 64 MB to the process and stays within the function's memory. The exit code says whether it did.
 * (The test, __tests__/functions/entrants/export-memory.test.ts, proves the streaming in a small heap
 * without a database.)
 *
 *   npm run bench:export [-- --rounds 3 --entrants 100000]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { FUNCTIONS } from '../model/functions';
import { COUNTER_SHARDS } from '../model/schema';
import { PROJECT_ROOT } from '../model/project';
import { buildFunctions } from '../build/functions';
import type { ExportMeasurement } from '../testkit/measure-export';
import { insertRaffle } from '../functions/shared/raffles';
import { raffleKeys } from '../model/raffle-keys';
import { openRaffle, seedEntrants } from '../testkit/seed-entrants';
import { median } from './lib/measure';

const arg = (name: string, fallback: number): number => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const ROUNDS = arg('rounds', 3);
const TABLE = 'bench-export';
/** A raffle created as the organiser creates one (its own scope, ordinal 1). */
const RAFFLE_ID = 'bench-export';
/** The JavaScript heap of the bounded run: streaming fits it; gathering 100,000 entrants does not. */
const HEAP_LIMIT_MB = 32;
/** What the export may add to the process's resident memory: pages, writer buffers and the compressed answer fit many times over. */
const MAX_GROWTH_MB = 64;

function measureOnce(endpoint: string, bodyFile: string, flags: readonly string[], mode: readonly string[]): ExportMeasurement {
  const output = execFileSync(
    process.execPath,
    [...flags, '--import', 'tsx', 'testkit/measure-export.ts', endpoint, TABLE, RAFFLE_ID, bodyFile, ...mode],
    { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ExportMeasurement;
}

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-export-'));
  try {
    await ensureTable(db.endpoint, TABLE, { stream: false });
    const client = localDynamoDbClient(db.endpoint);
    const t0 = Date.now();
    const raffle = await insertRaffle({ client, name: TABLE }, openRaffle(RAFFLE_ID, new Date()));
    const entrants = await seedEntrants(client, TABLE, raffleKeys(raffle), Math.ceil(arg('entrants', 100_000) / COUNTER_SHARDS), {
      drawable: false,
    });
    client.destroy();
    console.log(`seeded ${entrants} entrants in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await buildFunctions(['entrants']);
    const bodyFile = path.join(tmp, 'entrants.csv.gz');

    const exports: ExportMeasurement[] = [];
    const raws: ExportMeasurement[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      exports.push(measureOnce(db.endpoint, bodyFile, [], []));
      raws.push(measureOnce(db.endpoint, bodyFile, [], ['--raw']));
    }
    const bounded = measureOnce(db.endpoint, bodyFile, [`--max-old-space-size=${HEAP_LIMIT_MB}`], []);
    const lines = gunzipSync(fs.readFileSync(bodyFile)).toString('utf8').split('\r\n');
    const emails = lines.slice(1, -1).map((l) => l.split(',')[0]);

    const row = (name: string, runs: readonly ExportMeasurement[]) => {
      const ms = median(runs.map((r) => r.ms));
      const growth = median(runs.map((r) => r.peakRssMb - r.baselineRssMb));
      const peak = median(runs.map((r) => r.peakRssMb));
      console.log(
        `  ${name.padEnd(34)} ${String(Math.round(ms)).padStart(7)} ms  peak ${peak.toFixed(0).padStart(4)} MB  (+${growth.toFixed(0)} MB over baseline)`,
      );
      return { ms, growth, peak };
    };
    console.log(`\n${entrants} entrants, ${ROUNDS} rounds alternating (medians):`);
    const e = row('export (CSV, gzip, one answer)', exports);
    const r = row('floor (bare Query of every page)', raws);
    row(`export with a ${HEAP_LIMIT_MB} MB heap`, [bounded]);
    console.log(`  export / floor: time ${(e.ms / r.ms).toFixed(2)}, memory growth ${(e.growth / Math.max(r.growth, 1)).toFixed(2)}`);
    console.log(
      `  answer: ${(bounded.bodyBytes / 1024).toFixed(0)} KB compressed, ${((Math.ceil(bounded.bodyBytes / 3) * 4) / 1024).toFixed(0)} KB as base64 (limit 6,144 KB)`,
    );
    const checks: [string, boolean][] = [
      ['answered 200', bounded.status === 200],
      [
        `every entrant exactly once (${emails.length} rows, ${new Set(emails).size} distinct)`,
        emails.length === entrants && new Set(emails).size === entrants,
      ],
      ['fits API Gateway’s 6 MB as base64', Math.ceil(bounded.bodyBytes / 3) * 4 < 6 * 1024 * 1024],
      [
        `adds less than ${MAX_GROWTH_MB} MB (+${(bounded.peakRssMb - bounded.baselineRssMb).toFixed(0)} MB)`,
        bounded.peakRssMb - bounded.baselineRssMb < MAX_GROWTH_MB,
      ],
      [
        `peak within the function's ${FUNCTIONS.entrants.sizing.memoryMb} MB (${bounded.peakRssMb.toFixed(0)} MB)`,
        bounded.peakRssMb < FUNCTIONS.entrants.sizing.memoryMb,
      ],
    ];
    console.log(`  the ${HEAP_LIMIT_MB} MB run, against the export's bound:`);
    for (const [what, ok] of checks) console.log(`    ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
