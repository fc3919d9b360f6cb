/**
 * Pure validation and normalisation of a registration. No I/O, so every rule is tested directly.
 *
 * Phone policy: numbers must be written in international format ("+" and the country code). The raffle
 * has no home country to guess from, and guessing wrong would store someone else's number; the form
 * says so next to the field. Digits are checked against libphonenumber's full ("max") metadata, whose
 * bundle cost is measured in BENCHMARKS.md.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { canonicalEmail, contactAddress, isEmailAddress } from '../../model/email';
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import type { Consent } from '../../model/schema';
import { plainText } from '../../model/text';

export interface Registration {
  /** The address as typed, the domain in ASCII: where the person is written to. */
  readonly contactEmail: string;
  /** The canonical address (model/email.ts): one person, one entry in a raffle. */
  readonly address: string;
  /** Trimmed, 1–100 characters. */
  readonly name: string;
  /** E.164, e.g. +442079460958 */
  readonly phone: string;
}

/** What the raffle asks people to accept, when it has rules. */
export interface ConsentTerms {
  readonly rulesUrl?: string;
  readonly privacyUrl?: string;
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new DomainError('missing_field', `${field} is required.`, field);
  }
  if (typeof value !== 'string') throw new DomainError('invalid_field', `${field} must be a string.`, field);
  return value.trim();
}

/** The address to write to and the entry key it stands for; throws `invalid_field` for anything undeliverable. */
export function normaliseEmail(raw: string): { readonly contactEmail: string; readonly address: string } {
  const invalid = (message: string): DomainError => new DomainError('invalid_field', message, 'email');
  if (raw.trim().length > LIMITS.emailLength) throw invalid(`email must be at most ${LIMITS.emailLength} characters.`);
  const contactEmail = contactAddress(raw);
  if (!contactEmail || !isEmailAddress(contactEmail.toLowerCase())) throw invalid('email must be an address like name@example.com.');
  return { contactEmail, address: canonicalEmail(contactEmail) };
}

export function normaliseName(raw: string): string {
  return plainText(raw, 'name', LIMITS.nameLength);
}

export function normalisePhone(raw: string): string {
  const input = raw.trim();
  const invalid = (message: string): DomainError => new DomainError('invalid_field', message, 'phone');
  if (input.length > LIMITS.phoneInputLength) throw invalid(`phone must be at most ${LIMITS.phoneInputLength} characters.`);
  if (!input.startsWith(LIMITS.phonePrefix))
    throw invalid('phone must be in international format, starting with + and the country code, e.g. +44 20 7946 0958.');
  const parsed = parsePhoneNumberFromString(input);
  if (!parsed || !parsed.isValid()) throw invalid('phone is not a valid number for its country code.');
  return parsed.number;
}

/** Checks fields in form order, so the first error names the first field the person has to fix. */
export function validateRegistration(body: Record<string, unknown>): Registration {
  const email = normaliseEmail(requireString(body, 'email'));
  const name = normaliseName(requireString(body, 'name'));
  const phone = normalisePhone(requireString(body, 'phone'));
  return { ...email, name, phone };
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
