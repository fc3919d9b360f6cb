/**
 * GIVEN confirmEntries on (the prod example and the local runtime's default), mail going to an outbox folder
 * WHEN people register through POST /raffle/apply and press the button of the emailed link (POST /raffle/confirm)
 * THEN an entry counts only once confirmed; every registration gets the same answer; only the mailbox
 *      learns whether it was new; tokens are random, hashed, single-use and expiring; and concurrency
 *      never makes two entries or burns a ticket.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { readOutbox, type OutboxMessage } from '../../../local/outbox';
import { LIMITS } from '../../../model/limits';
import { deploymentKeys } from '../../../model/raffle-keys';
import { tokenHash } from '../../../functions/shared/tokens';
import { httpEvent, jsonPost, parseBody, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h, logs } = w;

beforeEach(() => {
  w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
});

const grace = { email: 'Grace.Hopper+raffle@example.com', name: 'Grace Hopper', phone: '+44 20 7946 0958' };
const CHECK_EMAIL = '202 {"status":"check_email"}';
/** The answer to a confirmation: the entry counts, with its label (label.db.test.ts). */
const CONFIRMED = /^200 \{"status":"confirmed","raffleId":"spring","label":"[0-9a-f]{20}"\}$/;
const LINK = /https:\/\/raffle\.example\.com\/confirm\.html\?token=([A-Za-z0-9_-]+)/;

const answer = (r: { statusCode?: number; body?: string }) => `${r.statusCode} ${r.body}`;
const mails = (): OutboxMessage[] => readOutbox(w.outbox);
/** The functions' clock moved past the resend limit: the next registration may mail again. */
const afterResendLimit = (): void => w.clock.advance((LIMITS.confirmation.resendAfterSeconds + 1) * 1000);
function tokenOf(message: OutboxMessage | undefined): string {
  const token = LINK.exec(message?.text ?? '')?.[1];
  if (!token) throw new Error(`no confirmation link in ${JSON.stringify(message)}`);
  return token;
}
const confirm = (token: unknown) => h.confirm(jsonPost('/confirm', { token }));
const count = async (): Promise<number> => parseBody(await h.raffles(httpEvent({ method: 'GET', path: IN_RAFFLE }))).count;

