/**
 * What a person sends to enter a raffle, checked and normalised: one rule set for both sides. The apply
 * function calls validateRegistration; the entry form runs registrationProblems from the very same code
 * (site/rules.js, an esbuild bundle of this file made by build/site.ts), so the page refuses exactly what
 * the server would and words each problem in its own language. Pure, and free of Node's own modules.
 *
 * Phone policy: numbers must be written in international format ("+" and the country code). The raffle
 * has no home country to guess from, and guessing wrong would store someone else's number; the form
 * says so next to the field. Digits are checked against libphonenumber's full ("max") metadata, whose
 * cost to the function bundle and the page is measured in BENCHMARKS.md.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { canonicalEmail, contactAddress, isEmailAddress } from './email';
import { DomainError, type FieldProblem } from './errors';
import { LIMITS } from './limits';
import { plainText } from './text';

/** The fields of an entry, in the order the form shows them (the first problem names the first to fix). */
export const ENTRY_FIELDS = ['email', 'name', 'phone'] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

export interface Registration {
  /** The address as typed, the domain in ASCII: where the person is written to. */
  readonly contactEmail: string;
  /** The canonical address (model/email.ts): one person, one entry in a raffle. */
  readonly address: string;
  /** Trimmed, 1–100 characters, with something visible in it. */
  readonly name: string;
  /** E.164, e.g. +442079460958 */
  readonly phone: string;
}

function requireString(body: Readonly<Record<string, unknown>>, field: EntryField): string {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new DomainError('missing_field', `${field} is required.`, field, 'required');
  }
  if (typeof value !== 'string') throw new DomainError('invalid_field', `${field} must be a string.`, field, 'not_text');
  return value.trim();
}

function invalid(field: EntryField, reason: FieldProblem, message: string): DomainError {
  return new DomainError('invalid_field', message, field, reason);
}

/** The address to write to and the entry key it stands for; throws `invalid_field` for anything undeliverable. */
export function normaliseEmail(raw: string): { readonly contactEmail: string; readonly address: string } {
  if (raw.trim().length > LIMITS.emailLength) throw invalid('email', 'too_long', `email must be at most ${LIMITS.emailLength} characters.`);
  const contactEmail = contactAddress(raw);
  const local = contactEmail?.slice(0, contactEmail.lastIndexOf('@')) ?? '';
  // SES and most mail servers take only ASCII before the @ (SMTPUTF8 is rare): say so rather than "invalid".
  if (/[^\x20-\x7e]/.test(local)) {
    throw invalid('email', 'address_not_ascii', 'email must use only the letters a to z, digits and . _ + - before the @.');
  }
  if (!contactEmail || !isEmailAddress(contactEmail.toLowerCase())) {
    throw invalid('email', 'not_an_address', 'email must be an address like name@example.com.');
  }
  return { contactEmail, address: canonicalEmail(contactEmail) };
}

export function normaliseName(raw: string): string {
  return plainText(raw, 'name', LIMITS.nameLength);
}

export function normalisePhone(raw: string): string {
  const input = raw.trim();
  if (input.length > LIMITS.phoneInputLength)
    throw invalid('phone', 'too_long', `phone must be at most ${LIMITS.phoneInputLength} characters.`);
  if (!input.startsWith(LIMITS.phonePrefix)) {
    throw invalid(
      'phone',
      'not_international',
      'phone must be in international format, starting with + and the country code, e.g. +44 20 7946 0958.',
    );
  }
  const parsed = parsePhoneNumberFromString(input);
  if (!parsed || !parsed.isValid()) throw invalid('phone', 'not_a_number', 'phone is not a valid number for its country code.');
  return parsed.number;
}

const NORMALISE: { readonly [field in EntryField]: (raw: string) => unknown } = {
  email: normaliseEmail,
  name: normaliseName,
  phone: normalisePhone,
};

/** Checks fields in form order, so the first error names the first field the person has to fix. */
export function validateRegistration(body: Readonly<Record<string, unknown>>): Registration {
  const email = normaliseEmail(requireString(body, 'email'));
  const name = normaliseName(requireString(body, 'name'));
  const phone = normalisePhone(requireString(body, 'phone'));
  return { ...email, name, phone };
}

/** One field's problem, as the form shows it: which field, what is wrong, and the limit a too-long field broke. */
export interface EntryProblem {
  readonly field: EntryField;
  readonly reason: FieldProblem;
  readonly max?: number;
}

const MAX_LENGTH: { readonly [field in EntryField]: number } = {
  email: LIMITS.emailLength,
  name: LIMITS.nameLength,
  phone: LIMITS.phoneInputLength,
};

/** Every field's problem at once (the form marks them all), by the rules validateRegistration applies one by one. */
export function registrationProblems(body: Readonly<Record<string, unknown>>): EntryProblem[] {
  const problems: EntryProblem[] = [];
  for (const field of ENTRY_FIELDS) {
    try {
      NORMALISE[field](requireString(body, field));
    } catch (err) {
      if (!(err instanceof DomainError) || !err.reason) throw err;
      problems.push({ field, reason: err.reason, ...(err.reason === 'too_long' ? { max: MAX_LENGTH[field] } : {}) });
    }
  }
  return problems;
}
