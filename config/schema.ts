/**
 * The typed per-environment configuration (config/<environment>.json) and its validation.
 *
 * Validation is pure (no file system): it takes the parsed JSON plus the truststore's bytes and returns
 * either a RaffleConfig or every problem found, each naming the field and the fix. config/load.ts does
 * the reading; main.ts validates every environment before it creates a single construct.
 */
import { X509Certificate } from 'crypto';
import { isEmailAddress } from '../model/email';
import { LIMITS } from '../model/limits';
import { isRaffleId } from '../model/raffle';
import { ConfigError } from './config-error';
import { LEGACY_RAFFLE_KEYS, movedKeyProblem } from './legacy-raffle';

export { ConfigError };

/** What an environment file may contain. Every other key is an error (a typo must not be ignored). */
export interface RaffleConfigFile {
  /** AWS region of the stack (the CloudFront certificate always goes to us-east-1). */
  readonly region: string;
  /** Prefix of every resource name, e.g. "raffle-prod"; lower-case letters, digits and "-". */
  readonly namePrefix: string;
  /** Apex of the custom domains, e.g. "example.com". @default none: default CloudFront/execute-api endpoints */
  readonly domainName?: string;
  /** Route 53 hosted zone of domainName ("Z..."); required with domainName (no lookups at plan time). */
  readonly hostedZoneId?: string;
  /** Public site host, e.g. "raffle.example.com"; required with domainName, must lie inside it. */
  readonly siteHost?: string;
  /** Mutual-TLS admin host, e.g. "admin.raffle.example.com"; required with domainName, must lie inside it. */
  readonly apiHost?: string;
  /** Origins CORS may allow. @default [] (the public API is same-origin through CloudFront, so none is needed) */
  readonly allowedOrigins?: readonly string[];
  /** CA bundle (PEM) trusted for admin client certificates, relative to the project root. @default "certs/RootCA.pem" */
  readonly truststorePath?: string;
  /** Address subscribed (by email) to the raffle's SNS notification topic. @default none */
  readonly notificationEmail?: string;
  /** Extra tags on every resource (on top of Project, Environment, ManagedBy). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Remote state for pipelines: an existing S3 bucket (versioned), locked with an S3 lock file. @default none: local state file */
  readonly stateBackend?: StateBackendConfig;
  /** ARN of ops' own SNS topic (in the stack's region) that alarm state changes go to. @default none */
  readonly alarmTopicArn?: string;
  /**
   * Ops' address: the stack makes an encrypted SNS topic for the alarms and subscribes it by email.
   * A deployment with a domain needs this or alarmTopicArn. @default none
   */
  readonly opsEmail?: string;
  /**
   * The id the raffle this deployment ran before raffles had ids gets, read only by `npm run upgrade`
   * (config/legacy-raffle.ts); the stack ignores it. @default "first" (the upgrade's)
   */
  readonly firstRaffleId?: string;
  /** An entry counts once its address is confirmed from an email (SES, needs domainName). @default false */
  readonly confirmEntries?: boolean;
  /** Each winner gets an email saying they won and how to claim (SES, needs domainName). @default false */
  readonly notifyWinners?: boolean;
  /** Sender of the raffle's email, an address of domainName. @default "raffle@<domainName>" */
  readonly mailFrom?: string;
  /** The organiser may make verifiable draws (drand quicknet; files published on the site). @default false */
  readonly verifiableDraws?: boolean;
  /** Seconds between a verifiable draw's commitment and its beacon round. @default 30 */
  readonly beaconMarginSeconds?: number;
  /** At most one entry per phone number. @default true */
  readonly onePerPhone?: boolean;
  /** AWS WAF on the site: requests per 5 minutes one IP may make to the registration routes. @default none: no WAF */
  readonly wafRateLimit?: number;
}

/** Terraform state in S3 (the bucket is created outside this stack: state cannot live in what it describes). */
export interface StateBackendConfig {
  /** Existing bucket name. */
  readonly bucket: string;
  /** Object key of the state. @default "raffle/<environment>.tfstate" */
  readonly key?: string;
  /** Region of the bucket. @default the stack's region */
  readonly region?: string;
}

/** Custom-domain settings, present only when domainName is set (so constructs never see half a domain). */
export interface DomainConfig {
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly siteHost: string;
  readonly apiHost: string;
}

