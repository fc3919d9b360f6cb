/**
 * GIVEN every function's role as the catalogue writes it (model/functions.ts)
 * WHEN every handler runs through all of its paths against DynamoDB Local, with the real AWS adapters
 *      (SES, SNS, S3, Lambda's Invoke, EventBridge Scheduler) sending to a local stand-in of those services
 * THEN each sent only what its role allows (checked on every call, in every handler test, by
 *      support/privileges.ts), and each allowed action was used: no role holds a permission nobody needs.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { DynamoDBRecord } from 'aws-lambda';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { schedulerDrawScheduler } from '../../functions/runtime/aws/draw-scheduler';
import { lambdaSelfInvoker } from '../../functions/runtime/aws/lambda-invoker';
import { s3Publisher } from '../../functions/runtime/aws/s3-publisher';
import { sesMailer } from '../../functions/runtime/aws/ses-mailer';
import { snsNotifier } from '../../functions/runtime/aws/sns-notifier';
import type { VerifiableStepEvent } from '../../functions/draw/verifiable/run';
import { FUNCTION_NAMES } from '../../model/functions';
import { LIMITS } from '../../model/limits';
import { COUNTER_SHARDS } from '../../model/schema';
import { scheduledDrawEvent } from '../../model/scheduled-draw';
import { roundTime } from '../../verify/commitment';
import { person } from '../support/people';
import { eraseDelete, httpEvent, IN_RAFFLE, jsonPost, voidPost } from './support/events';
import { useHandlers } from './support/handlers';
import { allowedUses, asFunction, observed, usesOf, watchClient } from './support/privileges';
import { seedEntrants, wasteTickets } from './support/seed';

const w = useHandlers();
const { db, h } = w;

/** What the stand-in received: each email's SendEmail body, each asynchronous Invoke's event, each object put. */
const mailed: string[] = [];
const invoked: VerifiableStepEvent[] = [];
const objects = new Map<string, string>();
/** The schedules the stand-in holds, by name, and each request it had (method and name). */
const schedules = new Set<string>();
const scheduleRequests: string[] = [];
let standIn: http.Server;
let clients: { ses: SESv2Client; sns: SNSClient; s3: S3Client; lambda: LambdaClient; scheduler: SchedulerClient };

beforeAll(async () => {
  // A stand-in for SES (v2), SNS, S3 and Lambda's Invoke API that accepts every SendEmail, Publish,
  // PutObject/GetObject and asynchronous Invoke, so the mail, notification, publishing and hand-over
  // paths run as on AWS, through the very adapters the deployed bundles wire.
  standIn = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const path = (req.url ?? '').split('?')[0];
      if (path.startsWith('/schedules/')) {
        // Scheduler: update (PUT) what exists, else ResourceNotFound; create (POST); delete (DELETE).
        const name = decodeURIComponent(path.slice('/schedules/'.length));
        scheduleRequests.push(`${req.method} ${name}`);
        const exists = schedules.has(name);
        if (req.method === 'POST') schedules.add(name);
        if (req.method === 'DELETE') schedules.delete(name);
        if (!exists && req.method !== 'POST') {
          res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
          res.end('{"Message":"Schedule not found"}');
        } else {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(`{"ScheduleArn":"arn:aws:scheduler:eu-west-1:123456789012:schedule/g/${name}"}`);
        }
      } else if (path.startsWith('/2015-03-31/functions/')) {
        invoked.push(JSON.parse(body));
        res.writeHead(202).end();
      } else if (path === '/v2/email/outbound-emails') {
        mailed.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"MessageId":"m"}');
      } else if (req.method === 'PUT') {
        objects.set(path, body);
        res.writeHead(200, { etag: '"e"' }).end();
      } else if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(objects.get(path) ?? '');
      } else {
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>',
          );
      }
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  const config = {
    endpoint: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  clients = {
    ses: new SESv2Client(config),
    sns: new SNSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    lambda: new LambdaClient(config),
    scheduler: new SchedulerClient(config),
  };
  watchClient(clients.ses, 'ses');
  watchClient(clients.sns, 'sns');
  watchClient(clients.s3, 's3');
  watchClient(clients.lambda, 'lambda');
  watchClient(clients.scheduler, 'scheduler');
});

afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.destroy();
  standIn.closeAllConnections();
  await new Promise((resolve) => standIn.close(resolve));
});

const SITE_BUCKET = 'raffle-site-bucket';

/** The AWS adapters, as each deployed bundle wires them (functions/<name>/handler.ts), on the stand-in's clients. */
function useAwsAdapters(): void {
  w.use({
    mailer: sesMailer({ mailFrom: 'raffle@example.com' }, clients.ses),
    organiser: snsNotifier({ notificationTopicArn: 'arn:aws:sns:eu-west-1:123456789012:raffle-notifications' }, clients.sns),
    publisher: s3Publisher({ siteBucket: SITE_BUCKET }, clients.s3),
    invoker: lambdaSelfInvoker('raffle-test-draw', clients.lambda),
    scheduler: schedulerDrawScheduler(
      {
        scheduleGroup: 'raffle-test-draws',
        drawTarget: {
          functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:raffle-test-draw',
          roleArn: 'arn:aws:iam::123456789012:role/raffle-test-scheduled-draw-role',
          deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:raffle-test-draw-dlq',
        },
      },
      clients.scheduler,
    ),
  });
}

