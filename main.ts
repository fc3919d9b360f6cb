/**
 * The CDKTF app: validates every environment's configuration (nothing is written if one is wrong), builds
 * the function bundles (so a synth never zips stale code), then creates one stack per environment.
 */
import { App } from 'cdktf';
import { buildFunctions } from './scripts/build-functions';
import { ENVIRONMENTS, loadConfig } from './config/load';
import { RaffleStack } from './constructs/raffle-stack';

function main(): void {
  const configs = ENVIRONMENTS.map((env) => loadConfig(`config/${env}.json`));
  buildFunctions();
  const app = new App();
  for (const config of configs) {
    new RaffleStack(app, `raffle-${config.environment}`, { config });
  }
  app.synth();
}

try {
  main();
} catch (e) {
  // A config error is for a person: print its lines, not a stack trace.
  console.error((e as Error).name === 'ConfigError' ? (e as Error).message : e);
  process.exit(1);
}