/** A validated configuration with every default applied. */
export interface RaffleConfig {
  /** Environment name, from the file name: config/prod.json -> "prod". */
  readonly environment: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly domain?: DomainConfig;
  readonly allowedOrigins: readonly string[];
  /** As written in the file (relative to the project root). */
  readonly truststorePath: string;
  /** The truststore's PEM text, validated. */
  readonly truststorePem: string;
  readonly notificationEmail?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** With every default applied. */
  readonly stateBackend?: Required<StateBackendConfig>;
  readonly alarmTopicArn?: string;
  /** The stack makes the alarms' topic and subscribes this address. */
  readonly opsEmail?: string;
  /** As written; only `npm run upgrade` reads it. */
  readonly firstRaffleId?: string;
  readonly confirmEntries: boolean;
  readonly notifyWinners: boolean;
  /** With the default applied: absent when verifiableDraws is off. */
  readonly verifiable?: { readonly marginSeconds: number };
  /** Set when the raffle sends email (confirmEntries or notifyWinners): the sender address (always inside the domain). */
  readonly mail?: { readonly from: string };
  readonly onePerPhone: boolean;
  readonly wafRateLimit?: number;
}

/** AWS WAF's bounds for a rate-based rule over 5 minutes. */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

export const DEFAULT_TRUSTSTORE_PATH = 'certs/RootCA.pem';
/** Tags the stack sets itself (provider default_tags); config may not override them. */
export const RESERVED_TAGS = ['Project', 'Environment', 'ManagedBy'] as const;

const KNOWN_KEYS: readonly (keyof RaffleConfigFile)[] = [
  'region',
  'namePrefix',
  'domainName',
  'hostedZoneId',
  'siteHost',
  'apiHost',
  'allowedOrigins',
  'truststorePath',
  'notificationEmail',
  'tags',
  'stateBackend',
  'alarmTopicArn',
  'opsEmail',
  'firstRaffleId',
  'confirmEntries',
  'notifyWinners',
  'mailFrom',
  'verifiableDraws',
  'beaconMarginSeconds',
  'onePerPhone',
  'wafRateLimit',
];

export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
// Becomes part of bucket prefixes, function and table names: keep it short and S3-safe.
export const NAME_PREFIX = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ZONE_ID = /^Z[A-Z0-9]{4,31}$/;
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The truststore as read from disk: its bytes, or why it could not be read. */
export type TruststoreFile = { readonly pem: string } | { readonly missing: true };

export interface ValidateOptions {
  /** Label used in messages, e.g. "config/prod.json". */
  readonly source: string;
  readonly environment: string;
  /** Reads the truststore at the configured (project-relative) path. */
  readonly readTruststore: (truststorePath: string) => TruststoreFile;
  /** Clock for the expiry check. @default new Date() */
  readonly now?: Date;
}

