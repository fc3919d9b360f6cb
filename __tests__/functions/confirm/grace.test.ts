/**
 * The confirmation grace rule (functions/confirm/grace.ts), pure: an entry made before the raffle closed
 * may be confirmed after it, until the raffle is drawn (or archived); the emailed link's own validity
 * bounds it too, since no link is issued after closing.
 */
import { confirmationRefusal } from '../../../functions/confirm/grace';
import type { Raffle } from '../../../model/raffle';

const NOW = new Date('2027-03-10T12:00:00Z');
const at = (hours: number): string => new Date(NOW.getTime() + hours * 3600 * 1000).toISOString();
const raffle = (fields: Partial<Raffle>): Raffle => ({
  raffleId: 'spring',
  ordinal: 1,
  title: 'Spring',
  description: '',
  prizes: [{ name: 'Prize', winners: 1 }],
  closesAt: at(24),
  confirmEntries: true,
  verifiableDraws: false,
  createdAt: at(-48),
  publishedAt: at(-48),
  ...fields,
});

describe('the confirmation grace rule', () => {
  it.each<[string, Partial<Raffle>, boolean]>([
    ['open', {}, true],
    ['open, drawn early (entries still count)', { drawnAt: at(-1) }, true],
    ['closed at its time, not drawn', { closesAt: at(-1) }, true],
    ['closed early, not drawn', { closedAt: at(-1) }, true],
    ['closed, drawn', { closesAt: at(-2), drawnAt: at(-1) }, false],
    ['drawn early, then closed', { closesAt: at(-1), drawnAt: at(-5) }, false],
    ['archived', { archivedAt: at(-1) }, false],
  ])('%s: confirmable %s', (_, fields, confirmable) => {
    const refusal = confirmationRefusal(raffle(fields), NOW);
    expect(refusal === undefined).toBe(confirmable);
    if (refusal) expect([refusal.code, refusal.field]).toEqual(['entries_closed', 'token']);
  });
});
