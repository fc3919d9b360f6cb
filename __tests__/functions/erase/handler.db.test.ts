/**
 * GIVEN entrants in DynamoDB Local (confirmed, pending, winners)
 * WHEN the organiser erases one on request (DELETE /raffle/entrants/{email}, any spelling of the address)
 * THEN every item holding their data goes, the count stays exact, their phone number is free again,
 *      they can never be drawn, a draw they won keeps its shape with a tombstone in their place (no
 *      name, address or phone left), and erasing again changes nothing and answers the same.
 */
import { randomBytes } from 'crypto';
import { GetItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Random } from '../../../functions/runtime/ports';
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, jsonPost, ORGANISER, parseBody, voidPost, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

async function register(people: ReadonlyArray<{ email: string }>): Promise<void> {
  for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(201);
}

async function count(): Promise<number> {
  return parseBody(await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).count;
}

async function erase(email: string): Promise<{ statusCode?: number; body: any }> {
  const res = await h.erase(eraseDelete(email));
  return { statusCode: res.statusCode, body: parseBody(res) };
}

async function everyItem(): Promise<Array<Record<string, AttributeValue>>> {
  return (await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }))).Items ?? [];
}

/** Any trace of the person anywhere in the table: their address, name or phone in any attribute. */
async function tracesOf(p: { email: string; name: string; phone: string }): Promise<string[]> {
  const text = JSON.stringify(await everyItem());
  return [p.email, p.name, p.phone].filter((value) => text.includes(value));
}

