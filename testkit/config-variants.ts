/**
 * Configurations that switch every optional feature on and off, for the synth guards, the apply tests on
 * the emulator and the exhaustive name check (bench/unique-names.ts). Each is a shipped config
 * (config/<env>.json) with overrides, so they stay realistic.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateConfig, type RaffleConfig } from '../config/schema';
import { PROJECT_ROOT } from '../model/project';

/** The optional features, each with the keys that switch it on. */
export const OPTIONAL_FEATURES = {
  domain: {
    domainName: 'example.com',
    hostedZoneId: 'Z0123456789EXAMPLE',
    siteHost: 'raffle.example.com',
    apiHost: 'admin.raffle.example.com',
  },
  confirmEntries: { confirmEntries: true },
  wafRateLimit: { wafRateLimit: 100 },
  notificationEmail: { notificationEmail: 'organiser@example.com' },
  alarmTopicArn: { alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts' },
  opsEmail: { opsEmail: 'ops@example.com' },
  stateBackend: { stateBackend: { bucket: 'raffle-terraform-state' } },
} as const;

export type OptionalFeature = keyof typeof OPTIONAL_FEATURES;
export const FEATURE_NAMES = Object.keys(OPTIONAL_FEATURES) as OptionalFeature[];

/** Features that only exist with one of some others (the config refuses them without). */
export const FEATURE_NEEDS: Partial<Record<OptionalFeature, readonly OptionalFeature[]>> = {
  // The mail's SES identity is the raffle's domain.
  confirmEntries: ['domain'],
  // A deployment with a domain sends its alarms to someone.
  domain: ['opsEmail', 'alarmTopicArn'],
};

export interface ConfigVariant {
  readonly name: string;
  readonly environment: 'dev' | 'prod';
  readonly features: readonly OptionalFeature[];
}

/** dev.json with exactly the given features on (dev.json's own stateBackend is off unless asked for). */
export function devWith(features: readonly OptionalFeature[]): Record<string, unknown> {
  const raw = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'config', 'dev.json'), 'utf8')) as Record<string, unknown>;
  for (const key of FEATURE_NAMES.flatMap((f) => Object.keys(OPTIONAL_FEATURES[f]))) delete raw[key];
  return Object.assign(raw, ...features.map((f) => OPTIONAL_FEATURES[f]));
}

function variant(features: readonly OptionalFeature[]): ConfigVariant {
  const sorted = FEATURE_NAMES.filter((f) => features.includes(f));
  return { name: sorted.length ? sorted.join('+') : 'none', environment: 'dev', features: sorted };
}
const accepted = (features: readonly OptionalFeature[]): boolean =>
  features.every((f) => FEATURE_NEEDS[f]?.some((need) => features.includes(need)) ?? true);

/** Every subset of the optional features that the config accepts (FEATURE_NEEDS), on top of dev.json. */
export function everyFeatureCombination(): ConfigVariant[] {
  return Array.from({ length: 2 ** FEATURE_NAMES.length }, (_, mask) => FEATURE_NAMES.filter((_, i) => mask & (1 << i)))
    .filter(accepted)
    .map(variant);
}

/**
 * A few combinations that still show every setting of any three features the config accepts: all off,
 * all on, each feature alone on (with what it needs: one combination per way to meet its needs) and each
 * alone off (with those that need it and have nothing else to meet their needs). Three features set
 * anyhow have at most one on, or at most one off, so one of these has that setting; settingsMissedBy
 * checks it.
 */
export function coveringFeatureCombinations(): ConfigVariant[] {
  // Every smallest way to switch `feature` on: it, and one of each of its needs, recursively.
  const onWith = (feature: OptionalFeature): OptionalFeature[][] =>
    (FEATURE_NEEDS[feature] ?? [undefined]).flatMap((need) =>
      need === undefined ? [[feature]] : onWith(need).map((rest) => [feature, ...rest]),
    );
  // Everything but `feature`, less what is then left without a need met.
  const offWithout = (feature: OptionalFeature): OptionalFeature[] => {
    let on = FEATURE_NAMES.filter((f) => f !== feature);
    for (;;) {
      const met = on.filter((f) => FEATURE_NEEDS[f]?.some((need) => on.includes(need)) ?? true);
      if (met.length === on.length) return on;
      on = met;
    }
  };
  const combinations = [[], FEATURE_NAMES, ...FEATURE_NAMES.flatMap(onWith), ...FEATURE_NAMES.map(offWithout)].map(variant);
  return combinations.filter((v, i) => combinations.findIndex((w) => w.name === v.name) === i);
}

/** The settings of `strength` features (e.g. "domain=on confirmEntries=off wafRateLimit=on") an accepted combination has and none of `variants`. */
export function settingsMissedBy(variants: readonly ConfigVariant[], strength: number): string[] {
  const subsets = (from: readonly OptionalFeature[], size: number): OptionalFeature[][] =>
    size === 0 ? [[]] : from.flatMap((f, i) => subsets(from.slice(i + 1), size - 1).map((rest) => [f, ...rest]));
  const setting = (v: ConfigVariant, features: readonly OptionalFeature[]) =>
    features.map((f) => `${f}=${v.features.includes(f) ? 'on' : 'off'}`).join(' ');
  return subsets(FEATURE_NAMES, strength).flatMap((features) => {
    const shown = new Set(variants.map((v) => setting(v, features)));
    return [...new Set(everyFeatureCombination().map((v) => setting(v, features)))].filter((s) => !shown.has(s));
  });
}

export function variantConfig(variant: ConfigVariant, truststorePem: string): RaffleConfig {
  return validateConfig(devWith(variant.features), {
    source: `variant ${variant.name}`,
    environment: variant.environment,
    readTruststore: () => ({ pem: truststorePem }),
  });
}
