/**
 * GIVEN confirmEntries on, and a person registered in more than one raffle
 * WHEN they press the button of each email's link (POST /raffle/confirm)
 * THEN each token confirms the entry of the raffle it was issued for, and says which; an entry made in
 *      time may be confirmed after the raffle closes, but not once it has been drawn (403 entries_closed)
 *      or archived; and a token an upgraded single-raffle table issued (it names no raffle) confirms into
 *      the raffle the table became (the catalogue's upgradedRaffleId, ordinal 0, the empty key scope),
 *      while in a table never upgraded such a token confirms nothing.
 */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { tokenHash } from '../../../functions/shared/tokens';
import { LIMITS } from '../../../model/limits';
import { deploymentKeys, raffleKeys } from '../../../model/raffle-keys';
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { drawPost, httpEvent, jsonPost, ORGANISER, parseBody, RAFFLE_ID } from '../support/events';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h } = w;

const DAY = 24 * 3600 * 1000;
const fromNow = (ms: number): string => new Date(w.clock.now().getTime() + ms).toISOString();
const grace = { email: 'grace@example.com', name: 'Grace Hopper', phone: '+14155550077' };

beforeEach(() => {
  w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
});

const apply = (raffleId: string, body: unknown) => h.apply(jsonPost(`/raffles/${raffleId}/apply`, body));
const confirm = (token: string) => h.confirm(jsonPost('/confirm', { token }));
const count = async (raffleId: string): Promise<number> =>
  parseBody(await h.raffles(httpEvent({ method: 'GET', path: `/raffles/${raffleId}` }))).count;
const answer = (res: { statusCode?: number; body?: string }) => [res.statusCode, parseBody(res)];

/** Another raffle taking entries with confirmation, made as the organiser makes one. */
async function createRaffle(raffleId: string, title: string): Promise<void> {
  const res = await h.organise(
    httpEvent({
      method: 'POST',
      path: '/raffles',
      body: JSON.stringify({ raffleId, title, prizes: [{ name: 'Prize', winners: 1 }], closesAt: fromNow(30 * DAY), status: 'open' }),
      headers: { 'content-type': 'application/json', 'idempotency-key': `create-${raffleId}` },
      clientCertSubject: ORGANISER,
    }),
  );
  expect(parseBody(res)).toMatchObject({ raffleId, status: 'open', confirmEntries: true });
}

