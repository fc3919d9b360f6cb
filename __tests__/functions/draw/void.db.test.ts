/**
 * GIVEN confirmed entrants and a completed draw, in DynamoDB Local
 * WHEN the organiser voids a winner (POST /raffle/draws/{drawId}/void with {email, reason})
 * THEN the void is recorded on the original draw (reason, who, when), the winner stays in the history
 *      marked void and never becomes eligible again, and a replacement draw of one winner, with the same
 *      prize, is drawn over those still eligible; the same key replays it; two voids of one winner at
 *      once make one replacement; no draw record is ever overwritten.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { person } from '../../support/people';
import { drawPost, httpEvent, jsonPost, ORGANISER, parseBody, voidPost, IN_RAFFLE } from '../support/events';
import { inParallel, useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

async function register(n: number): Promise<void> {
  const results = await inParallel(n, 8, (i) => h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'v'))));
  expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 201));
}

async function drawOf(body: unknown): Promise<any> {
  const res = await h.draw(drawPost(body));
  expect(res.statusCode).toBe(201);
  return parseBody(res);
}

async function history(): Promise<any[]> {
  const res = await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }));
  expect(res.statusCode).toBe(200);
  return parseBody(res).draws;
}

async function storedDraw(drawId: string): Promise<Record<string, unknown> | undefined> {
  const out = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { email: { S: w.raffle.keys.draw(drawId) } }, ConsistentRead: true }),
  );
  return out.Item;
}

async function count(): Promise<number> {
  return parseBody(await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).count;
}

describe('POST /raffle/draws/{drawId}/void', () => {
  it('voids one winner with the reason and who voided, and draws one replacement for the same prize', async () => {
    await register(6);
    const original = await drawOf({ winners: 2, prize: 'Grand prize' });
    const [voidedWinner, keptWinner] = original.winners;

    const res = await h.draw(voidPost(original.drawId, { email: voidedWinner.email.toUpperCase(), reason: 'No answer after 3 calls' }));

    expect(res.statusCode).toBe(201);
    const { replacement, voided } = parseBody(res);
    expect(voided.drawId).toBe(original.drawId);
    expect(voided.winners).toEqual([
      {
        ...voidedWinner,
        status: 'void',
        void: {
          reason: 'No answer after 3 calls',
          voidedBy: ORGANISER,
          voidedAt: expect.any(String),
          replacementDrawId: replacement.drawId,
        },
      },
      keptWinner,
    ]);
    expect(replacement).toMatchObject({
      status: 'complete',
      prize: 'Grand prize',
      requested: 1,
      winnerCount: 1,
      replaces: { drawId: original.drawId, ticket: voidedWinner.ticket },
      drawnBy: ORGANISER,
    });
    const [newWinner] = replacement.winners;
    expect([voidedWinner.email, keptWinner.email]).not.toContain(newWinner.email);
    expect(newWinner).toMatchObject({ status: 'won', phone: expect.stringMatching(/^\+/) });
    // The count is of entrants: a void changes nothing there.
    expect(await count()).toBe(6);
  });

  it('keeps both winners in the history: the voided one marked void, the replacement naming what it replaces', async () => {
    await register(5);
    const original = await drawOf({ winners: 1, prize: 'Bike' });
    const { replacement } = parseBody(await h.draw(voidPost(original.drawId, { email: original.winners[0].email, reason: 'Declined' })));

    const draws = await history();
    expect(draws.map((d) => d.drawId)).toEqual(expect.arrayContaining([original.drawId, replacement.drawId]));
    const before = draws.find((d) => d.drawId === original.drawId);
    const after = draws.find((d) => d.drawId === replacement.drawId);
    expect(before.winners).toEqual([expect.objectContaining({ email: original.winners[0].email, status: 'void' })]);
    expect(after.winners).toEqual([expect.objectContaining({ status: 'won' })]);
    expect(after.replaces).toEqual({ drawId: original.drawId, ticket: original.winners[0].ticket });
    // Append-only: the original record still has its winner, its randomness and its time.
    expect(before).toMatchObject({ drawnAt: original.drawnAt, randomness: original.randomness, winnerCount: 1 });
  });

  it('never makes a voided winner eligible again, and draws from those left until nobody is', async () => {
    await register(3);
    const first = await drawOf({ winners: 1 });
    let current = first;
    const everWon = new Set<string>([first.winners[0].email]);
    for (let i = 0; i < 2; i++) {
      const { replacement } = parseBody(await h.draw(voidPost(current.drawId, { email: current.winners[0].email, reason: `round ${i}` })));
      expect(replacement.winnerCount).toBe(1);
      expect(everWon.has(replacement.winners[0].email)).toBe(false);
      everWon.add(replacement.winners[0].email);
      current = replacement;
    }
    // All three have won once; voiding the last leaves nobody: the void stands, the replacement finds none.
    const res = await h.draw(voidPost(current.drawId, { email: current.winners[0].email, reason: 'last' }));
    expect(res.statusCode).toBe(201);
    const { replacement, voided } = parseBody(res);
    expect(voided.winners[0].status).toBe('void');
    expect(replacement).toMatchObject({ status: 'complete', requested: 1, winnerCount: 0, shortfall: true, winners: [] });
  });

  it('replays the same replacement for the same Idempotency-Key, and refuses a second void of the winner with another key', async () => {
    await register(6);
    const original = await drawOf({ winners: 1 });
    const body = { email: original.winners[0].email, reason: 'Unreachable' };
    const first = await h.draw(voidPost(original.drawId, body, { 'idempotency-key': 'void-1' }));
    const again = await h.draw(voidPost(original.drawId, body, { 'idempotency-key': 'void-1' }));
    const other = await h.draw(voidPost(original.drawId, body, { 'idempotency-key': 'void-2' }));

    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(parseBody(again).replacement).toEqual(parseBody(first).replacement);
    expect(other.statusCode).toBe(409);
    expect(parseBody(other).error.code).toBe('winner_already_void');
    expect((await history()).length).toBe(2);
  });

  it('makes one replacement from many concurrent voids of one winner', async () => {
    await register(20);
    const original = await drawOf({ winners: 1 });
    const body = { email: original.winners[0].email, reason: 'Concurrent' };

    const results = await Promise.all(Array.from({ length: 8 }, () => h.draw(voidPost(original.drawId, body))));

    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const draws = await history();
    expect(draws).toHaveLength(2);
    const voidedRecord = draws.find((d) => d.drawId === original.drawId);
    expect(voidedRecord.winners.filter((w: { status: string }) => w.status === 'void')).toHaveLength(1);
    // Exactly one more winner is marked in the table.
    const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
    const marked = (scan.Items ?? []).filter((item) => item.wonDrawId && !String(item.email.S).startsWith('#'));
    expect(marked).toHaveLength(2);
  });

  it('answers 404 for an unknown draw or someone who did not win it, and 400 for a missing reason, address or key', async () => {
    await register(4);
    const original = await drawOf({ winners: 1 });
    const loser = [0, 1, 2, 3].map((i) => person(i, 'v').email).find((e) => e !== original.winners[0].email) as string;
    const cases: Array<[unknown, Record<string, string>, string, number, string]> = [
      ['nope', {}, '', 404, 'draw_not_found'],
      [original.drawId, { email: loser, reason: 'x' }, '', 404, 'winner_not_found'],
      [original.drawId, { email: original.winners[0].email }, '', 400, 'missing_field'],
      [original.drawId, { email: original.winners[0].email, reason: '   ' }, '', 400, 'missing_field'],
      [original.drawId, { email: 'not an address', reason: 'x' }, '', 400, 'invalid_field'],
      [original.drawId, { email: original.winners[0].email, reason: 'x'.repeat(501) }, '', 400, 'invalid_field'],
    ];
    for (const [drawId, body, , status, code] of cases) {
      const payload = drawId === 'nope' ? { email: original.winners[0].email, reason: 'x' } : body;
      const res = await h.draw(voidPost(String(drawId), payload));
      expect([res.statusCode, parseBody(res).error?.code]).toEqual([status, code]);
    }
    const noKey = voidPost(original.drawId, { email: original.winners[0].email, reason: 'x' });
    delete noKey.headers['idempotency-key'];
    const res = await h.draw(noKey);
    expect(res.statusCode).toBe(400);
    // Nothing was voided by any of them.
    expect((await history())[0].winners[0].status).toBe('won');
    expect(await storedDraw(original.drawId)).not.toHaveProperty('voids');
  });
});

describe('POST /raffle/draw with a prize', () => {
  it("records the prize (a blank one is the raffle's first), and refuses one that is not plain text of at most the limit, or not the raffle's", async () => {
    await register(3);
    expect((await drawOf({ winners: 1, prize: '  Weekend for two ' })).prize).toBe('Weekend for two');
    expect((await drawOf({ winners: 1, prize: '  ' })).prize).toBe('Prize');
    for (const prize of ['x'.repeat(101), 42, 'bad\u0000prize', 'rtl\u202Eezirp', 'A prize this raffle does not have']) {
      const res = await h.draw(drawPost({ winners: 1, prize }));
      expect([prize, res.statusCode, parseBody(res).error?.code]).toEqual([prize, 400, 'invalid_field']);
    }
  });
});