async function item(key: string) {
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item;
}
/** Every item but the raffle's record and the catalogue (there before the test). */
async function allItems() {
  const out = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return (out.Items ?? []).filter((i) => !i.email.S?.startsWith('#raffle'));
}
async function counters(): Promise<{ issued: number; entrants: number }> {
  const shards = (await allItems()).filter((i) => i.email.S?.startsWith(w.raffle.keys.counterShard(0).slice(0, -1)));
  const sum = (attr: string) => shards.reduce((n, i) => n + Number(i[attr]?.N ?? 0), 0);
  return { issued: sum('issued'), entrants: sum('entrants') };
}
describe('registering with confirmEntries', () => {
  it("mails in the raffle's language: a German raffle's confirmation and already-entered emails are German", async () => {
    await w.raffle.edit({ language: 'de' });
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    const [first] = mails();
    expect(first.subject).toBe('Bestätigen Sie Ihre Teilnahme: Spring raffle');
    expect(first.text).toContain(`Der Link gilt ${LIMITS.confirmation.validHours} Stunden`);
    expect(first.text).toContain(tokenOf(first));
    expect((await confirm(tokenOf(first))).statusCode).toBe(200);
    afterResendLimit();
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    expect(mails()[1].subject).toBe('Sie nehmen schon teil: Spring raffle');
  });

  it('stores a pending entry that does not count, and mails a confirmation link to the address as typed', async () => {
    const res = await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    expect(answer(res)).toBe(CHECK_EMAIL);
    expect(await count()).toBe(0);
    const [mail, ...more] = mails();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ to: 'Grace.Hopper+raffle@example.com', subject: 'Confirm your entry: Spring raffle' });
    expect(mail.text).toContain('Grace Hopper');
    // The phone is masked in the mail: whoever typed someone else's address learns nothing new from it.
    expect(mail.text).not.toContain('7946');
    const token = tokenOf(mail);
    const entry = await item(w.raffle.keys.entry('grace.hopper@example.com'));
    expect(entry).toMatchObject({ status: { S: 'pending' }, contactEmail: { S: 'Grace.Hopper+raffle@example.com' } });
    expect(entry?.ticket).toBeUndefined();
    expect(entry?.drawTicket).toBeUndefined();
    // The token is stored only as its hash, and expires (TTL) with the entry.
    expect(entry?.tokenHash.S).toBe(tokenHash(token));
    expect(JSON.stringify(await allItems())).not.toContain(token);
    const expiresAt = Number(entry?.expiresAt.N);
    const now = w.clock.now().getTime() / 1000;
    expect(expiresAt - now).toBeGreaterThan(LIMITS.confirmation.validHours * 3600 - 60);
    expect(expiresAt - now).toBeLessThanOrEqual(LIMITS.confirmation.validHours * 3600);
    expect(Number((await item(deploymentKeys.confirmation(tokenHash(token))))?.expiresAt.N)).toBe(expiresAt);
  });

  it('answers new, pending, already-entered and bot registrations with the same bytes; only the mail differs', async () => {
    const answers = [answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace)))];
    expect(answer(await confirm(tokenOf(mails()[0])))).toMatch(CONFIRMED);
    afterResendLimit();
    answers.push(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...grace, email: 'GRACE.HOPPER@example.com' })))); // already entered
    const ada = { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+44 20 7946 0959' };
    answers.push(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, ada)))); // new
    afterResendLimit();
    answers.push(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, ada)))); // pending, past the resend limit: a new link
    answers.push(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...grace, website: 'x' })))); // a bot
    answers.push(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...ada, email: 'bot@example.com', website: 'x' })))); // a bot, new address
    expect(new Set(answers)).toEqual(new Set([CHECK_EMAIL]));
    expect(mails().map((m) => [m.to, m.subject])).toEqual([
      ['Grace.Hopper+raffle@example.com', 'Confirm your entry: Spring raffle'],
      ['Grace.Hopper+raffle@example.com', 'You are already entered: Spring raffle'],
      ['ada@example.com', 'Confirm your entry: Spring raffle'],
      ['ada@example.com', 'Confirm your entry: Spring raffle'],
    ]);
    expect(mails()[1].text).not.toMatch(LINK);
    expect(await count()).toBe(1);
  });

  it('says when the resend limit held the email back, and when another may be sent, alike for an entered and a pending address', async () => {
    const ada = { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+44 20 7946 0959' };
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    expect(answer(await confirm(tokenOf(mails()[0])))).toMatch(CONFIRMED);
    afterResendLimit();
    expect(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace)))).toBe(CHECK_EMAIL); // "already entered" mailed
    expect(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, ada)))).toBe(CHECK_EMAIL); // "confirm" mailed
    w.clock.advance(20_000);

    const held = await Promise.all([grace, ada].map((p) => h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))));

    // Both held back: the same answer, whichever email the limit held back.
    const [entered, pending] = held.map((r) => [r.statusCode, parseBody(r)]);
    expect(entered).toEqual([202, { status: 'check_email', emailSent: false, retryAfterSeconds: expect.any(Number) }]);
    expect(Object.keys(pending[1])).toEqual(Object.keys(entered[1]));
    for (const [, body] of [entered, pending]) {
      // 60 s after the last email, 20 s of which have passed (and a moment of real time).
      expect(body.retryAfterSeconds).toBeGreaterThan(LIMITS.confirmation.resendAfterSeconds - 25);
      expect(body.retryAfterSeconds).toBeLessThanOrEqual(LIMITS.confirmation.resendAfterSeconds - 20);
    }
    expect(mails()).toHaveLength(3);
    // The time it names is the time it takes: then the email goes.
    w.clock.advance(pending[1].retryAfterSeconds * 1000);
    expect(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, ada)))).toBe(CHECK_EMAIL);
    expect(mails()).toHaveLength(4);
  });

  it('limits resending per address: one email a minute, a few a day, however often the form is sent', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace))));
    const bodies = results.map((r) => [r.statusCode, parseBody(r)]);
    expect(bodies.filter(([, b]) => b.emailSent === undefined)).toEqual([[202, { status: 'check_email' }]]);
    for (const [status, body] of bodies.filter(([, b]) => b.emailSent !== undefined)) {
      expect([status, body.status, body.emailSent]).toEqual([202, 'check_email', false]);
      expect(body.retryAfterSeconds).toBeGreaterThan(0);
      expect(body.retryAfterSeconds).toBeLessThanOrEqual(LIMITS.confirmation.resendAfterSeconds);
    }
    expect(mails()).toHaveLength(1);
    const firstMailAt = w.clock.now().getTime();
    for (let i = 1; i < LIMITS.confirmation.mailsPerDay; i++) {
      afterResendLimit();
      expect(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace)))).toBe(CHECK_EMAIL);
    }
    // The day's emails are spent: the next may go a day after the first.
    for (let i = 0; i < 2; i++) {
      afterResendLimit();
      const body = parseBody(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace)));
      expect(body).toMatchObject({ status: 'check_email', emailSent: false });
      const dayEnds = (firstMailAt + 24 * 3600 * 1000 - w.clock.now().getTime()) / 1000;
      expect(body.retryAfterSeconds).toBeGreaterThan(dayEnds - 5);
      expect(body.retryAfterSeconds).toBeLessThanOrEqual(Math.ceil(dayEnds) + 1);
    }
    expect(mails()).toHaveLength(LIMITS.confirmation.mailsPerDay);
  });

  it('makes the newest link the only one that works', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    afterResendLimit();
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...grace, name: 'Grace B. Hopper' }));
    const [older, newer] = mails().map(tokenOf);
    expect(older).not.toBe(newer);
    expect(parseBody(await confirm(older)).error.code).toBe('invalid_token');
    expect(answer(await confirm(newer))).toMatch(CONFIRMED);
    expect((await item(w.raffle.keys.entry('grace.hopper@example.com')))?.name.S).toBe('Grace B. Hopper');
  });

  it('never writes or mails for a bot that fills the hidden field', async () => {
    expect(answer(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...grace, website: 'https://spam.example' })))).toBe(CHECK_EMAIL);
    expect(await allItems()).toEqual([]);
    expect(mails()).toEqual([]);
    expect(JSON.parse(logs.lines[0])).toMatchObject({ honeypot: true });
  });
});

