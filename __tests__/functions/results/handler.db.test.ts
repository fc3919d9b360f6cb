/**
 * GIVEN draws in DynamoDB Local: completed ones with prizes, a void and its replacement, an erased
 *       winner, and entrants whose names are hostile or look like addresses
 * WHEN anyone asks GET /raffle/results (public)
 * THEN each completed draw shows its time, prize, entrant count and winners as first name and initial,
 *      voids and replacements as such, and never an address or a phone number; CloudFront may keep it
 *      for LIMITS.resultsMaxAgeSeconds.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { maskedName } from '../../../functions/results/mask';
import { LIMITS } from '../../../model/limits';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, jsonPost, parseBody, voidPost, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

const results = () => h.results(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/results` }));

describe('GET /raffle/results', () => {
  it('shows completed draws with prize, time, entrant count and masked winners, never an address or a phone', async () => {
    const people = [
      { ...person(0, 'res'), name: 'Grace Hopper' },
      { ...person(1, 'res'), name: 'res1@example.com' },
      { ...person(2, 'res'), name: '<img src=x onerror=alert(1)> Evil' },
      { ...person(3, 'res'), name: 'Ada Lovelace' },
    ];
    for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(201);
    const grand = parseBody(await h.draw(drawPost({ winners: 4, prize: 'Grand prize' })));

    const res = await results();

    expect(res.statusCode).toBe(200);
    expect(res.headers?.['cache-control']).toBe(`public, max-age=${LIMITS.resultsMaxAgeSeconds}`);
    const body = parseBody(res);
    expect(body.draws).toEqual([
      {
        drawId: grand.drawId,
        drawnAt: grand.drawnAt,
        happenedAt: grand.completedAt,
        completedAt: grand.completedAt,
        prize: 'Grand prize',
        entrantCount: 4,
        winners: expect.any(Array),
        replaces: null,
        status: 'complete',
        verifiable: null,
      },
    ]);
    const byName = new Map(people.map((p) => [p.email, p.name]));
    expect(body.draws[0].winners).toEqual(
      grand.winners.map((w: { email: string }) => ({
        name: maskedName(byName.get(w.email) as string),
        status: 'won',
        replacedBy: null,
        claim: null,
        claimBy: null,
      })),
    );
    const text = res.body ?? '';
    expect(text).not.toContain('@');
    for (const p of people) {
      expect(text).not.toContain(p.phone);
      expect(text).not.toContain(p.phone.slice(-7));
    }
  });

  it('shows a void as such, its replacement naming what it replaces, and an erased winner as nobody', async () => {
    for (let i = 0; i < 6; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'vr')))).statusCode).toBe(201);
    const draw = parseBody(await h.draw(drawPost({ winners: 2, prize: 'Bike' })));
    const voided = parseBody(await h.draw(voidPost(draw.drawId, { email: draw.winners[0].email, reason: 'private reason' })));
    expect((await h.erase(eraseDelete(draw.winners[1].email))).statusCode).toBe(200);

    const body = parseBody(await results());

    const original = body.draws.find((d: { drawId: string }) => d.drawId === draw.drawId);
    const replacement = body.draws.find((d: { drawId: string }) => d.drawId === voided.replacement.drawId);
    expect(original.winners).toEqual([
      { name: expect.stringMatching(/^Entrant/), status: 'void', replacedBy: voided.replacement.drawId, claim: null, claimBy: null },
      { name: null, status: 'erased', replacedBy: null, claim: null, claimBy: null },
    ]);
    expect(replacement).toMatchObject({
      prize: 'Bike',
      replaces: { drawId: draw.drawId },
      winners: [{ status: 'won', name: expect.any(String), replacedBy: null, claim: null, claimBy: null }],
    });
    // Why a winner was voided is the organiser's business.
    expect(JSON.stringify(body)).not.toContain('private reason');
    expect(JSON.stringify(body)).not.toContain('ticket');
  });

  it('answers an empty list while no draw is complete (a pending one is not shown)', async () => {
    for (let i = 0; i < 3; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'pend')))).statusCode).toBe(201);
    const draw = parseBody(await h.draw(drawPost({ winners: 1 })));
    // The draw's record, turned back into one still in progress.
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.tableName,
        Key: { email: { S: w.raffle.keys.draw(draw.drawId) } },
        UpdateExpression: 'SET #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': { S: 'pending' } },
      }),
    );
    const res = await results();
    expect(res.statusCode).toBe(200);
    expect(parseBody(res)).toEqual({ draws: [] });

    // A verifiable draw whose walk is under way stays shown as committed, with its beacon and no winners yet.
    const verifiable = {
      verifiable: { M: { round: { N: '7' }, poolHash: { S: 'ab' }, poolSize: { N: '3' }, beacon: { M: { round: { N: '7' } } } } },
    };
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.tableName,
        Key: { email: { S: w.raffle.keys.draw(draw.drawId) } },
        UpdateExpression: 'SET verifiable = :v',
        ExpressionAttributeValues: { ':v': verifiable.verifiable },
      }),
    );
    expect(parseBody(await results()).draws).toEqual([
      expect.objectContaining({ drawId: draw.drawId, status: 'committed', winners: [], verifiable: expect.objectContaining({ round: 7 }) }),
    ]);
  });
});
