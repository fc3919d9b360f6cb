/** The HTTP request of a draw, read: how many winners, which draw id, who asked, whether it is due. */
import { createHash, randomBytes } from 'crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../model/errors';
import { isWinnerCount, LIMITS } from '../../model/limits';
import { header } from '../runtime/http';

/** DEFAULT_WINNERS from the environment; a bad value is a deployment fault (500), not the caller's. */
export function defaultWinners(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return LIMITS.winners.default;
  const n = Number(raw);
  if (!isWinnerCount(n)) throw new Error(`DEFAULT_WINNERS must be an integer in ${LIMITS.winners.min}..${LIMITS.winners.max}, got ${raw}`);
  return n;
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

/**
 * The draw id: derived from the Idempotency-Key header when there is one (so a retry names the same
 * draw record), random otherwise.
 */
export function drawIdFor(event: APIGatewayProxyEventV2): { readonly drawId: string; readonly keyed: boolean } {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return { drawId: randomBytes(16).toString('hex'), keyed: false };
  if (key.length < 1 || key.length > LIMITS.idempotencyKeyLength || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError(
      'invalid_idempotency_key',
      `Idempotency-Key must be 1–${LIMITS.idempotencyKeyLength} visible ASCII characters.`,
      'Idempotency-Key',
    );
  }
  return { drawId: drawIdForKey(key), keyed: true };
}

/** Hashing keeps arbitrary client strings out of our keys; the same key always names the same draw. */
export function drawIdForKey(key: string): string {
  return createHash('sha256').update(`draw:${key}`).digest('hex').slice(0, 32);
}

/**
 * A manual draw before the configured drawSchedule would pre-empt the scheduled one (which then finds a
 * draw and does nothing). That must be on purpose: the body says `"early": true`.
 */
export function assertDrawDue(body: Record<string, unknown>, drawSchedule: string | undefined, now: Date): void {
  if (drawSchedule === undefined || drawSchedule.trim() === '') return;
  const due = Date.parse(drawSchedule);
  if (Number.isNaN(due)) throw new Error(`DRAW_SCHEDULE is not an ISO-8601 instant: ${drawSchedule}`);
  if (now.getTime() >= due) return;
  if (body.early !== undefined && typeof body.early !== 'boolean') {
    throw new DomainError('invalid_field', 'early must be true or false.', 'early');
  }
  if (body.early !== true) {
    throw new DomainError(
      'scheduled_draw_pending',
      `A draw is scheduled for ${new Date(due).toISOString()}. To draw now instead, send "early": true; the scheduled draw will then find this draw and do nothing.`,
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
