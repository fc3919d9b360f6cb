/**
 * GIVEN the organise function against DynamoDB Local, the organiser on the admin API, and a scheduler
 *       that records what it is asked (w.scheduled)
 * WHEN raffles are created (POST /raffle/raffles) and edited (PATCH /raffle/raffles/{raffleId})
 * THEN a new raffle is a draft unless it asks to open; a taken id is 409 raffle_exists; the same
 *      Idempotency-Key again answers 200 with the raffle it made; a request without a key, or one a
 *      browser says came from another site, changes nothing; each refused edit is a 409 naming why (or
 *      a 400 for a bad field), and each allowed one is in the table; and the raffle's scheduled draw
 *      follows it: made when a published raffle has a drawAt, moved with it, deleted when it is archived,
 *      unset or drawn by hand, never for a draft.
 */
import { randomUUID } from 'crypto';
import { LIMITS } from '../../../model/limits';
import { person } from '../../support/people';
import { drawPost, httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, RAFFLE_ID } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { h } = w;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** An instant `ms` from now on the functions' clock, as the API writes it back. */
const fromNow = (ms: number): string => new Date(w.clock.now().getTime() + ms).toISOString();

/** What the organiser's page sends: JSON, a fresh Idempotency-Key unless the headers name one, from the page's own origin. */
function organiserEvent(method: 'POST' | 'PATCH', path: string, body: unknown, headers: Readonly<Record<string, string>> = {}) {
  const keyed = Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
  return httpEvent({
    method,
    path,
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
      ...(keyed ? {} : { 'idempotency-key': randomUUID() }),
      ...headers,
    },
    clientCertSubject: ORGANISER,
  });
}
const create = (body: unknown, headers: Readonly<Record<string, string>> = {}) =>
  h.organise(organiserEvent('POST', '/raffles', body, headers));
const patch = (raffleId: string, body: unknown, headers: Readonly<Record<string, string>> = {}) =>
  h.organise(organiserEvent('PATCH', `/raffles/${raffleId}`, body, headers));

/** The raffle as the organiser reads it. */
async function organiserView(raffleId: string): Promise<any> {
  const res = await h.raffles(httpEvent({ method: 'GET', path: `/raffles/${raffleId}`, clientCertSubject: ORGANISER }));
  return { statusCode: res.statusCode, ...parseBody(res) };
}
async function listed(): Promise<string[]> {
  const res = await h.raffles(httpEvent({ method: 'GET', path: '/raffles', clientCertSubject: ORGANISER }));
  return parseBody(res).raffles.map((r: { raffleId: string }) => r.raffleId);
}

/** A new raffle's JSON: "autumn", one prize, closing in a week. */
const autumn = (more: Record<string, unknown> = {}) => ({
  raffleId: 'autumn',
  title: 'Autumn raffle',
  description: 'Apples.\n\nPears.',
  prizes: [{ name: 'Basket', winners: 2 }],
  closesAt: fromNow(7 * DAY),
  ...more,
});

const status = (res: { statusCode?: number; body?: string }) => [res.statusCode, parseBody(res).error?.code];

