/**
 * GIVEN entrants in DynamoDB Local (confirmed, pending, winners)
 * WHEN the organiser erases one on request (DELETE /raffle/entrants/{email}, any spelling of the address)
 * THEN every item holding their data goes, the count stays exact, their phone number is free again,
 *      they can never be drawn, a draw they won keeps its shape with a tombstone in their place (no
 *      name, address or phone left), and erasing again changes nothing and answers the same.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ENV } from '../../../model/functions';
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { drawPost, eraseDelete, httpEvent, jsonPost, ORGANISER, parseBody, voidPost } from '../support/events';
import { useHandlers } from '../support/handlers';
import { undoWin } from '../support/seed';

jest.setTimeout(180_000);

const { db, h } = useHandlers();

async function register(people: ReadonlyArray<{ email: string }>): Promise<void> {
  for (const p of people) expect((await h.apply(jsonPost('/apply', p))).statusCode).toBe(201);
}

async function count(): Promise<number> {
  return parseBody(await h.count(httpEvent({ method: 'GET', path: '/count' }))).count;
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
  return parseBody(await h.draws(httpEvent({ method: 'GET', path: '/draws', clientCertSubject: ORGANISER }))).draws;
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
    const listed = parseBody(await h.entrants(httpEvent({ method: 'GET', path: '/entrants', clientCertSubject: ORGANISER })));
    expect(listed.entrants.map((e: { email: string }) => e.email).sort()).toEqual(
      [people[0], people[2], people[3]].map((p) => p.email).sort(),
    );
    // Their phone claim went with them: someone (or they again) may use the number.
    const again = await h.apply(jsonPost('/apply', { ...person(9, 'other'), phone: people[1].phone }));
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
      const res = await h.erase({ ...eraseDelete('x@example.com'), rawPath: `/raffle/entrants/${bad}` });
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
    expect(record.winners).toEqual([{ ticket: erased.ticket, status: 'erased', email: null, name: null, phone: null, void: null }, kept]);
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
      },
    ]);
  });

  it('erases a pending entrant with their confirmation token: the link then confirms nothing', async () => {
    const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-erase-'));
    Object.assign(process.env, { [ENV.confirmEntries]: 'true', [ENV.outboxDir]: outbox, [ENV.siteUrl]: 'https://raffle.example.com' });
    try {
      const p = person(0, 'pending');
      expect((await h.apply(jsonPost('/apply', p))).statusCode).toBe(202);
      const { token } = confirmationLink(outbox, p.email);

      expect((await erase(p.email)).statusCode).toBe(200);

      expect(await tracesOf(p)).toEqual([]);
      const confirm = await h.confirm(jsonPost('/confirm', { token }));
      expect(confirm.statusCode).toBeGreaterThanOrEqual(400);
      expect(await count()).toBe(0);
    } finally {
      for (const name of [ENV.confirmEntries, ENV.outboxDir, ENV.siteUrl]) delete process.env[name];
      fs.rmSync(outbox, { recursive: true, force: true });
    }
  });

  it('never draws an erased entrant: 1,000 draws on a pool of 5 with one erased', async () => {
    const people = [0, 1, 2, 3, 4].map((i) => person(i, 'pool'));
    await register(people);
    expect((await erase(people[2].email)).statusCode).toBe(200);

    const wins = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const res = await h.draw(drawPost({ winners: 1 }));
      expect(res.statusCode).toBe(201);
      const [winner] = parseBody(res).winners as Array<{ email: string; ticket: number }>;
      wins.set(winner.email, (wins.get(winner.email) ?? 0) + 1);
      await undoWin(db.client, db.tableName, winner.email, winner.ticket);
    }

    expect(wins.has(people[2].email)).toBe(false);
    // The four left all won (each about 250 times): the draw still reached every one of them.
    expect([...wins.keys()].sort()).toEqual([people[0], people[1], people[3], people[4]].map((p) => p.email).sort());
  });
});
