/**
 * GIVEN raffles in every state in one table, and the raffles function behind both APIs: the public one
 *       (reached through CloudFront, with its origin secret) and the organiser's
 * WHEN GET /raffle/raffles, GET /raffle/raffles/{raffleId} and GET …/stats are asked
 * THEN the public list holds only what the public may see and act on (open, upcoming, drawn in the last
 *      LIMITS.raffle.publicDrawnDays), without counts; the organiser's holds every raffle with its exact
 *      count; one raffle is 404 raffle_not_found to the public when it is a draft, archived, unknown or
 *      no raffle id at all, never a 5xx; its count is exact; and the organiser's stats count confirmed
 *      entries, pending ones whose link still works, and confirmations per hour.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { insertRaffle } from '../../../functions/shared/raffles';
import { LIMITS } from '../../../model/limits';
import type { Raffle } from '../../../model/raffle';
import { raffleKeys, type RaffleKeys } from '../../../model/raffle-keys';
import { openRaffle } from '../../../testkit/seed-entrants';
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, RAFFLE_ID } from '../support/events';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h } = w;

const SECRET = '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const fromNow = (ms: number): string => new Date(w.clock.now().getTime() + ms).toISOString();

beforeEach(() => {
  // The public API is 'pub': only requests through CloudFront (with its secret) are answered there.
  w.configure({ publicApiId: 'pub', originSecret: SECRET });
});

/** A GET on the public API, as CloudFront forwards it. */
function publicGet(path: string) {
  const event = httpEvent({ method: 'GET', path, headers: { 'x-raffle-origin-verify': SECRET } });
  event.requestContext.apiId = 'pub';
  return h.raffles(event);
}
/** A GET on the admin API. */
const organiserGet = (path: string) => h.raffles(httpEvent({ method: 'GET', path, clientCertSubject: ORGANISER }));

/** Another raffle in the table, open for a week unless `fields` says otherwise; its keys. */
async function raffle(raffleId: string, fields: Partial<Omit<Raffle, 'raffleId' | 'ordinal'>> = {}): Promise<RaffleKeys> {
  return raffleKeys(await insertRaffle({ client: db.client, name: db.tableName }, openRaffle(raffleId, w.clock.now(), fields)));
}

describe('GET /raffle/raffles', () => {
  /** One raffle of each kind, besides the test's own (open for a year). */
  async function everyKind(): Promise<void> {
    await raffle('a-draft', { publishedAt: undefined });
    await raffle('b-upcoming', { opensAt: fromNow(DAY) });
    await raffle('c-closed', { closesAt: fromNow(-HOUR) });
    await raffle('d-closed-early', { closedAt: fromNow(-HOUR) });
    await raffle('e-drawn-lately', { closesAt: fromNow(-10 * DAY), drawnAt: fromNow(-9 * DAY) });
    await raffle('f-drawn-at-the-limit', { closesAt: fromNow(-100 * DAY), drawnAt: fromNow(-LIMITS.raffle.publicDrawnDays * DAY + HOUR) });
    await raffle('g-drawn-long-ago', { closesAt: fromNow(-100 * DAY), drawnAt: fromNow(-LIMITS.raffle.publicDrawnDays * DAY - HOUR) });
    await raffle('h-archived', { archivedAt: fromNow(-HOUR) });
    await raffle('i-archived-after-its-draw', { closesAt: fromNow(-10 * DAY), drawnAt: fromNow(-9 * DAY), archivedAt: fromNow(-HOUR) });
    // Drawn early, while entries are still open: it is open.
    await raffle('j-drawn-while-open', { drawnAt: fromNow(-HOUR) });
  }

  it('shows the public the open, upcoming and lately drawn raffles, by id, with no count; drafts and archived ones never', async () => {
    await everyKind();
    const res = await publicGet('/raffles');
    expect(res.statusCode).toBe(200);
    const { raffles } = parseBody(res);
    expect(raffles.map((r: { raffleId: string; status: string }) => [r.raffleId, r.status])).toEqual([
      ['b-upcoming', 'open'],
      ['e-drawn-lately', 'drawn'],
      ['f-drawn-at-the-limit', 'drawn'],
      ['j-drawn-while-open', 'open'],
      [RAFFLE_ID, 'open'],
    ]);
    expect(raffles[0]).toEqual({
      raffleId: 'b-upcoming',
      title: 'Raffle b-upcoming',
      status: 'open',
      opensAt: expect.any(String),
      closesAt: expect.any(String),
      language: 'en',
    });
    for (const r of raffles) expect(Object.keys(r).sort()).toEqual(['closesAt', 'language', 'opensAt', 'raffleId', 'status', 'title']);
  });

  it('shows the organiser every raffle with its exact count', async () => {
    await everyKind();
    const autumn = await raffle('autumn');
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2, { prefix: 'spring' });
    await seedEntrants(db.client, db.tableName, autumn, 3, { prefix: 'autumn' });
    const res = await organiserGet('/raffles');
    expect(res.statusCode).toBe(200);
    const { raffles } = parseBody(res);
    expect(raffles.map((r: { raffleId: string; status: string; count: number }) => [r.raffleId, r.status, r.count])).toEqual([
      ['a-draft', 'draft', 0],
      ['autumn', 'open', 48],
      ['b-upcoming', 'open', 0],
      ['c-closed', 'closed', 0],
      ['d-closed-early', 'closed', 0],
      ['e-drawn-lately', 'drawn', 0],
      ['f-drawn-at-the-limit', 'drawn', 0],
      ['g-drawn-long-ago', 'drawn', 0],
      ['h-archived', 'archived', 0],
      ['i-archived-after-its-draw', 'archived', 0],
      ['j-drawn-while-open', 'open', 0],
      [RAFFLE_ID, 'open', 32],
    ]);
  });

  it('answers an empty list to the public when nothing is public', async () => {
    await w.raffle.edit({ publishedAt: undefined });
    expect(parseBody(await publicGet('/raffles'))).toEqual({ raffles: [] });
    expect(parseBody(await organiserGet('/raffles')).raffles).toHaveLength(1);
  });
});