describe('POST /raffle/raffles', () => {
  it('creates a draft by default (201): the organiser sees it with its fields and milestones, the public does not', async () => {
    const body = autumn();
    const res = await create(body);
    expect(res.statusCode).toBe(201);
    const made = parseBody(res);
    expect(made).toEqual({
      raffleId: 'autumn',
      title: 'Autumn raffle',
      status: 'draft',
      opensAt: null,
      closesAt: body.closesAt,
      description: 'Apples.\n\nPears.',
      prizes: [{ name: 'Basket', winners: 2 }],
      drawAt: null,
      rulesUrl: null,
      privacyUrl: null,
      confirmEntries: false,
      claimDays: null,
      verifiableDraws: false,
      language: 'en',
      count: 0,
      createdAt: expect.any(String),
      publishedAt: null,
      closedAt: null,
      drawnAt: null,
      archivedAt: null,
    });
    const { statusCode, ...stored } = await organiserView('autumn');
    expect(statusCode).toBe(200);
    expect(stored).toEqual(made);
    expect(await listed()).toEqual(['autumn', RAFFLE_ID]);
    // A draft takes no entry: to the public it does not exist.
    expect(status(await h.apply(jsonPost('/raffles/autumn/apply', person(1))))).toEqual([404, 'raffle_not_found']);
    expect(w.scheduled).toEqual([]);
  });

  it('publishes at once with "status": "open": entries are taken, and its drawAt is scheduled', async () => {
    const drawAt = fromNow(8 * DAY);
    const res = await create(autumn({ status: 'open', drawAt }));
    expect(res.statusCode).toBe(201);
    expect(parseBody(res)).toMatchObject({ status: 'open', publishedAt: expect.any(String), drawAt });
    expect(w.scheduled).toEqual([{ op: 'schedule', raffleId: 'autumn', at: drawAt }]);
    expect((await h.apply(jsonPost('/raffles/autumn/apply', person(1)))).statusCode).toBe(201);
    expect((await organiserView('autumn')).count).toBe(1);
  });

  it('schedules nothing for a draft, even with a drawAt', async () => {
    expect((await create(autumn({ drawAt: fromNow(8 * DAY) }))).statusCode).toBe(201);
    expect(w.scheduled).toEqual([]);
  });

  it('refuses an id that is taken: 409 raffle_exists, and the raffle that has it is unchanged', async () => {
    const before = await organiserView(RAFFLE_ID);
    const res = await create(autumn({ raffleId: RAFFLE_ID, title: 'Impostor' }));
    expect(status(res)).toEqual([409, 'raffle_exists']);
    expect(parseBody(res).error.field).toBe('raffleId');
    expect(await organiserView(RAFFLE_ID)).toEqual(before);
    // And a second create of a new id with another key.
    expect((await create(autumn())).statusCode).toBe(201);
    expect(status(await create(autumn({ title: 'Again' })))).toEqual([409, 'raffle_exists']);
    expect((await organiserView('autumn')).title).toBe('Autumn raffle');
  });

  it('answers a retry with the same Idempotency-Key 200 with the raffle it made, and makes no other', async () => {
    const key = { 'idempotency-key': 'create-autumn-1' };
    const body = autumn({ status: 'open', drawAt: fromNow(8 * DAY) });
    const first = await create(body, key);
    expect(first.statusCode).toBe(201);
    const retry = await create(body, key);
    expect(retry.statusCode).toBe(200);
    expect(parseBody(retry)).toEqual(parseBody(first));
    expect(await listed()).toEqual(['autumn', RAFFLE_ID]);
    // The retry finishes what the first may have left undone: the same schedule, again.
    expect(w.scheduled).toEqual([
      { op: 'schedule', raffleId: 'autumn', at: parseBody(first).drawAt },
      { op: 'schedule', raffleId: 'autumn', at: parseBody(first).drawAt },
    ]);
  });

  it('refuses a create without an Idempotency-Key (400 missing_idempotency_key), or with one that is not a key', async () => {
    const event = organiserEvent('POST', '/raffles', autumn());
    delete (event.headers as Record<string, string>)['idempotency-key'];
    expect(status(await h.organise(event))).toEqual([400, 'missing_idempotency_key']);
    expect(status(await create(autumn(), { 'idempotency-key': 'x'.repeat(LIMITS.idempotencyKeyLength + 1) }))).toEqual([
      400,
      'invalid_idempotency_key',
    ]);
    expect(await listed()).toEqual([RAFFLE_ID]);
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['an Origin that is another host', { origin: 'https://evil.example' }],
  ])('refuses a create a browser says came from another site (%s): 403 cross_origin_request', async (_label, headers) => {
    expect(status(await create(autumn(), headers))).toEqual([403, 'cross_origin_request']);
    expect(status(await patch(RAFFLE_ID, { title: 'Defaced' }, headers))).toEqual([403, 'cross_origin_request']);
    expect(await listed()).toEqual([RAFFLE_ID]);
    expect((await organiserView(RAFFLE_ID)).title).toBe('Spring raffle');
  });

  it('refuses a bad raffle with 400 naming the field, and a switch the deployment lacks with 400 not_in_deployment', async () => {
    expect(parseBody(await create(autumn({ raffleId: 'Autumn' }))).error).toMatchObject({ code: 'invalid_field', field: 'raffleId' });
    expect(parseBody(await create(autumn({ closesAt: '2027-01-01T00:00:00' }))).error).toMatchObject({
      code: 'invalid_field',
      field: 'closesAt',
    });
    expect(status(await create(autumn({ confirmEntries: true })))).toEqual([400, 'not_in_deployment']);
    expect(status(await create(autumn({ verifiableDraws: true })))).toEqual([400, 'not_in_deployment']);
    expect(await listed()).toEqual([RAFFLE_ID]);
    // With the deployment's mail and verifiable draws, the same raffle is made, both on by default.
    w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com', verifiable: { marginSeconds: 3 } });
    expect(parseBody(await create(autumn()))).toMatchObject({ confirmEntries: true, verifiableDraws: true });
  });
});

