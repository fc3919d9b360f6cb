/**
 * GIVEN two raffles in one table: the test's own, A ("spring"), and B ("autumn"), made as the organiser
 *       makes one (POST /raffle/raffles)
 * WHEN one person (the same address and phone) enters both, others enter one, each raffle is drawn, and
 *      the person asks to be erased everywhere (DELETE /raffle/people/{email})
 * THEN each raffle has its own entry of them, once; each count is exact; a draw in A picks only A's
 *      entrants and A's draws, results and entrants show nothing of B's (and the other way round); the
 *      erasure removes them from both, leaves both counts exact and their place in each draw a
 *      tombstone; and an entry to a closed, upcoming, unknown or hostile raffle id is a 4xx, never a 5xx.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { readRaffle } from '../../../functions/shared/raffles';
import { LIMITS } from '../../../model/limits';
import { raffleKeys, type RaffleKeys } from '../../../model/raffle-keys';
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, jsonPost, ORGANISER, parseBody, RAFFLE_ID, voidPost } from '../support/events';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h } = w;

const A = RAFFLE_ID;
const B = 'autumn';
const DAY = 24 * 3600 * 1000;
const fromNow = (ms: number): string => new Date(w.clock.now().getTime() + ms).toISOString();

/** The person in both raffles: one address, one phone. */
const alice = { email: 'alice@example.com', name: 'Alice', phone: '+14155550042' };

let keysB: RaffleKeys;

/** B, published and open for a year, as the organiser's POST makes it. */
async function createB(): Promise<void> {
  const res = await h.organise(
    httpEvent({
      method: 'POST',
      path: '/raffles',
      body: JSON.stringify({
        raffleId: B,
        title: 'Autumn raffle',
        prizes: [{ name: 'Mug', winners: 2 }],
        closesAt: fromNow(365 * DAY),
        status: 'open',
      }),
      headers: { 'content-type': 'application/json', 'idempotency-key': `create-${B}` },
      clientCertSubject: ORGANISER,
    }),
  );
  expect(res.statusCode).toBe(201);
  keysB = raffleKeys((await readRaffle({ client: db.client, name: db.tableName }, B))!);
}

beforeEach(createB);

const apply = (raffleId: string, body: unknown) => h.apply(jsonPost(`/raffles/${raffleId}/apply`, body));
const count = async (raffleId: string): Promise<number> =>
  parseBody(await h.raffles(httpEvent({ method: 'GET', path: `/raffles/${raffleId}` }))).count;
const organiserGet = (handler: (e: any) => Promise<any>, path: string) =>
  handler(httpEvent({ method: 'GET', path, clientCertSubject: ORGANISER }));
async function draws(raffleId: string): Promise<any[]> {
  return parseBody(await organiserGet(h.draws, `/raffles/${raffleId}/draws`)).draws;
}
async function results(raffleId: string): Promise<any[]> {
  return parseBody(await h.results(httpEvent({ method: 'GET', path: `/raffles/${raffleId}/results` }))).draws;
}
async function entrants(raffleId: string): Promise<string[]> {
  const res = await h.entrants({
    ...httpEvent({ method: 'GET', path: `/raffles/${raffleId}/entrants`, clientCertSubject: ORGANISER }),
    rawQueryString: 'limit=500',
    queryStringParameters: { limit: '500' },
  });
  expect(parseBody(res).cursor).toBeUndefined();
  return parseBody(res)
    .entrants.map((e: { email: string }) => e.email.toLowerCase())
    .sort();
}
const eraseEverywhere = (email: string) =>
  h.erase(httpEvent({ method: 'DELETE', path: `/people/${encodeURIComponent(email)}`, clientCertSubject: ORGANISER }));

/** Every item (key and value) that mentions `text` anywhere. */
async function itemsMentioning(text: string): Promise<string[]> {
  const out = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return (out.Items ?? []).map((item) => JSON.stringify(item)).filter((json) => json.toLowerCase().includes(text.toLowerCase()));
}

