/**
 * A raffle: what the organiser creates, names, schedules and closes, many per deployment. Its fields
 * (the JSON names are a contract: scripts outside this repository send and read them), the status that
 * follows from its times and the organiser's actions, and what may be edited when. Pure: no HTTP, no
 * table, no clock (`now` is passed in).
 */
import { DomainError } from './errors';
import { DEFAULT_LANGUAGE, type Language } from './i18n';
import { LIMITS } from './limits';

export const RAFFLE_STATUSES = ['draft', 'open', 'closed', 'drawn', 'archived'] as const;
export type RaffleStatus = (typeof RAFFLE_STATUSES)[number];

export interface Prize {
  readonly name: string;
  readonly winners: number;
}

/** What the organiser sets. Times are ISO-8601 UTC (normalised by toISOString). */
export interface RaffleFields {
  readonly title: string;
  /** Plain text; a blank line separates paragraphs. */
  readonly description: string;
  /** In the order they are drawn and shown. */
  readonly prizes: readonly Prize[];
  /** Entries are refused before it (`403 entries_not_open`); absent: from publication. */
  readonly opensAt?: string;
  readonly closesAt: string;
  /** The scheduled draw (an EventBridge Scheduler one-time schedule the admin API keeps in step). */
  readonly drawAt?: string;
  /** What an entry accepts; absent: nothing to accept. */
  readonly rulesUrl?: string;
  /** Recorded with the consent; only beside rulesUrl. */
  readonly privacyUrl?: string;
  /** An entry counts once its address is confirmed (needs the deployment's mail: config confirmEntries). */
  readonly confirmEntries: boolean;
  /** The organiser may draw verifiably (needs config verifiableDraws). */
  readonly verifiableDraws: boolean;
  /** What its public pages and its emails speak (a visitor may switch); absent: raffles made before languages, English. */
  readonly language?: Language;
  /**
   * Whole days each winner has to claim the prize, from their draw's completion; absent: wins are not
   * claimed (the organiser voids one by hand). A change applies to draws completed afterwards: a draw
   * keeps the deadline it was given.
   */
  readonly claimDays?: number;
}

/**
 * What the organiser did, with when: the status follows from these and the times. A raffle is never
 * deleted: its entries, draws and results stay its own.
 */
export interface RaffleMilestones {
  readonly createdAt: string;
  readonly publishedAt?: string;
  /** Entries closed early by the organiser. Reopening removes it. */
  readonly closedAt?: string;
  /** The first completed draw. */
  readonly drawnAt?: string;
  readonly archivedAt?: string;
}

export interface Raffle extends RaffleFields, RaffleMilestones {
  readonly raffleId: string;
  /**
   * Which slice of the table's key space the raffle's items live in (model/raffle-keys.ts). 0 only for
   * the raffle an upgraded single-raffle table became; every raffle created since has its own, from 1.
   */
  readonly ordinal: number;
}

/** What a deployment can do, which no raffle can switch on without it. */
export interface DeploymentAbilities {
  /** Config confirmEntries: the SES identity that sends confirmation links. */
  readonly mail: boolean;
  /** Config verifiableDraws. */
  readonly verifiableDraws: boolean;
}

/** What a deployment's config or settings (the same two switches) let raffles do. */
export function deploymentAbilities(deployment: { readonly confirmEntries: boolean; readonly verifiable?: unknown }): DeploymentAbilities {
  return { mail: deployment.confirmEntries, verifiableDraws: deployment.verifiable !== undefined };
}

export function raffleStatus(raffle: Raffle, now: Date): RaffleStatus {
  if (raffle.archivedAt) return 'archived';
  if (!raffle.publishedAt) return 'draft';
  const closed = raffle.closedAt !== undefined || now.getTime() >= Date.parse(raffle.closesAt);
  if (!closed) return 'open';
  return raffle.drawnAt ? 'drawn' : 'closed';
}

/** Whether an entry is taken now; throws the code the public sees when it is not. */
export function assertAcceptingEntries(raffle: Raffle, now: Date): void {
  const status = raffleStatus(raffle, now);
  if (status === 'draft' || status === 'archived') throw raffleNotFound();
  if (status !== 'open') throw new DomainError('entries_closed', 'Entries are closed: this raffle no longer accepts registrations.');
  if (raffle.opensAt && now.getTime() < Date.parse(raffle.opensAt)) {
    throw new DomainError('entries_not_open', `Entries open at ${raffle.opensAt}.`);
  }
}

/** Entrants may have seen and accepted the raffle's terms from this moment on. */
export function entriesHaveBegun(raffle: Raffle, now: Date): boolean {
  if (!raffle.publishedAt) return false;
  return !raffle.opensAt || now.getTime() >= Date.parse(raffle.opensAt);
}

/** The public sees published raffles that are not archived. */
export function isPublic(raffle: Raffle): boolean {
  return raffle.publishedAt !== undefined && raffle.archivedAt === undefined;
}

export function raffleNotFound(): DomainError {
  return new DomainError('raffle_not_found', 'There is no such raffle.', 'raffleId');
}

const RAFFLE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function isRaffleId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LIMITS.raffle.idLength && RAFFLE_ID_PATTERN.test(value);
}

export function checkRaffleId(value: unknown): string {
  if (value === undefined || value === null || value === '') throw new DomainError('missing_field', 'raffleId is required.', 'raffleId');
  if (!isRaffleId(value)) {
    throw new DomainError(
      'invalid_field',
      `raffleId must be 1–${LIMITS.raffle.idLength} lower-case letters, digits and hyphens, not starting or ending with a hyphen, e.g. "spring-2027": it is the raffle's address and never changes.`,
      'raffleId',
    );
  }
  return value;
}

/** The language a raffle's pages and emails speak. */
export function raffleLanguage(raffle: Pick<RaffleFields, 'language'>): Language {
  return raffle.language ?? DEFAULT_LANGUAGE;
}
