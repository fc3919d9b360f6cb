/**
 * GIVEN a raffle with a completed draw, in DynamoDB Local
 * WHEN the organiser's request names, in the path of a draw's own route (void, claim by hand, alternates),
 *      something that is not a draw id: thousands of characters (found by reliability/fuzz.ts: past
 *      DynamoDB's 2048-byte key, a ValidationException, and so a 500), upper-case hex, a dot-dot
 * THEN each is 404 draw_not_found, as any id that names no draw, and nothing is written; the real id still works.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { person } from '../../support/people';
import { drawPost, httpEvent, IN_RAFFLE, jsonPost, ORGANISER, parseBody, voidPost } from '../support/events';
import { useHandlers } from '../support/handlers';

const w = useHandlers();
const { db, h } = w;

async function items(): Promise<string[]> {
  const out = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return (out.Items ?? []).map((item) => JSON.stringify(item)).sort();
}

const markClaimed = (drawId: string) =>
  httpEvent({
    method: 'POST',
    path: `${IN_RAFFLE}/draws/${encodeURIComponent(drawId)}/claim`,
    body: JSON.stringify({ ticket: 0 }),
    headers: { 'content-type': 'application/json' },
    clientCertSubject: ORGANISER,
  });
const alternates = (drawId: string) =>
  httpEvent({ method: 'GET', path: `${IN_RAFFLE}/draws/${encodeURIComponent(drawId)}/alternates`, clientCertSubject: ORGANISER });

it.each([
  ['3,000 characters', 'a'.repeat(3000)],
  ['2,100 hex digits', 'f'.repeat(2100)],
  ['upper-case hex', 'F'.repeat(32)],
  ['33 hex digits', 'f'.repeat(33)],
  ['a dot-dot', '..'],
])('a draw id of %s is 404 draw_not_found on the void, the claim by hand and the alternates, and writes nothing', async (_what, drawId) => {
  for (let i = 0; i < 3; i++) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(i, 'id')))).statusCode).toBe(201);
  const drawn = await h.draw(drawPost({ winners: 1 }));
  expect(drawn.statusCode).toBe(201);
  const before = await items();

  for (const event of [voidPost(drawId, { ticket: 0, reason: 'No answer' }), markClaimed(drawId), alternates(drawId)]) {
    const res = await h.draw(event);
    expect([res.statusCode, parseBody(res).error?.code]).toEqual([404, 'draw_not_found']);
  }
  expect(await items()).toEqual(before);
  // The real id is still read: this raffle's fast draw has no alternates.
  const real = await h.draw(alternates(parseBody(drawn).drawId));
  expect([real.statusCode, parseBody(real).error?.code]).toEqual([409, 'no_alternates']);
});