describe('GET /raffle/raffles/{raffleId}', () => {
  it("shows the public a published raffle with its exact count and none of the organiser's milestones", async () => {
    await w.raffle.edit({ rulesUrl: 'https://example.com/rules', drawAt: fromNow(400 * DAY) });
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 3);
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(1, 'one-more'), consent: true }))).statusCode).toBe(201);
    const res = await publicGet(IN_RAFFLE);
    expect(res.statusCode).toBe(200);
    const view = parseBody(res);
    expect(view).toMatchObject({
      raffleId: RAFFLE_ID,
      title: 'Spring raffle',
      status: 'open',
      count: 49,
      rulesUrl: 'https://example.com/rules',
    });
    for (const milestone of ['createdAt', 'publishedAt', 'closedAt', 'drawnAt', 'archivedAt']) expect(view).not.toHaveProperty(milestone);
    expect(parseBody(await organiserGet(IN_RAFFLE))).toMatchObject({ count: 49, publishedAt: expect.any(String), archivedAt: null });
  });

  it('shows the public an upcoming, a closed and a drawn raffle', async () => {
    await raffle('upcoming', { opensAt: fromNow(DAY) });
    await raffle('closed', { closesAt: fromNow(-HOUR) });
    await raffle('drawn', { closesAt: fromNow(-10 * DAY), drawnAt: fromNow(-400 * DAY) });
    for (const [id, status] of [
      ['upcoming', 'open'],
      ['closed', 'closed'],
      ['drawn', 'drawn'],
    ]) {
      const res = await publicGet(`/raffles/${id}`);
      expect([id, res.statusCode, parseBody(res).status]).toEqual([id, 200, status]);
    }
  });

  it('is 404 raffle_not_found to the public for a draft, an archived, an unknown or a malformed id; the organiser sees drafts and archived ones', async () => {
    await raffle('a-draft', { publishedAt: undefined });
    await raffle('archived', { archivedAt: fromNow(-HOUR) });
    const ids = [
      'a-draft',
      'archived',
      'no-such-raffle',
      'Spring',
      '..',
      '..%2Fspring',
      'spring%2F..%2Fspring',
      encodeURIComponent('frühling'),
      'fr\u00fchling',
      '%00',
      'spring%20',
      'a'.repeat(LIMITS.raffle.idLength + 1),
      'a'.repeat(5000),
      '%23raffle%23spring',
      '%40spring',
    ];
    for (const id of ids) {
      const res = await publicGet(`/raffles/${id}`);
      expect([id.slice(0, 80), res.statusCode, parseBody(res).error?.code]).toEqual([id.slice(0, 80), 404, 'raffle_not_found']);
    }
    expect((await organiserGet('/raffles/a-draft')).statusCode).toBe(200);
    expect((await organiserGet('/raffles/archived')).statusCode).toBe(200);
    expect((await organiserGet('/raffles/no-such-raffle')).statusCode).toBe(404);
  });

  it('answers a path that does not decode with 400, not a 5xx', async () => {
    const res = await publicGet('/raffles/%E0%A4%A');
    expect([res.statusCode, parseBody(res).error.code]).toEqual([400, 'invalid_field']);
  });

  it("is refused on the public API without CloudFront's secret", async () => {
    const event = httpEvent({ method: 'GET', path: '/raffles' });
    event.requestContext.apiId = 'pub';
    const res = await h.raffles(event);
    expect([res.statusCode, parseBody(res).error.code]).toEqual([403, 'forbidden_origin']);
  });
});

