/**
 * What counts as an email address, and when two addresses are the same person, in one place: entrants'
 * addresses (functions/apply/validate.ts) and the organiser's notification address (config/schema.ts)
 * pass the same test, and the canonical form is the key of an entry.
 */
import { LIMITS } from './limits';

// Dot-atom local part (RFC 5322 without quoted strings) and a hostname with a top-level label of 2+ letters
// (or a punycode "xn--" label). Addresses outside this are legal in theory but undeliverable in practice.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** True for a deliverable-looking address within the length limit. Expects it trimmed and lower-cased, the domain in ASCII. */
export function isEmailAddress(email: string): boolean {
  if (email.length > LIMITS.emailLength) return false;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return at >= 1 && local.length <= 64 && domain.length <= 253 && LOCAL_PART.test(local) && DOMAIN.test(domain);
}

/**
 * The address as it will be written to: trimmed, the domain lower-cased and in ASCII (an internationalised
 * domain in its one punycode form, as mail servers and SES take it). The local part keeps its case.
 * Undefined when the domain is not a valid name.
 */
export function contactAddress(raw: string): string | undefined {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return undefined;
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  return domain === undefined ? undefined : `${trimmed.slice(0, at)}@${domain}`;
}

// ASCII that is never part of a host name (all but letters, digits, "-" and "."): a URL would read it as
// a port, a path or a user, and silently drop it.
// eslint-disable-next-line no-control-regex -- every ASCII character that is not part of a host name, controls included
const NOT_IN_HOST = /[\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/;

/**
 * A domain in its ASCII (punycode) form by the WHATWG URL parser's UTS #46 mapping, the same in Node and
 * in the browser (the pages run these rules too); undefined when it is not a host name.
 */
function domainToASCII(domain: string): string | undefined {
  if (domain === '' || NOT_IN_HOST.test(domain)) return undefined;
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
}

/** Domains whose mailboxes ignore dots in the local part, and the one name they go by. */
const DOTS_IGNORED: Readonly<Record<string, string>> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The person behind an address: the key of their one entry. Each rule closes a way to enter twice with
 * one mailbox:
 *   - lower-case: no provider delivers by the case of the local part;
 *   - the `+tag` removed: Gmail, Outlook, iCloud, Fastmail and Proton deliver `name+anything` to `name`;
 *   - dots removed, and googlemail.com taken as gmail.com, for Gmail, which ignores both;
 *   - the domain in its one ASCII (punycode) form: `bücher.example` and `xn--bcher-kva.example` are one.
 * Expects a contactAddress().
 */
export function canonicalEmail(contact: string): string {
  const at = contact.lastIndexOf('@');
  let local = contact.slice(0, at).toLowerCase();
  let domain = contact.slice(at + 1).toLowerCase();
  const plus = local.indexOf('+');
  // A local part that starts with "+" has no tag to drop: it is the whole name.
  if (plus > 0) local = local.slice(0, plus);
  if (DOTS_IGNORED[domain]) {
    domain = DOTS_IGNORED[domain];
    local = local.replace(/\./g, '');
  }
  return `${local}@${domain}`;
}
