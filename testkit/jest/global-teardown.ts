/**
 * No leftovers: after every test file has finished, passing or failing, stop the run's DynamoDB Local,
 * then each process that still carries this run's marker (leftovers.ts) and say so, so that a leak is
 * fixed, not hidden. Node processes are jest's own workers, and this process's own children (esbuild's
 * service) end with it: jest ends those itself. An interrupted run has no teardown: see
 * stopAllOnInterrupt.
 */
import { engines } from './global-setup';
import { stopMarkedProcesses } from './leftovers';

export default async function globalTeardown(): Promise<void> {
  await engines.dynamodb?.stop();
  await stopMarkedProcesses('The test run left');
}
