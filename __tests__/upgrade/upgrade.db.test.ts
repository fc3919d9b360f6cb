/**
 * GIVEN a table in exactly the shapes the single-raffle version wrote (./fixture/, made by that version's
 *       own handlers: confirmed and pending entries, tokens, phone claims, counter shards, the draw totals,
 *       a fast draw with a void and its replacement, a verifiable draw with its published files, the
 *       organiser's notification, an erased entrant), beside a raffle created since (the World's "spring")
 * WHEN  ops run the upgrade (ops/upgrade/upgrade.ts), first as a dry run
 * THEN  nothing moved or was lost: every kind of item counted the same, and through the new API the
 *       first raffle has every entrant, the exact count, its draws, void and replacement, and its
 *       verifiable draw still says MATCH; old pending links confirm into it; the same person enters
 *       another raffle once; the upgrade again changes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BatchWriteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { deploymentAbilities } from '../../model/raffle';
import { readDrawFiles, verifyDraw } from '../../verify/verify-draw';
import type { LegacyRaffleKeys } from '../../config/legacy-raffle';
import { report, upgrade } from '../../ops/upgrade/upgrade';
import { httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, drawPost, voidPost } from '../functions/support/events';
import { useHandlers } from '../functions/support/handlers';

const FIXTURE = path.join(__dirname, 'fixture');
const items = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'table.json'), 'utf8')) as Record<string, AttributeValue>[];
const people = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'people.json'), 'utf8')) as { email: string; name: string; phone: string }[];
const erased = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'erased.json'), 'utf8')) as { email: string };
const pendingTokens = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'pending-tokens.json'), 'utf8')) as string[];
const confirmed = people.slice(0, 12).filter((p) => p.email !== erased.email);

/** The old config's raffle keys, as config/prod.json had them. */
const LEGACY: LegacyRaffleKeys = {
  winners: 2,
  entryDeadline: '2026-12-24T17:00:00Z',
  rulesUrl: 'https://example.com/rules',
  privacyUrl: 'https://example.com/privacy',
};

const w = useHandlers();
const { db, h } = w;
const FIRST = '/raffles/first';
const table = () => ({ client: db.client, name: db.tableName });
const abilities = deploymentAbilities({ confirmEntries: true, verifiable: { marginSeconds: 3 } });

