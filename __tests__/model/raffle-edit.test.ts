/**
 * GIVEN the organiser's JSON for a new raffle or an edit (model/raffle-edit.ts), the deployment's
 *       abilities and the instant
 * WHEN newRaffle or editRaffle reads it
 * THEN a new raffle is checked field by field (id, times with their offsets and in order, https rules and
 *      privacy only with rules, unique prize names, the limits) and is a draft unless it asks to open;
 *      and what entrants accepted never changes under them: once entries have begun, prizes may only be
 *      appended, a rules or privacy URL once set stays, confirmEntries and opensAt stay, closesAt is only
 *      extended while open; reopening needs a later closesAt and no draw; only an open raffle closes;
 *      archived is final; the id never changes. Each refusal names its code and field.
 */
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import { raffleStatus, type DeploymentAbilities, type Raffle } from '../../model/raffle';
import { editRaffle, newRaffle } from '../../model/raffle-edit';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

const ALL: DeploymentAbilities = { mail: true, verifiableDraws: true };
const NONE: DeploymentAbilities = { mail: false, verifiableDraws: false };

/** The least a new raffle needs. */
const minimal = (more: Record<string, unknown> = {}): Record<string, unknown> => ({
  raffleId: 'spring',
  title: 'Spring raffle',
  prizes: [{ name: 'Bike', winners: 1 }],
  closesAt: at(7 * DAY),
  ...more,
});

/** A raffle created a day ago and published an hour ago (entries have begun), closing in a week. */
function raffle(more: Partial<Raffle> = {}): Raffle {
  return {
    raffleId: 'spring',
    ordinal: 1,
    title: 'Spring raffle',
    description: '',
    prizes: [
      { name: 'Bike', winners: 1 },
      { name: 'Tickets', winners: 2 },
    ],
    closesAt: at(7 * DAY),
    rulesUrl: 'https://example.com/rules',
    privacyUrl: 'https://example.com/privacy',
    confirmEntries: true,
    verifiableDraws: false,
    createdAt: at(-DAY),
    publishedAt: at(-HOUR),
    ...more,
  };
}

const draft = (more: Partial<Raffle> = {}) => raffle({ publishedAt: undefined, ...more });
/** Published, but opensAt is tomorrow: entries have not begun. */
const upcoming = (more: Partial<Raffle> = {}) => raffle({ opensAt: at(DAY), ...more });
/** Its closesAt passed an hour ago, no draw. */
const closed = (more: Partial<Raffle> = {}) => raffle({ createdAt: at(-7 * DAY), publishedAt: at(-6 * DAY), closesAt: at(-HOUR), ...more });
const drawn = (more: Partial<Raffle> = {}) => closed({ drawnAt: at(-HOUR / 2), ...more });
const archived = (more: Partial<Raffle> = {}) => closed({ archivedAt: at(-HOUR / 2), ...more });

/** The DomainError `run` throws, as {code, field}; undefined when it throws none. */
function refusal(run: () => unknown): { code: string; field?: string } | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, ...(err.field ? { field: err.field } : {}) };
    throw err;
  }
  return undefined;
}

const create = (body: Record<string, unknown>, abilities = ALL) => newRaffle(body, abilities, NOW);
const edit = (before: Raffle, body: Record<string, unknown>, abilities = ALL) => editRaffle(before, body, abilities, NOW);