/** Returns the validated config, or throws one ConfigError listing every problem. */
export function validateConfig(raw: unknown, options: ValidateOptions): RaffleConfig {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(options.source, ['the file must hold one JSON object — see README "Configuration"']);
  }
  const file = raw as Record<string, unknown>;

  for (const key of Object.keys(file)) {
    if ((LEGACY_RAFFLE_KEYS as readonly string[]).includes(key)) {
      // A raffle's key, from when a deployment was one raffle: say where it went.
      problems.push(movedKeyProblem(key as (typeof LEGACY_RAFFLE_KEYS)[number]));
    } else if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown key "${key}" — remove it (known keys: ${KNOWN_KEYS.join(', ')})`);
    }
  }

  const str = (key: keyof RaffleConfigFile, required: boolean): string | undefined => {
    const v = file[key];
    if (v === undefined) {
      if (required) problems.push(`"${key}" is required — add it`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  };

  const region = str('region', true);
  if (region !== undefined && !REGION.test(region)) problems.push(`"region" is not an AWS region (got "${region}") — use e.g. "eu-west-1"`);

  const namePrefix = str('namePrefix', true);
  if (namePrefix !== undefined && !NAME_PREFIX.test(namePrefix)) {
    problems.push(`"namePrefix" must be 2-20 lower-case letters, digits or "-", starting with a letter (got "${namePrefix}")`);
  }

  const domain = validateDomain(file, str, problems);
  const allowedOrigins = validateOrigins(file.allowedOrigins, domain, problems);

  const truststorePath = str('truststorePath', false) ?? DEFAULT_TRUSTSTORE_PATH;
  const truststorePem = validateTruststore(truststorePath, options.readTruststore(truststorePath), options.now ?? new Date(), problems);

  const notificationEmail = str('notificationEmail', false);
  if (notificationEmail !== undefined && !isEmailAddress(notificationEmail.toLowerCase())) {
    problems.push(`"notificationEmail" is not an email address (got "${notificationEmail}") — use e.g. "organiser@example.com"`);
  }

  const alarmTopicArn = str('alarmTopicArn', false);
  if (alarmTopicArn !== undefined) {
    const arn = SNS_TOPIC_ARN.exec(alarmTopicArn);
    if (!arn) {
      problems.push(
        `"alarmTopicArn" is not an SNS topic ARN (got "${alarmTopicArn}") — use e.g. "arn:aws:sns:eu-west-1:123456789012:ops-alerts"`,
      );
    } else if (region !== undefined && arn[1] !== region) {
      problems.push(
        `"alarmTopicArn" is in ${arn[1]} but the stack is in ${region} — CloudWatch alarms can only notify a topic in their own region`,
      );
    }
  }
  const opsEmail = str('opsEmail', false);
  if (opsEmail !== undefined && !isEmailAddress(opsEmail.toLowerCase())) {
    problems.push(`"opsEmail" is not an email address (got "${opsEmail}") — use e.g. "ops@example.com"`);
  }
  // A deployment with its own domain is one people rely on: its alarms must reach someone.
  if (file.domainName !== undefined && file.opsEmail === undefined && file.alarmTopicArn === undefined) {
    problems.push(
      'a deployment with "domainName" must send its alarms to someone — set "opsEmail" (the stack makes an encrypted SNS topic and subscribes that address) or "alarmTopicArn" (ops\' existing topic), or both',
    );
  }

  const firstRaffleId = str('firstRaffleId', false);
  if (firstRaffleId !== undefined && !isRaffleId(firstRaffleId)) {
    problems.push(
      `"firstRaffleId" must be 1-${LIMITS.raffle.idLength} lower-case letters, digits and inner hyphens (got ${JSON.stringify(file.firstRaffleId)}) — e.g. "winter-2026"; it becomes the raffle's address`,
    );
  }

  const confirmEntries = bool(file, 'confirmEntries', false, problems);
  const notifyWinners = bool(file, 'notifyWinners', false, problems);
  const mail = validateMail({ confirmEntries, notifyWinners }, file, domain, str, problems);
  const onePerPhone = bool(file, 'onePerPhone', true, problems);
  const verifiable = validateVerifiable(file, problems);
  let wafRateLimit: number | undefined;
  if (file.wafRateLimit !== undefined) {
    const n = file.wafRateLimit;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < WAF_RATE_LIMIT.min || n > WAF_RATE_LIMIT.max) {
      problems.push(
        `"wafRateLimit" must be a whole number of requests per 5 minutes from ${WAF_RATE_LIMIT.min} (got ${JSON.stringify(n)}) — e.g. 100`,
      );
    } else {
      wafRateLimit = n;
    }
  }
  const tags = validateTags(file.tags, problems);
  const stateBackend = validateStateBackend(file.stateBackend, options.environment, region, problems);

  if (problems.length > 0) throw new ConfigError(options.source, problems);
  return {
    environment: options.environment,
    region: region!,
    namePrefix: namePrefix!,
    domain,
    allowedOrigins,
    truststorePath,
    truststorePem: truststorePem!,
    notificationEmail,
    tags,
    stateBackend,
    alarmTopicArn,
    opsEmail,
    firstRaffleId,
    confirmEntries,
    notifyWinners,
    verifiable,
    mail,
    onePerPhone,
    wafRateLimit,
  };
}

