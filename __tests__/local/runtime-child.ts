/**
 * A local runtime in a process of its own, for a test that kills it: started on the run's DynamoDB
 * Local (RAFFLE_TEST_ENDPOINT) and the table it is told (RAFFLE_TEST_TABLE), in RAFFLE_TEST_DIR. It prints
 * one JSON line with its URLs once it serves, and stops cleanly on SIGTERM (a SIGKILL stops nothing: that
 * is the point; the engine is the run's, so no Java is left behind).
 */
import { startRuntime } from '../../local/runtime';
import { testConfig } from '../support/runtime';

async function main(): Promise<void> {
  const runtime = await startRuntime({
    config: testConfig({ verifiable: undefined }, { noConfirm: true }),
    port: 0,
    adminPort: 0,
    localDir: process.env.RAFFLE_TEST_DIR,
    dynamoDbEndpoint: process.env.RAFFLE_TEST_ENDPOINT,
    tableName: process.env.RAFFLE_TEST_TABLE,
    build: false,
    log: () => undefined,
    functionLog: () => undefined,
  });
  process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ publicUrl: runtime.publicUrl, adminUrl: runtime.adminUrl })}\n`);
}

void main();
