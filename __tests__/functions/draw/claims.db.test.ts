/**
 * GIVEN a raffle with a claim period (claimDays), confirmed entrants and a completed fast draw, in
 *       DynamoDB Local, with winners' emails on
 * WHEN winners claim through their emailed link (POST /raffle/claim), the organiser marks a claim, the
 *      deadline passes, and the claim sweep runs (once, twice, at once, racing claims and voids)
 * THEN each win has exactly one outcome: claimed (once, however often asked), or voided "unclaimed" by
 *      the sweep with one replacement, which has a claim period of its own; a claim after the deadline
 *      is 410 claim_expired and writes nothing; the console's and the public views say where each win stands.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { claimWin } from '../../../functions/shared/claims';
import { readOutbox } from '../../../local/outbox';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, voidPost } from '../support/events';
import { useHandlers } from '../support/handlers';

const DAY_MS = 86_400_000;
const w = useHandlers();
const { db, h } = w;

beforeEach(async () => {
  await w.raffle.edit({ claimDays: 7 });
  w.configure({ notifyWinners: true, siteUrl: 'https://raffle.example.com' });
});

async function register(n: number, prefix = 'c'): Promise<void> {
  for (let i = 0; i < n; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, prefix)))).statusCode).toBe(201);
}

async function drawOf(winners: number): Promise<any> {
  const res = await h.draw(drawPost({ winners }));
  expect(res.statusCode).toBe(201);
  return parseBody(res);
}

async function storedItem(drawId: string) {
  const out = await db.client.send(
    new GetItemCommand({ TableName: db.tableName, Key: { email: { S: w.raffle.keys.draw(drawId) } }, ConsistentRead: true }),
  );
  return out.Item!;
}

/** The stream's record of the draw turning complete, as the event-source mapping hands it to notify. */
async function announce(drawId: string): Promise<void> {
  const item = await storedItem(drawId);
  const event = {
    Records: [
      {
        eventID: `complete-${drawId}`,
        eventName: 'MODIFY',
        dynamodb: { SequenceNumber: '1', NewImage: item, OldImage: { ...item, status: { S: 'pending' } } },
      },
    ],
  } as unknown as DynamoDBStreamEvent;
  expect(await h.notify(event)).toEqual({ batchItemFailures: [] });
}

/** The claim link's token in the email to `address`. */
function claimToken(address: string): string {
  const mail = readOutbox(w.outbox).find((m) => m.to === address);
  const token = /claim\.html\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no claim link went to ${address}`);
  return token;
}

const claimPost = (token: unknown) => h.confirm(jsonPost('/claim', { token }));
const markPost = (drawId: string, body: unknown) =>
  h.draw(
    httpEvent({
      method: 'POST',
      path: `${IN_RAFFLE}/draws/${drawId}/claim`,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      clientCertSubject: ORGANISER,
    }),
  );

async function history(): Promise<any[]> {
  return parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }))).draws;
}

async function publicResults(): Promise<any[]> {
  return parseBody(await h.results(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/results` }))).draws;
}

const pastDeadline = (draw: { claimBy?: string; completedAt: string }) =>
  w.clock.advanceTo(Date.parse(draw.completedAt) + 7 * DAY_MS + 1000);

