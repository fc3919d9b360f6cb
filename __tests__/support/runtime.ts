/**
 * The local runtime as the end-to-end tests start it: in-process, on free ports, in the run's one
 * DynamoDB Local (a table of its own), loading the bundles the global setup built, with the
 * configuration `npm start` runs (config/dev.json through local/config.ts) and whatever a test changes
 * in it. Tests about the runtime's own engine (Java stopped with it, data kept across restarts) call
 * startRuntime themselves.
 *
 *   const runtime = await startTestRuntime({ config: testConfig({ winners: 2 }), localDir, clock });
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import type { RaffleConfig } from '../../config/schema';
import { localConfig, type LocalChoices } from '../../local/config';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { seededTable } from '../../testkit/seed-entrants';
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
 * A table in the run's DynamoDB Local holding `perShard` seeded entrants per shard (testkit/seed-entrants.ts,
 * seededTable), for a runtime to be started on: its name, to pass as `tableName`.
 */
export async function seededRuntimeTable(perShard: number, options: { readonly drawable?: boolean } = {}): Promise<string> {
  const tableName = `raffle-seeded-${randomBytes(4).toString('hex')}`;
  await seededTable(testDynamoDbEndpoint(), tableName, perShard, options);
  return tableName;
}
