/**
 * The reliability suite, in one command: `npm run reliability [-- --quick] [--seed n]`.
 *   1. load: 20,000 registrations by 64 clients over six raffles (duplicates in every spelling the
 *      canonical address merges, shared phones, invalid forms, confirmations from the outbox), counts,
 *      draws, voids, erasures and verifiable draws interleaved; then the independent checker;
 *   2. kill: the engine of a runtime on a data folder SIGKILLed under load; then the checker;
 *   3. spike: the table behind a throttling proxy, registrations at ten times its rate; then the checker;
 *   4. hostile input: the fuzzer (./fuzz.ts) against both doors of a runtime of its own.
 * It prints each phase's figures and one line with the verdict, and exits 1 on any violation. Traffic
 * goes to loopback only. It stops itself after 19 minutes, and on Ctrl-C or SIGTERM, or when it ends,
 * it stops every runtime, the proxy and every DynamoDB Local it started (their pids are tracked).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { buildAll } from '../build/all';
import { startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { quietSdkNodeVersionWarning } from '../local/sdk-warning';
import { checkTable, verdictLine, type Verdict } from './checker';
import { Cleanup, onInterrupt } from './cleanup';
import { runKillFault } from './faults';
import { fuzzCommand } from './fuzz';
import { loadRaffles, loadTargetOf, runLoad } from './load';
import { startPhaseRuntime } from './phase-runtime';
import { killLines, loadLines, spikeLines } from './report';
import { runSpike } from './spike';

interface Sizes {
  readonly load: { readonly registrations: number; readonly clients: number };
  readonly kill: { readonly registrations: number; readonly clients: number };
  readonly spike: { readonly rate: number; readonly seconds: number };
  readonly fuzz: { readonly public: number; readonly admin: number };
}
const FULL: Sizes = {
  load: { registrations: 20_000, clients: 64 },
  kill: { registrations: 4_000, clients: 32 },
  spike: { rate: 50, seconds: 2 },
  fuzz: { public: 10_000, admin: 2_000 },
};
const QUICK: Sizes = {
  load: { registrations: 1_000, clients: 16 },
  kill: { registrations: 600, clients: 16 },
  spike: { rate: 20, seconds: 1 },
  fuzz: { public: 1_000, admin: 200 },
};
/** Stops by itself after this long, whatever is still running. */
const DEADLINE_MS = 19 * 60_000;

const say = (line: string): void => console.log(line);

function loopbackOnly(...urls: string[]): void {
  for (const url of urls) {
    const host = new URL(url).hostname;
    if (!['localhost', '127.0.0.1', '[::1]', '::1'].includes(host))
      throw new Error(`${url} is not on loopback: the suite sends nothing elsewhere`);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, (performance.now() - started) / 1000];
}

async function main(): Promise<number> {
  quietSdkNodeVersionWarning();
  const args = process.argv.slice(2);
  const sizes = args.includes('--quick') ? QUICK : FULL;
  const seed = Number(args[args.indexOf('--seed') + 1]) || 20_27;
  const cleanup = new Cleanup();
  onInterrupt(cleanup, say);
  const watchdog = setTimeout(() => {
    say(`still running after ${DEADLINE_MS / 60_000} minutes: stopping everything (FAIL)`);
    void cleanup.run().then(() => process.exit(2));
  }, DEADLINE_MS);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-reliability-'));
  // First in, so last out: after the runtimes and engines that write there, also on Ctrl-C.
  cleanup.add(async () => fs.rmSync(base, { recursive: true, force: true }));
  const started = performance.now();
  const verdicts: [string, Verdict][] = [];
  let fuzzExit: number | undefined;
  try {
    say('building the function bundles…');
    await buildAll();

    say(`1/4 load: ${sizes.load.registrations} registrations, ${sizes.load.clients} clients`);
    const { runtime, clock, faults } = await startPhaseRuntime({ localDir: path.join(base, 'load'), cleanup, inMemory: true });
    cleanup.pid(runtime.dynamodb.pid!);
    loopbackOnly(runtime.publicUrl, runtime.adminUrl, runtime.dynamodb.endpoint);
    const load = await runLoad(loadTargetOf(runtime, clock), { ...sizes.load, raffles: loadRaffles(), seed, progress: say });
    const [loadVerdict, loadCheck] = await timed(() =>
      checkTable(runtime.dynamodb.endpoint, runtime.tableName, load.ledger, { lostWritesTolerated: false }),
    );
    verdicts.push(['load', loadVerdict]);
    await runtime.stop();
    loadLines(load, sizes.load.clients, loadVerdict, loadCheck, faults.lines).forEach(say);

    say(`\n2/4 kill: ${sizes.kill.registrations} registrations, ${sizes.kill.clients} clients, the engine SIGKILLed at 40%`);
    const kill = await runKillFault({ localDir: path.join(base, 'kill'), ...sizes.kill, seed: seed + 1, cleanup, progress: say });
    verdicts.push(['kill', kill.verdict]);
    killLines(kill).forEach(say);

    say(`\n3/4 spike: ${sizes.spike.rate} table requests/s admitted, registrations at ten times that for ${sizes.spike.seconds} s`);
    const engine = await startDynamoDbLocal({ port: await freePort() });
    cleanup.add(() => engine.stop());
    cleanup.pid(engine.pid);
    loopbackOnly(engine.endpoint);
    const spike = await runSpike({
      engineEndpoint: engine.endpoint,
      localDir: path.join(base, 'spike'),
      ...sizes.spike,
      seed: seed + 2,
      cleanup,
    });
    verdicts.push(['spike', spike.verdict]);
    spikeLines(spike).forEach(say);

    say(`\n4/4 hostile input: ${sizes.fuzz.public} public and ${sizes.fuzz.admin} admin requests`);
    fuzzExit = await fuzzCommand([
      '--seed',
      String(seed + 3),
      '--public',
      String(sizes.fuzz.public),
      '--admin',
      String(sizes.fuzz.admin),
      '--no-build',
    ]);
  } finally {
    clearTimeout(watchdog);
    const killed = await cleanup.run();
    if (killed.length > 0) say(`SIGKILLed what was still running: pid ${killed.join(', ')}`);
  }
  const ok = verdicts.length === 3 && verdicts.every(([, v]) => v.ok) && fuzzExit === 0;
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  say(
    `\nRELIABILITY ${ok ? 'PASS' : 'FAIL'} in ${minutes} min: ${[
      ...verdicts.map(([phase, v]) => `${phase} ${verdictLine(v)}`),
      `fuzz ${fuzzExit === 0 ? 'no violation' : fuzzExit === undefined ? 'not run' : 'VIOLATIONS'}`,
    ].join(' | ')}`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
