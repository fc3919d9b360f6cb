/**
 * What a deployment tells its functions, once: the typed Settings, the environment variable each
 * travels in, and the two directions between them. The stack writes a function's environment with
 * settingsEnvironment (from the settings config/function-settings.ts derives from the config); the
 * deployed bundle reads it back with readSettings, once per cold start; the local runtime hands the
 * same Settings to the same bundles without an environment at all.
 */
import { LIMITS } from './limits';

export interface Settings {
  /** The entrants table. */
  readonly tableName: string;
  /** Raffles may confirm entries by email: the deployment sends confirmation mail (config confirmEntries). */
  readonly confirmEntries: boolean;
  /** At most one entry per phone number (config onePerPhone). */
  readonly onePerPhone: boolean;
  /** The notify function emails each winner (config notifyWinners). */
  readonly notifyWinners: boolean;
  /** The public site's base URL, for the links in emails, e.g. https://raffle.example.com. */
  readonly siteUrl: string;
  /** The organiser's page, linked from each announcement. */
  readonly adminUrl: string;
  /** What CloudFront adds to every request to the public API (and only CloudFront knows). */
  readonly originSecret: string;
  /** The public API's id: requests that arrive on it must carry the origin secret. */
  readonly publicApiId: string;
  /** Raffles may offer verifiable draws (config verifiableDraws), with this many seconds from commitment to beacon round. */
  readonly verifiable?: { readonly marginSeconds: number };
  /** Sender of the raffle's email (an address of the SES identity); only for functions that reach it. */
  readonly mailFrom?: string;
  /** Where a winner's reply goes (config notificationEmail); only for functions that reach the mail identity. */
  readonly mailReplyTo?: string;
  /** The organiser's SNS topic (config notificationEmail); only for the function that reaches it. */
  readonly notificationTopicArn?: string;
  /** The site bucket a verifiable draw's files go to (draws/<id>/…); only for the function that reaches it. */
  readonly siteBucket?: string;
  /** The stack's schedule group of raffles' draws; only for functions that reach it. */
  readonly scheduleGroup?: string;
  /** What a raffle's draw schedule carries (the function that makes schedules only). */
  readonly drawTarget?: DrawTarget;
}

/** A schedule's target: the draw function, the role Scheduler invokes it with, where failed events go. */
export interface DrawTarget {
  readonly functionArn: string;
  readonly roleArn: string;
  readonly deadLetterArn: string;
}

/** The environment variable of each setting. Their order is the order the stack writes them in. */
export const SETTINGS_ENV = {
  tableName: 'TABLE_NAME',
  confirmEntries: 'CONFIRM_ENTRIES',
  notifyWinners: 'NOTIFY_WINNERS',
  onePerPhone: 'ONE_ENTRY_PER_PHONE',
  adminUrl: 'ADMIN_URL',
  siteUrl: 'SITE_URL',
  originSecret: 'ORIGIN_SECRET',
  publicApiId: 'PUBLIC_API_ID',
  verifiableDraws: 'VERIFIABLE_DRAWS',
  beaconMarginSeconds: 'BEACON_MARGIN_SECONDS',
  notificationTopicArn: 'NOTIFICATION_TOPIC_ARN',
  mailFrom: 'MAIL_FROM',
  mailReplyTo: 'MAIL_REPLY_TO',
  siteBucket: 'SITE_BUCKET',
  scheduleGroup: 'SCHEDULE_GROUP',
  drawFunctionArn: 'DRAW_FUNCTION_ARN',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  drawDeadLetterArn: 'DRAW_DEAD_LETTER_ARN',
} as const;

export type SettingsVariable = (typeof SETTINGS_ENV)[keyof typeof SETTINGS_ENV];

/**
 * The environment that carries `settings` (all of them, or the part a grant adds): booleans as
 * "true"/"false", numbers in decimal, absent settings left out. Values may be Terraform tokens.
 */
