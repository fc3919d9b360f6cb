/**
 * What counts as an email address, in one place: entrants' addresses (functions/apply/validate.ts) and
 * the organiser's notification address (config/schema.ts) pass the same test.
 */
import { LIMITS } from './limits';

// Dot-atom local part (RFC 5322 without quoted strings) and a hostname with a top-level label of 2+ letters
// (or a punycode "xn--" label). Addresses outside this are legal in theory but undeliverable in practice.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** True for a deliverable-looking address within the length limit. Expects it trimmed and lower-cased. */
export function isEmailAddress(email: string): boolean {
  if (email.length > LIMITS.emailLength) return false;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return at >= 1 && local.length <= 64 && domain.length <= 253 && LOCAL_PART.test(local) && DOMAIN.test(domain);
}
