/**
 * GIVEN 8 confirmed entrants and 4 who never confirmed, registered through the handlers (confirmEntries
 *       on, mail to an outbox) into DynamoDB Local
 * WHEN the draw handler draws one winner, 120 times (15 wins expected each, enough for the chi-square test), each win undone before the next draw
 * THEN nobody pending is ever drawn, and each confirmed entrant wins equally often: Pearson's chi-square
 *      over the 8 stays under χ²(7) at α = 0.001 (24.322, NIST/SEMATECH e-Handbook 1.3.6.7.4). A fair
 *      draw fails this once in a thousand runs; picker.test.ts shows the same statistic catching biased pickers.
 */
import { confirmationLink } from '../../support/outbox';
import { person } from '../../support/people';
import { drawPost, jsonPost, parseBody, IN_RAFFLE } from '../support/events';
import { useHandlers } from '../support/handlers';
import { undoWin } from '../support/seed';

const CHI2_7_AT_001 = 24.322;
const DRAWS = 120;
const CONFIRMED = 8;
const PENDING = 4;

const w = useHandlers();
const { db, h } = w;

beforeEach(() => {
  w.configure({ confirmEntries: true, siteUrl: 'https://raffle.example.com' });
});

test('the draw picks uniformly among confirmed entrants, and never a pending one', async () => {
  const people = Array.from({ length: CONFIRMED + PENDING }, (_, i) => person(i, 'fair'));
  for (const p of people) expect((await h.apply(jsonPost(`${IN_RAFFLE}/apply`, p))).statusCode).toBe(202);
  for (const p of people.slice(0, CONFIRMED)) {
    expect((await h.confirm(jsonPost('/confirm', { token: confirmationLink(w.outbox, p.email).token }))).statusCode).toBe(200);
  }

  const wins = new Map<string, number>(people.map((p) => [p.email, 0]));
  for (let i = 0; i < DRAWS; i++) {
    const res = await h.draw(drawPost({ winners: 1, early: true }));
    expect(res.statusCode).toBe(201);
    const [winner] = parseBody(res).winners as Array<{ email: string; ticket: number }>;
    wins.set(winner.email, (wins.get(winner.email) ?? 0) + 1);
    await undoWin(db.client, db.tableName, w.raffle.keys, winner.email, winner.ticket);
  }

  expect(people.slice(CONFIRMED).map((p) => wins.get(p.email))).toEqual(new Array(PENDING).fill(0));
  const expected = DRAWS / CONFIRMED;
  const statistic = people.slice(0, CONFIRMED).reduce((sum, p) => sum + ((wins.get(p.email) ?? 0) - expected) ** 2 / expected, 0);
  expect(statistic).toBeLessThan(CHI2_7_AT_001);
});
