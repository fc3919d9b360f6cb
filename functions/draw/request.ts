/** The HTTP request of a draw, read: how many winners, which draw id, who asked, whether it is due. */
import { createHash } from 'crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../model/errors';
import { isWinnerCount, LIMITS } from '../../model/limits';
import { raffleStatus, type Prize, type Raffle } from '../../model/raffle';
import type { RaffleKeys } from '../../model/raffle-keys';
import type { Settings } from '../../model/settings';
import { canonicalEmail, contactAddress, isEmailAddress } from '../../model/email';
import type { RouteDefinition } from '../../model/routes';
import { idempotencyKey, pathParameters } from '../runtime/http';
import { optionalPlainText, plainText } from '../../model/text';

/**
 * Which of the raffle's prizes is drawn, and for how many winners: the body names a prize (the first when
 * it does not) and may ask for another number of winners than the prize's (`winners`).
 */
export function requestedPrize(
  body: Record<string, unknown>,
  prizes: readonly Prize[],
): { readonly prize: Prize; readonly winners: number } {
  const name = optionalPlainText(body.prize, 'prize', LIMITS.prizeLength);
  const prize = name === undefined ? prizes[0] : prizes.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!prize) {
    throw new DomainError(
      'invalid_field',
      `prize must be one of this raffle's prizes: ${prizes.map((p) => `"${p.name}"`).join(', ')}.`,
      'prize',
    );
  }
  return { prize, winners: requestedWinners(body, prize.winners) };
}

export function requestedWinners(body: Record<string, unknown>, fallback: number): number {
  const value = body.winners;
  if (value === undefined || value === null) return fallback;
  if (!isWinnerCount(value)) {
    throw new DomainError(
      'invalid_field',
      `winners must be a whole number from ${LIMITS.winners.min} to ${LIMITS.winners.max}.`,
      'winners',
    );
  }
  return value;
}

/** The draw id, derived from the Idempotency-Key header: a retry names the same draw record. */
export function drawIdFor(keys: Pick<RaffleKeys, 'scope'>, event: APIGatewayProxyEventV2): string {
  return drawIdForKey(keys, idempotencyKey(event));
}

