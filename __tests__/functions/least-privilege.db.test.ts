/**
 * GIVEN every function's role as the catalogue writes it (model/functions.ts)
 * WHEN every handler runs through all of its paths against DynamoDB Local (and stand-ins for SNS and SES)
 * THEN each sent only what its role allows (checked on every call, in every handler test, by
 *      support/privileges.ts), and each allowed action was used: no role holds a permission nobody needs.
 */
import * as http from 'http';
import type { DynamoDBRecord } from 'aws-lambda';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'net';
import type { VerifiableStepEvent } from '../../functions/draw/handler';
import { ENV, FUNCTION_NAMES } from '../../model/functions';
import { LIMITS } from '../../model/limits';
import { COUNTER_SHARDS } from '../../model/schema';
import { startLocalBeacon } from '../../local/beacon';
import { roundTime } from '../../verify/selection';
import { scheduledDrawEvent } from '../../model/scheduled-draw';
import { useDynamoDbLocal } from '../support/dynamodb';
import { eraseDelete, httpEvent, jsonPost, voidPost } from './support/events';
import { captureLogs, loadHandlers, type Handlers } from './support/handlers';
import { allowedUses, observed, usesOf } from './support/privileges';
import { mailedAgo, seedEntrants } from './support/seed';
import { person } from '../support/people';

const db = useDynamoDbLocal();
captureLogs();
let h: Handlers;
let sns: http.Server;
const mailed: string[] = [];
/** The events the draw function handed to itself (Lambda's Invoke API, stood in for). */
const invoked: VerifiableStepEvent[] = [];

