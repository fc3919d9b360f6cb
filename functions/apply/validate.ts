/**
 * What a registration carries beside the person's fields (model/entrant.ts checks those, for the form
 * too): the consent to the raffle's rules, and the bot's tell. Pure.
 */
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import type { Consent } from '../../model/schema';

/** What the raffle asks people to accept, when it has rules. */
export interface ConsentTerms {
  readonly rulesUrl?: string;
  readonly privacyUrl?: string;
}

/**
 * The consent an entry records, when the raffle has rules: the body must say `"consent": true`.
 * Without rules nothing is asked, and a `consent` field is accepted and ignored.
 */
export function acceptedConsent(body: Record<string, unknown>, terms: ConsentTerms, now: Date): Consent | undefined {
  if (!terms.rulesUrl) return undefined;
  if (body.consent !== true) {
    throw new DomainError('consent_required', 'Accept the rules and the privacy notice to enter.', 'consent');
  }
  return { acceptedAt: now.toISOString(), rulesUrl: terms.rulesUrl, ...(terms.privacyUrl ? { privacyUrl: terms.privacyUrl } : {}) };
}

/** A bot's tell: the field people never see (model/limits.ts honeypotField) has something in it. */
export function isHoneypotFilled(body: Record<string, unknown>): boolean {
  const value = body[LIMITS.honeypotField];
  return value !== undefined && value !== null && value !== '';
}
