/**
 * GIVEN the local runtime in a process of its own, on a raffle with 1,600 seeded entrants
 * WHEN the organiser asks for a draw of 100 winners and the runtime is SIGKILLed while the draw is under
 *      way (its record written, its winners being claimed), then a new runtime is started on the same
 *      table and the organiser asks again with the same Idempotency-Key
 * THEN exactly one draw exists, finished by the retry, and nothing is partial: its record lists exactly
 *      the entries marked as its winners, no entry is marked twice, and the raffle's winner total equals them.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as readline from 'readline';
import { GetItemCommand, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DRAWS_INDEX } from '../../model/schema';
import { localDynamoDbClient } from '../../local/dynamodb';
import { raffleKeys } from '../../model/raffle-keys';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { openRaffle } from '../../testkit/seed-entrants';
import { testDynamoDbEndpoint } from '../support/dynamodb';
import { seededRuntimeTable } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually, within } from '../support/wait';
import { adminTls, postJson } from './http-client';
import { ensureDevCerts } from '../../local/tls';
import * as path from 'path';

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

async function startChild(localDir: string, tableName: string): Promise<{ child: ChildProcess; adminUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'runtime-child.ts')], {
    env: { ...process.env, RAFFLE_TEST_DIR: localDir, RAFFLE_TEST_ENDPOINT: testDynamoDbEndpoint(), RAFFLE_TEST_TABLE: tableName },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const firstLine = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the runtime exited (${code}) before serving`)));
  });
  const { adminUrl } = JSON.parse(await within(firstLine, 'the child runtime to serve')) as { adminUrl: string };
  return { child, adminUrl };
}

test('a runtime killed during a draw: the retry with the same key finishes that one draw, with no partial claim', async () => {
  const localDir = tmpDir('raffle-killed-');
  try {
    const { tableName, raffle } = await seededRuntimeTable(openRaffle('kill', new Date()), 100);
    const keys = raffleKeys(raffle);
    const client = localDynamoDbClient(testDynamoDbEndpoint());
    const admin = adminTls(ensureDevCerts(path.join(localDir, 'certs')));
    const drawOf = (adminUrl: string) =>
      postJson(`${adminUrl}${fillRoutePath(ROUTES.draw, { raffleId: 'kill' })}`, { winners: 100, early: true }, admin, {
        'idempotency-key': 'killed-draw',
      });
    /** Every item of the table, every page of the Scan. */
    const allItems = async () => {
      const items: Record<string, AttributeValue>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    };
    /** The raffle's one draw record, from the draws index (a read cheap enough to ask every few ms). */
    const record = async () => {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DRAWS_INDEX.name,
          KeyConditionExpression: '#type = :type',
          ExpressionAttributeNames: { '#type': DRAWS_INDEX.partitionKey.name },
          ExpressionAttributeValues: { ':type': { S: keys.drawRecordType } },
        }),
      );
      return out.Items?.[0];
    };
    try {
      const first = await startChild(localDir, tableName);
      const asked = drawOf(first.adminUrl).catch(() => undefined);
      // Killed once the draw is under way: its record written, not complete.
      const underWay = await eventually(
        async () => {
          const item = await record();
          return item && item.status.S === 'pending' ? item : undefined;
        },
        'the draw under way',
        { everyMs: 5 },
      );
      first.child.kill('SIGKILL');
      await asked;
      const killedAt = Number((await record())!.winnerCount.N);
      expect(Number(underWay.winnerCount.N)).toBeLessThan(100);

      const second = await startChild(localDir, tableName);
      const retried = await drawOf(second.adminUrl);
      expect(retried.status).toBe(200);
      const draw = retried.json<{ drawId: string; winnerCount: number; winners: Array<{ email: string }> }>();
      expect(draw.winnerCount).toBe(100);

      const items = await allItems();
      const draws = items.filter((i) => i.recordType);
      expect(draws).toHaveLength(1);
      const marked = items.filter((i) => i.wonDrawId?.S === draw.drawId).map((i) => i.email.S);
      const listed = (draws[0].winners.L ?? []).map((w) => w.M!.entryKey.S);
      expect(new Set(listed).size).toBe(100);
      expect([...marked].sort()).toEqual([...listed].sort());
      expect(items.filter((i) => i.wonDrawId).length).toBe(100);
      const stats = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { email: { S: keys.stats } }, ConsistentRead: true }),
      );
      expect(Number(stats.Item?.winners?.N)).toBe(100);
      // What the killed runtime had claimed stayed claimed, by the same draw: the retry finished it.
      expect(killedAt).toBeLessThanOrEqual(100);
      // Stopped cleanly before its folder goes (it may be writing the draw's notice to the outbox).
      const exited = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await within(exited, 'the second runtime to stop');
    } finally {
      client.destroy();
    }
  } finally {
    fs.rmSync(localDir, { recursive: true, force: true });
  }
});
