/**
 * The load driver's own knowledge of who is who (reliability/load-people.ts), held against the app's
 * model: the driver makes each person from their identity and every spelling from the person, and
 * re-derives the identity from the raw text by the README's rules without model/email.ts. Here, and only
 * here, the two are compared with the model's own functions, over every variant the load sends: had they
 * differed, the checker would be judging the app by a wrong expectation.
 */
import { canonicalEmail, contactAddress } from '../../model/email';
import { duplicateVariants, identityOf, makePerson, phoneNumber, Seeded, spell, variantsFor } from '../../reliability/load-people';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const rng = new Seeded(42);
const people = Array.from({ length: 600 }, (_, i) => makePerson(i, rng));

test('every spelling the driver sends is, by the model, the identity the driver says, written to the address it says', () => {
  const seen = new Set<string>();
  for (const person of people) {
    const spellings = [
      spell(person, [], rng),
      ...variantsFor(person).map((v) => spell(person, [v], rng)),
      ...Array.from({ length: 5 }, () => spell(person, duplicateVariants(person, rng), rng)),
    ];
    for (const s of spellings) {
      const contact = contactAddress(s.raw);
      expect([s.raw, contact, canonicalEmail(contact ?? '')]).toEqual([s.raw, s.contact, person.identity]);
      expect(identityOf(s.raw)).toBe(person.identity);
    }
    expect(seen.has(person.identity)).toBe(false);
    seen.add(person.identity);
  }
});

test('each variant the README names is sent: case, spaces, +tag, Gmail dots, googlemail.com, a Unicode domain', () => {
  const raws = people.flatMap((p) => variantsFor(p).map((v) => spell(p, [v], rng).raw));
  expect(raws.some((r) => /[A-Z]/.test(r))).toBe(true);
  expect(raws.some((r) => r !== r.trim())).toBe(true);
  expect(raws.some((r) => r.includes('+'))).toBe(true);
  expect(raws.some((r) => /\.[a-z0-9.]*@gmail\.com$/.test(r))).toBe(true);
  expect(raws.some((r) => r.endsWith('@googlemail.com'))).toBe(true);
  expect(raws.some((r) => [...r.slice(r.lastIndexOf('@'))].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
});

test('the phone numbers are valid and distinct', () => {
  const numbers = Array.from({ length: 2_000 }, (_, i) => phoneNumber(i * 59));
  expect(new Set(numbers).size).toBe(numbers.length);
  for (const n of numbers) expect(parsePhoneNumberFromString(n)?.isValid()).toBe(true);
});
