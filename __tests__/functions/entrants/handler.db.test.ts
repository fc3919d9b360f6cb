/**
 * GIVEN confirmed entrants in DynamoDB Local (registered through the apply handler, or seeded in the
 *       shape admission writes)
 * WHEN the organiser lists, searches and exports them
 * THEN pages come in address order behind an opaque cursor, every entrant exactly once; a search reads
 *      the addresses that start with it; the CSV is RFC 4180 with a header, round-trips hostile names and
 *      neutralises formulas.
 */
import { gunzipSync } from 'zlib';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { toItem } from '../../../functions/runtime/marshal';
import { ADDRESS_BUCKETS, entrantsIndexKeys } from '../../../model/schema';
import { isEmailAddress } from '../../../model/email';
import { parse } from 'csv-parse/sync';
import { neutralise } from '../../../functions/entrants/csv';
import { LIMITS } from '../../../model/limits';
import { person } from '../../support/people';
import { drawPost, httpEvent, jsonPost, ORGANISER, parseBody, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h } = w;

const list = (query: Record<string, string> = {}) => {
  const rawQueryString = new URLSearchParams(query).toString();
  const event = httpEvent({ method: 'GET', path: `${IN_RAFFLE}/entrants`, clientCertSubject: ORGANISER });
  return h.entrants({ ...event, rawQueryString, ...(rawQueryString ? { queryStringParameters: query } : {}) });
};
/** A cursor in the shape ours have (base64url of [bucket, searchAddress, entry key, prefix]), with what a forger put in it. */
const forged = (position: unknown[]): string => Buffer.from(JSON.stringify(position)).toString('base64url');
const csv = (acceptEncoding?: string) =>
  h.entrants(
    httpEvent({
      method: 'GET',
      path: `${IN_RAFFLE}/entrants.csv`,
      clientCertSubject: ORGANISER,
      headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
    }),
  );
const csvText = (res: { body?: string; isBase64Encoded?: boolean; headers?: Record<string, unknown> }): string =>
  res.headers?.['content-encoding'] === 'gzip' ? gunzipSync(Buffer.from(res.body ?? '', 'base64')).toString('utf8') : (res.body ?? '');

describe('ADDRESS_BUCKETS (the partitions of the entrants index)', () => {
  it('holds every character an accepted address can start with, each once, in code-point order', () => {
    const startsAnAddress = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).filter((c) =>
      isEmailAddress(`${c}x@example.com`),
    );
    expect([...ADDRESS_BUCKETS]).toEqual(startsAnAddress);
    expect([...ADDRESS_BUCKETS].sort()).toEqual([...ADDRESS_BUCKETS]);
    // Addresses are lower-cased before they are checked: no upper-case partition.
    expect(isEmailAddress('Ax@example.com')).toBe(false);
  });
});

describe('GET /raffle/entrants', () => {
  it('pages over 1,000 entrants in address order: every entrant exactly once, and no cursor on the last page', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 63); // 16 shards × 63 = 1,008
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list({ limit: '97', ...(cursor ? { cursor } : {}) });
      expect(res.statusCode).toBe(200);
      const page = parseBody(res);
      expect(page.entrants.length).toBeLessThanOrEqual(97);
      seen.push(...page.entrants.map((e: { email: string }) => e.email));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(1008);
    expect(new Set(seen).size).toBe(1008);
    expect(pages).toBe(Math.ceil(1008 / 97));
    // Address order, as the index sorts it (lower-cased, code-point order).
    const lower = seen.map((e) => e.toLowerCase());
    expect(lower).toEqual([...lower].sort());
  });

  it('gives each entrant address, name, phone, entry time, whether they won and the draw', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(1, 'ada'), email: 'Ada.Lovelace@Example.com' }));
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(2, 'bob')));
    const drawn = parseBody(await h.draw(drawPost({ winners: 2 })));
    const { entrants } = parseBody(await list());
    expect(entrants).toEqual([
      {
        email: 'Ada.Lovelace@example.com',
        name: 'Entrant 1',
        phone: '+14155550001',
        enteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        won: true,
        wonDrawId: drawn.drawId,
        wonAt: expect.any(String),
        voidedAt: null,
      },
      expect.objectContaining({ email: 'bob2@example.com', won: true, wonDrawId: drawn.drawId }),
    ]);
  });

  it('finds entrants by the start of their address as typed (any case), across pages', async () => {
    for (const [i, email] of ['grace.hopper@gmail.com', 'Grace.Kelly@example.com', 'gregory@example.com', 'ada@example.com'].entries()) {
      await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(i), email }));
    }
    const found = async (prefix: string, limit = '50') => parseBody(await list({ prefix, limit }));
    // The address as typed: Gmail's dots count here, though the entry's key drops them.
    expect((await found('grace.')).entrants.map((e: { email: string }) => e.email)).toEqual([
      'grace.hopper@gmail.com',
      'Grace.Kelly@example.com',
    ]);
    expect((await found('GR')).entrants).toHaveLength(3);
    expect((await found('zed')).entrants).toEqual([]);
    expect((await found('€')).entrants).toEqual([]);
    const first = await found('gr', '2');
    expect(first.entrants).toHaveLength(2);
    const rest = parseBody(await list({ prefix: 'gr', limit: '2', cursor: first.cursor }));
    expect(rest.entrants.map((e: { email: string }) => e.email)).toEqual(['gregory@example.com']);
    expect(rest.cursor).toBeUndefined();
  });

  it('never lists a pending (unconfirmed) entry', async () => {
    w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)))).statusCode).toBe(202);
    expect(parseBody(await list()).entrants).toEqual([]);
  });

  it.each([
    ['a limit of 0', { limit: '0' }, 'invalid_field', 'limit'],
    [`a limit over ${LIMITS.entrantsPage.max}`, { limit: String(LIMITS.entrantsPage.max + 1) }, 'invalid_field', 'limit'],
    ['a limit that is not a number', { limit: 'ten' }, 'invalid_field', 'limit'],
    ['a cursor that is not ours', { cursor: 'bm90LWEtY3Vyc29y' }, 'invalid_cursor', 'cursor'],
    ['garbage for a cursor', { cursor: '%%%' }, 'invalid_cursor', 'cursor'],
    // Forged in our own shape (found by reliability/fuzz.ts): an empty or oversized key reached the query, a 500.
    ['a cursor naming empty keys', { cursor: forged([0, '', '', '']) }, 'invalid_cursor', 'cursor'],
    ['a cursor naming an empty entry key', { cursor: forged([0, 'a', '', '']) }, 'invalid_cursor', 'cursor'],
    [
      'a cursor naming a key longer than any entry',
      { cursor: forged([0, 'a', `@spring/${'b'.repeat(2100)}`, '']) },
      'invalid_cursor',
      'cursor',
    ],
  ])('answers 400 to %s', async (_label, query, code, field) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(parseBody(res).error).toMatchObject({ code, field });
  });

  it('refuses a cursor made for another search', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 1);
    const { cursor } = parseBody(await list({ limit: '2' }));
    const res = await list({ limit: '2', cursor, prefix: 'seed1' });
    expect(parseBody(res).error.code).toBe('invalid_cursor');
  });
});