beforeAll(async () => {
  // A stand-in for SNS, SES (v2) and Lambda's Invoke API that accepts every Publish, SendEmail and
  // asynchronous Invoke, so the notification, mail and freeze paths run as on AWS.
  sns = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/2015-03-31/functions/')) {
        invoked.push(JSON.parse(Buffer.concat(chunks).toString()));
        res.writeHead(202).end();
        return;
      }
      if (req.url?.startsWith('/v2/email/outbound-emails')) {
        mailed.push(Buffer.concat(chunks).toString());
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"MessageId":"m"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => sns.listen(0, '127.0.0.1', resolve));
  const standIn = `http://127.0.0.1:${(sns.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SNS: standIn,
    AWS_ENDPOINT_URL_SESV2: standIn,
    [ENV.lambdaEndpoint]: standIn,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:raffle-notifications',
  });
  h = await loadHandlers();
});

afterAll(async () => {
  for (const name of ['AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_SESV2', 'NOTIFICATION_TOPIC_ARN', ENV.lambdaEndpoint])
    delete process.env[name];
  await new Promise((resolve) => sns.close(resolve));
});

const admin = (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) =>
  httpEvent({
    method,
    path,
    clientCertSubject: 'CN=organiser',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }),
  });

test('every path of every handler, then: each allowed action was used, and nothing else', async () => {
  await db.freshTable();
  // apply without confirmEntries: a registration, and a duplicate (the transaction's condition fails).
  expect((await h.apply(jsonPost('/apply', person(1)))).statusCode).toBe(201);
  expect((await h.apply(jsonPost('/apply', person(1)))).statusCode).toBe(201);
  expect((await h.count(httpEvent({ method: 'GET', path: '/count' }))).statusCode).toBe(200);
  // apply with confirmEntries, mail through SES: a new address (pending entry and its token), the same
  // address a minute later (the old token deleted), an address already entered (its notice counted).
  Object.assign(process.env, { CONFIRM_ENTRIES: 'true', MAIL_FROM: 'raffle@example.com', SITE_URL: 'https://raffle.example.com' });
  try {
    expect((await h.apply(jsonPost('/apply', person(2)))).statusCode).toBe(202);
    await mailedAgo(db.client, db.tableName, 'e2@example.com', 61);
    expect((await h.apply(jsonPost('/apply', person(2)))).statusCode).toBe(202);
    await mailedAgo(db.client, db.tableName, 'e1@example.com', 61);
    expect((await h.apply(jsonPost('/apply', person(1)))).statusCode).toBe(202);
    const token = /token=([\w-]+)/.exec(JSON.parse(mailed[1]).Content.Simple.Body.Text.Data)?.[1];
    // confirm: the newest link, then again (spent).
    expect((await h.confirm(jsonPost('/confirm', { token }))).statusCode).toBe(200);
    expect((await h.confirm(jsonPost('/confirm', { token }))).statusCode).toBe(400);
    expect(mailed.map((m) => JSON.parse(m).Destination.ToAddresses)).toEqual([['e2@example.com'], ['e2@example.com'], ['e1@example.com']]);
  } finally {
    for (const name of ['CONFIRM_ENTRIES', 'MAIL_FROM', 'SITE_URL']) delete process.env[name];
  }
  // draw: a keyed draw by ticket (rejection sampling) and its replay; the history.
  await seedEntrants(db.client, db.tableName, 4);
  expect((await h.draw(admin('POST', '/draw', { winners: 2 }, { 'idempotency-key': 'k1' }))).statusCode).toBe(201);
  expect((await h.draw(admin('POST', '/draw', { winners: 2 }, { 'idempotency-key': 'k1' }))).statusCode).toBe(200);
  expect((await h.draws(admin('GET', '/draws'))).statusCode).toBe(200);
  // draw: the scheduled draw (first checks the history), here skipped after the manual one.
  await expect(h.scheduledDraw(scheduledDrawEvent('2026-12-24T18:00:00Z'))).resolves.toMatchObject({ outcome: 'skipped' });
  // draw: from the eligible list, when almost every ticket is a gap (a fresh table with sparse tickets).
  await db.freshTable();
  await seedEntrants(db.client, db.tableName, 1);
  await db.client.send(
    new UpdateItemCommand({
      TableName: db.tableName,
      Key: { email: { S: '#counter#0' } },
      UpdateExpression: 'SET issued = :n',
      ExpressionAttributeValues: { ':n': { N: '1000' } },
    }),
  );
  const sparse = await h.draw(admin('POST', '/draw', { winners: 1 }, { 'idempotency-key': 'k2' }));
  expect(JSON.parse(sparse.body ?? '{}').method).toContain('eligible-pool-sampling');

  // The organiser's console on a fresh pool: a draw, a void and its replacement, the list, the export,
  // the erasure of a winner and of a pending entrant, and the public results.
  await db.freshTable();
  for (let i = 0; i < 4; i++) expect((await h.apply(jsonPost('/apply', person(i, 'c')))).statusCode).toBe(201);
  const drawn = JSON.parse(
    (await h.draw(admin('POST', '/draw', { winners: 2, prize: 'Prize' }, { 'idempotency-key': 'k3' }))).body ?? '{}',
  );
  expect((await h.draw(voidPost(drawn.drawId, { email: drawn.winners[0].email, reason: 'Unreachable' }))).statusCode).toBe(201);
  expect((await h.entrants(admin('GET', '/entrants'))).statusCode).toBe(200);
  expect((await h.entrants(admin('GET', '/entrants.csv'))).statusCode).toBe(200);
  expect((await h.erase(eraseDelete(drawn.winners[1].email))).statusCode).toBe(200);
  Object.assign(process.env, { CONFIRM_ENTRIES: 'true', MAIL_FROM: 'raffle@example.com', SITE_URL: 'https://raffle.example.com' });
  try {
    expect((await h.apply(jsonPost('/apply', person(9, 'pending')))).statusCode).toBe(202);
  } finally {
    for (const name of ['CONFIRM_ENTRIES', 'SITE_URL']) delete process.env[name];
  }
  expect((await h.erase(eraseDelete(person(9, 'pending').email))).statusCode).toBe(200);
  expect((await h.results(httpEvent({ method: 'GET', path: '/results' }))).statusCode).toBe(200);
  // notify, as the stream delivers the draw's completion: the organiser's summary (SNS) and each winner's email (SES), claimed and marked once each.
  Object.assign(process.env, { NOTIFY_WINNERS: 'true' });
  try {
    const stored = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: `#draw#${drawn.drawId}` } } }));
    const completion = {
      eventName: 'MODIFY',
      dynamodb: { SequenceNumber: '1', OldImage: { ...stored.Item, status: { S: 'pending' } }, NewImage: stored.Item },
    } as unknown as DynamoDBRecord;
    expect(await h.notify({ Records: [completion] })).toEqual({ batchItemFailures: [] });
  } finally {
    for (const name of ['NOTIFY_WINNERS', 'MAIL_FROM']) delete process.env[name];
  }

  // A verifiable draw on AWS: commit (the pool and commitment put in the site bucket), then reveal (the
  // pool read back, beacon and result put), with the local beacon as the relay and S3 stood in for.
  const beacon = await startLocalBeacon();
  const objects = new Map<string, string>();
  const { s3Client } = await import('../../functions/runtime/publish');
  s3Client().middlewareStack.add(
    () => async (args) => {
      const input = args.input as { Key: string; Body?: string };
      if (input.Body !== undefined) objects.set(input.Key, input.Body);
      const body = objects.get(input.Key) ?? '';
      return { output: { Body: { transformToString: async () => body }, $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 's3StandIn' },
  );
  Object.assign(process.env, {
    VERIFIABLE_DRAWS: 'true',
    BEACON_MARGIN_SECONDS: '3',
    BEACON_RELAYS: beacon.url,
    LOCAL_BEACON_PUBLIC_KEY: beacon.publicKey,
    SITE_BUCKET: 'raffle-site-bucket',
  });
  try {
    const committed = JSON.parse(
      (await h.draw(admin('POST', '/draw', { mode: 'verifiable', winners: 1 }, { 'idempotency-key': 'k4' }))).body ?? '{}',
    );
    expect(committed.status).toBe('committed');
    await new Promise((resolve) => setTimeout(resolve, roundTime(committed.verifiable.round) * 1000 - Date.now() + 50));
    expect((await h.draw(admin('POST', '/draw', { mode: 'verifiable', winners: 1 }, { 'idempotency-key': 'k4' }))).statusCode).toBe(201);
    expect([...objects.keys()].sort()).toEqual(
      ['beacon.json', 'commitment.json', 'pool.txt', 'result.json'].map((f) => `draws/${committed.drawId}/${f}`),
    );
    // A pool too large to freeze in the request: handed to the function itself, which freezes it.
    await seedEntrants(db.client, db.tableName, Math.ceil((LIMITS.inlineVerifiableEntrants + 1) / COUNTER_SHARDS));
    const large = await h.draw(admin('POST', '/draw', { mode: 'verifiable', winners: 1 }, { 'idempotency-key': 'k5' }));
    expect([large.statusCode, JSON.parse(large.body ?? '{}').status, invoked.length]).toEqual([202, 'freezing', 1]);
    expect(await h.step(invoked[0])).toEqual({ status: 'committed' });
  } finally {
    for (const name of ['VERIFIABLE_DRAWS', 'BEACON_MARGIN_SECONDS', 'BEACON_RELAYS', 'LOCAL_BEACON_PUBLIC_KEY', 'SITE_BUCKET'])
      delete process.env[name];
    s3Client().middlewareStack.remove('s3StandIn');
    await beacon.stop();
  }

  for (const name of FUNCTION_NAMES) {
    const used = [...(observed.get(name)?.values() ?? [])].map((u) => `${u.action} on ${u.resource}`).sort();
    const allowed = allowedUses(name)
      .byHandler.map((u) => `${u.action} on ${u.resource}`)
      .sort();
    expect({ name, used }).toEqual({ name, used: allowed });
  }
});

