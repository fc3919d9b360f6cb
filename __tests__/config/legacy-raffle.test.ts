/**
 * The raffle keys a single-raffle config had, read once for `npm run upgrade` (config/legacy-raffle.ts).
 * GIVEN the config/prod.json the single-raffle version shipped (commit 3b5ff60), or one key wrong
 * WHEN it is read
 * THEN the raffle keys come back as that version validated them (times in UTC), the deployment's keys are
 *      left alone, and each wrong key is named with the fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../config/schema';
import { legacyRaffleKeys, readLegacyRaffleKeys } from '../../config/legacy-raffle';
import { tmpDir } from '../support/test-certs';

/** config/prod.json at 3b5ff60, the last single-raffle version. */
const SHIPPED_SINGLE_RAFFLE_PROD = {
  region: 'eu-west-1',
  namePrefix: 'raffle-prod',
  domainName: 'example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  siteHost: 'raffle.example.com',
  apiHost: 'admin.raffle.example.com',
  allowedOrigins: [],
  truststorePath: 'certs/RootCA.pem',
  winners: 3,
  entryDeadline: '2026-12-24T17:00:00Z',
  drawSchedule: '2026-12-24T18:00:00Z',
  notificationEmail: 'organiser@example.com',
  confirmEntries: true,
  notifyWinners: true,
  verifiableDraws: true,
  wafRateLimit: 100,
  rulesUrl: 'https://example.com/raffle/rules',
  privacyUrl: 'https://example.com/privacy',
  tags: { Owner: 'raffle-team', CostCentre: 'marketing' },
  stateBackend: { bucket: 'raffle-terraform-state-example' },
};

/** The problem lines of a file that must be refused. */
function problemsOf(raw: unknown): string[] {
  try {
    legacyRaffleKeys(raw, 'old-prod.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected the file to be refused');
}

test("the single-raffle version's shipped config reads back: its raffle keys, times in UTC, nothing of the deployment's", () => {
  expect(legacyRaffleKeys(SHIPPED_SINGLE_RAFFLE_PROD, 'old-prod.json')).toEqual({
    winners: 3,
    entryDeadline: '2026-12-24T17:00:00.000Z',
    drawSchedule: '2026-12-24T18:00:00.000Z',
    rulesUrl: 'https://example.com/raffle/rules',
    privacyUrl: 'https://example.com/privacy',
  });
});

test('firstRaffleId comes with them; a time with an offset is normalised; absent keys stay absent', () => {
  expect(legacyRaffleKeys({ namePrefix: 'x', firstRaffleId: 'winter-2026', entryDeadline: '2026-12-24T18:00:00+01:00' }, 'f')).toEqual({
    firstRaffleId: 'winter-2026',
    entryDeadline: '2026-12-24T17:00:00.000Z',
  });
  expect(legacyRaffleKeys({ region: 'eu-west-1' }, 'f')).toEqual({});
});

test.each([
  [{ winners: 0 }, '"winners" must be an integer from 1 to 100 (got 0) — e.g. 3'],
  [{ winners: '3' }, '"winners" must be an integer from 1 to 100 (got "3") — e.g. 3'],
  [
    { entryDeadline: '2026-12-24' },
    '"entryDeadline" must be an ISO-8601 instant with a time zone (got "2026-12-24") — e.g. "2026-12-24T18:00:00Z"',
  ],
  [
    { drawSchedule: 'tomorrow' },
    '"drawSchedule" must be an ISO-8601 instant with a time zone (got "tomorrow") — e.g. "2026-12-24T18:00:00Z"',
  ],
  [
    { entryDeadline: '2026-12-24T18:00:00Z', drawSchedule: '2026-12-24T17:00:00Z' },
    '"drawSchedule" (2026-12-24T17:00:00.000Z) is before "entryDeadline" (2026-12-24T18:00:00.000Z) — the draw must run after entries close',
  ],
  [
    { rulesUrl: 'http://example.com/rules' },
    '"rulesUrl" must be an https:// URL (got "http://example.com/rules") — e.g. "https://raffle.example.com/rules.html"',
  ],
  [
    { rulesUrl: undefined, privacyUrl: 'https://example.com/privacy' },
    '"privacyUrl" has no effect without "rulesUrl" — add the rules, or remove "privacyUrl"',
  ],
  [{ rulesUrl: '' }, '"rulesUrl" must be a non-empty string'],
  [
    { firstRaffleId: 'First Raffle' },
    '"firstRaffleId" must be 1-64 lower-case letters, digits and inner hyphens (got "First Raffle") — e.g. "winter-2026"',
  ],
])('%p is refused, the key named', (wrong, problem) => {
  expect(problemsOf({ ...SHIPPED_SINGLE_RAFFLE_PROD, ...wrong })).toEqual([`old-prod.json: ${problem}`]);
});

test('every wrong key at once, each named', () => {
  expect(problemsOf({ winners: 101, entryDeadline: 'soon', rulesUrl: 'ftp://x' })).toEqual([
    expect.stringContaining('"winners"'),
    expect.stringContaining('"entryDeadline"'),
    expect.stringContaining('"rulesUrl"'),
  ]);
  expect(problemsOf(['not', 'an', 'object'])).toEqual([expect.stringContaining('old-prod.json: the file must hold one JSON object')]);
});

describe('readLegacyRaffleKeys', () => {
  test('reads the file once, relative to the project root or absolute', () => {
    const root = tmpDir('raffle-legacy-');
    fs.writeFileSync(path.join(root, 'old-prod.json'), JSON.stringify(SHIPPED_SINGLE_RAFFLE_PROD));
    const expected = legacyRaffleKeys(SHIPPED_SINGLE_RAFFLE_PROD, 'x');
    expect(readLegacyRaffleKeys('old-prod.json', { projectRoot: root })).toEqual(expected);
    expect(readLegacyRaffleKeys(path.join(root, 'old-prod.json'))).toEqual(expected);
  });

  test('a missing file and invalid JSON name the file', () => {
    const root = tmpDir('raffle-legacy-');
    fs.writeFileSync(path.join(root, 'broken.json'), '{ "winners": ');
    expect(() => readLegacyRaffleKeys('nope.json', { projectRoot: root })).toThrow(/^nope.json: file not found/);
    expect(() => readLegacyRaffleKeys('broken.json', { projectRoot: root })).toThrow(/^broken.json: not valid JSON/);
  });
});
