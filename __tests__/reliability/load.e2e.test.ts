/**
 * The reliability suite's short form (`npx tsx reliability/run.ts` is the long one, outside the tests):
 * GIVEN the local runtime on its own TestClock
 * WHEN 1,000 registrations by 16 clients arrive over six raffles (duplicates in every spelling the
 *      canonical address merges, shared phones, invalid forms, confirmations from the outbox) with
 *      counts, draws, voids, erasures and verifiable draws among them
 * THEN the independent checker, reading DynamoDB Local directly, finds every rule kept, and no request
 *      got a 5xx but a retryable 503 service_busy;
 * AND with the runtime's own engine SIGKILLed under load: 503s with Retry-After meanwhile, the engine
 *      restarted, a retry succeeding, no partial state, and no engine left running;
 * AND with the table behind a proxy that throttles, a burst at ten times its rate: throttled for real,
 *      nothing lost or doubled, every client answered a success or a retryable 503.
 * The runtime and the spike use the run's shared DynamoDB Local; only the kill has an engine of its own.
 */
import * as fs from 'fs';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '../../local/dynamodb';
import type { Runtime } from '../../local/runtime';
import { TestClock } from '../../testkit/clock';
import { checkTable } from '../../reliability/checker';
import { Cleanup } from '../../reliability/cleanup';
import { runKillFault } from '../../reliability/faults';
import { loadRaffles, loadTargetOf, runLoad } from '../../reliability/load';
import { runSpike } from '../../reliability/spike';
import { testDynamoDbEndpoint } from '../support/dynamodb';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';

/** A ceiling for a machine several times as busy as ours, not a measure of anything. */
const CEILING_MS = 15 * 60_000;
const dirs: string[] = [];
const tables: string[] = [];
const cleanup = new Cleanup();

afterAll(async () => {
  await cleanup.run();
  const client = localDynamoDbClient(testDynamoDbEndpoint());
  for (const table of tables) await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  client.destroy();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const folder = (prefix: string): string => {
  const dir = tmpDir(prefix);
  dirs.push(dir);
  return dir;
};

/** Every 5xx the clients saw, by status and code: only 503 service_busy may be there. */
const serverErrors = (statuses: ReadonlyMap<string, number>): string[] => [...statuses.keys()].filter((s) => /^5/.test(s));

test(
  '1,000 registrations, 16 clients, draws, voids, erasures and verifiable draws: the checker finds every rule kept',
  async () => {
    const clock = new TestClock();
    const runtime: Runtime = await startTestRuntime({ config: testConfig(), localDir: folder('raffle-load-'), clock });
    cleanup.add(() => runtime.stop());
    tables.push(runtime.tableName);
    const load = await runLoad(loadTargetOf(runtime, clock), { registrations: 1_000, clients: 16, raffles: loadRaffles(), seed: 19 });
    const verdict = await checkTable(runtime.dynamodb.endpoint, runtime.tableName, load.ledger, { lostWritesTolerated: false });
    await runtime.stop();

    expect(verdict.violations).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(serverErrors(load.ledger.traffic.statuses).filter((s) => s !== '503 service_busy')).toEqual([]);
    // The load did what it says: duplicates, shared phones and invalid forms sent, people confirmed, draws made.
    expect(load.plan.duplicates).toBeGreaterThan(50);
    expect(load.plan.phonePairs).toBeGreaterThan(0);
    expect(load.ledger.traffic.statuses.get('409 phone_already_registered')).toBeGreaterThan(0);
    expect(load.ledger.traffic.count('POST confirm')).toBeGreaterThan(100);
    expect(verdict.raffles.every((r) => r.draws >= 2 && r.confirmed > 0)).toBe(true);
    expect([...load.ledger.people.values()].some((p) => p.erased)).toBe(true);
  },
  CEILING_MS,
);

test(
  'DynamoDB Local SIGKILLed under load: retryable 503s, a restart, retries that succeed, no partial state, nothing left running',
  async () => {
    const kill = await runKillFault({ localDir: folder('raffle-load-kill-'), registrations: 600, clients: 16, seed: 23, cleanup });

    expect(kill.verdict.violations).toEqual([]);
    expect(kill.restartedPid).toEqual(expect.any(Number));
    expect(kill.engineLines).toEqual([
      expect.stringMatching(/DynamoDB Local exited \(SIGKILL\)/),
      expect.stringMatching(/DynamoDB Local is back/),
    ]);
    expect(kill.busy).toBeGreaterThan(0);
    expect(serverErrors(kill.load.ledger.traffic.statuses)).toEqual(['503 service_busy']);
    expect([kill.drawAtKill.status === 200 || kill.drawAtKill.status === 201, kill.faults]).toEqual([true, []]);
    // The runtime stopped its engine; whatever the cleanup still had to kill is a leftover.
    expect(await cleanup.run()).toEqual([]);
  },
  CEILING_MS,
);

test(
  'a burst at ten times what the table admits: throttled, and still nothing lost, nothing doubled, nothing but successes and retryable 503s',
  async () => {
    const spike = await runSpike({
      engineEndpoint: testDynamoDbEndpoint(),
      localDir: folder('raffle-load-spike-'),
      rate: 20,
      seconds: 1,
      seed: 29,
      cleanup,
    });
    tables.push(spike.tableName);

    expect(spike.verdict.violations).toEqual([]);
    expect(spike.proxy.throttled).toBeGreaterThan(0);
    expect(serverErrors(spike.ledger.traffic.statuses)).toEqual(['503 service_busy']);
    expect(spike.faults).toEqual([]);
    expect(spike.verdict.raffles.reduce((n, r) => n + r.confirmed, 0)).toBeGreaterThan(100);
  },
  CEILING_MS,
);
