/**
 * GIVEN confirmed entrants and a completed draw whose winner was then erased on request, in DynamoDB Local
 * WHEN the organiser replaces the erased winner (POST …/draws/{drawId}/void with {"ticket": <the slot's
 *      ticket, as GET …/draws shows it>, "reason": "…"}: an erased winner has no address left to name)
 * THEN a replacement draw of one winner is made, as for a void (uniform over those still eligible, or in a
 *      verifiable draw the next label of the same ranking); the slot stays erased in the history (no
 *      address, name or phone) with the void naming its replacement, and the results show it replaced;
 *      the same key replays, a second replacement of the slot is refused (409 winner_already_void).
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import * as path from 'path';
import { labelsOf, rank, roundTime } from '../../../verify/selection';
import { readDrawFiles, verifyDraw } from '../../../verify/verify-draw';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, jsonPost, ORGANISER, parseBody, voidPost, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

const people = Array.from({ length: 8 }, (_, i) => person(i, 've'));

async function register(): Promise<void> {
  for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(201);
}

async function history(): Promise<any[]> {
  const res = await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }));
  expect(res.statusCode).toBe(200);
  return parseBody(res).draws;
}

async function erase(email: string): Promise<void> {
  expect((await h.erase(eraseDelete(email))).statusCode).toBe(200);
}

/** Every item of the table, as text: where an erased person must not appear. */
async function tableText(): Promise<string> {
  const scan = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return JSON.stringify(scan.Items ?? []);
}

