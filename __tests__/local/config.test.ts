/**
 * What `npm start` runs (local/config.ts): config/dev.json through the project's loader, every key as
 * the file says it, except two switches the laptop turns on where the file is silent.
 * GIVEN a project folder with its own config/dev.json (and the repository's certs/RootCA.pem)
 * WHEN the file is silent on confirmEntries and verifiableDraws, THEN both are on locally;
 * WHEN it says "verifiableDraws": false, THEN there are none, and the pages' config.js offers none;
 * WHEN `--no-confirm` is given, THEN entries count at once whatever the file says;
 * AND every other key is what the loader reads from the file; a raffle's key from the single-raffle
 *     version (winners, entryDeadline, …) is refused as the deployed stack refuses it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { deploymentFacts } from '../../config/deployment';
import { loadConfig } from '../../config/load';
import { DEV_CONFIG_FILE, localConfig } from '../../local/config';
import { LIMITS } from '../../model/limits';
import { renderSiteConfig } from '../../site/assets';
import { tmpDir } from '../support/test-certs';

const REPOSITORY = path.resolve(__dirname, '..', '..');
/** dev.json as shipped: silent on both switches. */
const SHIPPED = JSON.parse(fs.readFileSync(path.join(REPOSITORY, DEV_CONFIG_FILE), 'utf8')) as Record<string, unknown>;
/** The keys a raffle with its own domain needs before it may send mail. */
const DOMAIN = {
  domainName: 'example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  siteHost: 'raffle.example.com',
  apiHost: 'admin.raffle.example.com',
  // A domain's alarms must reach someone.
  opsEmail: 'ops@example.com',
};

let root: string;
beforeEach(() => {
  root = tmpDir('raffle-local-config-');
  fs.mkdirSync(path.join(root, 'certs'));
  fs.copyFileSync(path.join(REPOSITORY, 'certs', 'RootCA.pem'), path.join(root, 'certs', 'RootCA.pem'));
  fs.mkdirSync(path.join(root, 'config'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes the project's config/dev.json. */
function devJson(file: Record<string, unknown>): void {
  fs.writeFileSync(path.join(root, DEV_CONFIG_FILE), JSON.stringify(file, null, 2));
}
/** What the deployed dev stack would run from the same file. */
const deployed = () => loadConfig(DEV_CONFIG_FILE, { projectRoot: root });
/** The pages' config.js for a configuration, parsed back. */
const siteConfigOf = (config: Parameters<typeof deploymentFacts>[0]): Record<string, unknown> => {
  const text = renderSiteConfig(deploymentFacts(config));
  const json = /^window\.RAFFLE_CONFIG = Object\.freeze\((.*)\);\n$/s.exec(text)?.[1];
  if (!json) throw new Error(`config.js is not what the pages read: ${text.slice(0, 80)}`);
  return JSON.parse(json) as Record<string, unknown>;
};

test('where dev.json is silent, entries are confirmed from their email, winners are emailed, and verifiable draws are offered, at the default margin', () => {
  devJson(SHIPPED);
  expect(deployed()).toMatchObject({ confirmEntries: false, notifyWinners: false, verifiable: undefined });
  const local = localConfig(root, { noConfirm: false });
  expect(local.confirmEntries).toBe(true);
  expect([local.notifyWinners, siteConfigOf(local).winnerMail]).toEqual([true, true]);
  expect(local.verifiable).toEqual({ marginSeconds: LIMITS.beaconMarginSeconds.default });
  expect(siteConfigOf(local).beaconMarginSeconds).toBe(LIMITS.beaconMarginSeconds.default);
  // Everything else is the file's.
  expect({ ...local, confirmEntries: false, notifyWinners: false, verifiable: undefined }).toEqual(deployed());
});

test('"verifiableDraws": false means no verifiable draws, and config.js carries no beacon margin, so the organiser page offers none', () => {
  devJson({ ...SHIPPED, verifiableDraws: false });
  const local = localConfig(root, { noConfirm: false });
  expect(local.verifiable).toBeUndefined();
  // What draw.html reads to offer the checkbox (the limits' beaconMarginSeconds is the model's bounds, not an offer).
  expect(siteConfigOf(local)).not.toHaveProperty('beaconMarginSeconds');
  expect(deploymentFacts(local)).not.toHaveProperty('beaconMarginSeconds');
});

test('"confirmEntries": false in the file is kept: entries count at once', () => {
  devJson({ ...SHIPPED, confirmEntries: false });
  expect(localConfig(root, { noConfirm: false }).confirmEntries).toBe(false);
});

test('--no-confirm wins, whether the file is silent or says "confirmEntries": true', () => {
  devJson(SHIPPED);
  expect(localConfig(root, { noConfirm: true }).confirmEntries).toBe(false);
  devJson({ ...SHIPPED, ...DOMAIN, confirmEntries: true });
  expect(deployed().confirmEntries).toBe(true);
  expect(localConfig(root, { noConfirm: true }).confirmEntries).toBe(false);
  expect(localConfig(root, { noConfirm: false }).confirmEntries).toBe(true);
});

test('every other key is as the file says: the laptop runs what the dev stack deploys', () => {
  // Every key that reaches a function or a page set away from its default, both switches said by the file.
  devJson({
    ...SHIPPED,
    ...DOMAIN,
    confirmEntries: true,
    notifyWinners: true,
    mailFrom: 'prizes@example.com',
    notificationEmail: 'organiser@example.com',
    onePerPhone: false,
    verifiableDraws: true,
    beaconMarginSeconds: 45,
    wafRateLimit: 100,
  });
  const local = localConfig(root, { noConfirm: false });
  expect(local).toEqual(deployed());
  expect(local).toMatchObject({
    confirmEntries: true,
    notifyWinners: true,
    mail: { from: 'prizes@example.com' },
    notificationEmail: 'organiser@example.com',
    onePerPhone: false,
    verifiable: { marginSeconds: 45 },
  });
  expect(siteConfigOf(local)).toMatchObject({
    abilities: { mail: true, verifiableDraws: true },
    beaconMarginSeconds: 45,
  });
});

test('a file the loader refuses is refused locally too, naming the file', () => {
  devJson({ ...SHIPPED, verifiableDraws: true, beaconMarginSeconds: 0 });
  expect(() => localConfig(root, { noConfirm: false })).toThrow(/config\/dev\.json: .*"beaconMarginSeconds" must be a whole number/s);
});

test.each(['winners', 'entryDeadline', 'drawSchedule', 'rulesUrl', 'privacyUrl'])(
  'a raffle key of the single-raffle version, "%s", is refused locally too, saying where it went',
  (key) => {
    devJson({ ...SHIPPED, [key]: key === 'winners' ? 3 : key.endsWith('Url') ? 'https://example.com/rules' : '2030-12-24T17:00:00Z' });
    expect(() => localConfig(root, { noConfirm: false })).toThrow(
      new RegExp(`config/dev\\.json: .*"${key}": .*set \\w+ when you create or edit a raffle.*npm run upgrade`, 's'),
    );
  },
);
