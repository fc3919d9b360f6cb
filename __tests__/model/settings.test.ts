/**
 * GIVEN the typed Settings a function is told (model/settings.ts)
 * WHEN the stack writes them into the function's environment (settingsEnvironment) and the deployed
 *      bundle reads them back (readSettings)
 * THEN every setting arrives as it left; and an environment that does not match what the stack writes
 *      fails at once with a SettingsError naming the variable, never a guess.
 */
import { LIMITS } from '../../model/limits';
import { readSettings, SETTINGS_ENV, settingsEnvironment, SettingsError, type Settings } from '../../model/settings';

/** Every setting set, none at its default. */
const everything: Settings = {
  tableName: 'raffle-prod-entrants',
  confirmEntries: true,
  onePerPhone: false,
  notifyWinners: true,
  siteUrl: 'https://raffle.example.com',
  adminUrl: 'https://admin.raffle.example.com/raffle/draw.html',
  originSecret: '0b6a3c1e-9d7f-4a52-8e21-5f3c9a7d2b10',
  publicApiId: 'pub123',
  verifiable: { marginSeconds: 45 },
  mailFrom: 'raffle@raffle.example.com',
  mailReplyTo: 'prizes@example.com',
  notificationTopicArn: 'arn:aws:sns:eu-west-1:123456789012:raffle-notifications',
  siteBucket: 'raffle-site-bucket',
  scheduleGroup: 'raffle-prod-draws',
  drawTarget: {
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:raffle-prod-draw',
    roleArn: 'arn:aws:iam::123456789012:role/raffle-prod-scheduled-draw-role',
    deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:raffle-prod-draw-dlq',
  },
};

/** What a function given only its table reads. */
const minimal: Settings = {
  tableName: 'raffle-dev-entrants',
  confirmEntries: false,
  onePerPhone: true,
  notifyWinners: false,
  siteUrl: '',
  adminUrl: '',
  originSecret: '',
  publicApiId: '',
};

/** The SettingsError readSettings throws for `env`, or a failure saying it threw none. */
function refusal(env: Record<string, string>): SettingsError {
  try {
    readSettings(env);
  } catch (err) {
    expect(err).toBeInstanceOf(SettingsError);
    return err as SettingsError;
  }
  throw new Error(`readSettings accepted ${JSON.stringify(env)}`);
}

describe('settingsEnvironment → readSettings', () => {
  it('round-trips every setting, each in its own variable', () => {
    const env = settingsEnvironment(everything);
    // Every variable the stack may write is written: no setting is left out of the round trip.
    expect(Object.keys(env).sort()).toEqual(Object.values(SETTINGS_ENV).sort());
    expect(Object.values(env).every((value) => typeof value === 'string')).toBe(true);
    expect(readSettings(env)).toEqual(everything);
  });

  it('round-trips the defaults, writing no optional setting', () => {
    const env = settingsEnvironment(minimal);
    for (const variable of ['SCHEDULE_GROUP', 'DRAW_FUNCTION_ARN', 'VERIFIABLE_DRAWS', 'BEACON_MARGIN_SECONDS', 'MAIL_FROM'])
      expect(env).not.toHaveProperty(variable);
    expect(readSettings(env)).toEqual(minimal);
    expect(readSettings({ [SETTINGS_ENV.tableName]: 'raffle-dev-entrants' })).toEqual(minimal);
  });

  it('writes booleans as "true"/"false" and a verifiable draw as its switch and its margin', () => {
    const env = settingsEnvironment({ confirmEntries: false, onePerPhone: true, verifiable: { marginSeconds: 3 } });
    expect(env).toEqual({ CONFIRM_ENTRIES: 'false', ONE_ENTRY_PER_PHONE: 'true', VERIFIABLE_DRAWS: 'true', BEACON_MARGIN_SECONDS: '3' });
  });

  it('reads an empty variable as an absent one', () => {
    expect(readSettings({ TABLE_NAME: 't', SCHEDULE_GROUP: '', CONFIRM_ENTRIES: '' })).toEqual({ ...minimal, tableName: 't' });
  });
});

describe('readSettings refuses an environment the stack would not write', () => {
  const base = { TABLE_NAME: 'raffle-test' };

  it.each([
    ['TABLE_NAME', 'missing', {}],
    ['TABLE_NAME', 'empty', { TABLE_NAME: '' }],
    ['CONFIRM_ENTRIES', 'not "true"/"false"', { ...base, CONFIRM_ENTRIES: 'yes' }],
    ['NOTIFY_WINNERS', 'in capitals', { ...base, NOTIFY_WINNERS: 'TRUE' }],
    ['ONE_ENTRY_PER_PHONE', 'a digit', { ...base, ONE_ENTRY_PER_PHONE: '1' }],
    ['VERIFIABLE_DRAWS', 'not "true"/"false"', { ...base, VERIFIABLE_DRAWS: 'on' }],
    ['SCHEDULER_ROLE_ARN', 'missing beside the draw target', { ...base, DRAW_FUNCTION_ARN: 'arn:f', DRAW_DEAD_LETTER_ARN: 'arn:q' }],
    ['DRAW_DEAD_LETTER_ARN', 'missing beside the draw target', { ...base, DRAW_FUNCTION_ARN: 'arn:f', SCHEDULER_ROLE_ARN: 'arn:r' }],
    [
      'BEACON_MARGIN_SECONDS',
      `under the minimum of ${LIMITS.beaconMarginSeconds.min}`,
      { ...base, VERIFIABLE_DRAWS: 'true', BEACON_MARGIN_SECONDS: String(LIMITS.beaconMarginSeconds.min - 1) },
    ],
    ['BEACON_MARGIN_SECONDS', 'not a number', { ...base, VERIFIABLE_DRAWS: 'true', BEACON_MARGIN_SECONDS: 'thirty' }],
  ])('%s %s: a SettingsError naming it', (variable, _what, env) => {
    const err = refusal(env);
    expect(err.name).toBe('SettingsError');
    expect(err.message.startsWith(`${variable} `)).toBe(true);
  });

  it('accepts the bounds themselves', () => {
    const margin = String(LIMITS.beaconMarginSeconds.min);
    expect(readSettings({ ...base, VERIFIABLE_DRAWS: 'true', BEACON_MARGIN_SECONDS: margin }).verifiable).toEqual({
      marginSeconds: LIMITS.beaconMarginSeconds.min,
    });
  });
});
