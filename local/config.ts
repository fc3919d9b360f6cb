/**
 * The configuration `npm start` runs: config/dev.json through the project's loader, so the laptop runs
 * what the dev stack deploys, every key honoured. Where the file is silent on a switch whose AWS service
 * the laptop stands in for, the laptop turns it on, so that trying the app shows it:
 *   - confirmEntries: the outbox stands in for SES (`--no-confirm` turns it off);
 *   - notifyWinners: the outbox stands in for SES too, so winners get their email and claim link;
 *   - verifiableDraws: the local beacon stands in for drand.
 * Anything the file says is what runs.
 */
import { loadConfigFile } from '../config/load';
import type { RaffleConfig } from '../config/schema';
import { LIMITS } from '../model/limits';

export const DEV_CONFIG_FILE = 'config/dev.json';

export interface LocalChoices {
  /** `--no-confirm`: entries count at once, whatever the file says. */
  readonly noConfirm: boolean;
}

export function localConfig(projectRoot: string, choices: LocalChoices): RaffleConfig {
  const { config, keys } = loadConfigFile(DEV_CONFIG_FILE, { projectRoot });
  return {
    ...config,
    confirmEntries: !choices.noConfirm && (keys.has('confirmEntries') ? config.confirmEntries : true),
    notifyWinners: keys.has('notifyWinners') ? config.notifyWinners : true,
    verifiable: keys.has('verifiableDraws') ? config.verifiable : { marginSeconds: LIMITS.beaconMarginSeconds.default },
  };
}
