/**
 * Creating and editing a raffle: the organiser's JSON read field by field, and what may change when.
 * What entrants accepted cannot change under them: once entries have begun (the raffle is published and
 * its opensAt has passed), the rules and privacy URLs are fixed (one may be added where there was none)
 * and prizes may only be appended. Pure: `now` and the deployment's abilities are passed in.
 */
import { DomainError } from './errors';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES } from './i18n';
import { isWinnerCount, LIMITS } from './limits';
import {
  checkRaffleId,
  entriesHaveBegun,
  raffleStatus,
  type DeploymentAbilities,
  type Prize,
  type Raffle,
  type RaffleFields,
} from './raffle';
import { paragraphText, plainText } from './text';

const EDITABLE = [
  'title',
  'description',
  'prizes',
  'opensAt',
  'closesAt',
  'drawAt',
  'rulesUrl',
  'privacyUrl',
  'confirmEntries',
  'verifiableDraws',
  'language',
  'claimDays',
] as const satisfies readonly (keyof RaffleFields)[];

type Editable = (typeof EDITABLE)[number];

function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid_field', message, field);
}

function refused(code: 'raffle_locked' | 'entries_begun' | 'invalid_status_change', message: string, field?: string): DomainError {
  return new DomainError(code, message, field);
}

function instant(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // An offset is required: a time without one means a different instant in every zone.
  const parts = typeof value === 'string' ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(value) : null;
  // Date.parse rolls an impossible date over (31 February is 3 March): the calendar decides.
  const [year, month, day, hour] = (parts ?? []).slice(1, 5).map(Number);
  const real = parts !== null && hour < 24 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  if (!real || Number.isNaN(Date.parse(value as string))) {
    throw invalid(field, `${field} must be an ISO-8601 time with its offset, e.g. "2027-03-31T17:00:00Z".`);
  }
  return new Date(Date.parse(value as string)).toISOString();
}

function httpsUrl(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = plainText(value, field, 2000);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(field, `${field} must be an https:// address.`);
  }
  if (url.protocol !== 'https:') throw invalid(field, `${field} must be an https:// address.`);
  return url.toString();
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalid(field, `${field} must be true or false.`);
  return value;
}

function prizes(value: unknown): Prize[] {
  if (value === undefined || value === null) throw new DomainError('missing_field', 'prizes is required: at least one prize.', 'prizes');
  if (!Array.isArray(value) || value.length < 1 || value.length > LIMITS.raffle.prizes) {
    throw invalid('prizes', `prizes must be a list of 1–${LIMITS.raffle.prizes} prizes, each {"name", "winners"}.`);
  }
  const list = value.map((prize: unknown, i): Prize => {
    if (typeof prize !== 'object' || prize === null || Array.isArray(prize))
      throw invalid('prizes', `prizes[${i}] must be {"name", "winners"}.`);
    const { name, winners } = prize as Record<string, unknown>;
    if (!isWinnerCount(winners)) {
      throw invalid('prizes', `prizes[${i}].winners must be a whole number from ${LIMITS.winners.min} to ${LIMITS.winners.max}.`);
    }
    return { name: plainText(name, `prizes[${i}].name`, LIMITS.prizeLength), winners };
  });
  const names = list.map((p) => p.name.toLowerCase());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw invalid('prizes', `Each prize needs its own name: "${repeated}" appears twice.`);
  return list;
}