/** The functions' clock moved past the resend limit: the next registration of an address mails again. */
const afterResendLimit = (): void => w.clock.advance((LIMITS.confirmation.resendAfterSeconds + 1) * 1000);

const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) =>
  httpEvent({
    method,
    path,
    clientCertSubject: 'CN=organiser',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }),
  });

test('every path of every handler, then: each allowed action was used, and nothing else', async () => {
  useAwsAdapters();
  // raffles: the list (the raffles index) and one raffle (its record and counters); organise: a raffle
  // created with a draw time (its ordinal from the catalogue, the record, the schedule made), its draw
  // time moved (the schedule updated), archived (the schedule deleted).
  expect((await h.raffles(admin('GET', '/raffles'))).statusCode).toBe(200);
  const key = (k: string) => ({ 'idempotency-key': k });
  const autumn = {
    raffleId: 'autumn',
    title: 'Autumn',
    prizes: [{ name: 'Pie', winners: 1 }],
    closesAt: new Date(w.clock.now().getTime() + 3600_000).toISOString(),
    drawAt: new Date(w.clock.now().getTime() + 7200_000).toISOString(),
    status: 'open',
  };
  expect((await h.organise(admin('POST', '/raffles', autumn, key('c1')))).statusCode).toBe(201);
  const later = new Date(w.clock.now().getTime() + 9000_000).toISOString();
  expect((await h.organise(admin('PATCH', '/raffles/autumn', { drawAt: later }, key('e1')))).statusCode).toBe(200);
  expect((await h.organise(admin('PATCH', '/raffles/autumn', { status: 'archived' }, key('e2')))).statusCode).toBe(200);
  expect(scheduleRequests).toEqual(['PUT autumn', 'POST autumn', 'PUT autumn', 'DELETE autumn']);
  expect((await h.raffles(admin('GET', IN_RAFFLE))).statusCode).toBe(200);
  expect((await h.raffles(admin('GET', `${IN_RAFFLE}/stats`))).statusCode).toBe(200);
  // apply without confirmEntries: a registration, and a duplicate (the transaction's condition fails).
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(201);
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(201);
  expect((await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).statusCode).toBe(200);
  // apply with confirmEntries, mail through SES: a new address (pending entry and its token), the same
  // address after the resend limit (the old token deleted), an address already entered (its notice counted).
  w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(2)))).statusCode).toBe(202);
  afterResendLimit();
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(2)))).statusCode).toBe(202);
  afterResendLimit();
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(202);
  const token = /token=([\w-]+)/.exec(JSON.parse(mailed[1]).Content.Simple.Body.Text.Data)?.[1];
  // confirm: the newest link, then again (spent).
  expect((await h.confirm(jsonPost('/confirm', { token }))).statusCode).toBe(200);
  expect((await h.confirm(jsonPost('/confirm', { token }))).statusCode).toBe(400);
  expect(mailed.map((m) => JSON.parse(m).Destination.ToAddresses)).toEqual([['e2@example.com'], ['e2@example.com'], ['e1@example.com']]);
  w.configure({ confirmEntries: false });
  // draw: a keyed draw by ticket (rejection sampling), which deletes the raffle's schedule (a draw by
  // hand replaces it), and its replay; the history.
  await w.raffle.edit({ drawAt: '2027-12-24T18:00:00.000Z' });
  await seedEntrants(db.client, db.tableName, w.raffle.keys, 4);
  const early = { winners: 2, early: true };
  expect((await h.draw(admin('POST', `${IN_RAFFLE}/draw`, early, { 'idempotency-key': 'k1' }))).statusCode).toBe(201);
  expect(scheduleRequests.slice(-1)).toEqual(['DELETE spring']);
  expect((await h.draw(admin('POST', `${IN_RAFFLE}/draw`, early, { 'idempotency-key': 'k1' }))).statusCode).toBe(200);
  expect((await h.draws(admin('GET', `${IN_RAFFLE}/draws`))).statusCode).toBe(200);
  // draw: the scheduled draw (first checks the history), here skipped after the manual one.
  const scheduled = scheduledDrawEvent('spring', '2027-12-24T18:00:00Z');
  await expect(h.scheduledDraw(scheduled)).resolves.toMatchObject({ outcome: 'skipped' });
  // draw: from the eligible list, when almost every ticket is a gap (a fresh table with sparse tickets).
  await w.freshTable();
  await seedEntrants(db.client, db.tableName, w.raffle.keys, 1);
  await wasteTickets(db.client, db.tableName, w.raffle.keys, 1000);
  const sparse = await h.draw(admin('POST', `${IN_RAFFLE}/draw`, { winners: 1, early: true }, { 'idempotency-key': 'k2' }));
  expect(JSON.parse(sparse.body ?? '{}').method).toContain('eligible-pool-sampling');

  // The organiser's console on a fresh pool: a draw, a void and its replacement, the list, the export,
  // the erasure of a winner and of a pending entrant, and the public results.
  await w.freshTable();
  for (let i = 0; i < 4; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'c')))).statusCode).toBe(201);
  const drawn = JSON.parse(
    (await h.draw(admin('POST', `${IN_RAFFLE}/draw`, { winners: 2, prize: 'Prize', early: true }, { 'idempotency-key': 'k3' }))).body ??
      '{}',
  );
  expect((await h.draw(voidPost(drawn.drawId, { email: drawn.winners[0].email, reason: 'Unreachable' }))).statusCode).toBe(201);
  // The claim sweep, as its schedule invokes the draw function: the raffles listed, each drawn one's draws read.
  expect(await h.claimSweep()).toMatchObject({ failed: [] });
  expect((await h.entrants(admin('GET', `${IN_RAFFLE}/entrants`))).statusCode).toBe(200);
  expect((await h.entrants(admin('GET', `${IN_RAFFLE}/entrants.csv`))).statusCode).toBe(200);
  expect((await h.erase(eraseDelete(drawn.winners[1].email))).statusCode).toBe(200);
  w.configure({ confirmEntries: true });
  expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(9, 'pending')))).statusCode).toBe(202);
  w.configure({ confirmEntries: false });
  // A person's erasure, from every raffle (the raffles index lists them).
  expect((await h.erase(admin('DELETE', `/people/${encodeURIComponent(person(9, 'pending').email)}`))).statusCode).toBe(200);
  expect((await h.results(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/results` }))).statusCode).toBe(200);
  // notify, as the stream delivers the draw's completion: the organiser's summary (SNS) and each winner's
  // email (SES), claimed and marked once each.
  w.configure({ notifyWinners: true });
  const mailsBefore = mailed.length;
  const stored = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { email: { S: w.raffle.keys.draw(drawn.drawId) } } }),
  );
  const completion = {
    eventName: 'MODIFY',
    dynamodb: { SequenceNumber: '1', OldImage: { ...stored.Item, status: { S: 'pending' } }, NewImage: stored.Item },
  } as unknown as DynamoDBRecord;
  expect(await h.notify({ Records: [completion] })).toEqual({ batchItemFailures: [] });
  expect(mailed.length).toBeGreaterThan(mailsBefore);
  w.configure({ notifyWinners: false });

  // A verifiable draw on AWS: commit (the pool and commitment put in the site bucket), then, once the
  // functions' clock reaches the round, reveal (the pool read back, beacon and result put).
  w.configure({ verifiable: { marginSeconds: 3 } });
  const committed = JSON.parse(
    (await h.draw(admin('POST', `${IN_RAFFLE}/draw`, { mode: 'verifiable', winners: 1, early: true }, { 'idempotency-key': 'k4' }))).body ??
      '{}',
  );
  expect(committed.status).toBe('committed');
  w.clock.advanceTo(roundTime(committed.verifiable.round) * 1000);
  const reveal = { mode: 'verifiable', winners: 1, early: true };
  expect((await h.draw(admin('POST', `${IN_RAFFLE}/draw`, reveal, { 'idempotency-key': 'k4' }))).statusCode).toBe(201);
  expect([...objects.keys()].sort()).toEqual(
    ['beacon.json', 'commitment.json', 'pool.txt', 'result.json'].map((f) => `/${SITE_BUCKET}/draws/${committed.drawId}/${f}`),
  );
  // A pool too large to freeze in the request: handed to the function itself (Lambda's Invoke), which freezes it.
  await seedEntrants(db.client, db.tableName, w.raffle.keys, Math.ceil((LIMITS.inlineVerifiableEntrants + 1) / COUNTER_SHARDS));
  const large = await h.draw(
    admin('POST', `${IN_RAFFLE}/draw`, { mode: 'verifiable', winners: 1, early: true }, { 'idempotency-key': 'k5' }),
  );
  expect([large.statusCode, JSON.parse(large.body ?? '{}').status, invoked.length]).toEqual([202, 'freezing', 1]);
  expect(await h.step(invoked[0])).toEqual({ status: 'committed' });

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
  for (const name of ['raffles', 'organise', 'apply', 'confirm', 'draws', 'entrants', 'erase', 'results'] as const)
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
  const rogue = asFunction('results', () => db.client.send(new ScanCommand({ TableName: db.tableName, Limit: 1 })));
  await expect(rogue()).rejects.toThrow('the results function sent dynamodb:Scan on table, which its role does not allow');
});
