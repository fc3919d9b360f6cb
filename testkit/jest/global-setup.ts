/**
 * Once per jest run, before any test file:
 *   - marks the run: every process a test starts (DynamoDB Local, moto, Chromium, Terraform) inherits
 *     RAFFLE_TEST_RUN through its environment, so global-teardown.ts can find and stop anything left
 *     behind, whatever a failing test forgot, and so that an interrupted run (SIGINT, SIGTERM) stops
 *     them all before it exits;
 *   - for a configuration whose `globals.engines` is true (npm test, not test:unit): starts the one
 *     DynamoDB Local every test file shares (each makes its own tables in it; the workers find it through
 *     RAFFLE_TEST_DYNAMODB) and builds the function bundles once, for the tests that load them;
 *   - quiets the AWS SDK's Node version warning, and only it (local/sdk-warning.ts), before any client
 *     is made here, for the workers and for every process a test starts.
 */
import { randomUUID } from 'crypto';
import { buildAll } from '../../build/all';
import { buildSite } from '../../build/site';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { quietSdkNodeVersionWarning } from '../../local/sdk-warning';
import { stopAllOnInterrupt, TEST_RUN_VARIABLE } from './leftovers';

export const TEST_DYNAMODB_VARIABLE = 'RAFFLE_TEST_DYNAMODB';

/** The engine, for global-teardown.ts (the same process). */
export const engines: { dynamodb?: RunningDynamoDbLocal } = {};

/** A JVM's start on a machine three times as busy as usual: a ceiling, not a wait. */
const ENGINE_START_CEILING_MS = 180_000;

export default async function globalSetup(_global: unknown, project: { readonly globals?: Record<string, unknown> }): Promise<void> {
  quietSdkNodeVersionWarning();
  process.env[TEST_RUN_VARIABLE] = randomUUID();
  stopAllOnInterrupt(async () => {
    await engines.dynamodb?.stop();
  });
  // The pages' modules are built from the model even for the unit tier: the site's synth reads them.
  if (project.globals?.engines !== true) return buildSite();
  const [dynamodb] = await Promise.all([
    startDynamoDbLocal({ port: await freePort(), startTimeoutMs: ENGINE_START_CEILING_MS }),
    buildAll(),
  ]);
  engines.dynamodb = dynamodb;
  process.env[TEST_DYNAMODB_VARIABLE] = dynamodb.endpoint;
}
