/**
 * bench/export: the time and peak memory of exporting 100,000 entrants (GET /raffle/entrants.csv, gzip),
 * as the deployed bundle does it, against the floor: the same index read page by page with bare Query
 * calls, everything dropped. Each run is a fresh Node process (testkit/measure-export.ts) whose peak
 * resident memory the kernel records; the two alternate, so machine noise hits both alike. One more
 * export runs with a 32 MB JavaScript heap, the bound the test asserts.
 *
 *   npm run bench:export [-- --rounds 3]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { COUNTER_SHARDS } from '../model/schema';
import { PROJECT_ROOT } from '../model/project';
import { buildFunctions } from '../build/functions';
import type { ExportMeasurement } from '../testkit/measure-export';
import { seedEntrants } from '../testkit/seed-entrants';
import { median } from './lib/measure';

const ENTRANTS = 100_000;
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
const TABLE = 'bench-export';

function measureOnce(endpoint: string, bodyFile: string, flags: readonly string[], mode: readonly string[]): ExportMeasurement {
  const output = execFileSync(
    process.execPath,
    [...flags, '--import', 'tsx', 'testkit/measure-export.ts', endpoint, TABLE, bodyFile, ...mode],
    { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ExportMeasurement;
}

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-export-'));
  try {
    await ensureTable(db.endpoint, TABLE);
    const client = localDynamoDbClient(db.endpoint);
    const t0 = Date.now();
    await seedEntrants(client, TABLE, ENTRANTS / COUNTER_SHARDS, { drawable: false });
    client.destroy();
    console.log(`seeded ${ENTRANTS} entrants in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    buildFunctions(['entrants']);
    const bodyFile = path.join(tmp, 'entrants.csv.gz');

    const exports: ExportMeasurement[] = [];
    const raws: ExportMeasurement[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      exports.push(measureOnce(db.endpoint, bodyFile, [], []));
      raws.push(measureOnce(db.endpoint, bodyFile, [], ['--raw']));
    }
    const bounded = measureOnce(db.endpoint, bodyFile, ['--max-old-space-size=32'], []);

    const row = (name: string, runs: readonly ExportMeasurement[]) => {
      const ms = median(runs.map((r) => r.ms));
      const growth = median(runs.map((r) => r.peakRssMb - r.baselineRssMb));
      const peak = median(runs.map((r) => r.peakRssMb));
      console.log(
        `  ${name.padEnd(34)} ${String(Math.round(ms)).padStart(7)} ms  peak ${peak.toFixed(0).padStart(4)} MB  (+${growth.toFixed(0)} MB over baseline)`,
      );
      return { ms, growth, peak };
    };
    console.log(`\n${ENTRANTS} entrants, ${ROUNDS} rounds alternating (medians):`);
    const e = row('export (CSV, gzip, one answer)', exports);
    const r = row('floor (bare Query of every page)', raws);
    row('export with a 32 MB heap', [bounded]);
    console.log(`  export / floor: time ${(e.ms / r.ms).toFixed(2)}, memory growth ${(e.growth / Math.max(r.growth, 1)).toFixed(2)}`);
    console.log(
      `  answer: ${(bounded.bodyBytes / 1024).toFixed(0)} KB compressed, ${((Math.ceil(bounded.bodyBytes / 3) * 4) / 1024).toFixed(0)} KB as base64 (limit 6,144 KB)`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
