/** The HTTP request of a draw, read: how many winners, which draw id, who asked, whether it is due. */
import { createHash } from 'crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../model/errors';
import { isWinnerCount, LIMITS } from '../../model/limits';
import type { Settings } from '../../model/settings';
import { canonicalEmail, contactAddress, isEmailAddress } from '../../model/email';
import { header } from '../runtime/http';
import { optionalPlainText, plainText } from '../../model/text';

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

/** The Idempotency-Key header, required and checked: a retried click must name the same draw. */
export function idempotencyKey(event: APIGatewayProxyEventV2): string {
  const key = header(event, 'idempotency-key');
  // Required: a retried click must name the same draw, and a forged or replayed request has to choose one.
  if (key === undefined) {
    throw new DomainError(
      'missing_idempotency_key',
      'Send an Idempotency-Key header (a new random value per draw) so that a retry cannot draw twice.',
      'Idempotency-Key',
    );
  }
  if (key.length < 1 || key.length > LIMITS.idempotencyKeyLength || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError(
      'invalid_idempotency_key',
      `Idempotency-Key must be 1–${LIMITS.idempotencyKeyLength} visible ASCII characters.`,
      'Idempotency-Key',
    );
  }
  return key;
}

/** The draw id, derived from the Idempotency-Key header: a retry names the same draw record. */
export function drawIdFor(event: APIGatewayProxyEventV2): string {
  return drawIdForKey(idempotencyKey(event));
}

/** The replacement draw's id for a void: its own namespace, so no key of a draw can name it. */
export function replacementDrawIdFor(event: APIGatewayProxyEventV2, voidedDrawId: string): string {
  return createHash('sha256')
    .update(`void:${voidedDrawId}:${idempotencyKey(event)}`)
    .digest('hex')
    .slice(0, 32);
}

/** The prize a draw names, if any: plain text. */
export function requestedPrize(body: Record<string, unknown>): string | undefined {
  return optionalPlainText(body.prize, 'prize', LIMITS.prizeLength);
}

/** A void's body: which winner (any spelling of their address) and why. */
export function voidRequest(body: Record<string, unknown>): { readonly entryKey: string; readonly reason: string } {
  const email = plainText(body.email, 'email', LIMITS.emailLength);
  const contact = contactAddress(email);
  if (!contact || !isEmailAddress(contact.toLowerCase())) throw new DomainError('invalid_field', 'email must be an address.', 'email');
  return { entryKey: canonicalEmail(contact), reason: plainText(body.reason, 'reason', LIMITS.voidReasonLength) };
}

/** Hashing keeps arbitrary client strings out of our keys; the same key always names the same draw. */
export function drawIdForKey(key: string): string {
  return createHash('sha256').update(`draw:${key}`).digest('hex').slice(0, 32);
}

/**
 * A draw is never made early by accident. Before the entry deadline, people may still enter; before the
 * scheduled draw, drawing by hand pre-empts it (the scheduled draw then finds a draw and does nothing).
 * Either must be on purpose: the body says `"early": true` (the organiser's page asks first).
 */
export function assertDrawDue(
  body: Record<string, unknown>,
  times: { readonly entryDeadline?: string; readonly drawSchedule?: string },
  now: Date,
): void {
  if (body.early !== undefined && typeof body.early !== 'boolean') {
    throw new DomainError('invalid_field', 'early must be true or false.', 'early');
  }
  if (body.early === true) return;
  const deadline = instantOf(times.entryDeadline);
  if (deadline !== undefined && now.getTime() < deadline) {
    throw new DomainError(
      'draw_before_deadline',
      `Entries are open until ${new Date(deadline).toISOString()}. To draw now anyway, send "early": true; people who enter later cannot win this draw.`,
    );
  }
  const due = instantOf(times.drawSchedule);
  if (due !== undefined && now.getTime() < due) {
    throw new DomainError(
      'scheduled_draw_pending',
      `A draw is scheduled for ${new Date(due).toISOString()}. To draw now instead, send "early": true; the scheduled draw will then find this draw and do nothing.`,
    );
  }
}

/** Settings hold valid instants (model/settings.ts checks them once, at a cold start). */
function instantOf(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value);
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

/** The beacon margin of a raffle that offers verifiable draws; refused when it does not. */
export function verifiableMargin(settings: Pick<Settings, 'verifiable'>): number {
  if (!settings.verifiable) {
    throw new DomainError('verifiable_not_enabled', 'This raffle does not offer verifiable draws (config verifiableDraws).', 'mode');
  }
  return settings.verifiable.marginSeconds;
}
