import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { httpEvent, jsonPost, parseBody, IN_RAFFLE } from '../support/events';
import { inParallel, useHandlers } from '../support/handlers';
import { ENTRY_CASES } from '../../support/entry-cases';

const w = useHandlers();
const { db, h, logs } = w;

const LABEL = /^[0-9a-f]{20}$/;
const alice = { email: 'Alice@Example.com ', name: '  Alice Liddell ', phone: '+44 20 7946 0958' };

async function count(): Promise<number> {
  return parseBody(await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).count;
}

async function storedEntry(email: string) {
  const key = w.raffle.keys.entry(email);
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item;
}

/** Tickets handed out and entrants counted, over every counter shard: equal when no number was burned. */
async function counters(): Promise<{ issued: number; entrants: number }> {
  const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  const shards = (scan.Items ?? []).filter((i) => i.email.S?.startsWith(w.raffle.keys.counterShard(0).slice(0, -1)));
  const sum = (attr: string) => shards.reduce((n, i) => n + Number(i[attr]?.N ?? 0), 0);
  return { issued: sum('issued'), entrants: sum('entrants') };
}

async function entries() {
  const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  const { scope } = w.raffle.keys;
  return (scan.Items ?? []).filter((i) => i.email.S?.startsWith(scope) && !i.email.S.slice(scope.length).startsWith('#'));
}

