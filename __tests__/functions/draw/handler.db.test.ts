/**
 * GIVEN entrants registered through the handlers (or seeded) in DynamoDB Local
 * WHEN the organiser draws (POST /raffle/draw) and lists the draws (GET /raffle/draws)
 * THEN winners are distinct, never drawn twice, marked exactly as returned; a repeated Idempotency-Key
 *      replays (or finishes) one draw; a forged or malformed request draws nothing; and a draw costs a
 *      bounded number of requests, whatever the number of entrants.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { drawIdFor } from '../../../functions/draw/request';
import { newDrawRecord } from '../../../functions/draw/run-draw';
import { readCounters } from '../../../functions/shared/counters';
import { drawStore } from '../../../functions/shared/draw-store';
import { person } from '../../support/people';
import { recordCommands, type CommandLog } from '../support/commands';
import { drawPost, httpEvent, jsonPost, ORGANISER, parseBody, IN_RAFFLE } from '../support/events';
import { inParallel, useHandlers } from '../support/handlers';
import { seedEntrants, wasteTickets } from '../support/seed';

const w = useHandlers();
const { db, h } = w;
let recorder: CommandLog;

const ADMIN = ORGANISER;

beforeAll(() => {
  recorder = recordCommands(db.client);
});

const drawEvent = drawPost;

/** This test's table, as the draw function reaches it. */
const table = () => ({ client: db.client, name: db.tableName });

async function register(n: number, prefix = 'e'): Promise<void> {
  const results = await inParallel(n, 16, (i) => h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, prefix))));
  expect(results.every((r) => r.statusCode === 201)).toBe(true);
}

async function count(): Promise<number> {
  return parseBody(await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).count;
}

/** Every entry marked as a winner, straight from the table (a test-only Scan). */
async function markedWinners(): Promise<Map<string, string>> {
  const out = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  const marked = new Map<string, string>();
  for (const item of out.Items ?? [])
    if (item.wonDrawId) marked.set(w.raffle.keys.addressOf(item.email.S as string), item.wonDrawId.S as string);
  return marked;
}

