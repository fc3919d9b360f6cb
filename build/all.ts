/**
 * `npm run build`: everything the deployment ships that is made, not written: the function bundles
 * (./functions.ts) and the pages' modules built from the model (./site.ts). Synth, the local runtime and
 * the tests' global setup build through here, so each of them serves the same bytes.
 */
import { buildFunctions } from './functions';
import { buildSite } from './site';

export async function buildAll(): Promise<void> {
  await Promise.all([buildFunctions(), buildSite()]);
}

if (require.main === module) {
  buildAll().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
