/**
 * Confirmation tokens: random, carried only by the email's link, stored only as their SHA-256 (a leaked
 * table gives nobody a working link), single-use (confirming removes the hash from the entry, whose condition names it) and expiring
 * (DynamoDB's TTL removes it with the pending entry).
 */
import { createHash } from 'crypto';
import { LIMITS } from '../../model/limits';
import type { Random } from '../runtime/ports';

/** base64url of tokenBytes random bytes: 43 characters for 32 bytes. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function newToken(random: Random): string {
  return random.bytes(LIMITS.confirmation.tokenBytes).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_FORMAT.test(token);
}

/** When a token (and its pending entry) made now stops working: epoch seconds, DynamoDB's TTL format. */
export function expiryOf(now: Date): number {
  return Math.floor(now.getTime() / 1000) + LIMITS.confirmation.validHours * 3600;
}
