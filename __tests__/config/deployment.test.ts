/**
 * The deployed functions and the laptop's are told the same thing (config/deployment.ts).
 * GIVEN a configuration with one key changed, for every key a configuration file may hold
 * WHEN the stack is synthesised (each function's environment, read back by the bundle's own reader,
 *      readSettings) and the local runtime's settings are made (functionSettings with the laptop's
 *      addresses: no topic, no bucket, no schedule group)
 * THEN every function is told the same on every setting the configuration decides; only the addresses
 *      differ, by nature (the table, the URLs, the origin secret, the API id, the topic, the bucket, the
 *      schedule group and what a schedule carries).
 * AND the keys this file covers are exactly those that change some function's settings, so a new key
 *      cannot reach a function without being compared here.
 */
import { functionSettings, type DeploymentAddresses } from '../../config/deployment';
import { ConfigError, validateConfig, type RaffleConfig } from '../../config/schema';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../../model/functions';
import { readSettings, type Settings } from '../../model/settings';
import { testCaPem } from '../constructs/fixtures';
import { attrs, shippedConfig, synthStack } from '../support/synth';

/** The keys a raffle with its own domain needs before it may send mail (and a domain's alarms must reach someone). */
const DOMAIN = {
  domainName: 'example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  siteHost: 'raffle.example.com',
  apiHost: 'admin.raffle.example.com',
  opsEmail: 'ops@example.com',
};
const OTHER_DOMAIN = {
  domainName: 'example.org',
  hostedZoneId: 'Z0123456789EXAMPLE',
  siteHost: 'raffle.example.org',
  apiHost: 'admin.raffle.example.org',
};

interface Probe {
  /** What else the key needs to be valid and to show (on top of config/dev.json). */
  readonly base: Record<string, unknown>;
  /** The key set (or set otherwise), with anything that must change with it. */
  readonly change: Record<string, unknown>;
}

/**
 * Every key of a configuration file, each changed once. A key missing here fails the coverage test:
 * a new key gets a probe, and if it changes some function's settings it joins COVERED.
 */
