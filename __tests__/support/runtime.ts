/**
 * The local runtime as the end-to-end tests start it: in-process, on free ports, in the run's one
 * DynamoDB Local (a table of its own), loading the bundles the global setup built, with the
 * configuration `npm start` runs (config/dev.json through local/config.ts) and whatever a test changes
 * in it. Tests about the runtime's own engine (Java stopped with it, data kept across restarts) call
 * startRuntime themselves.
 *
 *   const runtime = await startTestRuntime({ config: testConfig({ notifyWinners: true }), localDir, clock });
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import type { RaffleConfig } from '../../config/schema';
import { localConfig, type LocalChoices } from '../../local/config';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import type { StoredRaffle } from '../../functions/shared/raffles';
import type { Raffle } from '../../model/raffle';
import { seededTable, type SeedOptions } from '../../testkit/seed-entrants';
import { testDynamoDbEndpoint } from './dynamodb';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * What `npm start` runs (config/dev.json, with the laptop's defaults: entries confirmed by email,
 * verifiable draws offered), with `overrides` on top: the settings a test needs, as a configuration
 * file would give them.
 */
export function testConfig(overrides: Partial<RaffleConfig> = {}, choices: LocalChoices = { noConfirm: false }): RaffleConfig {
  return { ...localConfig(PROJECT_ROOT, choices), ...overrides };
}

export type TestRuntimeOptions = Partial<RuntimeOptions> & Pick<RuntimeOptions, 'config' | 'localDir'>;

/** The runtime on free ports in the run's DynamoDB Local, bundles prebuilt, the functions' log lines dropped. */
export function startTestRuntime(options: TestRuntimeOptions): Promise<Runtime> {
  return startRuntime({
    port: 0,
    adminPort: 0,
    dynamoDbEndpoint: testDynamoDbEndpoint(),
    build: false,
    log: () => undefined,
    functionLog: () => undefined,
    ...options,
  });
}

/**
 * A table in the run's DynamoDB Local holding `raffle` with `perShard` seeded entrants per shard
 * (testkit/seed-entrants.ts, seededTable; openRaffle makes one), for a runtime to be started on: its
 * name, to pass as `tableName`, and the raffle as stored.
 */
export async function seededRuntimeTable(
  raffle: Omit<Raffle, 'ordinal'>,
  perShard: number,
  options: SeedOptions = {},
): Promise<{ readonly tableName: string; readonly raffle: StoredRaffle }> {
  const tableName = `raffle-seeded-${randomBytes(4).toString('hex')}`;
  const seeded = await seededTable(testDynamoDbEndpoint(), tableName, raffle, perShard, options);
  return { tableName, raffle: seeded.raffle };
}
