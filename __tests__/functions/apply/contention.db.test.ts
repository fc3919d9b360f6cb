/**
 * GIVEN a table so busy that every admission loses its counter shard to another entry (each shard's
 *       condition fails, every time), in DynamoDB Local
 * WHEN someone registers
 * THEN the answer is a retryable 503 service_busy with a Retry-After, never a 500, and nothing is written:
 *      no entry, no count, no ticket; once the table calms down the same request registers them.
 */
import { ScanCommand, TransactWriteItemsCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BUSY_RETRY_AFTER_SECONDS } from '../../../functions/runtime/http';
import { httpEvent, jsonPost, parseBody, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;
const alice = { email: 'alice@example.com', name: 'Alice Liddell', phone: '+44 20 7946 0958' };

async function itemsOfRaffle(): Promise<number> {
  const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return (scan.Items ?? []).filter((i) => i.email.S?.startsWith(w.raffle.keys.scope)).length;
}

test('a counter that keeps moving on under every admission: 503 service_busy + Retry-After, nothing written; later, a 201', async () => {
  const before = await itemsOfRaffle();
  const send = db.client.send.bind(db.client);
  let lost = 0;
  // Every admission transaction loses its shard (item 0's condition), as under a flood of entries.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- send's overloads include a callback form; we only ever await it
  const spy = jest.spyOn(db.client, 'send').mockImplementation(((command: unknown, ...rest: unknown[]) => {
    if (command instanceof TransactWriteItemsCommand) {
      lost++;
      return Promise.reject(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
        }),
      );
    }
    return (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
  }) as typeof db.client.send);
  try {
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    expect([res.statusCode, res.headers?.['retry-after'], parseBody(res).error.code]).toEqual([
      503,
      String(BUSY_RETRY_AFTER_SECONDS),
      'service_busy',
    ]);
    expect(lost).toBeGreaterThan(1);
  } finally {
    spy.mockRestore();
  }
  expect(await itemsOfRaffle()).toBe(before);
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice))).statusCode).toBe(201);
  expect(parseBody(await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).count).toBe(1);
});
