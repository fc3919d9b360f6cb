/**
 * The CDKTF app: validates every environment's configuration and the bootstrap's (nothing is written if
 * one is wrong), builds the function bundles (so a synth never zips stale code), then creates one stack
 * per environment and the `bootstrap` stack the pipeline stands on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildAll } from './build/all';
import { loadBootstrapConfig } from './config/bootstrap';
import { ENVIRONMENTS, loadConfig } from './config/load';
import { PROJECT_ROOT } from './model/project';
import { ConfigError, type RaffleConfig } from './config/schema';
import { BootstrapStack, BOOTSTRAP_STACK } from './constructs/bootstrap-stack';
import { RaffleStack } from './constructs/raffle-stack';

async function main(): Promise<void> {
  const configs = ENVIRONMENTS.map((env) => loadConfig(`config/${env}.json`));
  assertDistinctPrefixes(configs);
  const bootstrap = loadBootstrapConfig(PROJECT_ROOT, configs);
  await buildAll();
  const app = new App();
  for (const config of configs) {
    const id = `raffle-${config.environment}`;
    new RaffleStack(app, id, { config });
    removeOtherFormat(path.join(app.outdir, 'stacks', id), app.hclOutput);
  }
  new BootstrapStack(app, BOOTSTRAP_STACK, { config: bootstrap });
  removeOtherFormat(path.join(app.outdir, 'stacks', BOOTSTRAP_STACK), app.hclOutput);
  app.synth();
}

/** Environments may share an account: the same prefix would give every resource of both the same name. */
function assertDistinctPrefixes(configs: readonly RaffleConfig[]): void {
  for (const [i, config] of configs.entries()) {
    const other = configs.slice(0, i).find((c) => c.namePrefix === config.namePrefix);
    if (other) {
      throw new ConfigError(`config/${config.environment}.json`, [
        `"namePrefix" "${config.namePrefix}" is also used by config/${other.environment}.json — give each environment its own prefix`,
      ]);
    }
  }
}

/**
 * cdktf never cleans a stack folder: after `synth --hcl` then `synth` both cdk.tf and cdk.tf.json would
 * be there, and Terraform would load every resource twice. Remove the one this synth does not write.
 */
function removeOtherFormat(stackDir: string, hclOutput: boolean): void {
  fs.rmSync(path.join(stackDir, hclOutput ? 'cdk.tf.json' : 'cdk.tf'), { force: true });
}

main().catch((e: unknown) => {
  // A config error is for a person: print its lines, not a stack trace.
  console.error((e as Error).name === 'ConfigError' ? (e as Error).message : e);
  process.exit(1);
});