function validateDomain(
  file: Record<string, unknown>,
  str: (key: keyof RaffleConfigFile, required: boolean) => string | undefined,
  problems: string[],
): DomainConfig | undefined {
  const domainName = str('domainName', false);
  const hostedZoneId = str('hostedZoneId', false);
  const siteHost = str('siteHost', false);
  const apiHost = str('apiHost', false);
  if (domainName === undefined) {
    for (const key of ['hostedZoneId', 'siteHost', 'apiHost'] as const) {
      if (file[key] !== undefined) problems.push(`"${key}" has no effect without "domainName" — set "domainName" or remove "${key}"`);
    }
    return undefined;
  }
  let ok = true;
  if (!HOST.test(domainName)) {
    problems.push(`"domainName" is not a lower-case DNS name (got "${domainName}") — use e.g. "example.com"`);
    ok = false;
  }
  if (hostedZoneId === undefined) {
    problems.push('"hostedZoneId" is required when "domainName" is set — add the Route 53 zone id (Z...)');
    ok = false;
  } else if (!ZONE_ID.test(hostedZoneId)) {
    problems.push(`"hostedZoneId" is not a Route 53 zone id (got "${hostedZoneId}") — copy it from Route 53, e.g. "Z0123456789EXAMPLE"`);
    ok = false;
  }
  for (const [key, host] of [
    ['siteHost', siteHost],
    ['apiHost', apiHost],
  ] as const) {
    if (host === undefined) {
      problems.push(
        `"${key}" is required when "domainName" is set — add a host name inside ${domainName}, e.g. "${key === 'siteHost' ? 'raffle' : 'admin.raffle'}.${domainName}"`,
      );
      ok = false;
    } else if (!HOST.test(host) || !(host === domainName || host.endsWith(`.${domainName}`))) {
      problems.push(`"${key}" must be a DNS name inside "domainName" ${domainName} (got "${host}")`);
      ok = false;
    }
  }
  if (ok && siteHost === apiHost) {
    problems.push('"apiHost" must differ from "siteHost" — the mutual-TLS admin domain cannot also serve the public site');
    ok = false;
  }
  return ok ? { domainName, hostedZoneId: hostedZoneId!, siteHost: siteHost!, apiHost: apiHost! } : undefined;
}

function bool(
  file: Record<string, unknown>,
  key: 'confirmEntries' | 'notifyWinners' | 'onePerPhone' | 'verifiableDraws',
  fallback: boolean,
  problems: string[],
): boolean {
  const v = file[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    problems.push(`"${key}" must be true or false (got ${JSON.stringify(v)})`);
    return fallback;
  }
  return v;
}

/** The raffle's emails (confirmations, winners' notices) go through SES from its own domain: both need one. */
function validateMail(
  sends: { readonly confirmEntries: boolean; readonly notifyWinners: boolean },
  file: Record<string, unknown>,
  domain: DomainConfig | undefined,
  str: (key: keyof RaffleConfigFile, required: boolean) => string | undefined,
  problems: string[],
): { readonly from: string } | undefined {
  const mailFrom = str('mailFrom', false);
  if (!sends.confirmEntries && !sends.notifyWinners) {
    if (mailFrom !== undefined)
      problems.push('"mailFrom" has no effect without "confirmEntries" or "notifyWinners" — switch one on, or remove "mailFrom"');
    return undefined;
  }
  if (!domain) {
    if (file.domainName === undefined) {
      for (const key of ['confirmEntries', 'notifyWinners'] as const) {
        if (sends[key])
          problems.push(
            `"${key}" needs "domainName": the raffle's emails are sent from its own domain through SES — add the domain, or set "${key}": false`,
          );
      }
    }
    return undefined;
  }
  const from = mailFrom ?? `raffle@${domain.domainName}`;
  if (!isEmailAddress(from.toLowerCase()) || !from.toLowerCase().endsWith(`@${domain.domainName}`)) {
    problems.push(
      `"mailFrom" must be an address of ${domain.domainName} (got "${from}") — SES sends only from the verified domain, e.g. "raffle@${domain.domainName}"`,
    );
    return undefined;
  }
  return { from };
}

function validateOrigins(value: unknown, domain: DomainConfig | undefined, problems: string[]): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((o) => typeof o !== 'string')) {
    problems.push('"allowedOrigins" must be a list of origins, e.g. ["https://raffle.example.com"]');
    return [];
  }
  // CORS may only ever allow the site's own origin; without a domain that origin is the CloudFront
  // host, unknown until deploy, and the pages are same-origin anyway.
  const siteOrigin = domain ? `https://${domain.siteHost}` : undefined;
  for (const origin of value as string[]) {
    if (origin !== siteOrigin) {
      problems.push(
        siteOrigin
          ? `"allowedOrigins" may only contain the site's origin "${siteOrigin}" (got "${origin}") — the public API is same-origin; remove the entry`
          : `"allowedOrigins" must be empty without "domainName" (got "${origin}") — the public API is same-origin through CloudFront; remove the entry`,
      );
    }
  }
  return value as string[];
}