describe('newRaffle', () => {
  it('makes a draft by default, with every field read and its creation time; "status": "open" publishes at once', () => {
    const made = create(minimal());
    expect(made).toEqual({
      raffleId: 'spring',
      title: 'Spring raffle',
      description: '',
      prizes: [{ name: 'Bike', winners: 1 }],
      closesAt: at(7 * DAY),
      // Each switch follows what the deployment can do when the body is silent.
      confirmEntries: true,
      verifiableDraws: true,
      // English unless the organiser says otherwise.
      language: 'en',
      createdAt: NOW.toISOString(),
    });
    expect(raffleStatus({ ...made, ordinal: 1 }, NOW)).toBe('draft');
    expect(create(minimal({ status: 'draft' })).publishedAt).toBeUndefined();

    const published = create(minimal({ status: 'open' }));
    expect(published.publishedAt).toBe(NOW.toISOString());
    expect(raffleStatus({ ...published, ordinal: 1 }, NOW)).toBe('open');
    expect(create(minimal(), NONE)).toMatchObject({ confirmEntries: false, verifiableDraws: false });
  });

  it('trims text and keeps the description as paragraphs', () => {
    const made = create(minimal({ title: '  Spring  ', description: 'One.\r\n\r\n\r\nTwo.  ', prizes: [{ name: ' Bike ', winners: 2 }] }));
    expect(made).toMatchObject({ title: 'Spring', description: 'One.\n\nTwo.', prizes: [{ name: 'Bike', winners: 2 }] });
  });

  it.each<[string, Record<string, unknown>, { code: string; field?: string }]>([
    ['no id', { raffleId: undefined }, { code: 'missing_field', field: 'raffleId' }],
    ['an id with upper case', { raffleId: 'Spring' }, { code: 'invalid_field', field: 'raffleId' }],
    ['an id with a slash', { raffleId: 'a/b' }, { code: 'invalid_field', field: 'raffleId' }],
    ['an id that climbs', { raffleId: '..' }, { code: 'invalid_field', field: 'raffleId' }],
    ['an id too long', { raffleId: 'a'.repeat(LIMITS.raffle.idLength + 1) }, { code: 'invalid_field', field: 'raffleId' }],
    ['no title', { title: '  ' }, { code: 'missing_field', field: 'title' }],
    ['a title too long', { title: 't'.repeat(LIMITS.raffle.titleLength + 1) }, { code: 'invalid_field', field: 'title' }],
    ['a title with a control character', { title: 'Spring\u0007' }, { code: 'invalid_field', field: 'title' }],
    ['a language the app does not speak', { language: 'fr' }, { code: 'invalid_field', field: 'language' }],
    ['a title of zero-width spaces only', { title: '\u200B\u200B' }, { code: 'invalid_field', field: 'title' }],
    [
      'a description too long',
      { description: 'd'.repeat(LIMITS.raffle.descriptionLength + 1) },
      { code: 'invalid_field', field: 'description' },
    ],
    ['a description that is not text', { description: 42 }, { code: 'invalid_field', field: 'description' }],
    ['no closesAt', { closesAt: undefined }, { code: 'missing_field', field: 'closesAt' }],
    ['a closesAt without its offset', { closesAt: '2027-03-31T17:00:00' }, { code: 'invalid_field', field: 'closesAt' }],
    ['a closesAt as a date only', { closesAt: '2027-03-31' }, { code: 'invalid_field', field: 'closesAt' }],
    ['a closesAt that is no time', { closesAt: '2027-13-01T17:00:00Z' }, { code: 'invalid_field', field: 'closesAt' }],
    ['a closesAt on a day the month lacks', { closesAt: '2027-02-31T17:00:00Z' }, { code: 'invalid_field', field: 'closesAt' }],
    ['a closesAt at hour 24', { closesAt: '2027-03-01T24:00:00Z' }, { code: 'invalid_field', field: 'closesAt' }],
    ['a closesAt as a number', { closesAt: Date.parse(at(DAY)) }, { code: 'invalid_field', field: 'closesAt' }],
    ['an opensAt without its offset', { opensAt: '2027-03-02T09:00' }, { code: 'invalid_field', field: 'opensAt' }],
    ['a drawAt without its offset', { drawAt: '2027-04-01T09:00:00.000' }, { code: 'invalid_field', field: 'drawAt' }],
    ['opensAt at closesAt', { opensAt: at(7 * DAY) }, { code: 'invalid_field', field: 'closesAt' }],
    ['opensAt after closesAt', { opensAt: at(8 * DAY) }, { code: 'invalid_field', field: 'closesAt' }],
    ['drawAt before closesAt', { drawAt: at(7 * DAY - 1) }, { code: 'invalid_field', field: 'drawAt' }],
    ['rules over http', { rulesUrl: 'http://example.com/rules' }, { code: 'invalid_field', field: 'rulesUrl' }],
    ['rules as a script', { rulesUrl: 'javascript:alert(1)' }, { code: 'invalid_field', field: 'rulesUrl' }],
    ['rules that are no address', { rulesUrl: 'rules.html' }, { code: 'invalid_field', field: 'rulesUrl' }],
    [
      'privacy over http',
      { rulesUrl: 'https://example.com/r', privacyUrl: 'http://example.com/p' },
      { code: 'invalid_field', field: 'privacyUrl' },
    ],
    ['privacy without rules', { privacyUrl: 'https://example.com/privacy' }, { code: 'invalid_field', field: 'privacyUrl' }],
    ['no prizes', { prizes: undefined }, { code: 'missing_field', field: 'prizes' }],
    ['an empty list of prizes', { prizes: [] }, { code: 'invalid_field', field: 'prizes' }],
    [
      'too many prizes',
      { prizes: Array.from({ length: LIMITS.raffle.prizes + 1 }, (_, i) => ({ name: `P${i}`, winners: 1 })) },
      { code: 'invalid_field', field: 'prizes' },
    ],
    ['a prize that is not an object', { prizes: ['Bike'] }, { code: 'invalid_field', field: 'prizes' }],
    ['a prize without a name', { prizes: [{ winners: 1 }] }, { code: 'missing_field', field: 'prizes[0].name' }],
    [
      'a prize name too long',
      { prizes: [{ name: 'p'.repeat(LIMITS.prizeLength + 1), winners: 1 }] },
      { code: 'invalid_field', field: 'prizes[0].name' },
    ],
    ['no winners', { prizes: [{ name: 'Bike', winners: 0 }] }, { code: 'invalid_field', field: 'prizes' }],
    ['too many winners', { prizes: [{ name: 'Bike', winners: LIMITS.winners.max + 1 }] }, { code: 'invalid_field', field: 'prizes' }],
    ['a fraction of a winner', { prizes: [{ name: 'Bike', winners: 1.5 }] }, { code: 'invalid_field', field: 'prizes' }],
    ['winners as text', { prizes: [{ name: 'Bike', winners: '2' }] }, { code: 'invalid_field', field: 'prizes' }],
    [
      'two prizes of one name (in any case)',
      {
        prizes: [
          { name: 'Bike', winners: 1 },
          { name: 'BIKE ', winners: 2 },
        ],
      },
      { code: 'invalid_field', field: 'prizes' },
    ],
    ['a switch that is not a boolean', { confirmEntries: 'yes' }, { code: 'invalid_field', field: 'confirmEntries' }],
    ['a status a new raffle cannot have', { status: 'closed' }, { code: 'invalid_field', field: 'status' }],
    ['publishing with closesAt passed', { status: 'open', closesAt: at(-1) }, { code: 'invalid_field', field: 'closesAt' }],
    ['publishing with closesAt now', { status: 'open', closesAt: at(0) }, { code: 'invalid_field', field: 'closesAt' }],
  ])('refuses %s', (_why, more, expected) => {
    expect(refusal(() => create(minimal(more)))).toEqual(expected);
  });

  it('accepts times with any offset, normalised to UTC; drawAt at closesAt; opensAt before closesAt', () => {
    const made = create(
      minimal({
        opensAt: '2027-03-02T09:00+09:00',
        closesAt: '2027-03-31T17:00:00.5-05:00',
        drawAt: '2027-03-31T22:00:00.500Z',
      }),
    );
    expect(made).toMatchObject({
      opensAt: '2027-03-02T00:00:00.000Z',
      closesAt: '2027-03-31T22:00:00.500Z',
      drawAt: '2027-03-31T22:00:00.500Z',
    });
  });

  it('accepts the limits themselves, https rules with privacy, and a draft that closes in the past (it cannot be published so)', () => {
    const made = create(
      minimal({
        raffleId: 'a'.repeat(LIMITS.raffle.idLength),
        title: 't'.repeat(LIMITS.raffle.titleLength),
        description: 'd'.repeat(LIMITS.raffle.descriptionLength),
        prizes: Array.from({ length: LIMITS.raffle.prizes }, (_, i) => ({
          name: `${'p'.repeat(LIMITS.prizeLength - 3)}${i}`.slice(-100),
          winners: LIMITS.winners.max,
        })),
        rulesUrl: 'https://example.com/rules',
        privacyUrl: 'https://example.com/privacy',
      }),
    );
    expect(made.prizes).toHaveLength(LIMITS.raffle.prizes);
    expect(made).toMatchObject({ rulesUrl: 'https://example.com/rules', privacyUrl: 'https://example.com/privacy' });
    expect(create(minimal({ closesAt: at(-DAY) })).publishedAt).toBeUndefined();
  });

  it('refuses confirmEntries or verifiableDraws asked of a deployment without them: not_in_deployment', () => {
    expect(refusal(() => create(minimal({ confirmEntries: true }), { mail: false, verifiableDraws: true }))).toEqual({
      code: 'not_in_deployment',
      field: 'confirmEntries',
    });
    expect(refusal(() => create(minimal({ verifiableDraws: true }), { mail: true, verifiableDraws: false }))).toEqual({
      code: 'not_in_deployment',
      field: 'verifiableDraws',
    });
    // Switched off explicitly, or left to the deployment: fine.
    expect(create(minimal({ confirmEntries: false, verifiableDraws: false }), NONE)).toMatchObject({
      confirmEntries: false,
      verifiableDraws: false,
    });
    expect(create(minimal({ confirmEntries: false, verifiableDraws: false }), ALL)).toMatchObject({
      confirmEntries: false,
      verifiableDraws: false,
    });
  });
});