describe('POST /raffle/draw', () => {
  it('draws the default number of distinct winners, marks and records them', async () => {
    // GIVEN
    await register(10);
    await w.raffle.edit({ prizes: [{ name: 'Prize', winners: 4 }] });
    // WHEN
    const res = await h.draw(drawEvent());
    // THEN
    expect(res.statusCode).toBe(201);
    const draw = parseBody(res);
    expect(draw).toMatchObject({
      status: 'complete',
      requested: 4,
      winnerCount: 4,
      shortfall: false,
      entrantCount: 10,
      eligibleCount: 10,
      method: 'ticket-rejection-sampling',
      drawnBy: ADMIN,
      randomness: expect.stringContaining('crypto.randomInt'),
    });
    expect(new Set(draw.winners.map((w: { email: string }) => w.email)).size).toBe(4);
    for (const w of draw.winners)
      expect(w).toEqual({
        email: expect.stringMatching(/^e\d+@example\.com$/),
        name: expect.stringMatching(/^Entrant \d+$/),
        // The organiser can reach each winner.
        phone: expect.stringMatching(/^\+1415555\d{4}$/),
        ticket: expect.any(Number),
        status: 'won',
        void: null,
        claim: null,
      });
    const marked = await markedWinners();
    expect([...marked.keys()].sort()).toEqual(draw.winners.map((w: { email: string }) => w.email).sort());
    expect([...marked.values()].every((id) => id === draw.drawId)).toBe(true);
    const stored = await db.client.send(
      new GetItemCommand({ TableName: db.tableName, Key: { email: { S: w.raffle.keys.draw(draw.drawId) } } }),
    );
    expect(stored.Item?.recordType.S).toBe(w.raffle.keys.drawRecordType);
    expect(stored.Item?.raffleId.S).toBe('spring');
    expect(await count()).toBe(10);
  });

  it('takes {"winners": k} from the body and never picks a previous winner again', async () => {
    await register(6);
    const first = parseBody(await h.draw(drawEvent({ winners: 3 })));
    const second = parseBody(await h.draw(drawEvent({ winners: 3 })));
    const all = [...first.winners, ...second.winners].map((w: { email: string }) => w.email);
    expect(new Set(all).size).toBe(6);
    expect(second.eligibleCount).toBe(3);
  });

  it('draws everyone left and says so when fewer are eligible than requested; 409 when nobody is', async () => {
    await register(2);
    const res = await h.draw(drawEvent({ winners: 5 }));
    expect(res.statusCode).toBe(201);
    expect(parseBody(res)).toMatchObject({ requested: 5, winnerCount: 2, shortfall: true });
    const none = await h.draw(drawEvent({ winners: 1 }));
    expect(none.statusCode).toBe(409);
    expect(parseBody(none).error.code).toBe('no_eligible_entrants');
  });

  it('answers 409 no_eligible_entrants with no entrants at all and records nothing', async () => {
    const res = await h.draw(drawEvent());
    expect(res.statusCode).toBe(409);
    expect(parseBody(res).error.code).toBe('no_eligible_entrants');
    expect(parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws` }))).draws).toEqual([]);
  });

  it.each([
    ['zero winners', { winners: 0 }, 400, 'invalid_field'],
    ['101 winners', { winners: 101 }, 400, 'invalid_field'],
    ['a fractional count', { winners: 2.5 }, 400, 'invalid_field'],
    ['a string count', { winners: '3' }, 400, 'invalid_field'],
    ['an array body', [3], 400, 'invalid_body'],
  ])('answers 400 to %s', async (_label, body, status, code) => {
    await register(1);
    const res = await h.draw(drawEvent(body));
    expect(res.statusCode).toBe(status);
    expect(parseBody(res).error.code).toBe(code);
    expect((await markedWinners()).size).toBe(0);
  });

  it('answers malformed JSON with 400, a non-JSON body with 415 and a huge body with 413', async () => {
    const bad = await h.draw(
      httpEvent({ method: 'POST', path: `${IN_RAFFLE}/draw`, body: '{', headers: { 'content-type': 'application/json' } }),
    );
    expect([bad.statusCode, parseBody(bad).error.code]).toEqual([400, 'malformed_json']);
    const text = await h.draw(
      httpEvent({ method: 'POST', path: `${IN_RAFFLE}/draw`, body: 'winners=3', headers: { 'content-type': 'text/plain' } }),
    );
    expect(text.statusCode).toBe(415);
    const huge = await h.draw(
      httpEvent({
        method: 'POST',
        path: `${IN_RAFFLE}/draw`,
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(huge.statusCode).toBe(413);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    await register(1);
    const res = await h.draw(drawEvent(undefined, { 'idempotency-key': 'x'.repeat(201) }));
    expect(res.statusCode).toBe(400);
    expect(parseBody(res).error).toMatchObject({ code: 'invalid_idempotency_key', field: 'Idempotency-Key' });
  });

  describe('a draw cannot be forged from another site', () => {
    const post = (body: string | undefined, headers: Record<string, string>) =>
      h.draw(httpEvent({ method: 'POST', path: `${IN_RAFFLE}/draw`, body, headers, clientCertSubject: ADMIN }));

    it.each([
      ['an empty body', undefined, { 'idempotency-key': 'k1' }, 415, 'unsupported_media_type'],
      ['an empty JSON body', '', { 'content-type': 'application/json', 'idempotency-key': 'k1' }, 400, 'malformed_json'],
      [
        'a form-encoded body',
        'winners=3',
        { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'k1' },
        415,
        'unsupported_media_type',
      ],
      [
        'a text/plain body holding JSON',
        '{"winners":3}',
        { 'content-type': 'text/plain', 'idempotency-key': 'k1' },
        415,
        'unsupported_media_type',
      ],
      ['no Idempotency-Key', '{}', { 'content-type': 'application/json' }, 400, 'missing_idempotency_key'],
      [
        'Sec-Fetch-Site: cross-site',
        '{}',
        { 'content-type': 'application/json', 'idempotency-key': 'k1', 'sec-fetch-site': 'cross-site' },
        403,
        'cross_origin_request',
      ],
      [
        'Sec-Fetch-Site: same-site',
        '{}',
        { 'content-type': 'application/json', 'idempotency-key': 'k1', 'sec-fetch-site': 'same-site' },
        403,
        'cross_origin_request',
      ],
      [
        'an Origin of another site',
        '{}',
        { 'content-type': 'application/json', 'idempotency-key': 'k1', origin: 'https://evil.example' },
        403,
        'cross_origin_request',
      ],
      [
        'Origin: null (a sandboxed frame)',
        '{}',
        { 'content-type': 'application/json', 'idempotency-key': 'k1', origin: 'null' },
        403,
        'cross_origin_request',
      ],
    ])('refuses %s, and draws nothing', async (_label, body, headers, status, code) => {
      await register(3);
      const res = await post(body, headers);
      expect([res.statusCode, parseBody(res).error.code]).toEqual([status, code]);
      expect((await markedWinners()).size).toBe(0);
      expect(parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws` }))).draws).toEqual([]);
    });

    it('accepts the organiser page: same origin, JSON, with a key', async () => {
      await register(3);
      const res = await post('{"early":true}', {
        'content-type': 'application/json',
        'idempotency-key': 'k1',
        'sec-fetch-site': 'same-origin',
        origin: 'https://localhost',
      });
      expect(res.statusCode).toBe(201);
    });
  });

  describe('while entries are open', () => {
    it('needs "early": true (409 draw_before_deadline otherwise), so a draw is never made by accident', async () => {
      await register(3);
      await w.raffle.edit({ closesAt: new Date(w.clock.now().getTime() + 3_600_000).toISOString() });
      const refused = await h.draw(drawPost({ winners: 1, early: false }));
      expect([refused.statusCode, parseBody(refused).error.code]).toEqual([409, 'draw_before_deadline']);
      expect((await markedWinners()).size).toBe(0);
      expect(parseBody(await h.draw(drawPost({ winners: 1, early: 'yes' }))).error).toMatchObject({
        code: 'invalid_field',
        field: 'early',
      });
      const early = await h.draw(drawPost({ winners: 1, early: true }));
      expect(early.statusCode).toBe(201);
      // The deadline passes (the functions' clock moved on): an ordinary draw again.
      w.clock.advance(3_600_000 + 1000);
      expect((await h.draw(drawPost({ winners: 1, early: false }))).statusCode).toBe(201);
    });
  });

  it('replays the same draw for a repeated Idempotency-Key, and refuses the key for a different k', async () => {
    await register(8);
    const first = await h.draw(drawEvent({ winners: 2 }, { 'Idempotency-Key': 'draw-2026-01' }));
    const again = await h.draw(drawEvent({ winners: 2 }, { 'idempotency-key': 'draw-2026-01' }));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(parseBody(again)).toEqual(parseBody(first));
    expect((await markedWinners()).size).toBe(2);

    const mismatch = await h.draw(drawEvent({ winners: 3 }, { 'idempotency-key': 'draw-2026-01' }));
    expect(mismatch.statusCode).toBe(422);
    expect(parseBody(mismatch).error.code).toBe('idempotency_key_mismatch');
    expect((await markedWinners()).size).toBe(2);
  });

  it('returns one identical draw to parallel requests with the same Idempotency-Key', async () => {
    await register(12);
    const results = await Promise.all(Array.from({ length: 5 }, () => h.draw(drawEvent({ winners: 3 }, { 'idempotency-key': 'same' }))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    const bodies = results.map(parseBody);
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(bodies[0].winnerCount).toBe(3);
    expect((await markedWinners()).size).toBe(3);
  });

  it('finishes a draw that stopped half-way when it is retried with its key', async () => {
    // GIVEN a draw record left pending, as a crash after the record write would leave it
    await register(5);
    const event = drawEvent({ winners: 2 }, { 'idempotency-key': 'crashed' });
    const { keys } = w.raffle;
    const drawId = drawIdFor(keys, event);
    const request = { drawId, requested: 2, prize: 'Prize', drawnBy: ADMIN, now: w.clock.now() };
    expect(
      await drawStore(table(), keys).create(newDrawRecord(keys, request, await readCounters(table(), keys, { includeStats: true }))),
    ).toBe(true);
    // WHEN
    const res = await h.draw(event);
    // THEN
    expect(res.statusCode).toBe(200);
    expect(parseBody(res)).toMatchObject({ drawId, status: 'complete', winnerCount: 2 });
    expect((await markedWinners()).size).toBe(2);
  });

  it('never shares a winner between parallel draws, marks exactly what it returns and keeps the count exact', async () => {
    // GIVEN 20 entrants
    await register(20);
    // WHEN 5 draws of 3 run at once, then 3 more of 3 compete for the 5 left
    const round1 = (await Promise.all(Array.from({ length: 5 }, () => h.draw(drawEvent({ winners: 3 }))))).map(parseBody);
    const round2 = await Promise.all(Array.from({ length: 3 }, () => h.draw(drawEvent({ winners: 3 }))));
    // THEN
    const drawn = [...round1, ...round2.filter((r) => r.statusCode === 201).map(parseBody)];
    const returned = drawn.flatMap((d) => d.winners.map((w: { email: string }) => ({ email: w.email, drawId: d.drawId })));
    expect(new Set(returned.map((w) => w.email)).size).toBe(returned.length);
    expect(round1.every((d) => d.winnerCount === 3)).toBe(true);
    expect(returned).toHaveLength(20);
    const marked = await markedWinners();
    expect(marked.size).toBe(returned.length);
    for (const w of returned) expect(marked.get(w.email)).toBe(w.drawId);
    expect(await count()).toBe(20);
    const again = await h.draw(drawEvent());
    expect(parseBody(again).error.code).toBe('no_eligible_entrants');
  });

  it('costs a bounded number of requests, independent of the number of entrants, and never Scans', async () => {
    const costs: string[][] = [];
    for (const perShard of [2, 125]) {
      // GIVEN 32, then 2,000 entrants
      await w.freshTable();
      await seedEntrants(db.client, db.tableName, w.raffle.keys, perShard);
      recorder.reset();
      // WHEN
      const res = await h.draw(drawEvent({ winners: 3 }));
      // THEN
      expect(res.statusCode).toBe(201);
      expect(parseBody(res)).toMatchObject({ method: 'ticket-rejection-sampling', entrantCount: 16 * perShard, winnerCount: 3 });
      costs.push([...recorder.commands]);
    }
    for (const commands of costs) {
      expect(commands).not.toContain('ScanCommand');
      expect(commands.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(1);
      // The new record (with the pool lock's check) and three claims.
      expect(commands.filter((c) => c === 'TransactWriteItemsCommand')).toHaveLength(4);
      // Seeded tickets are dense, so each lookup finds an eligible entrant:
      // the raffle + the key's record (a retry?) + counters + new record + 3 × (query + claim) + complete
      // + the raffle marked drawn.
      expect(commands).toHaveLength(1 + 1 + 1 + 1 + 3 * 2 + 1 + 1);
    }
  });

  it('switches to the eligible list when most ticket numbers are gaps, and still draws only eligible entrants', async () => {
    // GIVEN 32 entrants, and 1,568 tickets wasted (e.g. by duplicate attempts) so that 32 × 16 < 1,600 tickets
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    await wasteTickets(db.client, db.tableName, w.raffle.keys, 100);
    // WHEN
    const first = parseBody(await h.draw(drawEvent({ winners: 30 })));
    const second = parseBody(await h.draw(drawEvent({ winners: 5 })));
    // THEN
    expect(first).toMatchObject({ method: 'eligible-pool-sampling', ticketSpace: 1600, winnerCount: 30, attempts: 30 });
    expect(second).toMatchObject({ method: 'eligible-pool-sampling', winnerCount: 2, shortfall: true });
    const all = [...first.winners, ...second.winners].map((w: { email: string }) => w.email);
    expect(new Set(all).size).toBe(32);
    expect((await markedWinners()).size).toBe(32);
  });
});

describe('GET /raffle/draws', () => {
  it('lists draw records only, newest first, with their winners', async () => {
    await register(6);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(parseBody(await h.draw(drawEvent({ winners: 1 }))).drawId);
      // The history is ordered by drawnAt: each draw a second after the last, on the functions' clock.
      w.clock.advance(1000);
    }
    const res = await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ADMIN }));
    expect(res.statusCode).toBe(200);
    const { draws } = parseBody(res);
    expect(draws.map((d: { drawId: string }) => d.drawId)).toEqual([...ids].reverse());
    expect(draws[0]).toMatchObject({
      status: 'complete',
      winnerCount: 1,
      prize: 'Prize',
      replaces: null,
      winners: [{ email: expect.any(String), name: expect.any(String), phone: expect.stringMatching(/^\+1415555\d{4}$/), status: 'won' }],
    });
  });

  it('returns at most 50 draws', async () => {
    // GIVEN 51 draw records (written directly: 51 real draws would only slow the test down)
    const store = drawStore(table(), w.raffle.keys);
    const counters = { entrants: 1, winners: 0, issuedPerShard: [1] };
    for (let i = 0; i < 51; i++) {
      const request = { drawId: `d${i}`, requested: 1, drawnBy: ADMIN, now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) };
      expect(await store.create(newDrawRecord(w.raffle.keys, request, counters))).toBe(true);
    }
    // WHEN
    const { draws } = parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws` })));
    // THEN
    expect(draws).toHaveLength(50);
    expect(draws[0].drawId).toBe('d50');
    expect(draws[49].drawId).toBe('d1');
  });
});
