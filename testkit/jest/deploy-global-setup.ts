/**
 * `npm run test:deploy`'s set-up: the run's marker (as global-setup.ts marks `npm test`'s), the toolchain
 * checked, the function bundles built once, and one moto server for every test file of the run, its
 * endpoint handed to them through RAFFLE_EMULATOR_ENDPOINT (testkit/emulator/moto.ts, runEmulator).
 * Stacks share it side by side: each has its own names.
 *
 * jest runs no teardown when it is interrupted, so SIGINT or SIGTERM stops everything the run started
 * (workers, terraform and its providers, the emulator) before exiting; moto-server.py also ends by itself
 * when this process is gone.
 */
import { randomUUID } from 'crypto';
import { buildFunctions } from '../../build/functions';
import { assertMotoInstalled, EMULATOR_ENDPOINT_VARIABLE, startMoto, type Moto } from '../emulator/moto';
import { assertTerraformToolchain } from '../terraform';
import { TEST_RUN_VARIABLE } from './global-setup';
import { stopMarkedProcesses } from './global-teardown';

let emulator: Moto | undefined;

/** Stops the run's emulator (deploy-global-teardown.ts). */
export async function stopRunEmulator(): Promise<void> {
  await emulator?.stop();
  emulator = undefined;
}

async function interrupted(signal: NodeJS.Signals): Promise<void> {
  try {
    await stopMarkedProcesses(`Interrupted (${signal}) with`, true);
    await stopRunEmulator();
  } finally {
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
}

export default async function deployGlobalSetup(): Promise<void> {
  process.env[TEST_RUN_VARIABLE] = randomUUID();
  assertTerraformToolchain();
  assertMotoInstalled();
  await buildFunctions();
  emulator = await startMoto();
  process.env[EMULATOR_ENDPOINT_VARIABLE] = emulator.endpoint;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void interrupted(signal));
}