describe('GET /raffle/raffles/{raffleId}/stats', () => {
  const statsOf = async (raffleId = RAFFLE_ID) => {
    const res = await organiserGet(`/raffles/${raffleId}/stats`);
    expect(res.statusCode).toBe(200);
    return parseBody(res);
  };
  /** The functions' clock at the start of the next whole hour and a few minutes: confirmations fall in known hours. */
  const toNextHour = () => {
    const now = w.clock.now().getTime();
    w.clock.advance(Math.ceil(now / HOUR) * HOUR + 5 * 60_000 - now);
    return Math.floor(w.clock.now().getTime() / HOUR) * HOUR;
  };

  it('counts confirmed entrants, pending ones whose link still works, and confirmations per hour (hours between them at 0)', async () => {
    w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
    const people = Array.from({ length: 6 }, (_, i) => person(i, 'stats'));
    for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(202);
    expect(await statsOf()).toEqual({ confirmed: 0, pending: 6, perHour: [] });

    const confirm = async (p: { email: string }) => {
      const { token } = confirmationLink(w.outbox, p.email);
      expect((await h.confirm(jsonPost('/confirm', { token }))).statusCode).toBe(200);
    };
    const first = toNextHour();
    await confirm(people[0]);
    await confirm(people[1]);
    w.clock.advance(2 * HOUR);
    await confirm(people[2]);
    // One pending entry's link has expired (TTL has not removed it yet): it is not pending any more.
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.tableName,
        Key: { email: { S: w.raffle.keys.entry(people[5].email) } },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': { N: String(Math.floor(w.clock.now().getTime() / 1000) - 1) } },
      }),
    );

    expect(await statsOf()).toEqual({
      confirmed: 3,
      pending: 2,
      perHour: [
        { hour: new Date(first).toISOString(), confirmed: 2 },
        { hour: new Date(first + HOUR).toISOString(), confirmed: 0 },
        { hour: new Date(first + 2 * HOUR).toISOString(), confirmed: 1 },
      ],
    });
  });

  it("counts only its own raffle's entries, whichever raffle has more", async () => {
    const autumn = await raffle('autumn');
    await seedEntrants(db.client, db.tableName, autumn, 2, { prefix: 'autumn' });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(201);
    const spring = await statsOf();
    expect(spring).toMatchObject({ confirmed: 1, pending: 0 });
    expect(spring.perHour.reduce((n: number, hour: { confirmed: number }) => n + hour.confirmed, 0)).toBe(1);
    const other = await statsOf('autumn');
    expect(other).toMatchObject({ confirmed: 32, pending: 0 });
    expect(other.perHour.reduce((n: number, hour: { confirmed: number }) => n + hour.confirmed, 0)).toBe(32);
  });

  it('is 404 for a raffle that does not exist', async () => {
    const res = await organiserGet('/raffles/no-such-raffle/stats');
    expect([res.statusCode, parseBody(res).error.code]).toEqual([404, 'raffle_not_found']);
  });
});
