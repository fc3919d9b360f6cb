/** `npm run test:deploy`'s teardown: the run's emulator stopped, then anything else left (global-teardown.ts). */
import globalTeardown from './global-teardown';
import { stopRunEmulator } from './deploy-global-setup';

export default async function deployGlobalTeardown(): Promise<void> {
  await stopRunEmulator();
  await globalTeardown();
}
