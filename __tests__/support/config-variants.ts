/**
 * Configurations that switch every optional feature on and off, for the synth guards and the apply tests
 * on the emulator. Each is a shipped config (config/<env>.json) with overrides, so they stay realistic.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateConfig, type RaffleConfig } from '../../config/schema';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

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
  drawSchedule: { entryDeadline: '2026-12-24T17:00:00Z', drawSchedule: '2026-12-24T18:00:00Z' },
  notificationEmail: { notificationEmail: 'organiser@example.com' },
  alarmTopicArn: { alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts' },
  stateBackend: { stateBackend: { bucket: 'raffle-terraform-state' } },
} as const;

export type OptionalFeature = keyof typeof OPTIONAL_FEATURES;
export const FEATURE_NAMES = Object.keys(OPTIONAL_FEATURES) as OptionalFeature[];

/** Features that only exist with another (the config refuses them alone). */
export const FEATURE_NEEDS: Partial<Record<OptionalFeature, OptionalFeature>> = {
  // The mail's SES identity is the raffle's domain.
  confirmEntries: 'domain',
};

export interface ConfigVariant {
  readonly name: string;
  readonly environment: 'dev' | 'prod';
  readonly features: readonly OptionalFeature[];
}

/** dev.json with exactly the given features on. */
export function devWith(features: readonly OptionalFeature[]): Record<string, unknown> {
  const raw = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'config', 'dev.json'), 'utf8')) as Record<string, unknown>;
  return Object.assign(raw, ...features.map((f) => OPTIONAL_FEATURES[f]));
}

/** Every subset of the optional features that the config accepts (FEATURE_NEEDS), on top of dev.json. */
export function everyFeatureCombination(): ConfigVariant[] {
  return Array.from({ length: 2 ** FEATURE_NAMES.length }, (_, mask) => FEATURE_NAMES.filter((_, i) => mask & (1 << i)))
    .filter((features) => features.every((f) => !FEATURE_NEEDS[f] || features.includes(FEATURE_NEEDS[f])))
    .map((features) => ({ name: features.length ? features.join('+') : 'none', environment: 'dev' as const, features }));
}

export function variantConfig(variant: ConfigVariant, truststorePem: string): RaffleConfig {
  return validateConfig(devWith(variant.features), {
    source: `variant ${variant.name}`,
    environment: variant.environment,
    readTruststore: () => ({ pem: truststorePem }),
  });
}