describe('POST /raffle/apply (without confirmEntries: the entry counts at once)', () => {
  it('registers a normalised entry with 201, keyed by the canonical address and written to as typed, and counts it', async () => {
    // WHEN
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    // THEN
    expect(res.statusCode).toBe(201);
    expect(parseBody(res)).toEqual({ status: 'registered', label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown });
    const item = await storedEntry('alice@example.com');
    expect(item?.contactEmail.S).toBe('Alice@example.com');
    expect(item?.name.S).toBe('Alice Liddell');
    expect(item?.phone.S).toBe('+442079460958');
    expect(item?.status.S).toBe('confirmed');
    expect(new Date(item?.createdAt.S as string).toString()).not.toBe('Invalid Date');
    expect(Number(item?.drawTicket.N)).toBe(w.raffle.keys.drawTicket(Number(item?.ticket.N)));
    expect(item?.expiresAt).toBeUndefined();
    expect(await count()).toBe(1);
  });

  it.each([
    ['any case, any spaces', ' ALICE@example.COM'],
    ['a +tag', 'alice+second-chance@example.com'],
  ])('answers a second registration of the same person (%s) exactly like the first, and keeps the first entry', async (_label, email) => {
    // GIVEN
    const first = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    const before = await storedEntry('alice@example.com');
    // WHEN someone tries again, or tries to take over the address
    const again = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email, name: 'Mallory', phone: '+1 202 555 0143' }));
    // THEN nobody can tell from the answer whether the address had entered: the same answer but for
    // its label, a fresh random one that names no entry (the first answer carried the entry's own)
    const label = (r: typeof first) => String(parseBody(r).label);
    expect(first.statusCode).toBe(201);
    expect([again.statusCode, Object.keys(parseBody(again))]).toEqual([201, ['status', 'label']]);
    expect(label(first)).toBe(before?.label.S);
    expect(label(again)).toMatch(LABEL);
    expect(label(again)).not.toBe(label(first));
    expect(await storedEntry('alice@example.com')).toEqual(before);
    expect(await count()).toBe(1);
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
  });

  it('gives one entry to every Gmail spelling of one mailbox, registered in parallel, and burns no ticket', async () => {
    const spellings = [
      'grace.hopper@gmail.com',
      'GraceHopper@gmail.com',
      'grace.hopper+1@gmail.com',
      'g.r.a.c.e.hopper@googlemail.com',
      'GRACE.HOPPER+raffle@GMAIL.COM',
    ];
    const results = await Promise.all(
      spellings.flatMap((email, i) =>
        Array.from({ length: 4 }, (_, j) =>
          h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email, name: `Grace ${i}.${j}`, phone: `+1415555${String(2600 + i * 4 + j)}` })),
        ),
      ),
    );
    expect(new Set(results.map((r) => `${r.statusCode} ${parseBody(r).status}`))).toEqual(new Set(['201 registered']));
    // Every answer carries a label, each a different one: only one of them is the entry's.
    const labels = results.map((r) => String(parseBody(r).label));
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain((await entries())[0].label.S);
    expect((await entries()).map((e) => e.email.S)).toEqual([w.raffle.keys.entry('gracehopper@gmail.com')]);
    expect(await count()).toBe(1);
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
  });

  it('gives exactly one entry and a count of 1 for 50 parallel registrations of one email', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...alice, name: `Alice ${i}` }))),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(50);
    expect(await entries()).toHaveLength(1);
    expect(await count()).toBe(1);
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
  });

  it('keeps the count exact and the tickets dense under parallel distinct registrations', async () => {
    await inParallel(60, 16, (i) =>
      h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email: `p${i}@example.org`, name: `P ${i}`, phone: `+1415555${2600 + i}` })),
    );
    expect(await count()).toBe(60);
    expect(await counters()).toEqual({ issued: 60, entrants: 60 });
  });

  it('refuses a second entry with the same phone number (409), in the same transaction, burning no ticket', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email: 'bob@example.com', name: 'Bob', phone: '+442079460958' }));
    expect(res.statusCode).toBe(409);
    expect(parseBody(res).error).toEqual({ code: 'phone_already_registered', message: expect.any(String), field: 'phone' });
    expect(res.body).not.toMatch(/alice|Liddell/i);
    expect(await storedEntry('bob@example.com')).toBeUndefined();
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
    // Of many people racing for one number, one gets it.
    const racers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email: `racer${i}@example.com`, name: `R${i}`, phone: '+14155552671' })),
      ),
    );
    expect(racers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(racers.filter((r) => r.statusCode === 409)).toHaveLength(19);
    expect(await counters()).toEqual({ issued: 2, entrants: 2 });
  });

  it('allows several entries per phone number when onePerPhone is off', async () => {
    w.configure({ onePerPhone: false });
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email: 'bob@example.com', name: 'Bob', phone: '+442079460958' }));
    expect(res.statusCode).toBe(201);
    expect(await count()).toBe(2);
  });

  it('gives a bot that fills the hidden "website" field the ordinary answer, stores nothing, and counts it in the log', async () => {
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...alice, website: 'https://spam.example' }));
    expect([res.statusCode, parseBody(res)]).toEqual([
      201,
      { status: 'registered', label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
    // Nothing but the raffle's record and the catalogue that gave it its ordinal.
    expect(scan.Items?.map((i) => i.email.S).sort()).toEqual(['#raffle#spring', '#raffles']);
    expect(JSON.parse(logs.lines[0])).toMatchObject({ status: 201, honeypot: true });
  });

  describe('with a rules URL (consent)', () => {
    beforeEach(async () => {
      await w.raffle.edit({ rulesUrl: 'https://example.com/raffle/rules', privacyUrl: 'https://example.com/privacy' });
    });

    it('refuses an entry without "consent": true (400 consent_required) and stores nothing', async () => {
      const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
      expect(res.statusCode).toBe(400);
      expect(parseBody(res).error).toMatchObject({ code: 'consent_required', field: 'consent' });
      expect(await entries()).toEqual([]);
    });

    it('stores with the entry when it was accepted and which rules and notice', async () => {
      const before = w.clock.now().getTime();
      expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...alice, consent: true }))).statusCode).toBe(201);
      const consent = (await storedEntry('alice@example.com'))?.consent.M;
      expect(consent?.rulesUrl.S).toBe('https://example.com/raffle/rules');
      expect(consent?.privacyUrl.S).toBe('https://example.com/privacy');
      expect(Date.parse(consent?.acceptedAt.S ?? '')).toBeGreaterThanOrEqual(before - 1000);
    });
  });

  describe('on the public API, behind CloudFront (PUBLIC_API_ID and ORIGIN_SECRET set)', () => {
    const SECRET = '0b6a3c1e-9d7f-4a52-8e21-5f3c9a7d2b10';
    beforeEach(() => {
      w.configure({ publicApiId: 'pub123', originSecret: SECRET });
    });
    const viaApi = <T extends { requestContext: { apiId: string } }>(event: T): T => {
      event.requestContext.apiId = 'pub123';
      return event;
    };

    it.each([
      ['no origin header (straight to execute-api)', {}],
      ['a wrong secret', { 'x-raffle-origin-verify': 'guess' }],
      ['the secret with one character changed', { 'x-raffle-origin-verify': `${SECRET.slice(0, -1)}1` }],
    ])('refuses every public route with %s: 403 forbidden_origin, nothing stored', async (_label, headers) => {
      const answers = await Promise.all([
        h.apply(viaApi(jsonPost(`${IN_RAFFLE}/apply`, alice, headers))),
        h.confirm(viaApi(jsonPost('/confirm', { token: 'A'.repeat(43) }, headers))),
        h.raffles(viaApi(httpEvent({ method: 'GET', path: IN_RAFFLE, headers }))),
      ]);
      expect(answers.map((r) => [r.statusCode, parseBody(r).error.code])).toEqual([
        [403, 'forbidden_origin'],
        [403, 'forbidden_origin'],
        [403, 'forbidden_origin'],
      ]);
      expect(await entries()).toEqual([]);
    });

    it('answers a request that came through CloudFront (the header it adds)', async () => {
      expect((await h.apply(viaApi(jsonPost(`${IN_RAFFLE}/apply`, alice, { 'x-raffle-origin-verify': SECRET })))).statusCode).toBe(201);
      // The admin API (another api id) does not ask for it: mutual TLS or IAM guard it.
      expect((await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).statusCode).toBe(200);
    });
  });

  it('without a rules URL, accepts and ignores a consent field', async () => {
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...alice, consent: 'whatever' }))).statusCode).toBe(201);
    expect((await storedEntry('alice@example.com'))?.consent).toBeUndefined();
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
    const res = await h.apply(
      httpEvent({ method: 'POST', path: `${IN_RAFFLE}/apply`, body, headers: { 'content-type': 'application/json' } }),
    );
    expect(res.statusCode).toBe(400);
    expect(parseBody(res).error).toEqual({ code, message: expect.any(String), ...(field ? { field, reason: expect.any(String) } : {}) });
    expect(await count()).toBe(0);
  });

  // The table the model's test and the page's test run too: the server refuses exactly what the page does.
  it.each(ENTRY_CASES.map((c, i) => ({ ...c, i })))('$field: $why, as the shared table says', async ({ field, typed, expected, i }) => {
    const entry = {
      email: `case${i}@example.com`,
      name: 'Case Person',
      phone: `+44 7911 1234${String(i).padStart(2, '0')}`,
      [field]: typed,
    };
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, entry));
    if ('reason' in expected) {
      expect(res.statusCode).toBe(400);
      expect(parseBody(res).error).toEqual(expect.objectContaining({ field, reason: expected.reason }));
      expect(await count()).toBe(0);
    } else {
      expect(res.statusCode).toBe(201);
      const item = await storedEntry(field === 'email' ? expected.stored.toLowerCase() : `case${i}@example.com`);
      expect(item?.[field === 'email' ? 'contactEmail' : field].S).toBe(expected.stored);
    }
  });

  it('accepts a 255-character email only after trimming it to 254', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email).toHaveLength(254);
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email: ` ${email}`, name: 'Long', phone: '+14155552671' }));
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
        path: `${IN_RAFFLE}/apply`,
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
        path: `${IN_RAFFLE}/apply`,
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
    const plain = await h.apply(
      httpEvent({ method: 'POST', path: `${IN_RAFFLE}/apply`, body, headers: { 'content-type': 'application/json' } }),
    );
    expect(plain.statusCode).toBe(413);
    const encoded = await h.apply(
      httpEvent({
        method: 'POST',
        path: `${IN_RAFFLE}/apply`,
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
        path: `${IN_RAFFLE}/apply`,
        body: Buffer.from(JSON.stringify(alice)).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(res.statusCode).toBe(201);
  });

  it("answers 403 entries_closed after the raffle's closesAt and accepts entries before it", async () => {
    await w.raffle.edit({ closesAt: new Date(w.clock.now().getTime() - 1000).toISOString() });
    const closed = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    expect(closed.statusCode).toBe(403);
    expect(parseBody(closed).error.code).toBe('entries_closed');

    await w.raffle.edit({ closesAt: new Date(w.clock.now().getTime() + 60_000).toISOString() });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice))).statusCode).toBe(201);
  });

  it('answers a fault with 500, the request id and no internal message', async () => {
    w.configure({ tableName: 'no-such-table' });
    const event = jsonPost(`${IN_RAFFLE}/apply`, alice);
    const res = await h.apply(event);
    expect(res.statusCode).toBe(500);
    expect(parseBody(res)).toEqual({
      error: { code: 'internal_error', message: expect.any(String), requestId: event.requestContext.requestId },
    });
    expect(res.body).not.toMatch(/no-such-table|ResourceNotFound|resource/i);
  });

  it('logs one JSON line per request with request id, route, status and duration, and never the phone number', async () => {
    const event = jsonPost(`${IN_RAFFLE}/apply`, alice);
    await h.apply(event);
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, alice));
    expect(logs.lines).toHaveLength(2);
    const [first, second] = logs.lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      level: 'info',
      requestId: event.requestContext.requestId,
      route: 'POST /raffle/raffles/{raffleId}/apply',
      status: 201,
      durationMs: expect.any(Number),
    });
    // A repeat is no error, and its line says nothing that would identify the entrant.
    expect(second).toMatchObject({ level: 'info', status: 201, admitted: false });
    expect(logs.lines.join('\n')).not.toMatch(/7946|\+44|Liddell/);
  });
});
