/**
 * GIVEN 8 confirmed entrants and 4 who never confirmed, registered through the handlers (confirmEntries
 *       on, mail to an outbox) into DynamoDB Local
 * WHEN the draw handler draws one winner, 400 times, each win undone before the next draw
 * THEN nobody pending is ever drawn, and each confirmed entrant wins equally often: Pearson's chi-square
 *      over the 8 stays under χ²(7) at α = 0.001 (24.322, NIST/SEMATECH e-Handbook 1.3.6.7.4). A fair
 *      draw fails this once in a thousand runs; picker.test.ts shows the same statistic catching biased pickers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ENV } from '../../../model/functions';
import { itemKeys } from '../../../model/schema';
import { useDynamoDbLocal } from '../../support/dynamodb';
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { drawPost, jsonPost, parseBody } from '../support/events';
import { captureLogs, loadHandlers, type Handlers } from '../support/handlers';

jest.setTimeout(120_000);

const CHI2_7_AT_001 = 24.322;
const DRAWS = 400;
const CONFIRMED = 8;
const PENDING = 4;

const db = useDynamoDbLocal();
captureLogs();
let h: Handlers;
let outbox: string;

beforeAll(async () => {
  outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-fairness-'));
  Object.assign(process.env, { [ENV.confirmEntries]: 'true', [ENV.outboxDir]: outbox, [ENV.siteUrl]: 'https://raffle.example.com' });
  h = await loadHandlers();
});

afterAll(() => {
  for (const name of [ENV.confirmEntries, ENV.outboxDir, ENV.siteUrl]) delete process.env[name];
  fs.rmSync(outbox, { recursive: true, force: true });
});

/** Puts a winner back among the eligible, as if the draw had not happened (test-only writes). */
async function undoWin(entryKey: string, ticket: number): Promise<void> {
  await db.client.send(
    new UpdateItemCommand({
      TableName: db.tableName,
      Key: { email: { S: entryKey } },
      UpdateExpression: 'SET drawTicket = :t REMOVE wonDrawId, wonAt',
      ExpressionAttributeValues: { ':t': { N: String(ticket) } },
    }),
  );
  await db.client.send(
    new UpdateItemCommand({
      TableName: db.tableName,
      Key: { email: { S: itemKeys.stats } },
      UpdateExpression: 'ADD winners :minus',
      ExpressionAttributeValues: { ':minus': { N: '-1' } },
    }),
  );
}

test('the draw picks uniformly among confirmed entrants, and never a pending one', async () => {
  const people = Array.from({ length: CONFIRMED + PENDING }, (_, i) => person(i, 'fair'));
  for (const p of people) expect((await h.apply(jsonPost('/apply', p))).statusCode).toBe(202);
  for (const p of people.slice(0, CONFIRMED)) {
    expect((await h.confirm(jsonPost('/confirm', { token: confirmationLink(outbox, p.email).token }))).statusCode).toBe(200);
  }

  // Each confirmed entrant's ticket, to put them back after they win (the draw's answer names no ticket).
  const tickets = new Map<string, number>();
  for (const p of people.slice(0, CONFIRMED)) {
    const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: p.email } }, ConsistentRead: true }));
    tickets.set(p.email, Number(out.Item?.ticket?.N));
  }
  const wins = new Map<string, number>(people.map((p) => [p.email, 0]));
  for (let i = 0; i < DRAWS; i++) {
    const res = await h.draw(drawPost({ winners: 1 }));
    expect(res.statusCode).toBe(201);
    const [winner] = parseBody(res).winners as Array<{ email: string }>;
    wins.set(winner.email, (wins.get(winner.email) ?? 0) + 1);
    await undoWin(winner.email, tickets.get(winner.email) ?? -1);
  }

  expect(people.slice(CONFIRMED).map((p) => wins.get(p.email))).toEqual(new Array(PENDING).fill(0));
  const expected = DRAWS / CONFIRMED;
  const statistic = people.slice(0, CONFIRMED).reduce((sum, p) => sum + ((wins.get(p.email) ?? 0) - expected) ** 2 / expected, 0);
  expect(statistic).toBeLessThan(CHI2_7_AT_001);
});
