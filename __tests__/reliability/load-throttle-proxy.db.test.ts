/**
 * The throttling proxy (reliability/throttle-proxy.ts) answers as DynamoDB does, read by the real SDK:
 * GIVEN the proxy in front of the run's DynamoDB Local, its bucket on a clock the test moves
 * WHEN the table's reads and writes outrun the rate
 * THEN the SDK gets ProvisionedThroughputExceededException (HTTP 400, application/x-amz-json-1.0); a
 *      throttled TransactWriteItems is, every other time, TransactionCanceledException with the reason
 *      ThrottlingError; a BatchGetItem it has some tokens for reads that many keys and returns the rest
 *      in UnprocessedKeys; reads and writes have a bucket each; the Streams API and the control plane
 *      pass, never throttled; and once the clock moves on, requests pass again.
 */
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { startThrottleProxy, type ThrottleProxy } from '../../reliability/throttle-proxy';
import { useDynamoDbLocal } from '../support/dynamodb';

const db = useDynamoDbLocal();
let proxy: ThrottleProxy;
let client: DynamoDBClient;
let nowMs = 0;

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

beforeAll(async () => {
  await db.freshTable();
  proxy = await startThrottleProxy({ target: db.endpoint, ratePerSecond: 2, now: () => nowMs });
  // One attempt: the SDK's own retries would hide what the proxy answered.
  client = new DynamoDBClient({ endpoint: proxy.endpoint, region: 'local', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await proxy?.close();
});
beforeEach(() => {
  nowMs += 60_000;
  proxy.setRate(2);
});

const get = (email: string) => client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: email } } }));
const put = (email: string) => client.send(new PutItemCommand({ TableName: db.tableName, Item: { email: { S: email } } }));
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

test('past the rate: ProvisionedThroughputExceededException; reads and writes have a bucket each; a second later, room again', async () => {
  await get('a@example.com');
  await get('b@example.com');
  expect(await failure(get('c@example.com'))).toMatchObject({
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });
  // The writes' bucket is full still.
  await put('d@example.com');
  nowMs += 1_000;
  await get('c@example.com');
});

test('a throttled TransactWriteItems: the exception, then TransactionCanceledException with ThrottlingError, in turn', async () => {
  await put('e@example.com');
  await put('f@example.com');
  const transact = () =>
    client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: db.tableName, Item: { email: { S: 'g@example.com' } } } },
          { Put: { TableName: db.tableName, Item: { email: { S: 'h@example.com' } } } },
        ],
      }),
    );
  const errors = [await failure(transact()), await failure(transact())];
  const cancelled = errors.find((e) => (e as { name?: string }).name === 'TransactionCanceledException') as TransactionCanceledException;
  expect(errors.map((e) => (e as { name?: string }).name).sort()).toEqual([
    'ProvisionedThroughputExceededException',
    'TransactionCanceledException',
  ]);
  expect(cancelled.CancellationReasons?.map((r) => r.Code)).toEqual(['ThrottlingError', 'None']);
  // Neither was written.
  const written = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { email: { S: 'g@example.com' } }, ConsistentRead: true }),
  );
  expect(written.Item).toBeUndefined();
});

test('a BatchGetItem with tokens for part of it: those keys read, the rest in UnprocessedKeys', async () => {
  await put('i@example.com');
  await put('j@example.com');
  nowMs += 500; // one read token back of the two spent below
  await get('i@example.com');
  await get('i@example.com');
  nowMs += 500;
  const keys = ['i@example.com', 'j@example.com', 'k@example.com'].map((email) => ({ email: { S: email } }));
  const out = await client.send(new BatchGetItemCommand({ RequestItems: { [db.tableName]: { Keys: keys, ConsistentRead: true } } }));
  expect(out.Responses?.[db.tableName]?.map((i) => i.email.S)).toEqual(['i@example.com']);
  expect(out.UnprocessedKeys?.[db.tableName]?.Keys).toEqual(keys.slice(1));
  expect(proxy.counts.partial).toBe(1);
});

test('the Streams API and the control plane pass untouched, however fast', async () => {
  const streams = new DynamoDBStreamsClient({ endpoint: proxy.endpoint, region: 'local', credentials, maxAttempts: 1 });
  try {
    const before = proxy.counts.untouched;
    for (let i = 0; i < 5; i++) await streams.send(new ListStreamsCommand({}));
    expect(proxy.counts.untouched - before).toBe(5);
  } finally {
    streams.destroy();
  }
});