describe('claims through the emailed link', () => {
  it('gives each win a deadline, emails a link that claims it once, and shows the claim to the organiser and the public', async () => {
    await register(5);
    const draw = await drawOf(2);
    const claimBy = new Date(Date.parse(draw.completedAt) + 7 * DAY_MS).toISOString();
    expect(draw.winners.map((x: any) => x.claim)).toEqual(
      draw.winners.map(() => ({ state: 'waiting', claimBy, claimedAt: null, claimedThrough: null, markedBy: null, note: null })),
    );
    await announce(draw.drawId);
    const [first, second] = draw.winners;
    const mail = readOutbox(w.outbox).find((m) => m.to === first.email)!;
    expect(mail.text).toContain('Claim your prize by');
    expect(mail.text).toContain('https://raffle.example.com/claim.html?token=');

    const res = await claimPost(claimToken(first.email));
    expect(res.statusCode).toBe(200);
    const answer = parseBody(res);
    expect(answer).toEqual({
      status: 'claimed',
      raffleId: 'spring',
      drawId: draw.drawId,
      prize: 'Prize',
      claimedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      claimedThrough: 'link',
    });

    // Twice, and the organiser marking it too: the first claim stands, unchanged.
    const again = await claimPost(claimToken(first.email));
    expect([again.statusCode, parseBody(again).claimedAt]).toEqual([200, answer.claimedAt]);
    const marked = await markPost(draw.drawId, { ticket: first.ticket, note: 'by phone' });
    expect(parseBody(marked)).toMatchObject({ claimedThrough: 'link', claimedAt: answer.claimedAt });
    expect((await storedItem(draw.drawId)).claims.L).toHaveLength(1);

    const [shown] = await history();
    expect(shown.winners.map((x: any) => x.claim.state)).toEqual(['claimed', 'waiting']);
    const [published] = await publicResults();
    expect(published.winners.map((x: any) => [x.claim, x.claimBy])).toEqual([
      ['claimed', claimBy],
      ['waiting', claimBy],
    ]);
    expect(second.claim.state).toBe('waiting');
  });

  it('refuses a claim after the deadline with 410 claim_expired, writing nothing; a bad token is 400', async () => {
    await register(3);
    const draw = await drawOf(1);
    await announce(draw.drawId);
    pastDeadline(draw);
    const res = await claimPost(claimToken(draw.winners[0].email));
    expect([res.statusCode, parseBody(res).error.code]).toEqual([410, 'claim_expired']);
    expect((await storedItem(draw.drawId)).claims).toBeUndefined();
    const [shown] = await history();
    expect(shown.winners[0].claim.state).toBe('expired');
    expect((await publicResults())[0].winners[0].claim).toBe('unclaimed');

    for (const token of ['x'.repeat(43), 'short', 42]) {
      const bad = await claimPost(token);
      expect([bad.statusCode, parseBody(bad).error.code]).toEqual([400, 'invalid_token']);
    }
  });
});

describe("the organiser's mark", () => {
  it('records a claim by hand, with who and the note; refuses it without a claim period, for an erased winner, and late', async () => {
    await register(6);
    const draw = await drawOf(3);
    const [a, b, c] = draw.winners;
    const res = await markPost(draw.drawId, { ticket: a.ticket, note: 'by phone' });
    expect([res.statusCode, parseBody(res).claimedThrough]).toEqual([200, 'organiser']);
    const [shown] = await history();
    expect(shown.winners[0].claim).toMatchObject({ state: 'claimed', claimedThrough: 'organiser', markedBy: ORGANISER, note: 'by phone' });

    expect((await h.erase(eraseDelete(b.email))).statusCode).toBe(200);
    const erased = await markPost(draw.drawId, { ticket: b.ticket });
    expect([erased.statusCode, parseBody(erased).error.code]).toEqual([404, 'winner_not_found']);
    for (const body of [{}, { ticket: 'one' }, { ticket: c.ticket, note: 'x'.repeat(201) }]) {
      expect((await markPost(draw.drawId, body)).statusCode).toBe(400);
    }
    pastDeadline(draw);
    const late = await markPost(draw.drawId, { ticket: c.ticket });
    expect([late.statusCode, parseBody(late).error.code]).toEqual([410, 'claim_expired']);

    await w.raffle.edit({ claimDays: undefined });
    const unclaimed = await drawOf(1);
    expect(unclaimed.winners[0].claim).toBeNull();
    const none = await markPost(unclaimed.drawId, { ticket: unclaimed.winners[0].ticket });
    expect([none.statusCode, parseBody(none).error.code]).toEqual([409, 'no_claim_period']);
  });
});