/** The replacement draw's id for a void: its own namespace, so no key of a draw can name it. */
export function replacementDrawIdFor(event: APIGatewayProxyEventV2, voidedDrawId: string): string {
  return createHash('sha256')
    .update(`void:${voidedDrawId}:${idempotencyKey(event)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Which winner of a draw a void names: a standing winner by their entry, or any slot by its ticket. */
export type WinnerRef = { readonly entryKey: string } | { readonly ticket: number };

/**
 * A void's body: which winner and why. The winner is named by `email` (any spelling of their address)
 * or by `ticket` (the slot's ticket, as GET …/draws shows it): an erased winner has no address left, so
 * the ticket is the only way to name their slot and replace them.
 */
export function voidRequest(
  keys: Pick<RaffleKeys, 'entry'>,
  body: Record<string, unknown>,
): { readonly winner: WinnerRef; readonly reason: string } {
  const named = body.ticket !== undefined && body.ticket !== null;
  if (named && body.email !== undefined && body.email !== null) {
    throw new DomainError('invalid_field', 'Name the winner by email or by ticket, not both.', 'ticket');
  }
  const winner = named ? { ticket: ticketOf(body.ticket) } : { entryKey: keys.entry(canonicalEmail(winnerAddress(body.email))) };
  return { winner, reason: plainText(body.reason, 'reason', LIMITS.voidReasonLength) };
}

/** The organiser's mark of a claim: which win (its ticket) and an optional note ("by phone"). */
export function claimMark(body: Record<string, unknown>): { readonly ticket: number; readonly note?: string } {
  if (body.ticket === undefined || body.ticket === null) {
    throw new DomainError('missing_field', "ticket is required: the winner's ticket, as the draw shows it.", 'ticket');
  }
  const note = optionalPlainText(body.note, 'note', LIMITS.claim.noteLength);
  return { ticket: ticketOf(body.ticket), ...(note ? { note } : {}) };
}

function ticketOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new DomainError('invalid_field', 'ticket must be the whole number the draw history shows for the winner.', 'ticket');
  }
  return value;
}

function winnerAddress(value: unknown): string {
  const contact = contactAddress(plainText(value, 'email', LIMITS.emailLength));
  if (!contact || !isEmailAddress(contact.toLowerCase())) throw new DomainError('invalid_field', 'email must be an address.', 'email');
  return contact;
}

/** Every draw id: 32 lower-case hex digits, a SHA-256 cut short (drawIdForKey, replacementDrawIdFor, the sweep's replacements). */
const DRAW_ID = /^[0-9a-f]{32}$/;

export function isDrawId(value: string): boolean {
  return DRAW_ID.test(value);
}

/**
 * The draw id in the path of a draw's own route. Anything else names no draw (404 draw_not_found), and is
 * never made into a key: a path's id of thousands of characters would be past DynamoDB's key size, a 500.
 */
export function drawIdInPath(event: APIGatewayProxyEventV2, route: Pick<RouteDefinition, 'path'>): string {
  const { drawId } = pathParameters(event, route);
  if (!isDrawId(drawId)) throw new DomainError('draw_not_found', 'There is no such draw: a draw id is 32 hexadecimal digits.', 'drawId');
  return drawId;
}

/**
 * Hashing keeps arbitrary client strings out of our keys; the same key always names the same draw of
 * a raffle, and another raffle's draw with the same key has another id (its published files too).
 * The upgraded first raffle's scope is empty: its draws keep the ids they had.
 */
export function drawIdForKey(keys: Pick<RaffleKeys, 'scope'>, key: string): string {
  return createHash('sha256').update(`draw:${keys.scope}${key}`).digest('hex').slice(0, 32);
}

/**
 * A draw is never made early by accident. While entries are open, people may still enter; before the
 * scheduled draw, drawing by hand pre-empts it (its schedule is deleted). Either must be on purpose: the
 * body says `"early": true` (the organiser's page asks first). A draft or an archived raffle is not drawn.
 */
export function assertDrawDue(body: Record<string, unknown>, raffle: Raffle, now: Date): void {
  const status = raffleStatus(raffle, now);
  if (status === 'draft' || status === 'archived') {
    throw new DomainError(
      'raffle_locked',
      `This raffle is ${status === 'draft' ? 'a draft: publish it' : 'archived: it cannot be drawn'} first.`,
    );
  }
  if (body.early !== undefined && typeof body.early !== 'boolean') {
    throw new DomainError('invalid_field', 'early must be true or false.', 'early');
  }
  if (body.early === true) return;
  const deadline = status === 'open' ? Date.parse(raffle.closesAt) : undefined;
  if (deadline !== undefined && now.getTime() < deadline) {
    throw new DomainError(
      'draw_before_deadline',
      `Entries are open until ${new Date(deadline).toISOString()}. To draw now anyway, send "early": true; people who enter later cannot win this draw.`,
    );
  }
  const due = raffle.drawnAt || raffle.drawAt === undefined ? undefined : Date.parse(raffle.drawAt);
  if (due !== undefined && now.getTime() < due) {
    throw new DomainError(
      'scheduled_draw_pending',
      `A draw is scheduled for ${new Date(due).toISOString()}. To draw now instead, send "early": true; the scheduled draw is then cancelled.`,
    );
  }
}

/** Who ran the draw: the client certificate's subject on the mTLS domain, else the IAM caller. */
export function drawnBy(event: APIGatewayProxyEventV2): string {
  const subject = event.requestContext?.authentication?.clientCert?.subjectDN;
  if (subject) return subject;
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } })?.authorizer?.iam?.userArn;
  return iam ?? 'unknown';
}

/** "fast" (the default: uniform, O(1) in the entrants) or "verifiable" (config verifiableDraws: checkable by anyone). */
export function requestedMode(body: Record<string, unknown>): 'fast' | 'verifiable' {
  if (body.mode === undefined || body.mode === 'fast') return 'fast';
  if (body.mode !== 'verifiable') throw new DomainError('invalid_field', 'mode must be "fast" or "verifiable".', 'mode');
  return 'verifiable';
}

/** The beacon margin of a raffle that offers verifiable draws; refused when it, or its deployment, does not. */
export function verifiableMargin(settings: Pick<Settings, 'verifiable'>, raffle: Pick<Raffle, 'verifiableDraws'>): number {
  if (!settings.verifiable) {
    throw new DomainError('verifiable_not_enabled', 'This deployment does not offer verifiable draws (config verifiableDraws).', 'mode');
  }
  if (!raffle.verifiableDraws) {
    throw new DomainError(
      'verifiable_not_enabled',
      'This raffle does not offer verifiable draws: set verifiableDraws on the raffle.',
      'mode',
    );
  }
  return settings.verifiable.marginSeconds;
}