async function history(): Promise<any[]> {
  return parseBody(await h.draws(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws`, clientCertSubject: ORGANISER }))).draws;
}

/**
 * A random source that gives `int` the numbers of a script, in order, and fails the handler (a 500) when
 * the script has run out or its next number does not fit: the test then knows exactly what was offered.
 */
function scripted(numbers: readonly number[]): Random & { readonly left: () => number } {
  const queue = [...numbers];
  return {
    int(maxExclusive) {
      const next = queue.shift();
      if (next === undefined || next >= maxExclusive) throw new Error(`the script has no number below ${maxExclusive} left`);
      return next;
    },
    bytes: (size) => randomBytes(size),
    left: () => queue.length,
  };
}

describe('DELETE /raffle/entrants/{email}', () => {
  it('erases a confirmed entrant: the count drops by one, nothing of them is left, and their phone number is free again', async () => {
    const people = [0, 1, 2, 3].map((i) => person(i, 'erase'));
    await register(people);
    expect(await count()).toBe(4);

    // Any spelling of the address names them.
    const res = await erase(people[1].email.toUpperCase());

    expect(res).toEqual({ statusCode: 200, body: { status: 'erased' } });
    expect(await count()).toBe(3);
    expect(await tracesOf(people[1])).toEqual([]);
    const listed = parseBody(await h.entrants(httpEvent({ method: 'GET', path: `${IN_RAFFLE}/entrants`, clientCertSubject: ORGANISER })));
    expect(listed.entrants.map((e: { email: string }) => e.email).sort()).toEqual(
      [people[0], people[2], people[3]].map((p) => p.email).sort(),
    );
    // Their phone claim went with them: someone (or they again) may use the number.
    const again = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(9, 'other'), phone: people[1].phone }));
    expect(again.statusCode).toBe(201);
    expect(await count()).toBe(4);
  });

  it('is idempotent: erasing again, or someone never entered, answers the same and changes nothing', async () => {
    const people = [0, 1, 2].map((i) => person(i, 'idem'));
    await register(people);
    expect(await erase(people[0].email)).toEqual({ statusCode: 200, body: { status: 'erased' } });
    const after = JSON.stringify(await everyItem());

    expect(await erase(people[0].email)).toEqual({ statusCode: 200, body: { status: 'erased' } });
    expect(await erase('never.entered@example.com')).toEqual({ statusCode: 200, body: { status: 'erased' } });

    expect(JSON.stringify(await everyItem())).toBe(after);
    expect(await count()).toBe(2);
  });

  it('refuses an address that is not one, with a stable code', async () => {
    for (const bad of ['not-an-address', '%E0%A4%A', 'a@']) {
      const res = await h.erase({ ...eraseDelete('x@example.com'), rawPath: `/raffle${IN_RAFFLE}/entrants/${bad}` });
      expect([bad, res.statusCode, parseBody(res).error.code]).toEqual([bad, 400, 'invalid_field']);
    }
  });

  it('erases a past winner: the draw keeps its shape, with a tombstone in their place and nothing of them', async () => {
    const people = [0, 1, 2, 3, 4].map((i) => person(i, 'won'));
    await register(people);
    const draw = parseBody(await h.draw(drawPost({ winners: 2, prize: 'Tickets' })));
    const [erased, kept] = draw.winners;
    const erasedPerson = people.find((p) => p.email === erased.email) as (typeof people)[number];

    expect((await erase(erased.email)).statusCode).toBe(200);

    expect(await count()).toBe(4);
    expect(await tracesOf(erasedPerson)).toEqual([]);
    const [record] = await history();
    expect(record).toMatchObject({ drawId: draw.drawId, prize: 'Tickets', winnerCount: 2, status: 'complete' });
    expect(record.winners).toEqual([
      { ticket: erased.ticket, status: 'erased', email: null, name: null, phone: null, void: null, claim: null },
      kept,
    ]);
    // The eligible count (entrants − winners) did not move: the erased winner was not eligible either.
    const next = parseBody(await h.draw(drawPost({ winners: 5 })));
    expect(next.eligibleCount).toBe(3);
    expect(next.winnerCount).toBe(3);
  });

  it('erases a voided winner: the void stands, and its reason (which may name them) is gone', async () => {
    const people = [0, 1, 2, 3].map((i) => person(i, 'void'));
    await register(people);
    const draw = parseBody(await h.draw(drawPost({ winners: 1 })));
    const winner = people.find((p) => p.email === draw.winners[0].email) as (typeof people)[number];
    expect((await h.draw(voidPost(draw.drawId, { email: winner.email, reason: `${winner.name} said no` }))).statusCode).toBe(201);

    expect((await erase(winner.email)).statusCode).toBe(200);

    expect(await tracesOf(winner)).toEqual([]);
    const original = (await history()).find((d) => d.drawId === draw.drawId);
    expect(original.winners).toEqual([
      {
        ticket: draw.winners[0].ticket,
        status: 'erased',
        email: null,
        name: null,
        phone: null,
        void: expect.objectContaining({ reason: '(erased)', voidedBy: ORGANISER }),
        claim: null,
      },
    ]);
  });

  it('erases a pending entrant with their confirmation token: the link then confirms nothing', async () => {
    w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
    const p = person(0, 'pending');
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(202);
    const { token } = confirmationLink(w.outbox, p.email);

    expect((await erase(p.email)).statusCode).toBe(200);

    expect(await tracesOf(p)).toEqual([]);
    const confirm = await h.confirm(jsonPost('/confirm', { token }));
    expect(confirm.statusCode).toBeGreaterThanOrEqual(400);
    expect(await count()).toBe(0);
  });

  // The scale run (1,000 draws, each winner put back) is bench/erasure.ts; here the draw is offered the
  // erased entrant's ticket first, and again, by a scripted random source, so it cannot be missed by luck.
  it('never draws an erased entrant, even when the random source offers their ticket first and again', async () => {
    // GIVEN five entrants, entrant i on counter shard i (so holding ticket i), and entrant 2 erased
    const people = [0, 1, 2, 3, 4].map((i) => person(i, 'pool'));
    w.use({ random: scripted([0, 1, 2, 3, 4]) });
    await register(people);
    for (const [i, p] of people.entries()) {
      const out = await db.client.send(
        new GetItemCommand({ TableName: db.tableName, Key: { email: { S: w.raffle.keys.entry(p.email) } }, ConsistentRead: true }),
      );
      expect([p.email, out.Item?.ticket?.N]).toEqual([p.email, String(i)]);
    }
    expect((await erase(people[2].email)).statusCode).toBe(200);
    const winnerOf = (res: { body?: string }): string[] => parseBody(res).winners.map((x: { email: string }) => x.email);

    // WHEN a draw of one is offered ticket 2, ticket 2 again, then ticket 3
    const firstScript = scripted([2, 2, 3]);
    w.use({ random: firstScript });
    const first = await h.draw(drawPost({ winners: 1 }));

    // THEN ticket 2 is looked up and refused (a gap now), its repeat costs nothing, and ticket 3 wins
    expect(first.statusCode).toBe(201);
    expect(parseBody(first)).toMatchObject({ method: 'ticket-rejection-sampling', attempts: 2, winnerCount: 1 });
    expect(winnerOf(first)).toEqual([people[3].email]);
    expect(firstScript.left()).toBe(0);

    // WHEN a draw of everyone left is offered ticket 2 first, and again between the others
    const secondScript = scripted([2, 0, 2, 1, 4]);
    w.use({ random: secondScript });
    const second = await h.draw(drawPost({ winners: 5 }));

    // THEN the three left win, and the erased entrant never does: the draw reached every entrant but them
    expect(second.statusCode).toBe(201);
    expect(parseBody(second)).toMatchObject({ eligibleCount: 3, winnerCount: 3, attempts: 4 });
    expect(winnerOf(second)).toEqual([people[0], people[1], people[4]].map((p) => p.email));
    expect(secondScript.left()).toBe(0);
    expect(await tracesOf(people[2])).toEqual([]);
  });
});