const PROBES: Readonly<Record<string, Probe>> = {
  region: { base: {}, change: { region: 'us-east-1' } },
  namePrefix: { base: {}, change: { namePrefix: 'raffle-probe' } },
  // The domain names the raffle's sender: raffle@<domainName> unless mailFrom says otherwise.
  domainName: { base: { ...DOMAIN, confirmEntries: true }, change: OTHER_DOMAIN },
  hostedZoneId: { base: DOMAIN, change: { hostedZoneId: 'Z9876543210OTHER' } },
  siteHost: { base: DOMAIN, change: { siteHost: 'www.example.com' } },
  apiHost: { base: DOMAIN, change: { apiHost: 'organiser.example.com' } },
  allowedOrigins: { base: DOMAIN, change: { allowedOrigins: ['https://raffle.example.com'] } },
  truststorePath: { base: {}, change: { truststorePath: 'certs/OtherCA.pem' } },
  // Winners' replies go to the organiser.
  notificationEmail: { base: { ...DOMAIN, notifyWinners: true }, change: { notificationEmail: 'organiser@example.com' } },
  tags: { base: {}, change: { tags: { CostCentre: 'marketing' } } },
  stateBackend: { base: {}, change: { stateBackend: { bucket: 'another-state-bucket', key: 'other/dev.tfstate' } } },
  alarmTopicArn: { base: {}, change: { alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts' } },
  opsEmail: { base: {}, change: { opsEmail: 'ops@example.com' } },
  // Read by `npm run upgrade` only.
  firstRaffleId: { base: {}, change: { firstRaffleId: 'winter-2026' } },
  confirmEntries: { base: DOMAIN, change: { confirmEntries: true } },
  notifyWinners: { base: DOMAIN, change: { notifyWinners: true } },
  mailFrom: { base: { ...DOMAIN, confirmEntries: true, notifyWinners: true }, change: { mailFrom: 'prizes@example.com' } },
  verifiableDraws: { base: {}, change: { verifiableDraws: true } },
  beaconMarginSeconds: { base: { verifiableDraws: true }, change: { beaconMarginSeconds: 45 } },
  onePerPhone: { base: {}, change: { onePerPhone: false } },
  wafRateLimit: { base: {}, change: { wafRateLimit: 100 } },
};

/** The keys that reach a function: each is compared below, set, between the stack and the local runtime. */
const COVERED = [
  'confirmEntries',
  'notifyWinners',
  'onePerPhone',
  'verifiableDraws',
  'beaconMarginSeconds',
  'notificationEmail',
  'mailFrom',
  'domainName',
] as const;

/** The settings that say where this deployment's parts are: never the same in AWS and on a laptop. */
const ADDRESSES = [
  'tableName',
  'siteUrl',
  'adminUrl',
  'originSecret',
  'publicApiId',
  'notificationTopicArn',
  'siteBucket',
  'scheduleGroup',
  'drawTarget',
] as const;

/** What the local runtime hands functionSettings (local/runtime.ts): its own doors and table; no SNS topic, no bucket, no schedule group. */
const LOCAL_ADDRESSES: DeploymentAddresses = {
  tableName: 'raffle-local',
  siteUrl: 'http://localhost:3000',
  adminUrl: 'https://localhost:3443/raffle/draw.html',
  originSecret: 'local-origin-secret',
  publicApiId: 'public',
};

type Told = Record<FunctionName, Partial<Settings>>;

/** A function's settings without its addresses: what the configuration decides. */
function configDerived(settings: Settings): Partial<Settings> {
  const rest: Partial<Settings> = { ...settings };
  for (const address of ADDRESSES) delete rest[address];
  return rest;
}

/** config/dev.json with the overrides, validated as the loader validates a file. */
function configWith(overrides: Record<string, unknown>): RaffleConfig {
  return shippedConfig('dev', testCaPem(), overrides);
}

const stackCache = new Map<string, Told>();
/** What the synthesised stack tells each function: its environment, read back as the bundle reads it. */
function toldByStack(overrides: Record<string, unknown>): Told {
  const key = JSON.stringify(overrides);
  let told = stackCache.get(key);
  if (!told) {
    const s = synthStack(configWith(overrides));
    told = Object.fromEntries(
      FUNCTION_NAMES.map((name) => [name, configDerived(readSettings(attrs(s, s.stack.functions[name].fn).environment.variables))]),
    ) as Told;
    stackCache.set(key, told);
  }
  return told;
}

/** What the local runtime tells each function with the same configuration. */
function toldLocally(overrides: Record<string, unknown>): Told {
  const config = configWith(overrides);
  return Object.fromEntries(
    FUNCTION_NAMES.map((name) => [name, configDerived(functionSettings(config, LOCAL_ADDRESSES, FUNCTIONS[name]))]),
  ) as Told;
}

/** The keys a configuration file may hold, as the validator lists them when it refuses an unknown one. */
function knownConfigKeys(): string[] {
  try {
    validateConfig({ 'no such key': true }, { source: 'probe', environment: 'dev', readTruststore: () => ({ pem: testCaPem() }) });
  } catch (err) {
    const listed = err instanceof ConfigError ? /\(known keys: ([^)]*)\)/.exec(err.problems.join('\n'))?.[1] : undefined;
    if (listed) return listed.split(', ');
    throw err;
  }
  throw new Error('validateConfig accepted an unknown key: it no longer lists the known ones');
}

describe.each(COVERED)('%s', (key) => {
  const { base, change } = PROBES[key];
  const withKey = { ...base, ...change };

  test('the stack and the local runtime tell every function the same, addresses aside', () => {
    const stack = toldByStack(withKey);
    const local = toldLocally(withKey);
    for (const name of FUNCTION_NAMES) expect({ function: name, settings: local[name] }).toEqual({ function: name, settings: stack[name] });
  });

  test('and it is told: some function’s settings change with it, on both sides', () => {
    const changed = (told: (o: Record<string, unknown>) => Told) =>
      FUNCTION_NAMES.filter((name) => JSON.stringify(told(base)[name]) !== JSON.stringify(told(withKey)[name]));
    expect(changed(toldByStack)).not.toEqual([]);
    expect(changed(toldLocally)).toEqual(changed(toldByStack));
  });
});

describe('coverage', () => {
  test('every key a configuration file may hold has a probe here', () => {
    expect(Object.keys(PROBES).sort()).toEqual(knownConfigKeys().sort());
  });

  test('the covered keys are exactly those whose change reaches some function, in the stack or on the laptop', () => {
    const reaching = Object.entries(PROBES)
      .filter(([, { base, change }]) =>
        [toldByStack, toldLocally].some((told) => JSON.stringify(told(base)) !== JSON.stringify(told({ ...base, ...change }))),
      )
      .map(([key]) => key);
    expect(reaching.sort()).toEqual([...COVERED].sort());
  });

  test('a key that reaches no function leaves the stack and the local runtime agreeing too', () => {
    for (const [key, { base, change }] of Object.entries(PROBES)) {
      const config = { ...base, ...change };
      const [stack, local] = [toldByStack(config), toldLocally(config)];
      expect({ key, told: local }).toEqual({ key, told: stack });
    }
  });
});
