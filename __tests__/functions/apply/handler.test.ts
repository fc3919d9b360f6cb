import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { useDynamoDbLocal } from '../../support/dynamodb';
import { httpEvent, jsonPost, parseBody } from '../support/events';
import { captureLogs, inParallel, loadHandlers, type Handlers } from '../support/handlers';
import { COUNTER_SHARDS } from '../../../model/schema';

const db = useDynamoDbLocal();
const logs = captureLogs();
let h: Handlers;

beforeAll(async () => {
  h = await loadHandlers();
});

beforeEach(async () => {
  delete process.env.ENTRY_DEADLINE;
  await db.freshTable();
});

const alice = { email: 'Alice@Example.com ', name: '  Alice Liddell ', phone: '+44 20 7946 0958' };

async function count(): Promise<number> {
  return parseBody(await h.count(httpEvent({ method: 'GET', path: '/count' }))).count;
}

async function storedEntry(email: string) {
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: email } }, ConsistentRead: true }));
  return out.Item;
}

describe('POST /raffle/apply', () => {
  it('registers a normalised entry with 201 and counts it', async () => {
    // WHEN
    const res = await h.apply(jsonPost('/apply', alice));
    // THEN
    expect(res.statusCode).toBe(201);
    expect(parseBody(res)).toEqual({ registered: true });
    const item = await storedEntry('alice@example.com');
    expect(item?.name.S).toBe('Alice Liddell');
    expect(item?.phone.S).toBe('+442079460958');
    expect(new Date(item?.createdAt.S as string).toString()).not.toBe('Invalid Date');
    expect(item?.ticket.N).toBe(item?.drawTicket.N);
    expect(Number(item?.ticket.N) % COUNTER_SHARDS).toBeGreaterThanOrEqual(0);
    expect(await count()).toBe(1);
  });

  it('refuses a second registration of the same email (any case, any spaces) with 409 and keeps the first entry', async () => {
    // GIVEN
    await h.apply(jsonPost('/apply', alice));
    const before = await storedEntry('alice@example.com');
    // WHEN someone else tries to take over the address
    const res = await h.apply(jsonPost('/apply', { email: ' ALICE@example.COM', name: 'Mallory', phone: '+1 202 555 0143' }));
    // THEN
    expect(res.statusCode).toBe(409);
    expect(parseBody(res)).toEqual({ error: { code: 'already_registered', message: expect.any(String) } });
    expect(res.body).not.toMatch(/Alice|7946|Liddell/);
    expect(await storedEntry('alice@example.com')).toEqual(before);
    expect(await count()).toBe(1);
  });

  it('gives exactly one entry and a count of 1 for 50 parallel registrations of one email', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => h.apply(jsonPost('/apply', { ...alice, name: `Alice ${i}` }))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(49);
    const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
    expect((scan.Items ?? []).filter((i) => i.email.S?.includes('@'))).toHaveLength(1);
    expect(await count()).toBe(1);
  });

  it('keeps the count exact under parallel distinct registrations', async () => {
    await inParallel(60, 16, (i) => h.apply(jsonPost('/apply', { email: `p${i}@example.org`, name: `P ${i}`, phone: '+14155552671' })));
    expect(await count()).toBe(60);
  });

  it.each([
    ['malformed JSON', '{"email":', 'malformed_json', undefined],
    ['an array', '[1,2]', 'invalid_body', undefined],
    ['a JSON string', '"hello"', 'invalid_body', undefined],
    ['null', 'null', 'invalid_body', undefined],
    ['an empty body', '', 'malformed_json', undefined],
    ['a missing email', JSON.stringify({ name: 'A', phone: '+14155552671' }), 'missing_field', 'email'],
    ['a blank name', JSON.stringify({ email: 'a@example.com', name: '   ', phone: '+14155552671' }), 'missing_field', 'name'],
    ['a missing phone', JSON.stringify({ email: 'a@example.com', name: 'A' }), 'missing_field', 'phone'],
    ['a numeric email', JSON.stringify({ email: 42, name: 'A', phone: '+14155552671' }), 'invalid_field', 'email'],
    ['an invalid email', JSON.stringify({ email: 'not-an-email', name: 'A', phone: '+14155552671' }), 'invalid_field', 'email'],
    [
      'a 255-character email',
      JSON.stringify({
        email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
        name: 'A',
        phone: '+14155552671',
      }),
      'invalid_field',
      'email',
    ],
    [
      'a 101-character name',
      JSON.stringify({ email: 'a@example.com', name: 'n'.repeat(101), phone: '+14155552671' }),
      'invalid_field',
      'name',
    ],
    ['a name with a newline', JSON.stringify({ email: 'a@example.com', name: 'A\nB', phone: '+14155552671' }), 'invalid_field', 'name'],
    ['a national phone number', JSON.stringify({ email: 'a@example.com', name: 'A', phone: '020 7946 0958' }), 'invalid_field', 'phone'],
    ['an impossible phone number', JSON.stringify({ email: 'a@example.com', name: 'A', phone: '+44 12' }), 'invalid_field', 'phone'],
  ])('answers 400 to %s', async (_label, body, code, field) => {
    const res = await h.apply(httpEvent({ method: 'POST', path: '/apply', body, headers: { 'content-type': 'application/json' } }));
    expect(res.statusCode).toBe(400);
    expect(parseBody(res).error).toEqual({ code, message: expect.any(String), ...(field ? { field } : {}) });
    expect(await count()).toBe(0);
  });

  it('accepts a 255-character email only after trimming it to 254', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email).toHaveLength(254);
    const res = await h.apply(jsonPost('/apply', { email: ` ${email}`, name: 'Long', phone: '+14155552671' }));
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain'],
    ['form encoding', 'application/x-www-form-urlencoded'],
  ])('answers 415 to %s', async (_label, contentType) => {
    const res = await h.apply(
      httpEvent({
        method: 'POST',
        path: '/apply',
        body: JSON.stringify(alice),
        headers: contentType ? { 'content-type': contentType } : {},
      }),
    );
    expect(res.statusCode).toBe(415);
    expect(parseBody(res).error.code).toBe('unsupported_media_type');
  });

  it('accepts application/json with a charset and a mixed-case header name', async () => {
    const res = await h.apply(
      httpEvent({
        method: 'POST',
        path: '/apply',
        body: JSON.stringify(alice),
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      }),
    );
    expect(res.statusCode).toBe(201);
  });

  it('answers 413 to a body over 4 KB, counting bytes, also when base64-encoded', async () => {
    // 2,100 two-byte characters: 2,100 UTF-16 units but 4,200 bytes plus the JSON around them.
    const body = JSON.stringify({ ...alice, name: 'é'.repeat(2100) });
    expect(body.length).toBeLessThan(4096);
    const plain = await h.apply(httpEvent({ method: 'POST', path: '/apply', body, headers: { 'content-type': 'application/json' } }));
    expect(plain.statusCode).toBe(413);
    const encoded = await h.apply(
      httpEvent({
        method: 'POST',
        path: '/apply',
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(encoded.statusCode).toBe(413);
    expect(parseBody(encoded).error.code).toBe('body_too_large');
  });

  it('decodes a base64-encoded body', async () => {
    const res = await h.apply(
      httpEvent({
        method: 'POST',
        path: '/apply',
        body: Buffer.from(JSON.stringify(alice)).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(res.statusCode).toBe(201);
  });

  it('answers 403 entries_closed after ENTRY_DEADLINE and accepts entries before it', async () => {
    process.env.ENTRY_DEADLINE = new Date(Date.now() - 1000).toISOString();
    const closed = await h.apply(jsonPost('/apply', alice));
    expect(closed.statusCode).toBe(403);
    expect(parseBody(closed).error.code).toBe('entries_closed');

    process.env.ENTRY_DEADLINE = new Date(Date.now() + 60_000).toISOString();
    expect((await h.apply(jsonPost('/apply', alice))).statusCode).toBe(201);
  });

  it('answers a fault with 500, the request id and no internal message', async () => {
    process.env.TABLE_NAME = 'no-such-table';
    const event = jsonPost('/apply', alice);
    const res = await h.apply(event);
    expect(res.statusCode).toBe(500);
    expect(parseBody(res)).toEqual({
      error: { code: 'internal_error', message: expect.any(String), requestId: event.requestContext.requestId },
    });
    expect(res.body).not.toMatch(/no-such-table|ResourceNotFound|resource/i);
  });

  it('logs one JSON line per request with request id, route, status and duration, and never the phone number', async () => {
    logs.lines.length = 0;
    const event = jsonPost('/apply', alice);
    await h.apply(event);
    await h.apply(jsonPost('/apply', alice));
    expect(logs.lines).toHaveLength(2);
    const [first, second] = logs.lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      level: 'info',
      requestId: event.requestContext.requestId,
      route: 'POST /raffle/apply',
      status: 201,
      durationMs: expect.any(Number),
    });
    expect(second).toMatchObject({ level: 'warn', status: 409, code: 'already_registered' });
    expect(logs.lines.join('\n')).not.toMatch(/7946|\+44|Liddell/);
  });
});