describe('the claim sweep', () => {
  it('voids each unclaimed win once with the reason "unclaimed" and draws one replacement, with its own claim period', async () => {
    await register(8);
    const draw = await drawOf(3);
    const [claimed, ...unclaimed] = draw.winners;
    expect((await markPost(draw.drawId, { ticket: claimed.ticket })).statusCode).toBe(200);

    // Before the deadline the sweep does nothing.
    expect(await h.claimSweep()).toMatchObject({ expired: 0, draws: 0 });
    pastDeadline(draw);
    // Twice at once, then again: each win is voided once.
    const [one, two] = await Promise.all([h.claimSweep(), h.claimSweep()]);
    expect(one.expired + two.expired).toBe(2);
    expect((await h.claimSweep()).expired).toBe(0);

    const draws = await history();
    const original = draws.find((d) => d.drawId === draw.drawId);
    const replacements = draws.filter((d) => d.replaces?.drawId === draw.drawId);
    expect(replacements).toHaveLength(2);
    expect(original.winners.map((x: any) => [x.status, x.void?.reason ?? null, x.void?.voidedBy ?? null])).toEqual([
      ['won', null, null],
      ['void', 'unclaimed', 'the claim deadline'],
      ['void', 'unclaimed', 'the claim deadline'],
    ]);
    const taken = new Set(draw.winners.map((x: any) => x.email));
    for (const r of replacements) {
      expect(r.winners).toHaveLength(1);
      expect(taken.has(r.winners[0].email)).toBe(false);
      taken.add(r.winners[0].email);
      expect(r.winners[0].claim).toMatchObject({
        state: 'waiting',
        claimBy: new Date(Date.parse(r.completedAt) + 7 * DAY_MS).toISOString(),
      });
    }
    expect(unclaimed.map((x: any) => replacements.some((r) => r.replaces.ticket === x.ticket))).toEqual([true, true]);
    const published = (await publicResults()).find((d) => d.drawId === draw.drawId);
    expect(published.winners.map((x: any) => [x.claim, x.replacedBy !== null])).toEqual([
      ['claimed', false],
      ['unclaimed', true],
      ['unclaimed', true],
    ]);
    // Settled: later sweeps no longer read it.
    expect((await storedItem(draw.drawId)).claimsSettledAt).toBeDefined();
  });

  it('makes exactly one outcome of a claim racing the expiry, win by win', async () => {
    await register(12);
    const draw = await drawOf(6);
    const claimBy = Date.parse(draw.completedAt) + 7 * DAY_MS;
    pastDeadline(draw);
    // The claims were sent just before the deadline (their own clock); the sweep runs just after it.
    const claims = draw.winners.map((x: any) =>
      claimWin(
        { client: db.client, name: db.tableName },
        w.raffle.keys,
        draw.drawId,
        x.ticket,
        { through: 'link' },
        new Date(claimBy - 1),
      ).then(
        () => 'claimed',
        (err) => err.code,
      ),
    );
    const [sweep, ...outcomes] = await Promise.all([h.claimSweep(), ...claims]);
    const [after] = (await history()).filter((d) => d.drawId === draw.drawId);
    after.winners.forEach((x: any, i: number) => {
      const voided = x.status === 'void';
      expect(x.claim.state === 'claimed').toBe(!voided);
      expect(outcomes[i]).toBe(voided ? 'claim_expired' : 'claimed');
    });
    expect(sweep.expired).toBe(after.winners.filter((x: any) => x.status === 'void').length);
    expect((await history()).filter((d) => d.replaces?.drawId === draw.drawId)).toHaveLength(sweep.expired);
  });

  it("lets an organiser's void racing the sweep stand alone: one void, one replacement", async () => {
    await register(6);
    const draw = await drawOf(1);
    pastDeadline(draw);
    const [manual, sweep] = await Promise.all([
      h.draw(voidPost(draw.drawId, { ticket: draw.winners[0].ticket, reason: 'No answer' })),
      h.claimSweep(),
    ]);
    const replacements = (await history()).filter((d) => d.replaces?.drawId === draw.drawId);
    expect(replacements).toHaveLength(1);
    expect(manual.statusCode === 201 ? 0 : 1).toBe(sweep.expired);
  });
});