describe('editRaffle: what entrants accepted stays', () => {
  it('lets prizes be appended after entries began, but not removed, renamed, reordered or given other winners', () => {
    const before = raffle();
    const appended = edit(before, { prizes: [...before.prizes, { name: 'Mug', winners: 5 }] });
    expect(appended.prizes.map((p) => p.name)).toEqual(['Bike', 'Tickets', 'Mug']);
    // The same list again is no change.
    expect(edit(before, { prizes: before.prizes }).prizes).toEqual(before.prizes);
    for (const prizes of [
      [before.prizes[0]],
      [{ name: 'Bicycle', winners: 1 }, before.prizes[1]],
      [before.prizes[1], before.prizes[0]],
      [{ name: 'Bike', winners: 2 }, before.prizes[1]],
      [{ name: 'Mug', winners: 1 }, ...before.prizes],
    ]) {
      expect(refusal(() => edit(before, { prizes }))).toEqual({ code: 'entries_begun', field: 'prizes' });
    }
  });

  it('lets prizes change freely before entries begin (a draft, or published before opensAt)', () => {
    for (const before of [draft(), upcoming()]) {
      expect(edit(before, { prizes: [{ name: 'Car', winners: 1 }] }).prizes).toEqual([{ name: 'Car', winners: 1 }]);
    }
  });

  it('keeps rulesUrl and privacyUrl once set after entries began, but lets one be added where there was none', () => {
    const before = raffle();
    expect(refusal(() => edit(before, { rulesUrl: 'https://example.com/other-rules' }))).toEqual({
      code: 'entries_begun',
      field: 'rulesUrl',
    });
    expect(refusal(() => edit(before, { privacyUrl: 'https://example.com/other' }))).toEqual({
      code: 'entries_begun',
      field: 'privacyUrl',
    });
    // Nor removed.
    expect(refusal(() => edit(before, { privacyUrl: null }))).toEqual({ code: 'entries_begun', field: 'privacyUrl' });
    // Sent unchanged: no change.
    expect(edit(before, { rulesUrl: before.rulesUrl }).rulesUrl).toBe(before.rulesUrl);

    const noRules = raffle({ rulesUrl: undefined, privacyUrl: undefined });
    const added = edit(noRules, { rulesUrl: 'https://example.com/rules' });
    expect(added.rulesUrl).toBe('https://example.com/rules');
    expect(edit(added, { privacyUrl: 'https://example.com/privacy' }).privacyUrl).toBe('https://example.com/privacy');
    // Before entries begin, they change freely.
    expect(edit(upcoming(), { rulesUrl: 'https://example.com/v2' }).rulesUrl).toBe('https://example.com/v2');
    expect(edit(draft(), { rulesUrl: null, privacyUrl: null })).toMatchObject({ rulesUrl: undefined, privacyUrl: undefined });
  });

  it('still wants privacy only beside rules after an edit', () => {
    expect(refusal(() => edit(draft(), { rulesUrl: null }))).toEqual({ code: 'invalid_field', field: 'privacyUrl' });
  });

  it('keeps confirmEntries and opensAt once entries began', () => {
    const before = raffle({ opensAt: at(-HOUR / 2) });
    expect(refusal(() => edit(before, { confirmEntries: false }))).toEqual({ code: 'entries_begun', field: 'confirmEntries' });
    expect(refusal(() => edit(before, { opensAt: at(HOUR) }))).toEqual({ code: 'entries_begun', field: 'opensAt' });
    expect(refusal(() => edit(before, { opensAt: null }))).toEqual({ code: 'entries_begun', field: 'opensAt' });
    expect(edit(before, { confirmEntries: true, opensAt: before.opensAt }).confirmEntries).toBe(true);
    // Before they begin, both change.
    expect(edit(upcoming(), { confirmEntries: false, opensAt: at(2 * DAY) })).toMatchObject({
      confirmEntries: false,
      opensAt: at(2 * DAY),
    });
    // verifiableDraws is the organiser's choice at any time.
    expect(edit(before, { verifiableDraws: true }).verifiableDraws).toBe(true);
  });

  it('extends closesAt while open, never brings it earlier once entries began; before they begin, it may move either way', () => {
    const before = raffle();
    expect(edit(before, { closesAt: at(14 * DAY) }).closesAt).toBe(at(14 * DAY));
    expect(refusal(() => edit(before, { closesAt: at(6 * DAY) }))).toEqual({ code: 'entries_begun', field: 'closesAt' });
    expect(edit(upcoming(), { closesAt: at(3 * DAY) }).closesAt).toBe(at(3 * DAY));
    expect(edit(draft(), { closesAt: at(DAY) }).closesAt).toBe(at(DAY));
  });

  it('changes closesAt of a closed raffle only to reopen it ("status": "open" with a later closesAt)', () => {
    expect(refusal(() => edit(closed(), { closesAt: at(DAY) }))).toEqual({ code: 'raffle_locked', field: 'closesAt' });
    expect(refusal(() => edit(drawn(), { closesAt: at(DAY) }))).toEqual({ code: 'raffle_locked', field: 'closesAt' });
    const reopened = edit(closed(), { status: 'open', closesAt: at(DAY) });
    expect(reopened.closesAt).toBe(at(DAY));
    expect(raffleStatus(reopened, NOW)).toBe('open');
  });

  it('never takes rules or prizes that entrants did not see by reopening', () => {
    expect(refusal(() => edit(closed(), { status: 'open', closesAt: at(DAY), rulesUrl: 'https://example.com/new' }))).toEqual({
      code: 'entries_begun',
      field: 'rulesUrl',
    });
  });

  it('moves drawAt while not drawn (into the future, at or after closesAt), and never after a draw', () => {
    expect(edit(raffle(), { drawAt: at(8 * DAY) }).drawAt).toBe(at(8 * DAY));
    expect(edit(raffle({ drawAt: at(8 * DAY) }), { drawAt: null }).drawAt).toBeUndefined();
    expect(refusal(() => edit(raffle(), { drawAt: at(6 * DAY) }))).toEqual({ code: 'invalid_field', field: 'drawAt' });
    // A closed raffle's draw may be scheduled, but not in the past.
    expect(edit(closed(), { drawAt: at(HOUR) }).drawAt).toBe(at(HOUR));
    expect(refusal(() => edit(closed(), { drawAt: at(-HOUR / 4) }))).toEqual({ code: 'invalid_field', field: 'drawAt' });
    expect(refusal(() => edit(drawn(), { drawAt: at(HOUR) }))).toEqual({ code: 'raffle_locked', field: 'drawAt' });
  });

  it('lets title and description change at any time before archiving', () => {
    for (const before of [draft(), raffle(), closed(), drawn()]) {
      expect(edit(before, { title: 'New title', description: 'New.' })).toMatchObject({ title: 'New title', description: 'New.' });
    }
  });
});

