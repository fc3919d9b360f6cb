/**
 * The checker can fail: it is only worth its "consistent" if it says otherwise when something is wrong.
 * GIVEN a small load through the local runtime (two raffles, one confirming by email), which the
 *       checker finds consistent
 * WHEN an inconsistency is written straight into DynamoDB Local: a second entry for one person (their
 *      address as it would be stored if it were not made canonical), a counter shard off by one, a
 *      winner's mark naming no draw, a winner's mark removed, an entry's phone claim deleted
 * THEN the checker names exactly that kind of violation; and once the table is put back, it is
 *      consistent again.
 */
import * as fs from 'fs';
import {
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '../../local/dynamodb';
import type { Runtime } from '../../local/runtime';
import { raffleKeys } from '../../model/raffle-keys';
import { TestClock } from '../../testkit/clock';
import { checkTable, type Verdict } from '../../reliability/checker';
import { scanTable, show } from '../../reliability/checker-scan';
import type { Ledger, RafflePlan } from '../../reliability/load-ledger';
import { loadTargetOf, runLoad } from '../../reliability/load';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';

const RAFFLES: RafflePlan[] = [
  { raffleId: 'planted-direct', title: 'Planted direct', confirm: false, verifiable: false, prizes: [{ name: 'Prize', winners: 3 }] },
  { raffleId: 'planted-confirmed', title: 'Planted confirmed', confirm: true, verifiable: false, prizes: [{ name: 'Prize', winners: 3 }] },
];

let runtime: Runtime;
let client: DynamoDBClient;
let ledger: Ledger;
let localDir: string;

beforeAll(async () => {
  localDir = tmpDir('raffle-load-checker-');
  const clock = new TestClock();
  runtime = await startTestRuntime({ config: testConfig(), localDir, clock });
  client = localDynamoDbClient(runtime.dynamodb.endpoint);
  const load = await runLoad(loadTargetOf(runtime, clock), { registrations: 150, clients: 8, raffles: RAFFLES, seed: 31 });
  ledger = load.ledger;
}, 600_000);

afterAll(async () => {
  await runtime?.stop();
  await client?.send(new DeleteTableCommand({ TableName: runtime.tableName })).catch(() => undefined);
  client?.destroy();
  fs.rmSync(localDir, { recursive: true, force: true });
});

const check = (): Promise<Verdict> => checkTable(runtime.dynamodb.endpoint, runtime.tableName, ledger, { lostWritesTolerated: false });

/** The direct raffle's keys, its confirmed entries as scanned, and the raw item of a key. */
async function direct() {
  const items = await scanTable(runtime.dynamodb.endpoint, runtime.tableName);
  const record = items.find((i) => i.email === '#raffle#planted-direct')!;
  const keys = raffleKeys({ raffleId: 'planted-direct', ordinal: Number(record.ordinal) });
  const entries = items.filter((i) => show(i.email).startsWith(keys.scope) && i.status === 'confirmed');
  return { keys, entries };
}
const raw = async (key: string): Promise<Record<string, AttributeValue>> =>
  (await client.send(new GetItemCommand({ TableName: runtime.tableName, Key: { email: { S: key } }, ConsistentRead: true }))).Item!;

/** Runs `plant`, checks, then puts back every item it names exactly as it was (deleting those that were not there). */
async function planted(keys: readonly string[], plant: () => Promise<void>): Promise<Verdict> {
  const before = new Map<string, Record<string, AttributeValue> | undefined>();
  for (const key of keys) {
    before.set(
      key,
      (await client.send(new GetItemCommand({ TableName: runtime.tableName, Key: { email: { S: key } }, ConsistentRead: true }))).Item,
    );
  }
  try {
    await plant();
    return await check();
  } finally {
    for (const [key, item] of before) {
      if (item) await client.send(new PutItemCommand({ TableName: runtime.tableName, Item: item }));
      else await client.send(new DeleteItemCommand({ TableName: runtime.tableName, Key: { email: { S: key } } }));
    }
  }
}

test('the load as made is consistent', async () => {
  expect((await check()).violations).toEqual([]);
});

test('a second entry for one person, under their address as typed instead of its canonical form: identity-stored-twice', async () => {
  const { keys, entries } = await direct();
  const entry = entries.find((e) => ledger.find('planted-direct', keys.addressOf(show(e.email)))!.contacts.size > 1) ?? entries[0];
  const identity = keys.addressOf(show(entry.email));
  const other = [...ledger.find('planted-direct', identity)!.contacts].find((c) => c !== entry.contactEmail) ?? show(entry.contactEmail);
  const second = keys.entry(other.toLowerCase() === identity ? other.toUpperCase() : other.toLowerCase());
  const verdict = await planted([second], async () => {
    const item = await raw(show(entry.email));
    await client.send(
      new PutItemCommand({ TableName: runtime.tableName, Item: { ...item, email: { S: second }, contactEmail: { S: other } } }),
    );
  });
  expect(verdict.kinds).toContain('identity-stored-twice');
  expect(verdict.kinds).toContain('entry-not-under-its-identity');
});

test('a counter shard off by one: count-not-the-entries', async () => {
  const { keys } = await direct();
  const shard = keys.counterShard(0);
  const verdict = await planted([shard], async () => {
    await client.send(
      new UpdateItemCommand({
        TableName: runtime.tableName,
        Key: { email: { S: shard } },
        UpdateExpression: 'ADD entrants :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
  });
  expect(verdict.kinds).toEqual(['count-not-the-entries', 'shard-count-not-its-entries']);
});

test("a winner's mark naming no draw: winner-without-draw", async () => {
  const { entries } = await direct();
  const entry = entries.find((e) => e.wonDrawId === undefined)!;
  const verdict = await planted([show(entry.email)], async () => {
    await client.send(
      new UpdateItemCommand({
        TableName: runtime.tableName,
        Key: { email: { S: show(entry.email) } },
        UpdateExpression: 'SET wonDrawId = :draw, wonAt = :at REMOVE drawTicket',
        ExpressionAttributeValues: { ':draw': { S: 'no-such-draw' }, ':at': { S: new Date().toISOString() } },
      }),
    );
  });
  expect(verdict.kinds).toEqual(expect.arrayContaining(['winner-without-draw', 'winner-total', 'won-marks-not-the-draws']));
});

test('a winner of a draw whose mark is gone: winner-not-marked', async () => {
  const { entries } = await direct();
  const winner = entries.find((e) => e.wonDrawId !== undefined && e.voidedAt === undefined)!;
  const verdict = await planted([show(winner.email)], async () => {
    await client.send(
      new UpdateItemCommand({
        TableName: runtime.tableName,
        Key: { email: { S: show(winner.email) } },
        UpdateExpression: 'REMOVE wonDrawId, wonAt',
      }),
    );
  });
  expect(verdict.kinds).toContain('winner-not-marked');
});

test('an entry whose phone claim is gone: entry-without-its-phone-claim', async () => {
  const { keys, entries } = await direct();
  const claim = keys.phone(show(entries[0].phone));
  const verdict = await planted([claim], async () => {
    await client.send(new DeleteItemCommand({ TableName: runtime.tableName, Key: { email: { S: claim } } }));
  });
  expect(verdict.kinds).toEqual(['entry-without-its-phone-claim']);
});

test('put back, the table is consistent again', async () => {
  expect((await check()).violations).toEqual([]);
});
