/**
 * What the case generator (./fuzz-cases.ts) and the families of hostile input (./fuzz-mutations.ts)
 * share: the set-up's raffles, what a case may name, and the request being made.
 */
import { ROUTES, type ApiName, type RouteName } from '../model/routes';
import type { BodyBuilder } from './fuzz-values';
import type { Rng } from './prng';
import type { Framing, RawRequest } from './raw-http';

/** The raffles the run's set-up makes (reliability/fuzz-setup.ts), by what they are for. */
export const FUZZ_RAFFLES = {
  /** Open, entries confirmed by email, with rules: consent required. */
  open: 'fuzz-open',
  /** Open, entries count at once (201 with a label). */
  instant: 'fuzz-instant',
  /** Published, opening next year: 403 entries_not_open. */
  upcoming: 'fuzz-upcoming',
  /** Closed early: 403 entries_closed. */
  closed: 'fuzz-closed',
  /** Never published: 404 to the public. */
  draft: 'fuzz-draft',
  /** Entrants and two draws: the draw routes' real ids. */
  drawn: 'fuzz-drawn',
  archived: 'fuzz-archived',
} as const;

/** What the set-up made that cases name: real draw ids, winners, tokens and entrants. */
export interface FuzzContext {
  readonly drawIds: readonly string[];
  readonly winnerTickets: readonly number[];
  readonly winnerEmails: readonly string[];
  /** Confirmation tokens from the outbox (pending entries of the open raffle). */
  readonly tokens: readonly string[];
  /** Claim tokens from the outbox (the links in the drawn raffle's winners' emails). */
  readonly claimTokens: readonly string[];
  readonly entrantEmails: readonly string[];
  /** The admin door's port: a same-origin Origin header names it. */
  readonly adminPort: number;
}

export type Family = 'valid' | 'fields' | 'malformed-json' | 'nesting' | 'huge' | 'unicode' | 'headers' | 'path' | 'method';
export const FAMILIES: readonly Family[] = ['valid', 'fields', 'malformed-json', 'nesting', 'huge', 'unicode', 'headers', 'path', 'method'];

export interface FuzzCase {
  readonly index: number;
  readonly api: ApiName;
  readonly route: RouteName;
  readonly family: Family;
  /** What was done to the request, in words. */
  readonly what: string;
  readonly expect: 'refusal' | 'either';
  /** Malformed HTTP: the HTTP server's own answer (400, 431, or closing on CONNECT) is fair. */
  readonly malformedHttp: boolean;
  /** The raffle id in the path, as sent (decoded), when the route has one. */
  readonly raffleId?: string;
  readonly request: RawRequest;
}

export interface FuzzPlan {
  readonly seed: number;
  readonly publicCount: number;
  readonly adminCount: number;
}

/** A request being made: the route's valid form, then spoiled by a family. */
export interface Draft {
  readonly api: ApiName;
  readonly route: RouteName;
  readonly rng: Rng;
  readonly ctx: FuzzContext;
  method: string;
  params: Record<string, string>;
  /** How each parameter is written in the path: percent-encoded unless a case writes it raw. */
  rawParams: Record<string, string>;
  /** The whole request target, when a case writes it itself. */
  target?: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body?: Record<string, unknown>;
  rawBody?: Buffer;
  readonly builder: BodyBuilder;
  escape: boolean;
  framing: Framing;
  chunkSize?: number;
  truncateAt?: number;
  expect: 'refusal' | 'either';
  malformedHttp: boolean;
  notes: string[];
}

export function isBodyRoute(route: RouteName): boolean {
  return ROUTES[route].method === 'POST' || ROUTES[route].method === 'PATCH';
}

/** Fields that must be in a route's body (a route not listed needs none). */
export const REQUIRED_FIELDS: Partial<Record<RouteName, readonly string[]>> = {
  apply: ['email', 'name', 'phone'],
  confirm: ['token'],
  claim: ['token'],
  createRaffle: ['raffleId', 'title', 'prizes', 'closesAt'],
  voidWinner: ['reason'],
  markClaimed: ['ticket'],
};

/** Routes that refuse a request without a good Idempotency-Key. */
export const NEEDS_IDEMPOTENCY_KEY: readonly RouteName[] = ['createRaffle', 'editRaffle', 'draw', 'voidWinner'];

/** The draft must be refused now, because of `note`. */
export function refuse(d: Draft, note: string): void {
  d.expect = 'refusal';
  d.notes.push(note);
}

/** What was done, when it may still be valid. */
export function note(d: Draft, text: string): void {
  d.notes.push(text);
}
