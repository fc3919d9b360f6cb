/**
 * GIVEN each AWS adapter (functions/runtime/aws/) with a client of its service pointed at a local HTTP
 *       stand-in (region eu-west-1, dummy credentials), and drand's relays stood in for the same way
 * WHEN the functions send through it
 * THEN the request is the one the service expects (what it carries, where it goes), the answer is read
 *      as the service gives it, and what must not be sent is refused before anything leaves.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { relayBeacon } from '../../../functions/runtime/aws/drand-beacon';
import { lazyLambdaSelfInvoker, lazyS3Publisher } from '../../../functions/draw/lazy-adapters';
import { lambdaSelfInvoker } from '../../../functions/runtime/aws/lambda-invoker';
import { s3Publisher } from '../../../functions/runtime/aws/s3-publisher';
import { sesMailer } from '../../../functions/runtime/aws/ses-mailer';
import { snsNotifier } from '../../../functions/runtime/aws/sns-notifier';
import { BeaconUnavailable } from '../../../functions/runtime/ports';
import { createLocalBeacon } from '../../../local/beacon';
import { freePort } from '../../../local/ports';
import { TestClock } from '../../../testkit/clock';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A request's path, without the query the SDK adds (x-id=PutObject...). */
const pathOf = (r: Received): string => r.url.split('?')[0];

/** Every request the stand-in received in this test, and how it answers the next ones. */
const received: Received[] = [];
let answer: (request: Received) => Answer = () => ({ status: 500 });
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(request);
      const out = answer(request);
      res.writeHead(out.status, out.headers ?? {}).end(out.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answer = () => ({ status: 500 });
});

