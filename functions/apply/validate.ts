/**
 * Pure validation and normalisation of a registration. No I/O, so every rule is tested directly.
 *
 * Phone policy: numbers must be written in international format ("+" and the country code). The raffle
 * has no home country to guess from, and guessing wrong would store someone else's number; the form
 * says so next to the field. Digits are checked against libphonenumber's full ("max") metadata, whose
 * bundle cost is measured in BENCHMARKS.md.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isEmailAddress } from '../../model/email';
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';

export interface Registration {
  /** Trimmed and lower-cased. */
  readonly email: string;
  /** Trimmed, 1–100 characters. */
  readonly name: string;
  /** E.164, e.g. +442079460958 */
  readonly phone: string;
}

// C0/C1 controls (including tab and newlines) and the bidi overrides that can disguise a name.
const CONTROL_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new DomainError('missing_field', `${field} is required.`, field);
  }
  if (typeof value !== 'string') throw new DomainError('invalid_field', `${field} must be a string.`, field);
  return value.trim();
}

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  const invalid = (message: string): DomainError => new DomainError('invalid_field', message, 'email');
  if (email.length > LIMITS.emailLength) throw invalid(`email must be at most ${LIMITS.emailLength} characters.`);
  if (!isEmailAddress(email)) throw invalid('email must be an address like name@example.com.');
  return email;
}

export function normaliseName(raw: string): string {
  const name = raw.trim();
  if (CONTROL_CHARACTERS.test(name)) throw new DomainError('invalid_field', 'name must not contain control characters.', 'name');
  // Count characters (code points), not UTF-16 units, so "José" and emoji count as people expect.
  if ([...name].length > LIMITS.nameLength) {
    throw new DomainError('invalid_field', `name must be at most ${LIMITS.nameLength} characters.`, 'name');
  }
  return name;
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
  return { email, name, phone };
}