export function settingsEnvironment(settings: Partial<Settings>): Record<string, string> {
  const { verifiable, drawTarget, ...plain } = settings;
  const values: Partial<Record<keyof typeof SETTINGS_ENV, string | number | boolean>> = {
    ...plain,
    ...(verifiable ? { verifiableDraws: true, beaconMarginSeconds: verifiable.marginSeconds } : {}),
    ...(drawTarget
      ? { drawFunctionArn: drawTarget.functionArn, schedulerRoleArn: drawTarget.roleArn, drawDeadLetterArn: drawTarget.deadLetterArn }
      : {}),
  };
  const environment: Record<string, string> = {};
  for (const [key, variable] of Object.entries(SETTINGS_ENV) as [keyof typeof SETTINGS_ENV, string][]) {
    const value = values[key];
    if (value !== undefined) environment[variable] = String(value);
  }
  return environment;
}

/** A setting the environment lacks or gets wrong: a deployment fault, named for ops. */
export class SettingsError extends Error {
  constructor(variable: SettingsVariable, problem: string) {
    super(`${variable} ${problem}: the function's environment does not match what the stack writes (model/settings.ts)`);
    this.name = 'SettingsError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The settings in a function's environment; throws SettingsError naming the variable that is missing or wrong. */
export function readSettings(env: Environment): Settings {
  const text = (variable: SettingsVariable): string | undefined => {
    const value = env[variable];
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (variable: SettingsVariable): string => {
    const value = text(variable);
    if (value === undefined) throw new SettingsError(variable, 'is not set');
    return value;
  };
  const flag = (variable: SettingsVariable, fallback: boolean): boolean => {
    const value = text(variable);
    if (value === undefined) return fallback;
    if (value !== 'true' && value !== 'false') throw new SettingsError(variable, `must be "true" or "false", not ${JSON.stringify(value)}`);
    return value === 'true';
  };
  const whole = (variable: SettingsVariable, fallback: number, valid: (n: number) => boolean, range: string): number => {
    const value = text(variable);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || !valid(n))
      throw new SettingsError(variable, `must be a whole number ${range}, not ${JSON.stringify(value)}`);
    return n;
  };
  const optional = <K extends keyof Settings>(key: K, value: Settings[K] | undefined): Partial<Settings> =>
    value === undefined ? {} : { [key]: value };
  return {
    tableName: required(SETTINGS_ENV.tableName),
    confirmEntries: flag(SETTINGS_ENV.confirmEntries, false),
    notifyWinners: flag(SETTINGS_ENV.notifyWinners, false),
    onePerPhone: flag(SETTINGS_ENV.onePerPhone, true),
    adminUrl: text(SETTINGS_ENV.adminUrl) ?? '',
    siteUrl: text(SETTINGS_ENV.siteUrl) ?? '',
    originSecret: text(SETTINGS_ENV.originSecret) ?? '',
    publicApiId: text(SETTINGS_ENV.publicApiId) ?? '',
    ...optional(
      'verifiable',
      flag(SETTINGS_ENV.verifiableDraws, false)
        ? {
            marginSeconds: whole(
              SETTINGS_ENV.beaconMarginSeconds,
              LIMITS.beaconMarginSeconds.default,
              (n) => n >= LIMITS.beaconMarginSeconds.min,
              `of at least ${LIMITS.beaconMarginSeconds.min}`,
            ),
          }
        : undefined,
    ),
    ...optional('mailFrom', text(SETTINGS_ENV.mailFrom)),
    ...optional('mailReplyTo', text(SETTINGS_ENV.mailReplyTo)),
    ...optional('notificationTopicArn', text(SETTINGS_ENV.notificationTopicArn)),
    ...optional('siteBucket', text(SETTINGS_ENV.siteBucket)),
    ...optional('scheduleGroup', text(SETTINGS_ENV.scheduleGroup)),
    ...optional('drawTarget', drawTarget()),
  };
  function drawTarget(): DrawTarget | undefined {
    const functionArn = text(SETTINGS_ENV.drawFunctionArn);
    if (functionArn === undefined) return undefined;
    return { functionArn, roleArn: required(SETTINGS_ENV.schedulerRoleArn), deadLetterArn: required(SETTINGS_ENV.drawDeadLetterArn) };
  }
}
