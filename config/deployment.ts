/**
 * What a validated configuration tells the deployed parts, once for the stack and the local runtime:
 *   - each function's settings (model/settings.ts): the stack writes them into the function's
 *     environment, and the local runtime hands them to the same bundles. A setting that names an
 *     optional resource goes only to the functions whose catalogue entry reaches that resource, as the
 *     IAM grant does;
 *   - the pages' facts, in the generated config.js (site/assets.ts).
 */
import type { FunctionDefinition } from '../model/functions';
import { deploymentAbilities } from '../model/raffle';
import type { DrawTarget, Settings } from '../model/settings';
import type { DeploymentFacts } from '../model/site-config';
import type { RaffleConfig } from './schema';

/** Where this deployment's parts are: Terraform tokens in the stack, local addresses on a laptop. */
export interface DeploymentAddresses {
  readonly tableName: string;
  readonly siteUrl: string;
  readonly adminUrl: string;
  readonly originSecret: string;
  readonly publicApiId: string;
  /** The organiser's SNS topic, when the stack has one (config notificationEmail). */
  readonly notificationTopicArn?: string;
  /** The site bucket, where verifiable draws publish their files (config verifiableDraws). */
  readonly siteBucket?: string;
  /** The stack's schedule group of raffles' draws, and what each schedule carries; absent locally (local/schedule.ts needs neither). */
  readonly drawSchedules?: { readonly group: string; readonly target: DrawTarget };
}

export function functionSettings(config: RaffleConfig, addresses: DeploymentAddresses, definition: FunctionDefinition): Settings {
  const reaches = new Set(definition.reaches);
  // The raffle's SES identity, for whichever mail this function sends and the config switches on.
  const sendsMail = (reaches.has('confirmationMail') && config.confirmEntries) || (reaches.has('winnerMail') && config.notifyWinners);
  return {
    tableName: addresses.tableName,
    confirmEntries: config.confirmEntries,
    notifyWinners: config.notifyWinners,
    onePerPhone: config.onePerPhone,
    adminUrl: addresses.adminUrl,
    siteUrl: addresses.siteUrl,
    originSecret: addresses.originSecret,
    publicApiId: addresses.publicApiId,
    ...(config.verifiable ? { verifiable: config.verifiable } : {}),
    ...(reaches.has('notifications') && addresses.notificationTopicArn ? { notificationTopicArn: addresses.notificationTopicArn } : {}),
    ...(sendsMail && config.mail
      ? { mailFrom: config.mail.from, ...(config.notificationEmail ? { mailReplyTo: config.notificationEmail } : {}) }
      : {}),
    ...(reaches.has('publishedDraws') && config.verifiable && addresses.siteBucket ? { siteBucket: addresses.siteBucket } : {}),
    ...((reaches.has('drawSchedules') || reaches.has('drawScheduleCleanup')) && addresses.drawSchedules
      ? { scheduleGroup: addresses.drawSchedules.group }
      : {}),
    ...(reaches.has('drawSchedules') && addresses.drawSchedules ? { drawTarget: addresses.drawSchedules.target } : {}),
  };
}

/** What a configuration tells its pages through config.js (site/assets.ts). */
export function deploymentFacts(config: RaffleConfig): DeploymentFacts {
  return {
    abilities: deploymentAbilities(config),
    winnerMail: config.notifyWinners,
    ...(config.verifiable ? { beaconMarginSeconds: config.verifiable.marginSeconds } : {}),
  };
}
