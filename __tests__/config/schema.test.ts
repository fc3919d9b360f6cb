/**
 * Every configuration error of issue 2 §2 fails before any construct exists, with a message that names
 * the file, the field and the fix. Certificates are generated with openssl in a temporary folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, validateConfig, type RaffleConfig } from '../../config/schema';
import { ENVIRONMENTS, loadConfig } from '../../config/load';
import { makeSelfSigned, tmpDir } from '../support/test-certs';

let dir: string;
let ca: string;
let leaf: string;
let shortLivedCa: string;

beforeAll(() => {
  dir = tmpDir('raffle-config-test-');
  ca = makeSelfSigned(dir, 'ca', { ca: true }).pem;
  leaf = makeSelfSigned(dir, 'leaf', { ca: false }).pem;
  shortLivedCa = makeSelfSigned(dir, 'short-ca', { ca: true, days: 1 }).pem;
});

const base = { region: 'eu-west-1', namePrefix: 'raffle-test' };
const domain = {
  domainName: 'example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  siteHost: 'raffle.example.com',
  apiHost: 'admin.raffle.example.com',
};

function validate(raw: unknown, pem: string | null = ca, now?: Date): RaffleConfig {
  return validateConfig(raw, {
    source: 'config/prod.json',
    environment: 'prod',
    now,
    readTruststore: () => (pem === null ? { missing: true } : { pem }),
  });
}

/** The error lines of an invalid config (fails the test if it is valid). */
function problemsOf(raw: unknown, pem: string | null = ca, now?: Date): string[] {
  try {
    validate(raw, pem, now);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
}

describe('valid configurations', () => {
  test('defaults: truststore certs/RootCA.pem, no CORS, no domain, no tags, no alarm topic', () => {
    const c = validate(base);
    expect(c).toMatchObject({
      truststorePath: 'certs/RootCA.pem',
      allowedOrigins: [],
      tags: {},
      environment: 'prod',
      truststorePem: ca,
    });
    expect(c.domain).toBeUndefined();
    expect(c.opsEmail).toBeUndefined();
    expect(c.alarmTopicArn).toBeUndefined();
    expect(c.firstRaffleId).toBeUndefined();
  });

  test('a full domain config, its alarms to ops', () => {
    const c = validate({ ...base, ...domain, notificationEmail: 'organiser@example.com', opsEmail: 'ops@example.com' });
    expect(c.domain).toEqual(domain);
    expect(c.opsEmail).toBe('ops@example.com');
  });

  test.each(ENVIRONMENTS)('the shipped config/%s.json loads (with the committed certs/RootCA.pem)', (env) => {
    const c = loadConfig(`config/${env}.json`);
    expect(c.environment).toBe(env);
    expect(c.truststorePem).toContain('BEGIN CERTIFICATE');
  });
});

describe('domain errors', () => {
  test('a domain without a zone id', () => {
    const { hostedZoneId: _omit, ...noZone } = domain;
    expect(problemsOf({ ...base, ...noZone, opsEmail: 'ops@example.com' })).toEqual([
      'config/prod.json: "hostedZoneId" is required when "domainName" is set — add the Route 53 zone id (Z...)',
    ]);
  });

  test('a malformed zone id, a host outside the domain, a missing apiHost', () => {
    const { apiHost: _omit, ...rest } = domain;
    const lines = problemsOf({ ...base, ...rest, hostedZoneId: 'zone-1', siteHost: 'raffle.example.org', opsEmail: 'ops@example.com' });
    expect(lines).toEqual([
      expect.stringContaining('"hostedZoneId" is not a Route 53 zone id (got "zone-1")'),
      expect.stringContaining('"siteHost" must be a DNS name inside "domainName" example.com'),
      expect.stringContaining('"apiHost" is required when "domainName" is set'),
    ]);
  });

  test('site and admin on the same host', () => {
    expect(problemsOf({ ...base, ...domain, apiHost: domain.siteHost, opsEmail: 'ops@example.com' })).toEqual([
      expect.stringContaining('"apiHost" must differ from "siteHost"'),
    ]);
  });

  test('host names without a domain', () => {
    expect(problemsOf({ ...base, siteHost: 'raffle.example.com' })).toEqual([
      'config/prod.json: "siteHost" has no effect without "domainName" — set "domainName" or remove "siteHost"',
    ]);
  });
});

describe('alarms that reach someone', () => {
  test('a domain without opsEmail or alarmTopicArn is refused, naming both', () => {
    expect(problemsOf({ ...base, ...domain })).toEqual([
      'config/prod.json: a deployment with "domainName" must send its alarms to someone — set "opsEmail" (the stack makes an encrypted SNS topic and subscribes that address) or "alarmTopicArn" (ops\' existing topic), or both',
    ]);
  });

  test.each([
    ['opsEmail', { opsEmail: 'ops@example.com' }],
    ['alarmTopicArn', { alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts' }],
    ['both', { opsEmail: 'ops@example.com', alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts' }],
  ])('a domain with %s is accepted', (_which, alarms) => {
    expect(validate({ ...base, ...domain, ...alarms })).toMatchObject(alarms);
  });

  test('without a domain neither is required (dev)', () => {
    expect(validate(base).domain).toBeUndefined();
  });

  test.each(['ops', 'ops@', 'two words@example.com'])('opsEmail %p is not an address', (opsEmail) => {
    expect(problemsOf({ ...base, opsEmail })).toEqual([
      `config/prod.json: "opsEmail" is not an email address (got "${opsEmail}") — use e.g. "ops@example.com"`,
    ]);
  });
});

describe('the raffle keys that moved to the raffles', () => {
  test.each([
    ['winners', 3, 'raffles now name their prizes, each with its number of winners: set prizes'],
    ['entryDeadline', '2026-12-24T17:00:00Z', 'raffles now have their own closing time: set closesAt'],
    ['drawSchedule', '2026-12-24T18:00:00Z', "a raffle's draw is now scheduled by the app at the raffle's own drawAt: set drawAt"],
    ['rulesUrl', 'https://example.com/rules', 'each raffle now links its own rules: set rulesUrl'],
    ['privacyUrl', 'https://example.com/privacy', 'each raffle now links its own privacy notice: set privacyUrl'],
  ])('%s is refused, saying where it went and how the running raffle keeps it', (key, value, where) => {
    expect(problemsOf({ ...base, [key]: value })).toEqual([
      `config/prod.json: "${key}": ${where} when you create or edit a raffle (POST /raffle/raffles, PATCH /raffle/raffles/{raffleId}, or the console); ` +
        'to keep the raffle this deployment already runs, run `npm run upgrade -- --config <a copy of this file>` first ' +
        '(docs/runbook.md, "Upgrading from one raffle"), which reads it once, then remove the key',
    ]);
  });

  test('a file with every one of them names each, and none as an unknown key', () => {
    const lines = problemsOf({ ...base, winners: 3, entryDeadline: 'x', drawSchedule: 'y', rulesUrl: 'z', privacyUrl: 'w' });
    expect(lines.map((l) => /^config\/prod.json: "(\w+)": /.exec(l)?.[1])).toEqual([
      'winners',
      'entryDeadline',
      'drawSchedule',
      'rulesUrl',
      'privacyUrl',
    ]);
    expect(lines.join('\n')).not.toContain('unknown key');
  });

  test('firstRaffleId (read by npm run upgrade only) must be a raffle id', () => {
    expect(validate({ ...base, firstRaffleId: 'winter-2026' }).firstRaffleId).toBe('winter-2026');
    for (const firstRaffleId of ['Winter', 'winter_2026', '-winter', 'x'.repeat(65)]) {
      expect(problemsOf({ ...base, firstRaffleId })).toEqual([
        expect.stringContaining(`"firstRaffleId" must be 1-64 lower-case letters, digits and inner hyphens (got "${firstRaffleId}")`),
      ]);
    }
  });
});

describe('truststore errors name truststorePath and the fix', () => {
  test('missing file', () => {
    expect(problemsOf({ ...base, truststorePath: 'certs/nope.pem' }, null)).toEqual([
      'config/prod.json: "truststorePath": certs/nope.pem does not exist — run `npm run certs` or point "truststorePath" at your CA certificate (PEM)',
    ]);
  });

  test('not PEM', () => {
    expect(problemsOf(base, 'just some text')).toEqual([
      expect.stringContaining('"truststorePath": certs/RootCA.pem is not a PEM certificate'),
    ]);
  });

  test('a PEM block that is not a certificate', () => {
    expect(problemsOf(base, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n')).toEqual([
      expect.stringContaining('"truststorePath": certs/RootCA.pem is not a valid PEM certificate'),
    ]);
  });

  test('not a CA (basicConstraints CA:FALSE)', () => {
    expect(problemsOf(base, leaf)).toEqual([
      expect.stringMatching(/"truststorePath": certs\/RootCA.pem is not a CA certificate .*CN=leaf.* use the CA/),
    ]);
  });

  test('a bundle names the certificate that is wrong', () => {
    expect(problemsOf(base, ca + leaf)).toEqual([expect.stringContaining('(certificate 2 of 2) is not a CA certificate')]);
  });

  test('expired', () => {
    const threeDaysOn = new Date(Date.now() + 3 * 86400_000);
    expect(problemsOf(base, shortLivedCa, threeDaysOn)).toEqual([
      expect.stringMatching(/"truststorePath": certs\/RootCA.pem expired on \d{4}-.* rotate the CA/),
    ]);
    expect(validate(base, shortLivedCa).truststorePem).toBe(shortLivedCa); // still valid today
  });
});

describe('other fields', () => {
  test('unknown keys are errors (typos must not be ignored)', () => {
    expect(problemsOf({ ...base, winner: 3 })).toEqual([
      expect.stringContaining('unknown key "winner" — remove it (known keys: region, namePrefix'),
    ]);
  });

  test.each(['organiser', 'a@b', 'two words@example.com', `${'x'.repeat(250)}@example.com`])(
    'notificationEmail %p',
    (notificationEmail) => {
      expect(problemsOf({ ...base, notificationEmail })).toEqual([expect.stringContaining('"notificationEmail" is not an email address')]);
    },
  );

  test('verifiableDraws: off by default; on, a 30 s margin unless beaconMarginSeconds says; the margin alone, or a bad one, is named', () => {
    expect(validate(base).verifiable).toBeUndefined();
    expect(validate({ ...base, verifiableDraws: true }).verifiable).toEqual({ marginSeconds: 30 });
    expect(validate({ ...base, verifiableDraws: true, beaconMarginSeconds: 120 }).verifiable).toEqual({ marginSeconds: 120 });
    expect(problemsOf({ ...base, beaconMarginSeconds: 60 })).toEqual([
      expect.stringContaining(
        '"beaconMarginSeconds" has no effect without "verifiableDraws" — switch it on, or remove "beaconMarginSeconds"',
      ),
    ]);
    for (const beaconMarginSeconds of [2, 3.5, '30', 3601]) {
      expect(problemsOf({ ...base, verifiableDraws: true, beaconMarginSeconds })).toEqual([
        expect.stringContaining('"beaconMarginSeconds" must be a whole number of seconds from 3 to 3600'),
      ]);
    }
    expect(problemsOf({ ...base, verifiableDraws: 'yes' })).toEqual([expect.stringContaining('"verifiableDraws" must be true or false')]);
  });

  test("alarmTopicArn must be an SNS topic ARN in the stack's region", () => {
    expect(validate({ ...base, alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts' }).alarmTopicArn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:ops-alerts',
    );
    expect(problemsOf({ ...base, alarmTopicArn: 'ops-alerts' })).toEqual([
      expect.stringContaining('"alarmTopicArn" is not an SNS topic ARN (got "ops-alerts")'),
    ]);
    expect(problemsOf({ ...base, alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' })).toEqual([
      expect.stringContaining('"alarmTopicArn" is in us-east-1 but the stack is in eu-west-1'),
    ]);
  });

  test('allowedOrigins may only hold the site origin', () => {
    expect(
      validate({ ...base, ...domain, opsEmail: 'ops@example.com', allowedOrigins: ['https://raffle.example.com'] }).allowedOrigins,
    ).toEqual(['https://raffle.example.com']);
    expect(problemsOf({ ...base, ...domain, opsEmail: 'ops@example.com', allowedOrigins: ['https://evil.example'] })).toEqual([
      expect.stringContaining('may only contain the site\'s origin "https://raffle.example.com"'),
    ]);
    expect(problemsOf({ ...base, allowedOrigins: ['https://raffle.example.com'] })).toEqual([
      expect.stringContaining('"allowedOrigins" must be empty without "domainName"'),
    ]);
  });

  test('region, namePrefix, tags', () => {
    expect(problemsOf({ region: 'europe', namePrefix: 'Raffle_Prod', tags: { Project: 'x', Team: 7 } })).toEqual([
      expect.stringContaining('"region" is not an AWS region'),
      expect.stringContaining('"namePrefix" must be 2-20 lower-case letters'),
      expect.stringContaining('"tags.Project" is set by the stack itself'),
      expect.stringContaining('"tags.Team" must be a string'),
    ]);
    expect(problemsOf({})).toEqual([
      'config/prod.json: "region" is required — add it',
      'config/prod.json: "namePrefix" is required — add it',
    ]);
  });
});

describe('stateBackend (optional remote state for pipelines)', () => {
  test('defaults: key raffle/<environment>.tfstate, region of the stack', () => {
    expect(validate({ ...base, stateBackend: { bucket: 'my-tf-state' } }).stateBackend).toEqual({
      bucket: 'my-tf-state',
      key: 'raffle/prod.tfstate',
      region: 'eu-west-1',
    });
    expect(validate(base).stateBackend).toBeUndefined();
  });

  test('bad bucket, key, region and unknown sub-keys are named', () => {
    expect(problemsOf({ ...base, stateBackend: { bucket: 'My_Bucket', key: '/x', region: 'mars', lock: true } })).toEqual([
      expect.stringContaining('unknown key "stateBackend.lock"'),
      expect.stringContaining('"stateBackend.bucket" must be an existing S3 bucket name (got "My_Bucket")'),
      expect.stringContaining('"stateBackend.key" must be an object key without a leading "/"'),
      expect.stringContaining('"stateBackend.region" is not an AWS region (got "mars")'),
    ]);
    expect(problemsOf({ ...base, stateBackend: 'my-tf-state' })).toEqual([expect.stringContaining('"stateBackend" must be an object')]);
  });
});

describe('loadConfig', () => {
  test('reads the file and the truststore relative to the project root, whatever the cwd', () => {
    const root = tmpDir('raffle-config-root-');
    fs.mkdirSync(path.join(root, 'config'));
    fs.mkdirSync(path.join(root, 'pki'));
    fs.writeFileSync(path.join(root, 'pki', 'ca.pem'), ca);
    fs.writeFileSync(path.join(root, 'config', 'staging.json'), JSON.stringify({ ...base, truststorePath: 'pki/ca.pem' }));
    const c = loadConfig('config/staging.json', { projectRoot: root });
    expect(c).toMatchObject({ environment: 'staging', truststorePath: 'pki/ca.pem', truststorePem: ca });
  });

  test('invalid JSON and a missing file name the file', () => {
    const root = tmpDir('raffle-config-root-');
    fs.mkdirSync(path.join(root, 'config'));
    fs.writeFileSync(path.join(root, 'config', 'dev.json'), '{ "region": ');
    expect(() => loadConfig('config/dev.json', { projectRoot: root })).toThrow(/^config\/dev.json: not valid JSON/);
    expect(() => loadConfig('config/prod.json', { projectRoot: root })).toThrow('config/prod.json: file not found');
  });
});
