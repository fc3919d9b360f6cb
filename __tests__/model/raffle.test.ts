/**
 * GIVEN a raffle's milestones and times (model/raffle.ts)
 * WHEN its status is asked at some instant, or whether it takes an entry then
 * THEN the status follows from what the organiser did and the clock: draft, open (upcoming too), closed
 *      (by its time or early), drawn, archived; and an entry is refused with the code the public sees:
 *      404 raffle_not_found for a draft or an archived raffle, entries_closed, entries_not_open.
 */
import { DomainError } from '../../model/errors';
import {
  assertAcceptingEntries,
  checkRaffleId,
  deploymentAbilities,
  entriesHaveBegun,
  isPublic,
  isRaffleId,
  raffleStatus,
  type Raffle,
} from '../../model/raffle';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const HOUR = 3600_000;

/** Published an hour ago, closing in a day, nothing else done. */
function raffle(more: Partial<Raffle> = {}): Raffle {
  return {
    raffleId: 'spring',
    ordinal: 1,
    title: 'Spring raffle',
    description: '',
    prizes: [{ name: 'Prize', winners: 3 }],
    closesAt: at(24 * HOUR),
    confirmEntries: false,
    verifiableDraws: false,
    createdAt: at(-2 * HOUR),
    publishedAt: at(-HOUR),
    ...more,
  };
}

/** The code of the DomainError `run` throws (undefined when it throws none). */
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
}

describe('raffleStatus', () => {
  it.each<[string, Partial<Raffle>, string]>([
    ['never published: draft', { publishedAt: undefined }, 'draft'],
    ['a draft whose closesAt has passed is still a draft', { publishedAt: undefined, closesAt: at(-HOUR) }, 'draft'],
    ['published, before closesAt: open', {}, 'open'],
    ['published, opensAt still ahead (upcoming): open', { opensAt: at(HOUR) }, 'open'],
    ['closesAt reached: closed', { closesAt: at(0) }, 'closed'],
    ['closesAt passed: closed', { closesAt: at(-1) }, 'closed'],
    ['closed early by the organiser, closesAt still ahead: closed', { closedAt: at(-1) }, 'closed'],
    ['closed and drawn: drawn', { closesAt: at(-HOUR), drawnAt: at(-1) }, 'drawn'],
    ['drawn early, still before closesAt: open (entries still come in)', { drawnAt: at(-1) }, 'open'],
    ['closed early and drawn: drawn', { closedAt: at(-2), drawnAt: at(-1) }, 'drawn'],
    ['archived while open: archived', { archivedAt: at(-1) }, 'archived'],
    ['archived after its draw: archived', { closesAt: at(-HOUR), drawnAt: at(-2), archivedAt: at(-1) }, 'archived'],
    ['archived draft: archived', { publishedAt: undefined, archivedAt: at(-1) }, 'archived'],
  ])('%s', (_why, more, status) => {
    expect(raffleStatus(raffle(more), NOW)).toBe(status);
  });
});

describe('assertAcceptingEntries', () => {
  it('takes an entry while open, from opensAt on', () => {
    expect(codeOf(() => assertAcceptingEntries(raffle(), NOW))).toBeUndefined();
    expect(codeOf(() => assertAcceptingEntries(raffle({ opensAt: at(0) }), NOW))).toBeUndefined();
    expect(codeOf(() => assertAcceptingEntries(raffle({ opensAt: at(-HOUR) }), NOW))).toBeUndefined();
  });

  it('refuses an upcoming raffle (open, but before opensAt) with entries_not_open, naming when entries open', () => {
    const upcoming = raffle({ opensAt: at(HOUR) });
    expect(raffleStatus(upcoming, NOW)).toBe('open');
    expect(codeOf(() => assertAcceptingEntries(upcoming, NOW))).toBe('entries_not_open');
    expect(() => assertAcceptingEntries(upcoming, NOW)).toThrow(at(HOUR));
    // A millisecond before opensAt is still before.
    expect(codeOf(() => assertAcceptingEntries(raffle({ opensAt: at(1) }), NOW))).toBe('entries_not_open');
  });

  it.each<[string, Partial<Raffle>]>([
    ['closesAt passed', { closesAt: at(-1) }],
    ['closesAt reached this instant', { closesAt: at(0) }],
    ['closed early', { closedAt: at(-1) }],
    ['drawn', { closesAt: at(-HOUR), drawnAt: at(-1) }],
  ])('refuses a raffle no longer taking entries (%s) with entries_closed', (_why, more) => {
    expect(codeOf(() => assertAcceptingEntries(raffle(more), NOW))).toBe('entries_closed');
  });

  it.each<[string, Partial<Raffle>]>([
    ['a draft', { publishedAt: undefined }],
    ['an archived raffle', { archivedAt: at(-1) }],
  ])('answers %s as if it did not exist: raffle_not_found on raffleId', (_why, more) => {
    let thrown: unknown;
    try {
      assertAcceptingEntries(raffle(more), NOW);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'raffle_not_found', field: 'raffleId' });
  });
});

describe('entriesHaveBegun', () => {
  it('is false for a draft and before opensAt, true once published and opensAt (if any) has come', () => {
    expect(entriesHaveBegun(raffle({ publishedAt: undefined }), NOW)).toBe(false);
    expect(entriesHaveBegun(raffle({ opensAt: at(1) }), NOW)).toBe(false);
    expect(entriesHaveBegun(raffle({ opensAt: at(0) }), NOW)).toBe(true);
    expect(entriesHaveBegun(raffle(), NOW)).toBe(true);
    // And stays so once closed: people entered.
    expect(entriesHaveBegun(raffle({ closesAt: at(-1) }), NOW)).toBe(true);
  });
});

describe('isPublic', () => {
  it('is true for published raffles that are not archived', () => {
    expect(isPublic(raffle())).toBe(true);
    expect(isPublic(raffle({ closesAt: at(-HOUR), drawnAt: at(-1) }))).toBe(true);
    expect(isPublic(raffle({ publishedAt: undefined }))).toBe(false);
    expect(isPublic(raffle({ archivedAt: at(-1) }))).toBe(false);
  });
});

describe('raffle ids', () => {
  it.each(['a', 'spring', 'spring-2027', '2027', 'a-b-c', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(isRaffleId(id)).toBe(true);
    expect(checkRaffleId(id)).toBe(id);
  });

  it.each([
    'Spring',
    '-spring',
    'spring-',
    'spr ing',
    'spring/2027',
    '../spring',
    'spring.2027',
    'spring_2027',
    'x'.repeat(65),
    'frühling',
    '@spring',
    '#raffle',
  ])('refuses %j with invalid_field on raffleId', (id) => {
    expect(isRaffleId(id)).toBe(false);
    expect(() => checkRaffleId(id)).toThrow(DomainError);
    expect(codeOf(() => checkRaffleId(id))).toBe('invalid_field');
  });

  it.each([undefined, null, ''])('wants one (%j is missing_field)', (id) => {
    expect(codeOf(() => checkRaffleId(id))).toBe('missing_field');
  });

  it('is never anything but a string', () => {
    for (const id of [42, ['spring'], { id: 'spring' }, true]) expect(isRaffleId(id)).toBe(false);
  });
});

describe('deploymentAbilities', () => {
  it('reads the two switches a deployment has', () => {
    expect(deploymentAbilities({ confirmEntries: true, verifiable: { marginSeconds: 30 } })).toEqual({ mail: true, verifiableDraws: true });
    expect(deploymentAbilities({ confirmEntries: false })).toEqual({ mail: false, verifiableDraws: false });
  });
});
