/**
 * GIVEN a database that cannot be reached right now (nothing listens where the table is), or that says
 *       it is over its throughput
 * WHEN a request needs it
 * THEN the answer is a retryable 503 service_busy with the request id and a Retry-After, never a 500 (so
 *      too for contention that outlasted its retries: a hot counter, transactions that kept conflicting);
 *      a fault that asking again would not mend (a table that does not exist) stays a 500.
 */
import * as net from 'net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { TABLE_CLIENT_OPTIONS } from '../../../functions/runtime/lambda';
import { createHandler } from '../../../functions/raffles/handler';
import { jsonLogger } from '../../../functions/runtime/log';
import { cryptoRandom, systemClock } from '../../../functions/runtime/system';
import { isTransient, TableBusy } from '../../../functions/runtime/dynamodb';
import { BUSY_RETRY_AFTER_SECONDS } from '../../../functions/runtime/http';
import { readSettings } from '../../../model/settings';
import { httpEvent, parseBody, IN_RAFFLE } from '../support/events';

/** A port nothing listens on: taken, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('an unreachable database: 503 service_busy with the request id, and the fault logged for ops', async () => {
  const lines: string[] = [];
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const count = createHandler({
    settings: readSettings({ TABLE_NAME: 'raffle-test' }),
    table: { client, name: 'raffle-test' },
    clock: systemClock,
    random: cryptoRandom,
    logger: jsonLogger((line) => lines.push(line), systemClock),
  });
  const event = httpEvent({ method: 'GET', path: IN_RAFFLE });
  try {
    const res = await count(event);
    expect([res.statusCode, res.headers?.['retry-after']]).toEqual([503, String(BUSY_RETRY_AFTER_SECONDS)]);
    expect(parseBody(res)).toEqual({
      error: {
        code: 'service_busy',
        message: expect.any(String),
        requestId: event.requestContext.requestId,
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
      },
    });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', status: 503, code: 'service_busy', fault: { name: expect.any(String) } });
  } finally {
    client.destroy();
  }
});

test('a database that accepts the connection and never answers: the deployed client gives up (TimeoutError, transient), never hangs', async () => {
  // Accepts and holds every connection, answering nothing.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({
    ...TABLE_CLIENT_OPTIONS,
    endpoint: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const failure = await client.send(new ListTablesCommand({})).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toMatchObject({ name: 'TimeoutError' });
    expect(isTransient(failure)).toBe(true);
  } finally {
    client.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

const CASES: readonly (readonly [label: string, err: unknown, transient: boolean])[] = [
  ['throttled', { name: 'ProvisionedThroughputExceededException' }, true],
  ["DynamoDB's own limit", { name: 'RequestLimitExceeded' }, true],
  ['DynamoDB unwell for a moment', { name: 'InternalServerError' }, true],
  ['refused at the socket', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
  ['a reset inside the SDK', { name: 'Error', cause: { code: 'ECONNRESET' } }, true],
  ['a table that does not exist', { name: 'ResourceNotFoundException' }, false],
  ['a condition that failed', { name: 'ConditionalCheckFailedException' }, false],
  ['wrapped by the SDK in a plain Error', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9'), true],
  ['a plain bug', new TypeError('x is undefined'), false],
  ['a hot counter past its retries (admission)', new TableBusy('admission: 10 counter shards moved on'), true],
  ['transactions that kept conflicting', { name: 'TransactionConflictException' }, true],
  [
    'a transaction cancelled for a conflict',
    { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] },
    true,
  ],
  [
    'a transaction cancelled because an on-demand table throttled it (a spike)',
    { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }, { Code: 'None' }] },
    true,
  ],
  [
    "a transaction cancelled because it exceeded a provisioned table's throughput",
    { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ProvisionedThroughputExceeded' }] },
    true,
  ],
  [
    'a transaction cancelled by its own condition',
    { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] },
    false,
  ],
];

test.each(
  CASES.map(([label, err, transient]) => [`${label}: ${transient ? 'transient (503)' : 'not transient'}`, err, transient] as const),
)('%s', (_title, err, transient) => {
  expect(isTransient(err)).toBe(transient);
});
