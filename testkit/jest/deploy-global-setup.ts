/**
 * `npm run test:deploy`'s set-up: the run's marker (as global-setup.ts marks `npm test`'s), the toolchain
 * checked, the function bundles built once, and one moto server for every test file of the run, its
 * endpoint handed to them through RAFFLE_EMULATOR_ENDPOINT (testkit/emulator/moto.ts, runEmulator).
 * Stacks share it side by side: each has its own names.
 *
 * An interrupted run stops everything it started, the emulator included (leftovers.ts,
 * stopAllOnInterrupt); moto-server.py also ends by itself when this process is gone.
 */
import { randomUUID } from 'crypto';
import { buildAll } from '../../build/all';
import { assertMotoInstalled, EMULATOR_ENDPOINT_VARIABLE, startMoto, type Moto } from '../emulator/moto';
import { assertTerraformToolchain } from '../terraform';
import { stopAllOnInterrupt, TEST_RUN_VARIABLE } from './leftovers';

let emulator: Moto | undefined;

/** Stops the run's emulator (deploy-global-teardown.ts). */
export async function stopRunEmulator(): Promise<void> {
  await emulator?.stop();
  emulator = undefined;
}

export default async function deployGlobalSetup(): Promise<void> {
  process.env[TEST_RUN_VARIABLE] = randomUUID();
  assertTerraformToolchain();
  assertMotoInstalled();
  await buildAll();
  emulator = await startMoto();
  process.env[EMULATOR_ENDPOINT_VARIABLE] = emulator.endpoint;
  stopAllOnInterrupt(stopRunEmulator);
}