describe('the claim period (claimDays)', () => {
  it('is set, changed and removed at any time before archiving: a draw keeps the deadline it was given', () => {
    expect(create(minimal({ claimDays: 7 }))).toMatchObject({ claimDays: 7 });
    expect(create(minimal()).claimDays).toBeUndefined();
    for (const before of [draft(), raffle(), closed(), drawn()]) {
      expect(edit(before, { claimDays: LIMITS.claim.days.max }).claimDays).toBe(LIMITS.claim.days.max);
      expect(edit({ ...before, claimDays: 7 }, { claimDays: null }).claimDays).toBeUndefined();
    }
  });

  it.each([0, LIMITS.claim.days.max + 1, 1.5, '7', true, -1])('refuses %p days, naming the field and the range', (days) => {
    expect(() => create(minimal({ claimDays: days }))).toThrow(
      expect.objectContaining({ code: 'invalid_field', field: 'claimDays', message: expect.stringContaining('from 1 to 90') }),
    );
  });
});

describe('editRaffle: status changes', () => {
  it('publishes a draft ("status": "open") when its closesAt is ahead, and keeps the first publication time', () => {
    const published = edit(draft(), { status: 'open' });
    expect(published.publishedAt).toBe(NOW.toISOString());
    expect(raffleStatus(published, NOW)).toBe('open');
    expect(refusal(() => edit(draft({ closesAt: at(-1) }), { status: 'open' }))).toEqual({ code: 'invalid_field', field: 'closesAt' });
    expect(edit(draft({ closesAt: at(-1) }), { status: 'open', closesAt: at(DAY) }).publishedAt).toBe(NOW.toISOString());
    expect(edit(raffle(), { status: 'open' }).publishedAt).toBe(raffle().publishedAt);
  });

  it('closes an open raffle early (closedAt now), and an upcoming one; nothing else closes', () => {
    const closedEarly = edit(raffle(), { status: 'closed' });
    expect(closedEarly.closedAt).toBe(NOW.toISOString());
    expect(raffleStatus(closedEarly, NOW)).toBe('closed');
    expect(edit(upcoming(), { status: 'closed' }).closedAt).toBe(NOW.toISOString());
    for (const before of [draft(), closed(), drawn(), closedEarly]) {
      expect(refusal(() => edit(before, { status: 'closed' }))).toEqual({ code: 'invalid_status_change', field: 'status' });
    }
  });

  it('reopens a raffle closed early while its closesAt is ahead, and one closed by time only with a later closesAt', () => {
    const closedEarly = edit(raffle(), { status: 'closed' });
    const reopened = edit(closedEarly, { status: 'open' });
    expect(reopened.closedAt).toBeUndefined();
    expect(raffleStatus(reopened, NOW)).toBe('open');
    expect(refusal(() => edit(closed(), { status: 'open' }))).toEqual({ code: 'invalid_field', field: 'closesAt' });
    expect(refusal(() => edit(closed(), { status: 'open', closesAt: at(-1) }))).toEqual({ code: 'invalid_field', field: 'closesAt' });
  });

  it('never reopens a drawn raffle', () => {
    expect(refusal(() => edit(drawn(), { status: 'open' }))).toEqual({ code: 'invalid_status_change', field: 'status' });
    // Nor with a later closesAt: a drawn raffle's closesAt is over.
    expect(refusal(() => edit(drawn(), { status: 'open', closesAt: at(DAY) }))).toEqual({ code: 'raffle_locked', field: 'closesAt' });
    // Drawn early, while still open: not again either.
    const drawnEarly = raffle({ drawnAt: at(-1) });
    expect(refusal(() => edit(edit(drawnEarly, { status: 'closed' }), { status: 'open' }))).toEqual({
      code: 'invalid_status_change',
      field: 'status',
    });
  });

  it('archives from any status, and an archived raffle is final: every edit is raffle_locked', () => {
    for (const before of [draft(), upcoming(), raffle(), closed(), drawn()]) {
      const done = edit(before, { status: 'archived' });
      expect(done.archivedAt).toBe(NOW.toISOString());
      expect(raffleStatus(done, NOW)).toBe('archived');
    }
    for (const body of [{ title: 'Again' }, { status: 'open', closesAt: at(DAY) }, { status: 'archived' }, {}]) {
      expect(refusal(() => edit(archived(), body))?.code).toBe('raffle_locked');
    }
  });

  it('refuses a status it does not know', () => {
    for (const status of ['draft', 'drawn', 'OPEN', 1, null]) {
      expect(refusal(() => edit(raffle(), { status }))).toEqual({ code: 'invalid_field', field: 'status' });
    }
  });
});