async function seedFixture(): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await db.client.send(
      new BatchWriteItemCommand({ RequestItems: { [db.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
  fs.cpSync(path.join(FIXTURE, 'published'), w.published, { recursive: true });
  // The functions' clock back at the fixture's time: its pending links are still valid there.
  const madeAt = Math.max(...items.map((i) => Date.parse(i.createdAt?.S ?? '') || 0));
  w.clock.advance(madeAt + 3600_000 - w.clock.now().getTime());
}

const run = (dryRun: boolean) => upgrade({ table: table(), legacy: LEGACY, abilities, now: w.clock.now(), dryRun, title: 'Winter raffle' });

const admin = (method: 'GET' | 'DELETE', p: string, query?: Record<string, string>) =>
  httpEvent({ method, path: p, clientCertSubject: ORGANISER, ...(query ? { query } : {}) });

beforeEach(async () => {
  w.configure({ confirmEntries: true, verifiable: { marginSeconds: 3 }, siteUrl: 'https://raffle.example.com' });
  await seedFixture();
});

describe('upgrading a single-raffle table', () => {
  it('a dry run counts and writes nothing; the upgrade writes the raffle and counts every kind the same', async () => {
    const dry = await run(true);
    expect(dry.outcome).toBe('would upgrade');
    expect((await h.raffles(admin('GET', FIRST))).statusCode).toBe(404);

    const done = await run(false);
    expect(done.outcome).toBe('upgraded');
    // One transaction of two items: the raffle and the catalogue's note.
    expect(done.outcome === 'upgraded' && done.writeUnits).toBeGreaterThan(0);
    expect(done.before.upgraded).toEqual({ ...done.after.upgraded, raffles: done.before.upgraded.raffles });
    expect(done.after.upgraded).toMatchObject({
      'confirmed entries': 11,
      'pending entries': 2,
      'phone claims': 11,
      'confirmation tokens': 14,
      draws: 3,
      notifications: 3,
      raffles: 2,
    });
    expect(done.after.otherRaffles).toBe(done.before.otherRaffles);
    expect(report(done)).toContain(
      'upgraded: raffle "first" ("Winter raffle"), prizes Bike ×2, Tablet ×2, closes 2026-12-24T17:00:00.000Z, drawn',
    );

    const again = await run(false);
    expect(again).toMatchObject({ outcome: 'already upgraded', raffleId: 'first' });
    expect(again.after.upgraded).toEqual(done.after.upgraded);
  });

  it('every entrant, the count, the draws with their void, and the verifiable draw (MATCH) are the first raffle’s', async () => {
    await run(false);
    const raffle = parseBody(await h.raffles(admin('GET', FIRST)));
    // Drawn early, before its deadline: open until then, drawn after.
    expect(raffle).toMatchObject({ raffleId: 'first', status: 'open', count: 11, rulesUrl: 'https://example.com/rules' });
    expect(raffle.drawnAt).toEqual(expect.any(String));

    const listed = parseBody(await h.entrants(admin('GET', `${FIRST}/entrants`, { limit: '50' })));
    expect(listed.entrants.map((e: { email: string }) => e.email).sort()).toEqual(confirmed.map((p) => p.email).sort());

    const draws = parseBody(await h.draws(admin('GET', `${FIRST}/draws`))).draws as {
      drawId: string;
      prize: string;
      status: string;
      winners: { status: string }[];
      replaces: unknown;
      verifiable: unknown;
    }[];
    expect(draws).toHaveLength(3);
    const fast = draws.find((d) => d.prize === 'Bike' && !d.replaces)!;
    expect(fast.winners.map((x) => x.status).sort()).toEqual(['void', 'won']);
    expect(draws.find((d) => d.replaces)).toMatchObject({ status: 'complete', prize: 'Bike' });
    const verifiable = draws.find((d) => d.verifiable)!;
    expect(verifiable).toMatchObject({ prize: 'Tablet', status: 'complete' });
    expect(verifyDraw(await readDrawFiles({ dir: path.join(w.published, 'draws') }, verifiable.drawId))).toMatchObject({ ok: true });

    const results = parseBody(await h.results(httpEvent({ method: 'GET', path: `${FIRST}/results` })));
    expect(results.draws.map((d: { drawId: string }) => d.drawId).sort()).toEqual(draws.map((d) => d.drawId).sort());
    // The raffle created before the upgrade is untouched and apart.
    expect(parseBody(await h.raffles(admin('GET', IN_RAFFLE)))).toMatchObject({ count: 0 });
    w.clock.advance(Date.parse(LEGACY.entryDeadline!) - w.clock.now().getTime());
    expect(parseBody(await h.raffles(admin('GET', FIRST)))).toMatchObject({ status: 'drawn' });
  });

  it('old pending links confirm into the first raffle; a new draw and a void there pick only its entrants', async () => {
    await run(false);
    expect(parseBody(await h.confirm(jsonPost('/confirm', { token: pendingTokens[0] })))).toEqual({
      status: 'confirmed',
      raffleId: 'first',
      label: expect.stringMatching(/^[0-9a-f]{20}$/),
    });
    expect(parseBody(await h.raffles(admin('GET', FIRST))).count).toBe(12);

    const draw = await h.draw(drawPost({ prize: 'Bike', winners: 1, early: true }, {}, 'first'));
    expect(draw.statusCode).toBe(201);
    const winner = parseBody(draw).winners[0].email as string;
    expect(people.map((p) => p.email)).toContain(winner);

    const fast = (
      parseBody(await h.draws(admin('GET', `${FIRST}/draws`))).draws as {
        drawId: string;
        prize: string;
        replaces: unknown;
        winners: { email: string; status: string }[];
      }[]
    ).find((d) => d.drawId !== parseBody(draw).drawId && d.prize === 'Bike' && !d.replaces)!;
    const stillWon = fast.winners.find((x) => x.status === 'won')!;
    const voided = await h.draw(voidPost(fast.drawId, { email: stillWon.email, reason: 'Declined' }, {}, 'first'));
    expect(voided.statusCode).toBe(201);
  });

  it('a person of the first raffle enters another raffle once, is still entered in the first, and is erased from both', async () => {
    await run(false);
    const someone = confirmed[0];
    expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...someone, consent: true }))).statusCode).toBe(202);
    expect((await h.apply(jsonPost(`${FIRST}/apply`, { ...someone, consent: true }))).statusCode).toBe(202);
    expect(parseBody(await h.raffles(admin('GET', FIRST))).count).toBe(11);

    expect((await h.erase(admin('DELETE', `/people/${encodeURIComponent(someone.email)}`))).statusCode).toBe(200);
    expect(parseBody(await h.raffles(admin('GET', FIRST))).count).toBe(10);
    const listed = parseBody(await h.entrants(admin('GET', `${FIRST}/entrants`, { limit: '50' })));
    expect(listed.entrants.map((e: { email: string }) => e.email)).not.toContain(someone.email);
  });

  it('refuses, naming what to do, an old config without entryDeadline unless --closes-at says when entries close', async () => {
    await expect(upgrade({ table: table(), legacy: { winners: 2 }, abilities, now: w.clock.now(), dryRun: true })).rejects.toThrow(
      /--closes-at/,
    );
  });
});
