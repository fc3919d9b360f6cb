/** Pure parsing of a draw request: how many winners, which draw id, who asked. */
import { createHash, randomBytes } from 'crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header, HttpError } from '../shared/http';
import { SCHEDULED_DRAW_STAGE, SCHEDULER_IDENTITY } from './scheduled-event';

export const MIN_WINNERS = 1;
export const MAX_WINNERS = 100;
/** Used when DEFAULT_WINNERS is unset (the configuration's default too). */
export const FALLBACK_DEFAULT_WINNERS = 3;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

function isWinnerCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= MIN_WINNERS && n <= MAX_WINNERS;
}

/** DEFAULT_WINNERS from the environment; a bad value is a deployment fault (500), not the caller's. */
export function defaultWinners(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return FALLBACK_DEFAULT_WINNERS;
  const n = Number(raw);
  if (!isWinnerCount(n)) throw new Error(`DEFAULT_WINNERS must be an integer in ${MIN_WINNERS}..${MAX_WINNERS}, got ${raw}`);
  return n;
}

export function requestedWinners(body: Record<string, unknown>, fallback: number): number {
  const value = body.winners;
  if (value === undefined || value === null) return fallback;
  if (!isWinnerCount(value)) {
    throw new HttpError(400, 'invalid_field', `winners must be a whole number from ${MIN_WINNERS} to ${MAX_WINNERS}.`, 'winners');
  }
  return value;
}

/**
 * The draw id: derived from the Idempotency-Key header when there is one (so a retry names the same
 * draw record), random otherwise. Hashing keeps arbitrary client strings out of our keys.
 */
export function drawIdFor(event: APIGatewayProxyEventV2): { readonly drawId: string; readonly keyed: boolean } {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return { drawId: randomBytes(16).toString('hex'), keyed: false };
  if (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpError(400, 'invalid_idempotency_key', `Idempotency-Key must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters.`, 'Idempotency-Key');
  }
  return { drawId: createHash('sha256').update(`draw:${key}`).digest('hex').slice(0, 32), keyed: true };
}

/** Who ran the draw: the client certificate's subject on the mTLS domain, else the IAM caller. */
export function drawnBy(event: APIGatewayProxyEventV2): string {
  const subject = event.requestContext?.authentication?.clientCert?.subjectDN;
  if (subject) return subject;
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } })?.authorizer?.iam?.userArn;
  if (iam) return iam;
  // Only a direct invocation reaches the handler without either; the scheduler is the one we make.
  return event.requestContext?.stage === SCHEDULED_DRAW_STAGE ? SCHEDULER_IDENTITY : 'unknown';
}