/** Every certificate in the bundle must parse, be a CA (basicConstraints CA:TRUE) and be valid now. */
function validateTruststore(truststorePath: string, file: TruststoreFile, now: Date, problems: string[]): string | undefined {
  const fix = 'run `npm run certs` or point "truststorePath" at your CA certificate (PEM)';
  if ('missing' in file) {
    problems.push(`"truststorePath": ${truststorePath} does not exist — ${fix}`);
    return undefined;
  }
  const blocks = file.pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    problems.push(`"truststorePath": ${truststorePath} is not a PEM certificate (no BEGIN CERTIFICATE block) — ${fix}`);
    return undefined;
  }
  const before = problems.length;
  for (const [i, block] of blocks.entries()) {
    const which = blocks.length > 1 ? ` (certificate ${i + 1} of ${blocks.length})` : '';
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      problems.push(`"truststorePath": ${truststorePath}${which} is not a valid PEM certificate — ${fix}`);
      continue;
    }
    if (!cert.ca) {
      problems.push(
        `"truststorePath": ${truststorePath}${which} is not a CA certificate (basicConstraints CA:TRUE missing; "${cert.subject.replace(/\n/g, ', ')}") — use the CA, not a client or server certificate`,
      );
    }
    if (new Date(cert.validTo) <= now) {
      problems.push(
        `"truststorePath": ${truststorePath}${which} expired on ${new Date(cert.validTo).toISOString()} — rotate the CA (README "Certificates") and update the file`,
      );
    } else if (new Date(cert.validFrom) > now) {
      problems.push(
        `"truststorePath": ${truststorePath}${which} is not valid before ${new Date(cert.validFrom).toISOString()} — check the CA's validity dates`,
      );
    }
  }
  return problems.length === before ? file.pem : undefined;
}

export function validateTags(value: unknown, problems: string[]): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('"tags" must be an object of string values, e.g. {"CostCentre": "marketing"}');
    return {};
  }
  const tags = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string') problems.push(`"tags.${k}" must be a string (got ${JSON.stringify(v)})`);
    if ((RESERVED_TAGS as readonly string[]).includes(k)) problems.push(`"tags.${k}" is set by the stack itself — remove it`);
  }
  return tags as Record<string, string>;
}

function validateStateBackend(
  value: unknown,
  environment: string,
  region: string | undefined,
  problems: string[],
): Required<StateBackendConfig> | undefined {
  if (value === undefined) return undefined;
  const example = '{"bucket": "my-terraform-state", "key": "raffle/prod.tfstate"}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`"stateBackend" must be an object, e.g. ${example}`);
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(v)) {
    if (!['bucket', 'key', 'region'].includes(key))
      problems.push(`unknown key "stateBackend.${key}" — remove it (known keys: bucket, key, region)`);
  }
  if (typeof v.bucket !== 'string' || !BUCKET_NAME.test(v.bucket)) {
    problems.push(`"stateBackend.bucket" must be an existing S3 bucket name (got ${JSON.stringify(v.bucket)}), e.g. ${example}`);
  }
  if (v.key !== undefined && (typeof v.key !== 'string' || v.key === '' || v.key.startsWith('/'))) {
    problems.push(`"stateBackend.key" must be an object key without a leading "/" (got ${JSON.stringify(v.key)})`);
  }
  if (v.region !== undefined && (typeof v.region !== 'string' || !REGION.test(v.region))) {
    problems.push(`"stateBackend.region" is not an AWS region (got ${JSON.stringify(v.region)}) — use e.g. "eu-west-1"`);
  }
  if (problems.length > before) return undefined;
  return {
    bucket: v.bucket as string,
    key: (v.key as string | undefined) ?? `raffle/${environment}.tfstate`,
    region: (v.region as string | undefined) ?? region ?? '',
  };
}

function validateVerifiable(file: Record<string, unknown>, problems: string[]): { readonly marginSeconds: number } | undefined {
  const on = bool(file, 'verifiableDraws', false, problems);
  const margin = file.beaconMarginSeconds;
  if (margin === undefined) return on ? { marginSeconds: LIMITS.beaconMarginSeconds.default } : undefined;
  if (!on) {
    problems.push('"beaconMarginSeconds" has no effect without "verifiableDraws" — switch it on, or remove "beaconMarginSeconds"');
    return undefined;
  }
  if (typeof margin !== 'number' || !Number.isInteger(margin) || margin < LIMITS.beaconMarginSeconds.min || margin > 3600) {
    problems.push(
      `"beaconMarginSeconds" must be a whole number of seconds from ${LIMITS.beaconMarginSeconds.min} to 3600 (got ${JSON.stringify(margin)}) — e.g. ${LIMITS.beaconMarginSeconds.default}`,
    );
    return undefined;
  }
  return { marginSeconds: margin };
}
