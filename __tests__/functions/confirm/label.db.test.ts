/**
 * GIVEN confirmEntries on, and people who register and press their link's button (POST /raffle/confirm)
 * WHEN the entry is admitted
 * THEN the answer tells its owner the entry's label (the one a verifiable draw's pool.txt lists), and the
 *      label says nothing about the person: it is the random source's 80 bits and nothing else, so it is
 *      the same for anyone given the same bits, new for the same address entering again, and unrelated
 *      between one person's entries in two raffles.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { cryptoRandom } from '../../../functions/runtime/system';
import type { Random } from '../../../functions/runtime/ports';
import { confirmationLink } from '../../support/outbox';
import { eraseDelete, httpEvent, jsonPost, ORGANISER, parseBody, RAFFLE_ID } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

const LABEL = /^[0-9a-f]{20}$/;
const DAY = 24 * 3600 * 1000;
const ada = { email: 'Ada.Lovelace@example.com', name: 'Ada Lovelace', phone: '+442079460001' };
const bob = { email: 'bob@example.org', name: 'Bob Example', phone: '+14155550123' };

beforeEach(() => {
  w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
});

/** Registers in a raffle and presses the link's button; the answer's body. */
async function enter(raffleId: string, title: string, p: { email: string; name: string; phone: string }) {
  expect((await h.apply(jsonPost(`/raffles/${raffleId}/apply`, p))).statusCode).toBe(202);
  const { token } = confirmationLink(w.outbox, p.email, title);
  const res = await h.confirm(jsonPost('/confirm', { token }));
  expect(res.statusCode).toBe(200);
  return parseBody(res) as { status: string; raffleId: string; label: string };
}

async function storedLabel(raffleId: string, address: string): Promise<string | undefined> {
  const key = raffleId === RAFFLE_ID ? w.raffle.keys.entry(address) : `@${raffleId}/${address}`;
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item?.label?.S;
}

async function createRaffle(raffleId: string, title: string): Promise<void> {
  const closesAt = new Date(w.clock.now().getTime() + 30 * DAY).toISOString();
  const res = await h.organise(
    httpEvent({
      method: 'POST',
      path: '/raffles',
      body: JSON.stringify({ raffleId, title, prizes: [{ name: 'Prize', winners: 1 }], closesAt, status: 'open' }),
      headers: { 'content-type': 'application/json', 'idempotency-key': `create-${raffleId}` },
      clientCertSubject: ORGANISER,
    }),
  );
  expect(res.statusCode).toBe(201);
}

/** The real random source, except that every 10-byte draw (a label's) is these bytes. */
function fixedLabelBytes(hex: string): Random {
  return { int: (n) => cryptoRandom.int(n), bytes: (size) => (size === 10 ? Buffer.from(hex, 'hex') : cryptoRandom.bytes(size)) };
}

describe('the label a confirmation answers', () => {
  it("is the entry's label as stored, which keeps status and raffleId beside it", async () => {
    const answer = await enter(RAFFLE_ID, 'Spring raffle', ada);
    expect(answer).toEqual({ status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(LABEL) as unknown });
    expect(await storedLabel(RAFFLE_ID, 'ada.lovelace@example.com')).toBe(answer.label);
  });

  it('is unrelated between one person’s entries in two raffles', async () => {
    await createRaffle('autumn', 'Autumn raffle');
    const spring = await enter(RAFFLE_ID, 'Spring raffle', ada);
    const autumn = await enter('autumn', 'Autumn raffle', ada);
    expect([spring.label, autumn.label]).toEqual([expect.stringMatching(LABEL), expect.stringMatching(LABEL)]);
    expect(autumn.label).not.toBe(spring.label);
    expect(await storedLabel('autumn', 'ada.lovelace@example.com')).toBe(autumn.label);
  });

  it('is the random source’s bits and nothing else: two people in two raffles given the same bits get the same label', async () => {
    await createRaffle('autumn', 'Autumn raffle');
    const bits = '0123456789abcdef0123';
    w.use({ random: fixedLabelBytes(bits) });
    const labels = [
      (await enter(RAFFLE_ID, 'Spring raffle', ada)).label,
      (await enter('autumn', 'Autumn raffle', bob)).label,
      (await enter(RAFFLE_ID, 'Spring raffle', bob)).label,
    ];
    // Neither the address, the name, the phone nor the raffle changed a bit of it.
    expect(labels).toEqual([bits, bits, bits]);
  });

  it('is not a function of the address: the same address entering again after erasure gets a new one', async () => {
    const first = await enter(RAFFLE_ID, 'Spring raffle', ada);
    expect((await h.erase(eraseDelete(ada.email))).statusCode).toBe(200);
    w.clock.advance(2 * 60 * 1000); // past the resend limit of the address's emails
    const again = await enter(RAFFLE_ID, 'Spring raffle', ada);
    expect(again.label).toMatch(LABEL);
    expect(again.label).not.toBe(first.label);
  });
});