describe('POST /raffle/confirm', () => {
  it('confirms once: the entry counts, gets its ticket, stops expiring, and the link is spent', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    const token = tokenOf(mails()[0]);
    expect(answer(await confirm(token))).toMatch(CONFIRMED);
    expect(await count()).toBe(1);
    const entry = await item(w.raffle.keys.entry('grace.hopper@example.com'));
    expect(entry).toMatchObject({ status: { S: 'confirmed' }, ticket: { N: expect.any(String) } });
    // Its key in the eligible index is its raffle's (model/raffle-keys.ts).
    expect(Number(entry?.drawTicket?.N)).toBe(w.raffle.keys.drawTicket(Number(entry?.ticket?.N)));
    expect(entry?.expiresAt).toBeUndefined();
    // The entry no longer names the token, so its item (left to TTL) leads nowhere.
    expect(entry?.tokenHash).toBeUndefined();
    const again = await confirm(token);
    expect(again.statusCode).toBe(400);
    expect(parseBody(again).error).toMatchObject({ code: 'invalid_token', field: 'token' });
    expect(await count()).toBe(1);
  });

  it('gives one entry and one ticket for 50 parallel confirmations of one token', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    const token = tokenOf(mails()[0]);
    const results = await Promise.all(Array.from({ length: 50 }, () => confirm(token)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 400 && parseBody(r).error.code === 'invalid_token')).toHaveLength(49);
    expect(await count()).toBe(1);
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
  });

  it('gives one entry for parallel registrations of canonical variants of one address, each confirming its link', async () => {
    const variants = [
      'grace.hopper@gmail.com',
      'GraceHopper@gmail.com',
      'grace.hopper+1@gmail.com',
      'g.r.a.c.e.hopper@googlemail.com',
      'GRACE.HOPPER+x@GMAIL.COM',
    ];
    const results = await Promise.all(variants.map((email) => h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...grace, email }))));
    expect(new Set(results.map((r) => `${r.statusCode} ${parseBody(r).status}`))).toEqual(new Set(['202 check_email']));
    // Each answer says whether its request mailed: those that did not were held back.
    expect(results.filter((r) => parseBody(r).emailSent === undefined)).toHaveLength(mails().length);
    // One pending entry; only one of the racing requests wrote it and mailed.
    const { scope } = w.raffle.keys;
    const entryKeys = (await allItems()).map((i) => i.email.S ?? '').filter((k) => k.startsWith(scope) && !k.startsWith(`${scope}#`));
    expect(entryKeys).toEqual([w.raffle.keys.entry('gracehopper@gmail.com')]);
    const confirmed = await Promise.all(mails().map((m) => confirm(tokenOf(m))));
    expect(confirmed.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(await count()).toBe(1);
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
  });

  it('refuses to confirm a second entry with a phone number another entry holds (409), burning no ticket', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { email: 'ada@example.com', name: 'Ada', phone: '+442079460958' }));
    const [first, second] = mails().map(tokenOf);
    expect((await confirm(first)).statusCode).toBe(200);
    const res = await confirm(second);
    expect(res.statusCode).toBe(409);
    expect(parseBody(res).error).toMatchObject({ code: 'phone_already_registered', field: 'phone' });
    expect((await item(w.raffle.keys.entry('ada@example.com')))?.status.S).toBe('pending');
    expect(await counters()).toEqual({ issued: 1, entrants: 1 });
  });

  it('refuses an expired token, even before TTL has removed it', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace));
    const token = tokenOf(mails()[0]);
    // The link's lifetime passes on the functions' clock; the token's item is still in the table.
    w.clock.advance(LIMITS.confirmation.validHours * 3600 * 1000 + 1000);
    expect(await item(deploymentKeys.confirmation(tokenHash(token)))).toBeDefined();
    expect(parseBody(await confirm(token)).error.code).toBe('invalid_token');
    expect(await count()).toBe(0);
  });

  it.each([
    ['no token', undefined],
    ['a number', 42],
    ['a short string', 'abc'],
    ['an unknown token of the right shape', 'A'.repeat(43)],
    ['a token with a path in it', `${'A'.repeat(40)}/..`],
  ])('answers 400 invalid_token to %s, and writes nothing', async (_label, token) => {
    const res = await confirm(token);
    expect(res.statusCode).toBe(400);
    expect(parseBody(res).error.code).toBe('invalid_token');
    expect(await allItems()).toEqual([]);
  });

  it('keeps the consent given at registration on the confirmed entry', async () => {
    await w.raffle.edit({ rulesUrl: 'https://example.com/raffle/rules' });
    expect(parseBody(await h.apply(jsonPost(`${IN_RAFFLE}/apply`, grace))).error.code).toBe('consent_required');
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...grace, consent: true }));
    await confirm(tokenOf(mails()[0]));
    expect((await item(w.raffle.keys.entry('grace.hopper@example.com')))?.consent.M?.rulesUrl.S).toBe('https://example.com/raffle/rules');
  });
});