test('what Lambda itself sends with a role (an on-failure destination) is exactly the reaches marked so', () => {
  expect(allowedUses('draw').byLambda).toEqual([{ action: 'sqs:SendMessage', resource: 'drawDeadLetters' }]);
  // notify is invoked by the stream's event-source mapping, which reads the stream with notify's role.
  expect(allowedUses('notify').byLambda).toEqual([
    ...['DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams'].map((a) => ({
      action: `dynamodb:${a}`,
      resource: 'tableStream',
    })),
    { action: 'sqs:SendMessage', resource: 'notifyFailures' },
  ]);
  for (const name of ['apply', 'confirm', 'count', 'draws', 'entrants', 'erase', 'results'] as const)
    expect(allowedUses(name).byLambda).toEqual([]);
});

test('a transaction is authorised by the actions inside it, a query on an index by the index', () => {
  expect(usesOf('dynamodb', 'TransactWriteItemsCommand', { TransactItems: [{ Put: {} }, { Update: {} }] })).toEqual([
    { action: 'dynamodb:PutItem', resource: 'table' },
    { action: 'dynamodb:UpdateItem', resource: 'table' },
  ]);
  expect(usesOf('dynamodb', 'QueryCommand', { IndexName: 'draws-by-time' })).toEqual([
    { action: 'dynamodb:Query', resource: 'index/draws-by-time' },
  ]);
});

test('a handler that sends what its role does not allow fails its test', async () => {
  const { asFunction } = await import('./support/privileges');
  const { dynamodb, tableName } = await import('../../functions/runtime/dynamodb');
  const { ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const rogue = asFunction('count', () => dynamodb().send(new ScanCommand({ TableName: tableName(), Limit: 1 })));
  await expect(rogue()).rejects.toThrow('the count function sent dynamodb:Scan on table, which its role does not allow');
});