/** What every client here is made with: the stand-in, a region, credentials nobody checks, no retries. */
const clientConfig = () => ({
  endpoint,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

/** Runs `body` with a client, and destroys the client after: no sockets left open. */
async function withClient<C extends { destroy(): void }, T>(client: C, body: (client: C) => Promise<T>): Promise<T> {
  try {
    return await body(client);
  } finally {
    client.destroy();
  }
}

const mail = {
  to: 'winner@example.com',
  subject: 'You won: Bike',
  text: 'Congratulations!\nReply to claim.',
  replyTo: 'prizes@example.com',
};

describe('sesMailer (SES v2 SendEmail)', () => {
  it('sends from MAIL_FROM to the recipient, with the reply-to address, the subject and the body', async () => {
    answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"MessageId":"m-1"}' });
    await withClient(new SESv2Client(clientConfig()), (client) => sesMailer({ mailFrom: 'raffle@raffle.example.com' }, client).send(mail));
    expect(received.map((r) => [r.method, r.url])).toEqual([['POST', '/v2/email/outbound-emails']]);
    expect(JSON.parse(received[0].body)).toEqual({
      FromEmailAddress: 'raffle@raffle.example.com',
      Destination: { ToAddresses: ['winner@example.com'] },
      ReplyToAddresses: ['prizes@example.com'],
      Content: {
        Simple: {
          Subject: { Data: 'You won: Bike', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Congratulations!\nReply to claim.', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('leaves the reply-to out when the mail names none', async () => {
    answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"MessageId":"m-2"}' });
    const { replyTo: _none, ...withoutReplyTo } = mail;
    await withClient(new SESv2Client(clientConfig()), (client) =>
      sesMailer({ mailFrom: 'raffle@raffle.example.com' }, client).send(withoutReplyTo),
    );
    expect(JSON.parse(received[0].body)).not.toHaveProperty('ReplyToAddresses');
  });

  it('says clearly that MAIL_FROM is missing, and sends nothing', async () => {
    await withClient(new SESv2Client(clientConfig()), async (client) => {
      await expect(sesMailer({}, client).send(mail)).rejects.toThrow(/MAIL_FROM is not set/);
    });
    expect(received).toEqual([]);
  });

  it('throws when SES refuses the mail', async () => {
    answer = () => ({
      status: 400,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' },
      body: '{"message":"Email address is not verified."}',
    });
    await withClient(new SESv2Client(clientConfig()), async (client) => {
      await expect(sesMailer({ mailFrom: 'raffle@raffle.example.com' }, client).send(mail)).rejects.toMatchObject({
        name: 'MessageRejected',
      });
    });
  });
});

describe('snsNotifier (SNS Publish)', () => {
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:raffle-notifications';
  const published = () => ({
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>',
  });

  it('publishes to the topic, the subject cut to SNS’s 100 characters, the text whole', async () => {
    answer = published;
    const subject = `Raffle: Draw complete (${'A very long prize name '.repeat(6)})`;
    expect(subject.length).toBeGreaterThan(100);
    const outcome = await withClient(new SNSClient(clientConfig()), (client) =>
      snsNotifier({ notificationTopicArn: TOPIC }, client).notify({ subject, text: 'Winners: 2 (2 asked for), from 6 entrant(s).' }),
    );
    expect(outcome).toBe('sent');
    expect(received).toHaveLength(1);
    const form = new URLSearchParams(received[0].body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('TopicArn')).toBe(TOPIC);
    expect(form.get('Subject')).toBe(subject.slice(0, 100));
    expect(form.get('Subject')).toHaveLength(100);
    expect(form.get('Message')).toBe('Winners: 2 (2 asked for), from 6 entrant(s).');
  });

  it("answers 'none' without a topic, and sends nothing", async () => {
    const outcome = await withClient(new SNSClient(clientConfig()), (client) =>
      snsNotifier({}, client).notify({ subject: 's', text: 't' }),
    );
    expect(outcome).toBe('none');
    expect(received).toEqual([]);
  });
});

describe('s3Publisher (the site bucket)', () => {
  const DRAW = '0123456789abcdef0123456789abcdef';
  const objects = new Map<string, { body: string; contentType?: string }>();
  beforeEach(() => {
    objects.clear();
    answer = (r): Answer => {
      const key = pathOf(r);
      if (r.method === 'PUT') {
        objects.set(key, { body: r.body, contentType: r.headers['content-type'] });
        return { status: 200, headers: { etag: '"e"' } };
      }
      const object = objects.get(key);
      return object
        ? { status: 200, headers: { 'content-type': object.contentType ?? '' }, body: object.body }
        : { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code></Error>' };
    };
  });
  const s3 = () => new S3Client({ ...clientConfig(), forcePathStyle: true });

  it('puts each file at draws/<id>/<name> with its content type and cache-control, and reads it back', async () => {
    await withClient(s3(), async (client) => {
      const publisher = s3Publisher({ siteBucket: 'raffle-site' }, client);
      await publisher.put(DRAW, 'commitment.json', '{"round":7}');
      await publisher.put(DRAW, 'pool.txt', 'a1\nb2\n');
      expect(await publisher.read(DRAW, 'pool.txt')).toBe('a1\nb2\n');
    });
    const puts = received.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [pathOf(r), r.headers['content-type'], r.headers['cache-control'], r.body])).toEqual([
      [`/raffle-site/draws/${DRAW}/commitment.json`, 'application/json', 'public, max-age=60', '{"round":7}'],
      [`/raffle-site/draws/${DRAW}/pool.txt`, 'text/plain; charset=utf-8', 'public, max-age=60', 'a1\nb2\n'],
    ]);
    expect(received.filter((r) => r.method === 'GET').map(pathOf)).toEqual([`/raffle-site/draws/${DRAW}/pool.txt`]);
  });

  it.each([
    ['a draw id that is not one', '../../etc', 'pool.txt'],
    ['a name with a path in it', DRAW, '../index.html'],
    ['a name of another kind', DRAW, 'page.html'],
  ])('refuses %s, and sends nothing', async (_what, drawId, name) => {
    await withClient(s3(), async (client) => {
      const publisher = s3Publisher({ siteBucket: 'raffle-site' }, client);
      await expect(publisher.put(drawId, name, 'x')).rejects.toThrow(/not a draw file/);
      await expect(publisher.read(drawId, name)).rejects.toThrow(/not a draw file/);
    });
    expect(received).toEqual([]);
  });

  it('says clearly that SITE_BUCKET is missing', async () => {
    await withClient(s3(), async (client) => {
      await expect(s3Publisher({}, client).put(DRAW, 'pool.txt', 'x')).rejects.toThrow(/SITE_BUCKET is not set/);
    });
    expect(received).toEqual([]);
  });
});

describe('lambdaSelfInvoker (Lambda Invoke, asynchronous)', () => {
  it('invokes the named function with InvocationType Event and the event as JSON', async () => {
    answer = () => ({ status: 202 });
    const event = { step: 'walk', drawId: 'd1', lease: 'l-1' };
    await withClient(new LambdaClient(clientConfig()), (client) => lambdaSelfInvoker('raffle-prod-draw', client).invoke(event));
    expect(received).toHaveLength(1);
    expect([received[0].method, received[0].url]).toEqual(['POST', '/2015-03-31/functions/raffle-prod-draw/invocations']);
    expect(received[0].headers['x-amz-invocation-type']).toBe('Event');
    expect(JSON.parse(received[0].body)).toEqual(event);
  });

  it('rejects when Lambda does not answer 202 (the event was not queued)', async () => {
    answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: 'null' });
    await withClient(new LambdaClient(clientConfig()), async (client) => {
      await expect(lambdaSelfInvoker('raffle-prod-draw', client).invoke({ step: 'freeze' })).rejects.toThrow(
        'Lambda did not queue the event for raffle-prod-draw (status 200)',
      );
    });
  });
});

describe('relayBeacon (drand relays over HTTP)', () => {
  const clock = new TestClock();
  const local = createLocalBeacon(clock);
  const ROUND = 1234;
  /** What each relay path answers: a round, signed; a 404; or something that is not a beacon. */
  beforeEach(() => {
    answer = (r) => {
      if (r.url === `/good/public/${ROUND}`)
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(local.sign(ROUND)) };
      if (r.url.startsWith('/odd/'))
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ round: ROUND + 1 }) };
      return { status: 404, body: 'not found' };
    };
  });

  it('tries the relays in turn: skips a 404, a non-beacon answer and a relay that does not answer, and returns the round', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/chain`;
    const beacon = relayBeacon(
      [`${endpoint}/missing`, `${endpoint}/odd/`, closed, `${endpoint}/good`, `${endpoint}/never-asked`],
      local.chain,
    );
    expect(beacon.chain).toBe(local.chain);
    expect(await beacon.round(ROUND)).toEqual(local.sign(ROUND));
    // In order, each once, none after the one that answered.
    expect(received.map((r) => r.url)).toEqual([`/missing/public/${ROUND}`, `/odd/public/${ROUND}`, `/good/public/${ROUND}`]);
    expect(received.every((r) => r.method === 'GET')).toBe(true);
  });

  it('throws BeaconUnavailable naming every relay and what went wrong with it when none gives the round', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const beacon = relayBeacon([`${endpoint}/missing`, `${endpoint}/odd`, closed], local.chain);
    const err = await beacon.round(ROUND).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BeaconUnavailable);
    const failures = (err as BeaconUnavailable).failures;
    expect(failures).toHaveLength(3);
    expect(failures[0]).toBe(`${endpoint}/missing/public/${ROUND}: HTTP 404`);
    expect(failures[1]).toBe(`${endpoint}/odd/public/${ROUND}: not a beacon of round ${ROUND}`);
    expect(failures[2].startsWith(`${closed}/public/${ROUND}: `)).toBe(true);
    for (const failure of failures) expect((err as Error).message).toContain(failure);
  });
});

describe("the draw function's adapters loaded on first use (functions/draw/lazy-adapters.ts)", () => {
  // The deployed handler makes its clients with the SDK's defaults: the stand-in is named as the SDK
  // reads an endpoint from the environment.
  const ENVIRONMENT = {
    AWS_ENDPOINT_URL_LAMBDA: () => endpoint,
    AWS_REGION: () => 'eu-west-1',
    AWS_ACCESS_KEY_ID: () => 'test',
    AWS_SECRET_ACCESS_KEY: () => 'test',
  };
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [name, value] of Object.entries(ENVIRONMENT)) {
      saved[name] = process.env[name];
      process.env[name] = value();
    }
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('the self-invoker loads Lambda’s client when first used, and invokes through it', async () => {
    answer = () => ({ status: 202 });
    const invoker = lazyLambdaSelfInvoker('raffle-prod-draw');
    expect(received).toEqual([]);
    await invoker.invoke({ step: 'freeze', drawId: 'd1' });
    await invoker.invoke({ step: 'walk', drawId: 'd1' });
    expect(received.map((r) => [r.url, r.headers['x-amz-invocation-type'], JSON.parse(r.body)])).toEqual([
      ['/2015-03-31/functions/raffle-prod-draw/invocations', 'Event', { step: 'freeze', drawId: 'd1' }],
      ['/2015-03-31/functions/raffle-prod-draw/invocations', 'Event', { step: 'walk', drawId: 'd1' }],
    ]);
  });

  it('the publisher is the S3 publisher once loaded: its refusals, its missing bucket', async () => {
    await expect(lazyS3Publisher({ siteBucket: 'raffle-site' }).put('../../etc', 'pool.txt', 'x')).rejects.toThrow(/not a draw file/);
    await expect(lazyS3Publisher({}).read('0123456789abcdef0123456789abcdef', 'pool.txt')).rejects.toThrow(/SITE_BUCKET is not set/);
    expect(received).toEqual([]);
  });
});