describe('one person in two raffles', () => {
  it('has one entry in each: a second entry to either changes nothing, and each count is exact', async () => {
    expect((await apply(A, alice)).statusCode).toBe(201);
    expect((await apply(B, alice)).statusCode).toBe(201);
    // Again, in another spelling: answered as the first, nothing more counted.
    const again = await apply(A, { ...alice, email: ' ALICE+again@Example.com', name: 'Mallory' });
    expect([again.statusCode, parseBody(again)]).toEqual([
      201,
      { status: 'registered', label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    // Their phone number is theirs in A, and in B, each raffle's own claim.
    expect(parseBody(await apply(A, { ...person(1), phone: alice.phone })).error.code).toBe('phone_already_registered');
    expect(parseBody(await apply(B, { ...person(1), phone: alice.phone })).error.code).toBe('phone_already_registered');
    expect((await apply(B, person(2))).statusCode).toBe(201);
    expect([await count(A), await count(B)]).toEqual([1, 2]);
    expect(await entrants(A)).toEqual(['alice@example.com']);
    expect(await entrants(B)).toEqual(['alice@example.com', 'e2@example.com']);
    // The entries are two items, each in its raffle's keys, each with its own ticket numbering from 0.
    const mentions = await itemsMentioning('"alice@example.com"');
    expect(mentions.filter((json) => json.includes(`"S":"${w.raffle.keys.entry('alice@example.com')}"`))).toHaveLength(1);
    expect(mentions.filter((json) => json.includes(`"S":"${keysB.entry('alice@example.com')}"`))).toHaveLength(1);
  });

  it("is drawn in A only from A's entrants, and A's draws, results and entrants never show B's", async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 1, { prefix: 'a-seed' });
    await seedEntrants(db.client, db.tableName, keysB, 2, { prefix: 'b-seed' });
    expect((await apply(A, alice)).statusCode).toBe(201);
    expect((await apply(B, alice)).statusCode).toBe(201);
    expect([await count(A), await count(B)]).toEqual([17, 33]);

    // A draw of more winners than A has: everyone in A wins, nobody of B.
    const drawA = parseBody(await h.draw(drawPost({ winners: 100 })));
    expect(drawA).toMatchObject({ status: 'complete', prize: 'Prize', winnerCount: 17, shortfall: true, entrantCount: 17 });
    const winnersA = drawA.winners.map((x: { email: string }) => x.email.toLowerCase()).sort();
    expect(winnersA).toEqual(await entrants(A));
    expect(winnersA.filter((e: string) => !/^(a-seed\d+|alice)@example\.com$/.test(e))).toEqual([]);
    // B's entrants are all still there to be drawn in B, Alice too: her win in A is A's.
    expect(await draws(B)).toEqual([]);
    expect(await results(B)).toEqual([]);
    const drawB = parseBody(await h.draw(drawPost({ winners: 100, prize: 'Mug' }, {}, B)));
    expect(drawB).toMatchObject({ status: 'complete', prize: 'Mug', winnerCount: 33, entrantCount: 33 });
    const winnersB = drawB.winners.map((x: { email: string }) => x.email.toLowerCase()).sort();
    expect(winnersB).toEqual(await entrants(B));
    expect(winnersB.filter((e: string) => !/^(b-seed\d+|alice)@example\.com$/.test(e))).toEqual([]);

    expect((await draws(A)).map((d) => d.drawId)).toEqual([drawA.drawId]);
    expect((await draws(B)).map((d) => d.drawId)).toEqual([drawB.drawId]);
    expect((await results(A)).map((d) => d.drawId)).toEqual([drawA.drawId]);
    expect((await results(B)).map((d) => d.drawId)).toEqual([drawB.drawId]);
    // Each raffle's draw is its own: B's draw id is not found in A, nor voided there.
    const cross = await h.draw(voidPost(drawB.drawId, { email: drawB.winners[0].email, reason: 'wrong raffle' }));
    expect([cross.statusCode, parseBody(cross).error.code]).toEqual([404, 'draw_not_found']);
    // And each count is still every entrant of its raffle.
    expect([await count(A), await count(B)]).toEqual([17, 33]);
  });

  it('is erased from every raffle by DELETE /raffle/people/{email}: counts stay exact, their wins become tombstones, their pending entry and link go', async () => {
    w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
    await w.raffle.edit({ confirmEntries: true });
    const third = await h.organise(
      httpEvent({
        method: 'POST',
        path: '/raffles',
        body: JSON.stringify({
          raffleId: 'winter',
          title: 'Winter raffle',
          prizes: [{ name: 'Scarf', winners: 1 }],
          closesAt: fromNow(DAY),
          status: 'open',
        }),
        headers: { 'content-type': 'application/json', 'idempotency-key': 'create-winter' },
        clientCertSubject: ORGANISER,
      }),
    );
    expect(parseBody(third)).toMatchObject({ confirmEntries: true });
    const confirm = async (p: { email: string }, title: string) => {
      const { token } = confirmationLink(w.outbox, p.email, title);
      const res = await h.confirm(jsonPost('/confirm', { token }));
      expect(res.statusCode).toBe(200);
      return parseBody(res);
    };
    // B was made before confirmation was on: its entries count at once.
    const others = [person(1, 'other'), person(2, 'other')];
    for (const p of [alice, ...others]) {
      expect((await apply(A, p)).statusCode).toBe(202);
      expect(await confirm(p, 'Spring raffle')).toEqual({
        status: 'confirmed',
        raffleId: A,
        label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown,
      });
      expect((await apply(B, p)).statusCode).toBe(201);
    }
    // In a third raffle Alice has only registered: her entry is pending, her link in her inbox.
    expect((await apply('winter', alice)).statusCode).toBe(202);
    const pendingLink = confirmationLink(w.outbox, alice.email, 'Winter raffle');
    const drawA = parseBody(await h.draw(drawPost({ winners: 3 })));
    const drawB = parseBody(await h.draw(drawPost({ winners: 3, prize: 'Mug' }, {}, B)));
    expect([drawA.winnerCount, drawB.winnerCount]).toEqual([3, 3]);
    const ticketIn = (draw: any) => draw.winners.find((x: { email: string }) => x.email === alice.email).ticket;
    const [ticketA, ticketB] = [ticketIn(drawA), ticketIn(drawB)];

    const res = await eraseEverywhere(' Alice+anything@EXAMPLE.com');
    expect([res.statusCode, parseBody(res)]).toEqual([200, { status: 'erased' }]);

    expect([await count(A), await count(B)]).toEqual([2, 2]);
    expect(await entrants(A)).toEqual(others.map((p) => p.email));
    expect(await entrants(B)).toEqual(others.map((p) => p.email));
    for (const [raffleId, drawId, ticket] of [
      [A, drawA.drawId, ticketA],
      [B, drawB.drawId, ticketB],
    ]) {
      const [draw] = await draws(raffleId);
      expect(draw.drawId).toBe(drawId);
      expect(draw.winners).toHaveLength(3);
      expect(draw.winners.find((x: { ticket: number }) => x.ticket === ticket)).toEqual({
        ticket,
        status: 'erased',
        email: null,
        name: null,
        phone: null,
        void: null,
        claim: null,
      });
      const [shown] = await results(raffleId);
      expect(shown.winners.filter((x: { status: string }) => x.status === 'erased')).toEqual([
        { name: null, status: 'erased', replacedBy: null, claim: null, claimBy: null },
      ]);
    }
    // Her pending link confirms nothing, and nothing anywhere names her, her phone or her name.
    expect(parseBody(await h.confirm(jsonPost('/confirm', { token: pendingLink.token }))).error.code).toBe('invalid_token');
    expect(await count('winter')).toBe(0);
    // Nothing names her but the spent token of her confirmed entry in A, which confirm leaves to TTL
    // (LIMITS.confirmation.validHours): an erasure cannot find it, as the entry no longer names its hash.
    const left = await itemsMentioning('alice@');
    expect(left.map((json) => JSON.parse(json).email.S.replace(/[0-9a-f]{64}$/, '<hash>'))).toEqual(['#confirm#<hash>']);
    const expiresAt = Number(JSON.parse(left[0]).expiresAt.N) * 1000;
    expect(expiresAt).toBeLessThanOrEqual(w.clock.now().getTime() + LIMITS.confirmation.validHours * 3600_000);
    expect(await itemsMentioning(alice.phone)).toEqual([]);
    // Her phone is free again in each raffle.
    expect((await apply(B, { ...person(9, 'new'), phone: alice.phone })).statusCode).toBe(201);
    expect(await count(B)).toBe(3);
  });

  it('answers the erasure of someone in no raffle the same, and changes nothing', async () => {
    expect((await apply(A, alice)).statusCode).toBe(201);
    expect([(await eraseEverywhere('nobody@example.com')).statusCode, await count(A)]).toEqual([200, 1]);
    // Erasing from one raffle leaves the other.
    expect((await apply(B, alice)).statusCode).toBe(201);
    expect((await h.erase(eraseDelete(alice.email))).statusCode).toBe(200);
    expect([await count(A), await count(B)]).toEqual([0, 1]);
    expect(await entrants(B)).toEqual([alice.email]);
  });
});

describe('an entry to a raffle that does not take it', () => {
  const status = (res: { statusCode?: number; body?: string }) => [res.statusCode, parseBody(res).error?.code];

  it('is 403 entries_closed once closed (by time or early), 403 entries_not_open before opensAt, and counts nothing', async () => {
    await w.raffle.edit({ closesAt: fromNow(-1000) });
    expect(status(await apply(A, alice))).toEqual([403, 'entries_closed']);
    await w.raffle.edit({ closesAt: fromNow(DAY), closedAt: fromNow(-1000) });
    expect(status(await apply(A, alice))).toEqual([403, 'entries_closed']);
    await w.raffle.edit({ closedAt: undefined, opensAt: fromNow(3600_000) });
    expect(status(await apply(A, alice))).toEqual([403, 'entries_not_open']);
    expect(await count(A)).toBe(0);
    // B, open, is not affected.
    expect((await apply(B, alice)).statusCode).toBe(201);
  });

  it('is 404 raffle_not_found for an unknown raffle, a draft, an archived one and every hostile id, never a 5xx', async () => {
    await w.raffle.edit({ publishedAt: undefined });
    expect(status(await apply(A, alice))).toEqual([404, 'raffle_not_found']);
    await w.raffle.edit({ publishedAt: fromNow(-1000), archivedAt: fromNow(-500) });
    expect(status(await apply(A, alice))).toEqual([404, 'raffle_not_found']);
    const hostile = [
      'no-such-raffle',
      'a'.repeat(65),
      'a'.repeat(10_000),
      encodeURIComponent('frühling'),
      'fr\u00fchling',
      '\u{1F600}',
      '..',
      '..%2F..%2Fautumn',
      `${B}%2F..%2F${B}`,
      '%2E%2E',
      '%2F',
      '%5C',
      `${B}%00`,
      `${B.toUpperCase()}`,
      '%40autumn',
      '%23raffle%23autumn',
    ];
    for (const id of hostile) {
      const res = await apply(id, alice);
      expect([id.slice(0, 60), ...status(res)]).toEqual([id.slice(0, 60), 404, 'raffle_not_found']);
    }
    // Every other per-raffle route of an unknown raffle: 404 too.
    const unknown = '/raffles/no-such-raffle';
    for (const res of [
      await h.raffles(httpEvent({ method: 'GET', path: unknown })),
      await h.results(httpEvent({ method: 'GET', path: `${unknown}/results` })),
      await organiserGet(h.draws, `${unknown}/draws`),
      await organiserGet(h.entrants, `${unknown}/entrants`),
      await organiserGet(h.entrants, `${unknown}/entrants.csv`),
      await h.draw(drawPost({ winners: 1 }, {}, 'no-such-raffle')),
      await h.erase(httpEvent({ method: 'DELETE', path: `${unknown}/entrants/alice%40example.com`, clientCertSubject: ORGANISER })),
    ]) {
      expect(status(res)).toEqual([404, 'raffle_not_found']);
    }
    // Nothing was written for any of them: B's entry of Alice (and its phone claim) is all there is of her.
    expect((await apply(B, alice)).statusCode).toBe(201);
    const keysOf = (await itemsMentioning('alice@')).map((json) => JSON.parse(json).email.S).sort();
    expect(keysOf).toEqual([keysB.phone(alice.phone), keysB.entry(alice.email)].sort());
  });
});