describe("a token confirms its own raffle's entry", () => {
  it('each of two emails confirms the entry of the raffle it came from, and names it', async () => {
    await createRaffle('autumn', 'Autumn raffle');
    expect((await apply(RAFFLE_ID, grace)).statusCode).toBe(202);
    expect((await apply('autumn', grace)).statusCode).toBe(202);
    const springLink = confirmationLink(w.outbox, grace.email, 'Spring raffle');
    const autumnLink = confirmationLink(w.outbox, grace.email, 'Autumn raffle');
    expect(springLink.token).not.toBe(autumnLink.token);

    expect(answer(await confirm(autumnLink.token))).toEqual([
      200,
      { status: 'confirmed', raffleId: 'autumn', label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    expect([await count(RAFFLE_ID), await count('autumn')]).toEqual([0, 1]);
    expect(answer(await confirm(springLink.token))).toEqual([
      200,
      { status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    expect([await count(RAFFLE_ID), await count('autumn')]).toEqual([1, 1]);
    // Each link works once.
    expect(parseBody(await confirm(autumnLink.token)).error.code).toBe('invalid_token');
    expect([await count(RAFFLE_ID), await count('autumn')]).toEqual([1, 1]);
  });

  it('confirms an entry made in time after the raffle closes, until it is drawn: then 403 entries_closed, and nothing counts', async () => {
    for (const p of [grace, person(1, 'late')]) expect((await apply(RAFFLE_ID, p)).statusCode).toBe(202);
    await w.raffle.edit({ closesAt: fromNow(-1000) });
    // Closed, not drawn: the person entered in time.
    expect(answer(await confirm(confirmationLink(w.outbox, grace.email).token))).toEqual([
      200,
      { status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    expect((await h.draw(drawPost({ winners: 1 }))).statusCode).toBe(201);
    expect((await w.raffle.read()).drawnAt).toEqual(expect.any(String));

    const late = await confirm(confirmationLink(w.outbox, person(1, 'late').email).token);
    expect([late.statusCode, parseBody(late).error]).toEqual([403, expect.objectContaining({ code: 'entries_closed', field: 'token' })]);
    expect(await count(RAFFLE_ID)).toBe(1);
  });

  it("confirms after closing only while the link is valid: the grace ends with the link's validity, however late the draw", async () => {
    await w.raffle.edit({ closesAt: fromNow(3600 * 1000) });
    expect((await apply(RAFFLE_ID, grace)).statusCode).toBe(202);
    expect((await apply(RAFFLE_ID, person(2, 'late'))).statusCode).toBe(202);
    // Past the closing time: registering is refused, so no newer link can be had.
    w.clock.advance(2 * 3600 * 1000);
    expect(parseBody(await apply(RAFFLE_ID, grace)).error.code).toBe('entries_closed');
    expect(answer(await confirm(confirmationLink(w.outbox, grace.email).token))).toEqual([
      200,
      { status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    // Not drawn yet, but the link has expired.
    w.clock.advance(LIMITS.confirmation.validHours * 3600 * 1000);
    const expired = await confirm(confirmationLink(w.outbox, person(2, 'late').email).token);
    expect([expired.statusCode, parseBody(expired).error.code]).toEqual([400, 'invalid_token']);
    expect(await count(RAFFLE_ID)).toBe(1);
  });

  it('is refused once the raffle is archived', async () => {
    expect((await apply(RAFFLE_ID, grace)).statusCode).toBe(202);
    await w.raffle.edit({ archivedAt: fromNow(-1000) });
    const res = await confirm(confirmationLink(w.outbox, grace.email).token);
    expect([res.statusCode, parseBody(res).error.code]).toEqual([403, 'entries_closed']);
  });

  it('keeps confirming while a raffle drawn early is still open: entries made after an early draw still count', async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 1);
    expect((await apply(RAFFLE_ID, grace)).statusCode).toBe(202);
    expect((await h.draw(drawPost({ winners: 1 }))).statusCode).toBe(201);
    expect(answer(await confirm(confirmationLink(w.outbox, grace.email).token))).toEqual([
      200,
      { status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    expect(await count(RAFFLE_ID)).toBe(17);
  });
});

describe("the token of an upgraded table's single raffle (it names no raffle)", () => {
  /** The table as `npm run upgrade` leaves it: the raffle with ordinal 0 (the empty scope), named in the catalogue. */
  async function upgraded(): Promise<void> {
    await w.raffle.edit({ ordinal: 0 });
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.tableName,
        Key: { email: { S: deploymentKeys.catalog } },
        UpdateExpression: 'SET upgradedRaffleId = :id',
        ExpressionAttributeValues: { ':id': { S: RAFFLE_ID } },
      }),
    );
  }
  /** The pending entry's token, as the single-raffle version wrote it: without raffleId. */
  async function asTheOldVersionWroteIt(token: string): Promise<void> {
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.tableName,
        Key: { email: { S: deploymentKeys.confirmation(tokenHash(token)) } },
        UpdateExpression: 'REMOVE raffleId',
        ConditionExpression: 'attribute_exists(raffleId)',
      }),
    );
  }
  const entryItem = async (key: string) =>
    (await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: key } }, ConsistentRead: true }))).Item;

  it('confirms into the upgraded raffle, in the keys the old items already have', async () => {
    await upgraded();
    const oldKeys = raffleKeys({ raffleId: RAFFLE_ID, ordinal: 0 });
    expect((await apply(RAFFLE_ID, grace)).statusCode).toBe(202);
    // The pending entry is where the old version kept it: its bare address.
    expect((await entryItem(grace.email))?.status?.S).toBe('pending');
    const { token } = confirmationLink(w.outbox, grace.email);
    await asTheOldVersionWroteIt(token);

    expect(answer(await confirm(token))).toEqual([
      200,
      { status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
    expect(await count(RAFFLE_ID)).toBe(1);
    const entry = await entryItem(oldKeys.entry(grace.email));
    expect(entry).toMatchObject({ status: { S: 'confirmed' }, addressBucket: { S: 'g' } });
    // Ordinal 0: its tickets are the old ones, unshifted.
    expect(entry?.drawTicket?.N).toBe(entry?.ticket?.N);
    // And it can be drawn.
    expect(parseBody(await h.draw(drawPost({ winners: 1 }))).winners.map((x: { email: string }) => x.email)).toEqual([grace.email]);
  });

  it('confirms nothing in a table that was never upgraded (400 invalid_token)', async () => {
    expect((await apply(RAFFLE_ID, grace)).statusCode).toBe(202);
    const { token } = confirmationLink(w.outbox, grace.email);
    await asTheOldVersionWroteIt(token);
    const res = await confirm(token);
    expect([res.statusCode, parseBody(res).error.code]).toEqual([400, 'invalid_token']);
    expect(await count(RAFFLE_ID)).toBe(0);
  });
});
