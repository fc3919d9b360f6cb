/**
 * `npm run upgrade` as ops run it (ops/upgrade/cli.ts): the old config file read once for its raffle
 * keys, a dry run that writes nothing, the upgrade, and a second run that changes nothing; every wrong
 * argument or config key named.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BatchWriteItemCommand, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { main, readOldConfig } from '../../ops/upgrade/cli';
import { deploymentKeys } from '../../model/raffle-keys';
import { useDynamoDbLocal } from '../support/dynamodb';

const db = useDynamoDbLocal();
const items = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixture', 'table.json'), 'utf8')) as Record<string, AttributeValue>[];
const OLD_CONFIG = {
  region: 'eu-west-1',
  namePrefix: 'raffle-prod',
  winners: 3,
  entryDeadline: '2026-12-24T17:00:00Z',
  drawSchedule: '2026-12-24T18:00:00Z',
  confirmEntries: true,
  verifiableDraws: true,
  rulesUrl: 'https://example.com/raffle/rules',
  privacyUrl: 'https://example.com/privacy',
  firstRaffleId: 'winter-2026',
};

let dir: string;
beforeEach(async () => {
  await db.freshTable();
  for (let i = 0; i < items.length; i += 25) {
    await db.client.send(
      new BatchWriteItemCommand({ RequestItems: { [db.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-upgrade-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], config: object = OLD_CONFIG): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(dir, 'prod.json');
  fs.writeFileSync(file, JSON.stringify(config));
  let out = '';
  let err = '';
  const code = await main(
    ['--config', file, '--table', db.tableName, '--endpoint', db.endpoint, ...args],
    { out: (t) => (out += t), err: (t) => (err += t) },
    () => new Date('2026-12-05T10:00:00Z'),
  );
  return { code, out, err };
}

const raffleItem = async () =>
  (await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: deploymentKeys.raffle('winter-2026') } } }))).Item;

it('a dry run says what it would do and writes nothing; the upgrade writes; again, nothing changes', async () => {
  const dry = await run(['--dry-run', '--title', 'Winter raffle']);
  expect(dry).toMatchObject({ code: 0, err: '' });
  expect(dry.out).toContain('would upgrade: raffle "winter-2026" ("Winter raffle")');
  expect(dry.out).toContain('before: confirmed entries 11, pending entries 2, phone claims 11, confirmation tokens 14');
  expect(await raffleItem()).toBeUndefined();

  const done = await run(['--title', 'Winter raffle']);
  expect(done.code).toBe(0);
  expect(done.out).toContain('upgraded: raffle "winter-2026"');
  expect(done.out).toMatch(/after: confirmed entries 11, pending entries 2, .*raffles 1, raffle catalogue 1/);
  expect((await raffleItem())?.title?.S).toBe('Winter raffle');

  const again = await run([]);
  expect(again).toMatchObject({ code: 0 });
  expect(again.out).toContain('already upgraded: the old items are raffle "winter-2026"; nothing written');
});

it('names what is wrong: an unknown argument, a missing value, a missing deadline, a bad key', async () => {
  expect(await run(['--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown argument --bogus') });
  expect(await run(['--title'])).toMatchObject({ code: 2, err: expect.stringContaining('--title needs a value') });
  const { entryDeadline: _none, ...noDeadline } = OLD_CONFIG;
  expect(await run([], noDeadline)).toMatchObject({ code: 2, err: expect.stringContaining('--closes-at') });
  expect(await run(['--closes-at', '2026-12-31T17:00:00Z'], noDeadline)).toMatchObject({ code: 0 });
  expect(() => readOldConfig('prod.json', JSON.stringify({ ...OLD_CONFIG, entryDeadline: 'Christmas' }))).toThrow(
    'prod.json: "entryDeadline" must be an ISO-8601 instant',
  );
  expect(() => readOldConfig('prod.json', JSON.stringify({ ...OLD_CONFIG, winners: 0 }))).toThrow(
    'prod.json: "winners" must be an integer',
  );
  const { namePrefix: _prefix, ...noPrefix } = OLD_CONFIG;
  expect(() => readOldConfig('prod.json', JSON.stringify(noPrefix))).toThrow('prod.json: "namePrefix" is missing');
  expect(() => readOldConfig('prod.json', '{')).toThrow('prod.json: not valid JSON');
});
