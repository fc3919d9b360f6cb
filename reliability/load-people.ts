/**
 * The people the load driver registers, and what the driver itself knows of them: each person's one
 * identity (the canonical address the README's rules make of any spelling of theirs), every spelling it
 * sends (case, spaces, a +tag, Gmail's dots and googlemail.com, a domain in Unicode or in punycode), the
 * address each spelling is written to, and a phone number.
 *
 * The identity is known by construction (a person is made from it, and every spelling from the person),
 * never by asking model/email.ts; `identityOf` re-derives it from the raw text by the README's rules as a
 * second, independent opinion, and the driver refuses to send a spelling the two disagree on.
 */
import { domainToASCII } from 'url';

/** A small seeded generator (mulberry32): the same seed makes the same people and the same plan. */
export class Seeded {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Internationalised domains in both their forms, written out here (not computed by the code under test). */
const IDN_DOMAINS: readonly (readonly [unicode: string, ascii: string])[] = [
  ['bücher.example', 'xn--bcher-kva.example'],
  ['münchen.example', 'xn--mnchen-3ya.example'],
  ['café.example', 'xn--caf-dma.example'],
];
const PLAIN_DOMAINS = ['example.org', 'mail.example.net', 'post.example.com'];
/** US numbers of the 555 exchange: valid for libphonenumber, nobody's line; 10,000 per area code. */
const AREA_CODES = ['201', '212', '213', '305', '312', '415', '617', '646', '702', '718', '917', '206'];

export type Kind = 'plain' | 'gmail' | 'idn';

export interface Person {
  /** The canonical address: one per person, the key of their entry in each raffle. */
  readonly identity: string;
  readonly kind: Kind;
  /** The canonical local part (lower-case, no tag; for Gmail, no dots). */
  readonly local: string;
  readonly domain: { readonly ascii: string; readonly unicode?: string };
  readonly name: string;
}

export interface Spelling {
  /** What is sent in the form's email field. */
  readonly raw: string;
  /** Where the app must write to: trimmed, the local part as typed, the domain lower-case ASCII. */
  readonly contact: string;
  /** The variants applied, for the report. */
  readonly how: readonly string[];
}

export function phoneNumber(n: number): string {
  if (n < 0 || n >= AREA_CODES.length * 10_000) throw new Error(`phoneNumber(${n}): only ${AREA_CODES.length * 10_000} numbers`);
  return `+1${AREA_CODES[Math.floor(n / 10_000)]}555${String(n % 10_000).padStart(4, '0')}`;
}

const WORDS = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'ken', 'margaret', 'linus', 'donald', 'frances'];

/** Person number `i`: distinct for distinct `i` (the number is in the local part). */
export function makePerson(i: number, rng: Seeded): Person {
  const word = rng.pick(WORDS);
  const roll = i % 10;
  if (roll < 6) {
    const domain = rng.pick(PLAIN_DOMAINS);
    // Dots of other providers are kept: "ada.p12" and "adap12" would be two people.
    const local = `${word}.p${i}`;
    return { identity: `${local}@${domain}`, kind: 'plain', local, domain: { ascii: domain }, name: `${cap(word)} Plain ${i}` };
  }
  if (roll < 8) {
    const local = `${word}g${i}`;
    return { identity: `${local}@gmail.com`, kind: 'gmail', local, domain: { ascii: 'gmail.com' }, name: `${cap(word)} Mail ${i}` };
  }
  const [unicode, ascii] = rng.pick(IDN_DOMAINS);
  const local = `${word}u${i}`;
  return { identity: `${local}@${ascii}`, kind: 'idn', local, domain: { ascii, unicode }, name: `${cap(word)} Idn ${i}` };
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function randomCase(text: string, rng: Seeded): string {
  return [...text].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join('');
}

function withDots(local: string, rng: Seeded): string {
  const chars = [...local];
  let out = chars[0];
  for (let k = 1; k < chars.length; k++) out += (rng.chance(0.3) ? '.' : '') + chars[k];
  return out === local ? `${chars[0]}.${chars.slice(1).join('')}` : out;
}

/**
 * A spelling of `person`: `variants` of the ones that apply to them (none: the plain canonical form).
 * "case", "spaces" and "tag" apply to everyone; "dots" and "googlemail" to Gmail; "unicode" (the domain in
 * Unicode) and "punycode" to an internationalised domain.
 */
export function spell(person: Person, variants: readonly string[], rng: Seeded): Spelling {
  let local = person.local;
  let domain = person.domain.ascii;
  let contactDomain = person.domain.ascii;
  if (variants.includes('dots')) local = withDots(local, rng);
  if (variants.includes('tag')) local = `${local}+${rng.pick(['promo', 'raffle', 'x', 'win2027'])}`;
  if (variants.includes('googlemail')) domain = contactDomain = 'googlemail.com';
  if (variants.includes('unicode') && person.domain.unicode) domain = person.domain.unicode;
  if (variants.includes('case')) {
    local = randomCase(local, rng);
    domain = randomCase(domain, rng);
  }
  const typed = `${local}@${domain}`;
  const raw = variants.includes('spaces') ? `  ${typed}   ` : typed;
  const spelling: Spelling = { raw, contact: `${local}@${contactDomain}`, how: variants };
  const derived = identityOf(raw);
  if (derived !== person.identity)
    throw new Error(`the driver's own rules make ${derived} of ${JSON.stringify(raw)}, not ${person.identity}`);
  return spelling;
}

/** The variants that can apply to `person`, for a duplicate to choose from. */
export function variantsFor(person: Person): string[] {
  const all = ['case', 'spaces', 'tag'];
  if (person.kind === 'gmail') all.push('dots', 'googlemail');
  if (person.kind === 'idn') all.push('unicode', 'punycode');
  return all;
}

/** One to three variants for a duplicate, always including one its kind alone has when it has one. */
export function duplicateVariants(person: Person, rng: Seeded): string[] {
  const options = variantsFor(person);
  const own = options.slice(3);
  const chosen = new Set<string>(own.length > 0 && rng.chance(0.7) ? [rng.pick(own)] : []);
  while (chosen.size === 0 || (chosen.size < 3 && rng.chance(0.4))) chosen.add(rng.pick(options));
  return [...chosen];
}

/**
 * The README's rules ("Exactness and fairness"), applied to raw text by the driver itself: trimmed,
 * lower-cased, the +tag dropped, the domain in punycode (Node's url.domainToASCII), and for Gmail and
 * googlemail.com the dots dropped and the domain gmail.com.
 */
export function identityOf(raw: string): string {
  const text = raw.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  let local = text.slice(0, at);
  let domain = domainToASCII(text.slice(at + 1));
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.split('.').join('');
  return `${local}@${domain}`;
}

/** What an invalid registration looks like, and which rule it breaks. */
export function invalidRegistration(i: number, rng: Seeded): { readonly body: Record<string, unknown>; readonly why: string } {
  const base = { email: `bad${i}@example.org`, name: `Invalid ${i}`, phone: phoneNumber(110_000 + (i % 9_999)) };
  switch (rng.int(4)) {
    case 0:
      return { body: { ...base, email: `no-at-sign-${i}.example.org` }, why: 'an address without @' };
    case 1:
      return { body: { ...base, phone: '555-0100' }, why: 'a phone without its country code' };
    case 2:
      return { body: { email: base.email, phone: base.phone }, why: 'no name' };
    default:
      return { body: { ...base, email: `two..dots${i}@example.org` }, why: 'two dots in a row' };
  }
}