describe('GET /raffle/entrants.csv', () => {
  const HOSTILE = [
    'Comma, Person',
    'Quote "Q" Person',
    'Line\u2028Break',
    '=HYPERLINK("http://evil.example","click")',
    '+SUM(1,2)',
    '-2+3',
    '@cmd',
    'Zoë Ünïcödé 🎉',
    '<script>alert(1)</script>',
  ];

  it('has a header row and round-trips hostile names through a CSV parser, formulas neutralised', async () => {
    for (const [i, name] of HOSTILE.entries()) await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(i, 'csv'), name }));
    const res = await csv('gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-encoding': 'gzip',
      'cache-control': 'no-store',
    });
    expect(res.headers?.['content-disposition']).toMatch(/^attachment; filename="spring-entrants-\d{4}-\d\d-\d\d\.csv"$/);
    const text = csvText(res);
    expect(text.startsWith('\ufeffemail,name,phone,entered_at,won,won_draw_id,won_at,voided_at\r\n')).toBe(true);
    const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
    expect(rows).toHaveLength(HOSTILE.length);
    expect(rows.map((r) => r.name).sort()).toEqual(HOSTILE.map(neutralise).sort());
    // Nothing a spreadsheet would run: every cell that starts like a formula, but for an E.164 phone, starts with an apostrophe.
    for (const row of rows)
      for (const value of Object.values(row)) if (!/^\+[0-9]{1,15}$/.test(value)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.find((r) => r.name.startsWith("'=HYPERLINK"))).toBeDefined();
    // A phone in E.164 ("+" and digits only) is no formula: it is exported as it is.
    expect(rows.every((r) => /^\+1415555\d{4}$/.test(r.phone))).toBe(true);
    expect(rows.every((r) => r.won === 'false')).toBe(true);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(1), name: 'A, "B"' }));
    // apply refuses line breaks in a name; an item written another way (an import, an old version) may have one.
    await db.client.send(
      new PutItemCommand({
        TableName: db.tableName,
        Item: toItem({
          email: w.raffle.keys.entry('nl@example.com'),
          contactEmail: 'nl@example.com',
          name: 'Line\r\nbreak',
          phone: '+14155550002',
          status: 'confirmed',
          confirmedAt: '2026-11-22T00:00:00.000Z',
          ...entrantsIndexKeys(w.raffle.keys, 'nl@example.com'),
        }),
      }),
    );
    const text = csvText(await csv());
    expect(text).toContain('"A, ""B"""');
    expect(text).toContain('"Line\r\nbreak"');
    const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
    expect(rows.map((r) => r.name)).toEqual(['A, "B"', 'Line\r\nbreak']);
  });

  it('answers plain text to a client that does not accept gzip', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1)));
    const res = await csv();
    expect(res.headers?.['content-encoding']).toBeUndefined();
    expect(res.isBase64Encoded).toBe(false);
    expect(res.body).toContain('e1@example.com');
  });

  it.each([
    ['=1+1', "'=1+1"],
    // E.164, "+" and 1 to 15 digits, is a phone and nothing a spreadsheet runs; anything more after a "+" may be.
    ['+44', '+44'],
    ['+14155550000', '+14155550000'],
    ['+123456789012345', '+123456789012345'],
    ['+1234567890123456', "'+1234567890123456"],
    ['+', "'+"],
    ['+1+2', "'+1+2"],
    ['+44-1', "'+44-1"],
    ['+1 415', "'+1 415"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['+1e5', "'+1e5"],
    ['+44\n', "'+44\n"],
    ['+\u0661\u0662', "'+\u0661\u0662"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Ann', 'Ann'],
    ['a=b', 'a=b'],
  ])('neutralises %j as %j', (value, expected) => {
    expect(neutralise(value)).toBe(expected);
  });
});