describe('PATCH /raffle/raffles/{raffleId}', () => {
  it('publishes a draft: 200, the public and the form then see it, and its drawAt is scheduled then, not before', async () => {
    const drawAt = fromNow(8 * DAY);
    await create(autumn({ drawAt }));
    expect(w.scheduled).toEqual([]);
    const res = await patch('autumn', { status: 'open' });
    expect(res.statusCode).toBe(200);
    expect(parseBody(res)).toMatchObject({ status: 'open', publishedAt: expect.any(String) });
    expect(w.scheduled).toEqual([{ op: 'schedule', raffleId: 'autumn', at: drawAt }]);
    expect((await h.apply(jsonPost('/raffles/autumn/apply', person(1)))).statusCode).toBe(201);
  });

  it('closes entries early: then the form answers 403 entries_closed; and reopens them while closesAt is ahead', async () => {
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(201);
    const closed = await patch(RAFFLE_ID, { status: 'closed' });
    expect(closed.statusCode).toBe(200);
    expect(parseBody(closed)).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(status(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(2))))).toEqual([403, 'entries_closed']);
    expect((await w.raffle.read()).closedAt).toEqual(expect.any(String));

    const reopened = await patch(RAFFLE_ID, { status: 'open' });
    expect(parseBody(reopened)).toMatchObject({ status: 'open', closedAt: null, count: 1 });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(2)))).statusCode).toBe(201);
  });

  it('extends closesAt while open; and reopens a raffle whose closesAt passed only with a later one', async () => {
    const later = fromNow(2 * 365 * DAY);
    const res = await patch(RAFFLE_ID, { closesAt: later });
    expect(res.statusCode).toBe(200);
    expect(parseBody(res).closesAt).toBe(later);
    expect((await w.raffle.read()).closesAt).toBe(later);
    // Entries began: no earlier.
    expect(status(await patch(RAFFLE_ID, { closesAt: fromNow(DAY) }))).toEqual([409, 'entries_begun']);

    await w.raffle.edit({ closesAt: fromNow(-HOUR) });
    expect(status(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1))))).toEqual([403, 'entries_closed']);
    expect(status(await patch(RAFFLE_ID, { status: 'open' }))).toEqual([400, 'invalid_field']);
    expect(status(await patch(RAFFLE_ID, { closesAt: fromNow(DAY) }))).toEqual([409, 'raffle_locked']);
    expect(parseBody(await patch(RAFFLE_ID, { status: 'open', closesAt: fromNow(DAY) }))).toMatchObject({ status: 'open' });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(201);
  });

  it('answers each refusal with its 409 code and field, and changes nothing', async () => {
    await w.raffle.edit({ rulesUrl: 'https://example.com/rules' });
    const before = await w.raffle.read();
    const refusals: Array<[Record<string, unknown>, string, string | undefined]> = [
      [{ rulesUrl: 'https://example.com/other-rules' }, 'entries_begun', 'rulesUrl'],
      [{ prizes: [{ name: 'Other', winners: 1 }] }, 'entries_begun', 'prizes'],
      [{ confirmEntries: false }, 'entries_begun', 'confirmEntries'],
      [{ opensAt: fromNow(HOUR) }, 'entries_begun', 'opensAt'],
      [{ raffleId: 'renamed' }, 'raffle_locked', 'raffleId'],
    ];
    for (const [body, code, field] of refusals) {
      const res = await patch(RAFFLE_ID, body);
      expect([body, res.statusCode, parseBody(res).error]).toEqual([body, 409, expect.objectContaining({ code, field })]);
    }
    expect(await w.raffle.read()).toEqual(before);

    // Only an open raffle closes: a draft does not.
    await create(autumn());
    expect(parseBody(await patch('autumn', { status: 'closed' })).error).toMatchObject({ code: 'invalid_status_change', field: 'status' });
    // A drawn raffle never opens again.
    await w.raffle.edit({ closesAt: fromNow(-HOUR), drawnAt: fromNow(-HOUR / 2) });
    expect(parseBody(await patch(RAFFLE_ID, { status: 'open' })).error).toMatchObject({ code: 'invalid_status_change' });
  });

  it('appends a prize after entries began', async () => {
    const { prizes } = await w.raffle.read();
    const res = await patch(RAFFLE_ID, { prizes: [...prizes, { name: 'Mug', winners: 1 }] });
    expect(res.statusCode).toBe(200);
    expect((await w.raffle.read()).prizes.map((p) => p.name)).toEqual([...prizes.map((p) => p.name), 'Mug']);
  });

  it('archives: the public and the form no longer find it, and every later edit is 409 raffle_locked', async () => {
    const res = await patch(RAFFLE_ID, { status: 'archived' });
    expect(res.statusCode).toBe(200);
    expect(parseBody(res)).toMatchObject({ status: 'archived', archivedAt: expect.any(String) });
    expect(status(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1))))).toEqual([404, 'raffle_not_found']);
    for (const body of [{ title: 'Back' }, { status: 'open' }, { status: 'archived' }]) {
      expect(status(await patch(RAFFLE_ID, body))).toEqual([409, 'raffle_locked']);
    }
    // The organiser still sees it.
    expect(await organiserView(RAFFLE_ID)).toMatchObject({ statusCode: 200, status: 'archived' });
  });

  it('answers a retry of the last edit (same Idempotency-Key) 200 without doing it again', async () => {
    const key = { 'idempotency-key': 'edit-1' };
    expect((await patch(RAFFLE_ID, { title: 'First' }, key)).statusCode).toBe(200);
    const retry = await patch(RAFFLE_ID, { title: 'Second' }, key);
    expect(retry.statusCode).toBe(200);
    expect(parseBody(retry).title).toBe('First');
    expect((await w.raffle.read()).title).toBe('First');
    // A new key is a new edit.
    expect(parseBody(await patch(RAFFLE_ID, { title: 'Second' })).title).toBe('Second');
  });

  it('refuses an edit without an Idempotency-Key, of an unknown raffle (404), and a body that is not a JSON object', async () => {
    const event = organiserEvent('PATCH', IN_RAFFLE, { title: 'No key' });
    delete (event.headers as Record<string, string>)['idempotency-key'];
    expect(status(await h.organise(event))).toEqual([400, 'missing_idempotency_key']);
    expect(status(await patch('no-such-raffle', { title: 'x' }))).toEqual([404, 'raffle_not_found']);
    expect(status(await patch('..%2Fspring', { title: 'x' }))).toEqual([404, 'raffle_not_found']);
    expect(status(await patch(RAFFLE_ID, ['title']))).toEqual([400, 'invalid_body']);
    expect((await w.raffle.read()).title).toBe('Spring raffle');
  });
});

