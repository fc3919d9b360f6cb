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
  defaultWinners: 7,
  entryDeadline: '2026-12-20T23:59:59.000Z',
  drawSchedule: '2026-12-24T18:00:00.000Z',
  confirmEntries: true,
  onePerPhone: false,
  notifyWinners: true,
  rulesUrl: 'https://example.com/raffle/rules',
  privacyUrl: 'https://example.com/privacy',
  siteUrl: 'https://raffle.example.com',
  adminUrl: 'https://admin.raffle.example.com/raffle/draw.html',
  originSecret: '0b6a3c1e-9d7f-4a52-8e21-5f3c9a7d2b10',
  publicApiId: 'pub123',
  verifiable: { marginSeconds: 45 },
  mailFrom: 'raffle@raffle.example.com',
  mailReplyTo: 'prizes@example.com',
  notificationTopicArn: 'arn:aws:sns:eu-west-1:123456789012:raffle-notifications',
  siteBucket: 'raffle-site-bucket',
};

/** What a function given only its table reads. */
const minimal: Settings = {
  tableName: 'raffle-dev-entrants',
  defaultWinners: LIMITS.winners.default,
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
    for (const variable of ['ENTRY_DEADLINE', 'DRAW_SCHEDULE', 'RULES_URL', 'VERIFIABLE_DRAWS', 'BEACON_MARGIN_SECONDS', 'MAIL_FROM'])
      expect(env).not.toHaveProperty(variable);
    expect(readSettings(env)).toEqual(minimal);
    expect(readSettings({ [SETTINGS_ENV.tableName]: 'raffle-dev-entrants' })).toEqual(minimal);
  });

  it('writes booleans as "true"/"false" and a verifiable draw as its switch and its margin', () => {
    const env = settingsEnvironment({ confirmEntries: false, onePerPhone: true, verifiable: { marginSeconds: 3 } });
    expect(env).toEqual({ CONFIRM_ENTRIES: 'false', ONE_ENTRY_PER_PHONE: 'true', VERIFIABLE_DRAWS: 'true', BEACON_MARGIN_SECONDS: '3' });
  });

  it('reads an empty variable as an absent one', () => {
    expect(readSettings({ TABLE_NAME: 't', RULES_URL: '', CONFIRM_ENTRIES: '' })).toEqual({ ...minimal, tableName: 't' });
  });
});

describe('readSettings refuses an environment the stack would not write', () => {
  const base = { TABLE_NAME: 'raffle-test' };

  it.each([
    ['TABLE_NAME', 'missing', {}],
    ['TABLE_NAME', 'empty', { TABLE_NAME: '' }],
    ['DEFAULT_WINNERS', 'zero', { ...base, DEFAULT_WINNERS: '0' }],
    ['DEFAULT_WINNERS', `over ${LIMITS.winners.max}`, { ...base, DEFAULT_WINNERS: String(LIMITS.winners.max + 1) }],
    ['DEFAULT_WINNERS', 'not a number', { ...base, DEFAULT_WINNERS: 'three' }],
    ['DEFAULT_WINNERS', 'not whole', { ...base, DEFAULT_WINNERS: '2.5' }],
    ['DEFAULT_WINNERS', 'negative', { ...base, DEFAULT_WINNERS: '-1' }],
    ['CONFIRM_ENTRIES', 'not "true"/"false"', { ...base, CONFIRM_ENTRIES: 'yes' }],
    ['NOTIFY_WINNERS', 'in capitals', { ...base, NOTIFY_WINNERS: 'TRUE' }],
    ['ONE_ENTRY_PER_PHONE', 'a digit', { ...base, ONE_ENTRY_PER_PHONE: '1' }],
    ['VERIFIABLE_DRAWS', 'not "true"/"false"', { ...base, VERIFIABLE_DRAWS: 'on' }],
    ['ENTRY_DEADLINE', 'not an instant', { ...base, ENTRY_DEADLINE: 'next tuesday' }],
    ['DRAW_SCHEDULE', 'not an instant', { ...base, DRAW_SCHEDULE: '2026-13-45T99:00:00Z' }],
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
    expect(readSettings({ ...base, DEFAULT_WINNERS: String(LIMITS.winners.min) }).defaultWinners).toBe(LIMITS.winners.min);
    expect(readSettings({ ...base, DEFAULT_WINNERS: String(LIMITS.winners.max) }).defaultWinners).toBe(LIMITS.winners.max);
    const margin = String(LIMITS.beaconMarginSeconds.min);
    expect(readSettings({ ...base, VERIFIABLE_DRAWS: 'true', BEACON_MARGIN_SECONDS: margin }).verifiable).toEqual({
      marginSeconds: LIMITS.beaconMarginSeconds.min,
    });
  });
});