describe('editRaffle: the id', () => {
  it('never changes: another raffleId is raffle_locked; the same one is no change', () => {
    expect(refusal(() => edit(raffle(), { raffleId: 'autumn' }))).toEqual({ code: 'raffle_locked', field: 'raffleId' });
    expect(refusal(() => edit(draft(), { raffleId: 'autumn' }))).toEqual({ code: 'raffle_locked', field: 'raffleId' });
    expect(edit(raffle(), { raffleId: 'spring', title: 'Same id' })).toMatchObject({ raffleId: 'spring', ordinal: 1, title: 'Same id' });
  });

  it('keeps what the body does not name, and the milestones', () => {
    const before = raffle({ drawAt: at(8 * DAY), opensAt: at(-HOUR / 2) });
    expect(edit(before, { title: 'Renamed' })).toEqual({ ...before, title: 'Renamed' });
  });

  it('checks switches against the deployment: not_in_deployment', () => {
    expect(refusal(() => edit(draft({ confirmEntries: false }), { confirmEntries: true }, NONE))).toEqual({
      code: 'not_in_deployment',
      field: 'confirmEntries',
    });
    expect(refusal(() => edit(raffle(), { verifiableDraws: true }, NONE))).toEqual({ code: 'not_in_deployment', field: 'verifiableDraws' });
  });
});