/** One editable field read from the body (present keys only). */
function readField(body: Record<string, unknown>, key: Editable, abilities: DeploymentAbilities): Partial<RaffleFields> {
  const value = body[key];
  switch (key) {
    case 'title':
      return { title: plainText(value, 'title', LIMITS.raffle.titleLength) };
    case 'description':
      return { description: paragraphText(value, 'description', LIMITS.raffle.descriptionLength) };
    case 'prizes':
      return { prizes: prizes(value) };
    case 'opensAt':
    case 'closesAt':
    case 'drawAt':
      return { [key]: instant(value, key) };
    case 'rulesUrl':
    case 'privacyUrl':
      return { [key]: httpsUrl(value, key) };
    case 'confirmEntries': {
      const on = flag(value, key, abilities.mail);
      if (on && !abilities.mail) throw unavailable(key, 'this deployment sends no mail (config confirmEntries is off)');
      return { confirmEntries: on };
    }
    case 'verifiableDraws': {
      const on = flag(value, key, abilities.verifiableDraws);
      if (on && !abilities.verifiableDraws)
        throw unavailable(key, 'this deployment has no verifiable draws (config verifiableDraws is off)');
      return { verifiableDraws: on };
    }
    case 'language':
      // Absent on creation: the default (newRaffle's).
      if (value === undefined || value === null) return {};
      if (!isLanguage(value)) throw invalid(key, `language must be one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')}.`);
      return { language: value };
    case 'claimDays':
      return { claimDays: claimDays(value) };
  }
}

/** Absent, null or "": wins are not claimed. */
function claimDays(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const { min, max } = LIMITS.claim.days;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid('claimDays', `claimDays must be a whole number of days from ${min} to ${max}, or null for no claim step.`);
  }
  return value;
}

function unavailable(field: string, why: string): DomainError {
  return new DomainError('not_in_deployment', `${field} cannot be switched on: ${why}.`, field);
}

/** The times in order, and a privacy notice only beside rules. */
function checkCoherent(fields: RaffleFields): void {
  if (fields.opensAt && Date.parse(fields.opensAt) >= Date.parse(fields.closesAt))
    throw invalid('closesAt', 'closesAt must be after opensAt.');
  if (fields.drawAt && Date.parse(fields.drawAt) < Date.parse(fields.closesAt)) {
    throw invalid('drawAt', 'drawAt must be at or after closesAt: a scheduled draw waits for the last entry.');
  }
  if (fields.privacyUrl && !fields.rulesUrl) throw invalid('privacyUrl', 'privacyUrl goes with rulesUrl: an entry accepts both together.');
}

const CREATE_STATUSES = ['draft', 'open'];

/** A new raffle from POST /raffle/raffles: a draft, or published at once with "status": "open". */
export function newRaffle(body: Record<string, unknown>, abilities: DeploymentAbilities, now: Date): Omit<Raffle, 'ordinal'> {
  const raffleId = checkRaffleId(body.raffleId);
  if (body.status !== undefined && !CREATE_STATUSES.includes(body.status as string)) {
    throw invalid('status', 'status must be "draft" (the default) or "open" to publish at once.');
  }
  let fields: Partial<RaffleFields> = { description: '', language: DEFAULT_LANGUAGE };
  for (const key of EDITABLE) fields = { ...fields, ...readField(body, key, abilities) };
  if (!fields.closesAt) throw new DomainError('missing_field', 'closesAt is required: when entries close.', 'closesAt');
  const complete = fields as RaffleFields;
  checkCoherent(complete);
  const publish = body.status === 'open';
  if (publish) assertFutureClose(complete.closesAt, now);
  return { raffleId, ...complete, createdAt: now.toISOString(), ...(publish ? { publishedAt: now.toISOString() } : {}) };
}

function assertFutureClose(closesAt: string, now: Date): void {
  if (Date.parse(closesAt) <= now.getTime()) throw invalid('closesAt', 'closesAt has passed: set a later one to take entries.');
}