describe('POST …/draws/{drawId}/void of an erased winner', () => {
  it('draws a replacement; the slot stays erased, its void names the replacement; the results show it replaced', async () => {
    await register();
    const draw = parseBody(await h.draw(drawPost({ winners: 2, prize: 'Bike' })));
    const [gone, kept] = draw.winners;
    await erase(gone.email);
    const erasedSlot = (await history())[0].winners[0];
    expect(erasedSlot).toEqual({ ticket: gone.ticket, status: 'erased', email: null, name: null, phone: null, void: null, claim: null });

    const res = await h.draw(voidPost(draw.drawId, { ticket: erasedSlot.ticket, reason: 'Winner erased on request' }));

    expect(res.statusCode).toBe(201);
    const { replacement, voided } = parseBody(res);
    expect(replacement).toMatchObject({
      status: 'complete',
      prize: 'Bike',
      requested: 1,
      winnerCount: 1,
      replaces: { drawId: draw.drawId, ticket: gone.ticket },
      drawnBy: ORGANISER,
    });
    expect([gone.email, kept.email]).not.toContain(replacement.winners[0].email);
    expect(replacement.winners[0]).toMatchObject({ status: 'won', name: expect.stringMatching(/^Entrant/) });
    const slotNow = {
      ticket: gone.ticket,
      status: 'erased',
      email: null,
      name: null,
      phone: null,
      void: {
        reason: 'Winner erased on request',
        voidedBy: ORGANISER,
        voidedAt: expect.any(String),
        replacementDrawId: replacement.drawId,
      },
      claim: null,
    };
    expect(voided.winners).toEqual([slotNow, kept]);
    const draws = await history();
    expect(draws.find((d) => d.drawId === draw.drawId).winners).toEqual([slotNow, kept]);
    expect(draws.find((d) => d.drawId === replacement.drawId).replaces).toEqual({ drawId: draw.drawId, ticket: gone.ticket });
    // Erasure removed the person: the replacement brought nothing of them back.
    const erasedPerson = people.find((p) => p.email === gone.email)!;
    const text = await tableText();
    for (const value of [erasedPerson.email, erasedPerson.name, erasedPerson.phone]) expect(text).not.toContain(JSON.stringify(value));

    const results = parseBody(await h.results(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/results` }))).draws;
    expect(results.find((d: { drawId: string }) => d.drawId === draw.drawId).winners).toEqual([
      { name: null, status: 'erased', replacedBy: replacement.drawId, claim: null, claimBy: null },
      { name: expect.any(String), status: 'won', replacedBy: null, claim: null, claimBy: null },
    ]);
    expect(results.find((d: { drawId: string }) => d.drawId === replacement.drawId)).toMatchObject({
      replaces: { drawId: draw.drawId },
      winners: [{ status: 'won', name: expect.any(String), replacedBy: null, claim: null, claimBy: null }],
    });
  });

  it('replays the replacement on the same key, and refuses a second replacement of the slot with another', async () => {
    await register();
    const draw = parseBody(await h.draw(drawPost({ winners: 1 })));
    await erase(draw.winners[0].email);
    const body = { ticket: draw.winners[0].ticket, reason: 'Erased' };

    const first = await h.draw(voidPost(draw.drawId, body, { 'idempotency-key': 'erased-1' }));
    const again = await h.draw(voidPost(draw.drawId, body, { 'idempotency-key': 'erased-1' }));
    const other = await h.draw(voidPost(draw.drawId, body, { 'idempotency-key': 'erased-2' }));
    const racing = await Promise.all([0, 1, 2].map(() => h.draw(voidPost(draw.drawId, body))));

    expect(first.statusCode).toBe(201);
    expect([again.statusCode, parseBody(again).replacement]).toEqual([200, parseBody(first).replacement]);
    expect([other.statusCode, parseBody(other).error.code]).toEqual([409, 'winner_already_void']);
    expect(racing.map((r) => [r.statusCode, parseBody(r).error.code])).toEqual([0, 1, 2].map(() => [409, 'winner_already_void']));
    expect(await history()).toHaveLength(2);
  });

  it('names a live winner by ticket as well, and refuses a ticket no winner holds, a bad one, and both ways at once', async () => {
    await register();
    const draw = parseBody(await h.draw(drawPost({ winners: 2 })));
    const [first, second] = draw.winners;
    await erase(first.email);
    const cases: Array<[unknown, number, string]> = [
      [{ email: first.email, reason: 'x' }, 404, 'winner_not_found'],
      [{ ticket: 999_999, reason: 'x' }, 404, 'winner_not_found'],
      [{ ticket: -1, reason: 'x' }, 400, 'invalid_field'],
      [{ ticket: 1.5, reason: 'x' }, 400, 'invalid_field'],
      [{ ticket: '3', reason: 'x' }, 400, 'invalid_field'],
      [{ ticket: first.ticket, email: first.email, reason: 'x' }, 400, 'invalid_field'],
      [{ ticket: first.ticket }, 400, 'missing_field'],
      [{ reason: 'x' }, 400, 'missing_field'],
    ];
    for (const [body, status, code] of cases) {
      const res = await h.draw(voidPost(draw.drawId, body));
      expect([body, res.statusCode, parseBody(res).error?.code]).toEqual([body, status, code]);
    }
    // The address of an erased winner names nobody now; the refusal says what does.
    const byAddress = parseBody(await h.draw(voidPost(draw.drawId, { email: first.email, reason: 'x' })));
    expect(byAddress.error.message).toContain('ticket');

    const res = await h.draw(voidPost(draw.drawId, { ticket: second.ticket, reason: 'Declined' }));
    expect(res.statusCode).toBe(201);
    expect(parseBody(res).voided.winners[1]).toMatchObject({ email: second.email, status: 'void' });
  });

  it('in a verifiable draw, takes the next label of the same ranking and marks the erased winner’s step void; the walk verifies', async () => {
    w.configure({ verifiable: { marginSeconds: 3 } });
    await register();
    const key = { 'idempotency-key': 'verifiable-erased' };
    const request = { mode: 'verifiable', winners: 3, prize: 'Verified prize' };
    const committed = parseBody(await h.draw(drawPost(request, key)));
    w.clock.advanceTo(roundTime(committed.verifiable.round) * 1000);
    const draw = parseBody(await h.draw(drawPost(request, key)));
    const files = () => readDrawFiles({ dir: path.join(w.published, 'draws') }, draw.drawId);
    const before = await files();
    const ranking = rank(before.beacon.randomness, before.commitment.poolHash, labelsOf(before.pool));
    await erase(draw.winners[1].email);

    const res = await h.draw(voidPost(draw.drawId, { ticket: draw.winners[1].ticket, reason: 'Erased' }));

    expect(res.statusCode).toBe(201);
    const { replacement } = parseBody(res);
    expect(replacement).toMatchObject({
      status: 'complete',
      winnerCount: 1,
      replaces: { drawId: draw.drawId, ticket: draw.winners[1].ticket },
    });
    const after = await files();
    expect(verifyDraw(after).message).toMatch(/^MATCH/);
    // The erased winner's own step (the second won, in rank order) is the one marked void.
    const wonBefore = before.result.sequence.filter((s) => s.outcome === 'won').map((s) => s.label);
    expect(after.result.sequence.filter((s) => s.voided).map((s) => s.label)).toEqual([wonBefore[1]]);
    const last = after.result.sequence[after.result.sequence.length - 1];
    expect(last).toMatchObject({ label: ranking[after.result.sequence.length - 1], outcome: 'won', forDraw: replacement.drawId });
    expect(after.result.sequence.filter((s) => s.outcome === 'won' && !s.voided)).toHaveLength(3);
  });
});