describe("the raffle's scheduled draw", () => {
  it('is made with drawAt, moved when drawAt changes, made again when drawAt is sent unchanged, and deleted when unset', async () => {
    const first = fromNow(366 * DAY);
    const second = fromNow(367 * DAY);
    await patch(RAFFLE_ID, { drawAt: first });
    await patch(RAFFLE_ID, { title: 'Renamed' });
    await patch(RAFFLE_ID, { drawAt: second });
    await patch(RAFFLE_ID, { drawAt: second });
    await patch(RAFFLE_ID, { drawAt: null });
    expect(w.scheduled).toEqual([
      { op: 'schedule', raffleId: RAFFLE_ID, at: first },
      { op: 'schedule', raffleId: RAFFLE_ID, at: second },
      { op: 'schedule', raffleId: RAFFLE_ID, at: second },
      { op: 'cancel', raffleId: RAFFLE_ID },
    ]);
    expect((await w.raffle.read()).drawAt).toBeUndefined();
  });

  it('is deleted when the raffle is archived', async () => {
    const drawAt = fromNow(366 * DAY);
    await patch(RAFFLE_ID, { drawAt });
    await patch(RAFFLE_ID, { status: 'archived' });
    expect(w.scheduled).toEqual([
      { op: 'schedule', raffleId: RAFFLE_ID, at: drawAt },
      { op: 'cancel', raffleId: RAFFLE_ID },
    ]);
  });

  it('is deleted by a draw by hand, and nothing is scheduled for the drawn raffle after', async () => {
    const drawAt = fromNow(366 * DAY);
    await patch(RAFFLE_ID, { drawAt });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(201);
    expect((await h.draw(drawPost({ winners: 1 }))).statusCode).toBe(201);
    expect(w.scheduled).toEqual([
      { op: 'schedule', raffleId: RAFFLE_ID, at: drawAt },
      { op: 'cancel', raffleId: RAFFLE_ID },
    ]);
    // Drawn: its drawAt is over, and other edits schedule nothing.
    expect(status(await patch(RAFFLE_ID, { drawAt: fromNow(400 * DAY) }))).toEqual([409, 'raffle_locked']);
    expect((await patch(RAFFLE_ID, { title: 'Drawn early' })).statusCode).toBe(200);
    expect((await patch(RAFFLE_ID, { status: 'archived' })).statusCode).toBe(200);
    expect(w.scheduled).toHaveLength(2);
  });

  it('is never made for a draft, however its drawAt changes, and made when it is published', async () => {
    const drawAt = fromNow(10 * DAY);
    await create(autumn({ drawAt: fromNow(8 * DAY) }));
    await patch('autumn', { drawAt: fromNow(9 * DAY) });
    await patch('autumn', { drawAt: null });
    await patch('autumn', { drawAt });
    await patch('autumn', { title: 'Still a draft' });
    expect(w.scheduled).toEqual([]);
    await patch('autumn', { status: 'open' });
    expect(w.scheduled).toEqual([{ op: 'schedule', raffleId: 'autumn', at: drawAt }]);
  });

  it('is not changed by a refused edit', async () => {
    await patch(RAFFLE_ID, { status: 'archived' });
    w.scheduled.length = 0;
    expect(status(await patch(RAFFLE_ID, { drawAt: fromNow(400 * DAY) }))).toEqual([409, 'raffle_locked']);
    expect(w.scheduled).toEqual([]);
  });
});