/** The raffle after PATCH /raffle/raffles/{raffleId}; a change that is not allowed now is a 409 naming why. */
export function editRaffle(raffle: Raffle, body: Record<string, unknown>, abilities: DeploymentAbilities, now: Date): Raffle {
  if ('raffleId' in body && body.raffleId !== raffle.raffleId) {
    throw refused('raffle_locked', "A raffle's id is its address and never changes: create a new raffle instead.", 'raffleId');
  }
  const status = raffleStatus(raffle, now);
  if (status === 'archived') throw refused('raffle_locked', 'This raffle is archived: nothing about it changes any more.');
  const edits = EDITABLE.filter((key) => key in body);
  let fields: Partial<RaffleFields> = {};
  for (const key of edits) fields = { ...fields, ...readField(body, key, abilities) };
  const changed = edits.filter((key) => JSON.stringify(fields[key]) !== JSON.stringify(raffle[key]));
  const next: Raffle = { ...raffle, ...fields };
  const reopening = body.status === 'open' && status === 'closed';
  for (const key of changed) assertEditable(raffle, next, key, { status, reopening }, now);
  checkCoherent(next);
  return body.status === undefined ? next : changeStatus(next, body.status, status, now);
}

function assertEditable(
  before: Raffle,
  after: Raffle,
  key: Editable,
  { status, reopening }: { readonly status: string; readonly reopening: boolean },
  now: Date,
): void {
  const begun = entriesHaveBegun(before, now);
  const drawn = before.drawnAt !== undefined;
  switch (key) {
    case 'title':
    case 'description':
      return;
    case 'prizes': {
      const kept = before.prizes.every((p, i) => after.prizes[i]?.name === p.name && after.prizes[i]?.winners === p.winners);
      if (begun && !kept) {
        throw refused('entries_begun', 'People have entered for these prizes: prizes can only be added after the last one now.', 'prizes');
      }
      return;
    }
    case 'rulesUrl':
    case 'privacyUrl':
      if (begun && before[key] !== undefined) {
        throw refused('entries_begun', `People have entered under this ${key}: it can no longer change.`, key);
      }
      return;
    case 'confirmEntries':
      if (begun) throw refused('entries_begun', 'People have entered: whether entries are confirmed by email can no longer change.', key);
      return;
    case 'opensAt':
      if (begun) throw refused('entries_begun', 'Entries have opened already: opensAt can no longer change.', key);
      return;
    case 'closesAt':
      if (status === 'open' && begun && Date.parse(after.closesAt) < Date.parse(before.closesAt)) {
        throw refused(
          'entries_begun',
          'While entries are open, closesAt can only be extended: people were told this time. To stop entries now, set "status": "closed".',
          key,
        );
      }
      if (status === 'open' || status === 'draft' || reopening) return;
      throw refused('raffle_locked', 'Entries are closed: to take entries again, set "status": "open" with a later closesAt.', key);
    case 'drawAt':
      if (drawn) throw refused('raffle_locked', 'This raffle has been drawn: its scheduled draw is over.', key);
      if (after.drawAt && Date.parse(after.drawAt) <= now.getTime()) throw invalid(key, 'drawAt must be in the future.');
      return;
    // claimDays: a draw keeps the deadline it was given, so a change applies to the draws after it.
    case 'verifiableDraws':
    case 'language':
    case 'claimDays':
      return;
  }
}

function changeStatus(raffle: Raffle, requested: unknown, status: string, now: Date): Raffle {
  const stamp = now.toISOString();
  switch (requested) {
    case 'open':
      if (raffle.drawnAt) throw refused('invalid_status_change', 'This raffle has been drawn: its entries cannot open again.', 'status');
      assertFutureClose(raffle.closesAt, now);
      // Publishing a draft, or reopening entries the organiser closed early.
      return { ...raffle, publishedAt: raffle.publishedAt ?? stamp, closedAt: undefined };
    case 'closed':
      if (status !== 'open') throw refused('invalid_status_change', `Only an open raffle can close; this one is ${status}.`, 'status');
      return { ...raffle, closedAt: stamp };
    case 'archived':
      return { ...raffle, archivedAt: stamp };
    default:
      throw invalid('status', 'status must be "open" (publish or reopen), "closed" (stop entries now) or "archived".');
  }
}
