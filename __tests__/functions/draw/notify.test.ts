/**
 * The draw's notification to the organiser. SNS has no local engine, so the SDK is pointed (through the
 * standard AWS_ENDPOINT_URL_SNS variable, no test hook in the handler) at a small HTTP listener that
 * records each Publish and answers as SNS does; the database is still DynamoDB Local.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { drawNotification } from '../../../functions/draw/notify';
import type { DrawRecord } from '../../../functions/shared/draw-record';
import { useDynamoDbLocal } from '../../support/dynamodb';
import { drawPost, httpEvent, jsonPost } from '../support/events';
import { person } from '../../support/people';
import { captureLogs, loadHandlers, type Handlers } from '../support/handlers';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:raffle-notifications';
const db = useDynamoDbLocal();
const logs = captureLogs();
let h: Handlers;
let sns: { server: http.Server; published: URLSearchParams[]; failWith?: number };

beforeAll(async () => {
  sns = { server: http.createServer(), published: [] };
  sns.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (sns.failWith) {
        res.writeHead(sns.failWith, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>boom</Message></Error><RequestId>r</RequestId></ErrorResponse>',
        );
        return;
      }
      sns.published.push(new URLSearchParams(body));
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => sns.server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${(sns.server.address() as AddressInfo).port}`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    NOTIFICATION_TOPIC_ARN: TOPIC,
    // SNS retries a 500 with backoff; one attempt keeps the failure case quick.
    AWS_MAX_ATTEMPTS: '1',
  });
  h = await loadHandlers();
});

afterAll(async () => {
  delete process.env.NOTIFICATION_TOPIC_ARN;
  delete process.env.AWS_ENDPOINT_URL_SNS;
  await new Promise((resolve) => sns.server.close(resolve));
});

beforeEach(async () => {
  await db.freshTable();
  sns.published.length = 0;
  sns.failWith = undefined;
  for (const i of [1, 2]) {
    expect((await h.apply(jsonPost('/apply', person(i, 'n')))).statusCode).toBe(201);
  }
});

const drawWithKey = (key: string) => h.draw(drawPost({ winners: 1 }, { 'idempotency-key': key }));

describe('draw notification', () => {
  it('publishes one message naming the winner to the configured topic, and not again on a replay', async () => {
    // WHEN
    const first = await drawWithKey('notify-1');
    const replay = await drawWithKey('notify-1');
    // THEN
    expect([first.statusCode, replay.statusCode]).toEqual([201, 200]);
    expect(sns.published).toHaveLength(1);
    const publish = sns.published[0];
    expect(publish.get('Action')).toBe('Publish');
    expect(publish.get('TopicArn')).toBe(TOPIC);
    const winner = JSON.parse(first.body as string).winners[0];
    expect(publish.get('Message')).toContain(`${winner.name} <${winner.email}>`);
  });

  it('announces a half-finished draw once, from the request that finishes it, however many resume it at once', async () => {
    // GIVEN a draw record left pending, as a crash after the record write would leave it
    const { drawIdFor } = await import('../../../functions/draw/request');
    const { newDrawRecord } = await import('../../../functions/draw/run-draw');
    const { putDrawIfAbsent } = await import('../../../functions/draw/store');
    const { readCounters } = await import('../../../functions/shared/counters');
    const key = 'notify-resumed';
    const drawId = drawIdFor(httpEvent({ method: 'POST', path: '/draw', headers: { 'idempotency-key': key } }));
    await putDrawIfAbsent(
      newDrawRecord({ drawId, requested: 1, drawnBy: 'CN=organiser', now: new Date() }, await readCounters({ includeStats: true })),
    );
    // WHEN three retries resume it at once
    const results = await Promise.all([drawWithKey(key), drawWithKey(key), drawWithKey(key)]);
    // THEN all return the same finished draw, and it was announced exactly once
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => JSON.parse(r.body as string).drawId))).toEqual(new Set([drawId]));
    expect(sns.published).toHaveLength(1);
  });

  it('keeps a good draw when SNS fails, and logs that the notification failed', async () => {
    // GIVEN
    sns.failWith = 500;
    // WHEN
    const res = await drawWithKey('notify-2');
    // THEN
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body as string).winnerCount).toBe(1);
    expect(logs.lines.some((l) => JSON.parse(l).notification === 'failed')).toBe(true);
  });
});

describe('drawNotification', () => {
  const record: DrawRecord = {
    email: '#draw#abc',
    recordType: 'draw',
    drawId: 'a'.repeat(40),
    drawnAt: '2026-12-24T18:00:00.000Z',
    status: 'complete',
    requested: 3,
    target: 2,
    entrantCount: 2,
    eligibleCount: 2,
    ticketSpace: 32,
    randomness: 'crypto.randomInt',
    method: 'ticket-rejection-sampling',
    winners: [
      { entryKey: 'a@example.com', email: 'a@example.com', name: 'Ann', ticket: 1 },
      { entryKey: 'b@example.com', email: 'b@example.com', name: 'Bo', ticket: 2 },
    ],
    winnerCount: 2,
    drawnBy: 'CN=organiser',
  };

  it('lists every winner, says when fewer were drawn than asked, and keeps the subject within SNS limits', () => {
    const n = drawNotification(record);
    expect(n.message).toContain('1. Ann <a@example.com>');
    expect(n.message).toContain('2. Bo <b@example.com>');
    expect(n.message).toContain('3 requested; only 2 eligible');
    expect(n.subject.length).toBeLessThanOrEqual(100);
  });
});
