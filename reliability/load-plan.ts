/**
 * The load's script, made before it runs from a seed: the public jobs the clients take in turn (a person's
 * registration with its duplicates sent at once, two people sharing one phone, an invalid form, a count)
 * and the organiser's actions, each due once a share of the jobs is done (draws, replays with the same
 * Idempotency-Key, voids, erasures in one raffle and everywhere, verifiable draws and their reveals).
 * Every person's record is opened in the ledger here, so "everything they sent is answered" is known.
 */
import type { Ledger, RafflePlan } from './load-ledger';
import { duplicateVariants, invalidRegistration, makePerson, phoneNumber, spell, type Person, Seeded, type Spelling } from './load-people';

export interface LoadShape {
  /** Registration requests in all (duplicates and invalid ones included). */
  readonly registrations: number;
  readonly raffles: readonly RafflePlan[];
  readonly seed: number;
  /** Share of the registrations that are a second (third, fourth) spelling of someone registering at once. @default 0.1 */
  readonly duplicateShare?: number;
  /** Share of the registrations that are invalid. @default 0.01 */
  readonly invalidShare?: number;
  /** Share of the jobs that are two people with one phone number, in one raffle, at once. @default 0.03 */
  readonly phoneShare?: number;
  /** Share of the entries made by someone who has entered another raffle already. @default 0.15 */
  readonly multiRaffleShare?: number;
  /** Share of the confirming raffles' people who never press the button. @default 0.08 */
  readonly unconfirmedShare?: number;
  /** Share of them who press it twice at once. @default 0.05 */
  readonly doubleConfirmShare?: number;
  /** A count (GET the raffle) after every this many jobs. @default 20 */
  readonly countEvery?: number;
}

export interface Applicant {
  readonly person: Person;
  readonly phone: string;
  /** The spellings sent at once: the first is the person's own, the rest duplicates. */
  readonly spellings: readonly Spelling[];
  readonly names: readonly string[];
}

export type PublicJob =
  | { readonly kind: 'entry'; readonly raffleId: string; readonly applicants: readonly Applicant[]; readonly confirms: 0 | 1 | 2 }
  | { readonly kind: 'invalid'; readonly raffleId: string; readonly body: Record<string, unknown>; readonly why: string }
  | { readonly kind: 'count'; readonly raffleId: string };

export type OrganiserAction = { readonly at: number; readonly raffleId: string } & (
  | { readonly type: 'draw'; readonly label: string; readonly prize: string; readonly winners: number; readonly replays: number }
  | { readonly type: 'replay'; readonly label: string }
  | { readonly type: 'void'; readonly label: string; readonly by: 'email' | 'ticket'; readonly replays: number }
  | { readonly type: 'erase-winner'; readonly label: string }
  | { readonly type: 'erase' | 'erase-pending' | 'erase-everywhere' | 'count' }
  | { readonly type: 'verifiable'; readonly label: string; readonly prize: string }
  | { readonly type: 'reveal'; readonly label: string }
);

export interface Plan {
  readonly jobs: readonly PublicJob[];
  readonly actions: readonly OrganiserAction[];
  readonly figures: { readonly people: number; readonly duplicates: number; readonly invalid: number; readonly phonePairs: number };
}

export function makePlan(shape: LoadShape, ledger: Ledger): Plan {
  const rng = new Seeded(shape.seed);
  const dupShare = shape.duplicateShare ?? 0.1;
  // A person with duplicates sends 1–3 more (2 on average): p·2 / (1 + p·2) of the requests are duplicates.
  const dupChance = dupShare / (2 * (1 - dupShare));
  const people: Person[] = [];
  const inRaffle = new Map<string, Set<string>>(shape.raffles.map((r) => [r.raffleId, new Set<string>()]));
  const jobs: PublicJob[] = [];
  let requests = 0;
  let duplicates = 0;
  let invalid = 0;
  let phonePairs = 0;

  const applicant = (raffle: RafflePlan, person: Person, phone: string): Applicant => {
    const extra = rng.chance(dupChance) ? 1 + rng.int(3) : 0;
    const first = spell(person, person.kind === 'idn' && rng.chance(0.5) ? ['unicode'] : [], rng);
    const spellings = [first, ...Array.from({ length: extra }, () => spell(person, duplicateVariants(person, rng), rng))];
    const names = spellings.map((_, k) => (k === 0 ? person.name : `${person.name} ${['Jr', 'again', 'II'][k - 1]}`));
    const record = ledger.person(raffle.raffleId, person.identity, phone);
    for (const s of spellings) {
      ledger.contact(s.contact, person.identity);
      record.contacts.add(s.contact);
    }
    for (const n of names) record.names.add(n);
    inRaffle.get(raffle.raffleId)!.add(person.identity);
    requests += spellings.length;
    duplicates += extra;
    return { person, phone, spellings, names };
  };
  const numbers = new Map<Person, number>();
  const newPerson = (): Person => {
    const person = makePerson(people.length, rng);
    numbers.set(person, people.length);
    people.push(person);
    return person;
  };
  const phoneOf = (person: Person): string => phoneNumber(numbers.get(person)!);
  const confirms = (raffle: RafflePlan): 0 | 1 | 2 =>
    !raffle.confirm ? 0 : rng.chance(shape.unconfirmedShare ?? 0.08) ? 0 : rng.chance(shape.doubleConfirmShare ?? 0.05) ? 2 : 1;

  while (requests < shape.registrations) {
    const raffle = rng.pick(shape.raffles);
    const roll = rng.next();
    if (roll < (shape.invalidShare ?? 0.01)) {
      const bad = invalidRegistration(invalid++, rng);
      jobs.push({ kind: 'invalid', raffleId: raffle.raffleId, ...bad });
      requests++;
    } else if (roll < (shape.invalidShare ?? 0.01) + (shape.phoneShare ?? 0.03)) {
      const holder = newPerson();
      const other = newPerson();
      phonePairs++;
      const phone = phoneOf(holder);
      jobs.push({
        kind: 'entry',
        raffleId: raffle.raffleId,
        applicants: [applicant(raffle, holder, phone), applicant(raffle, other, phone)],
        confirms: confirms(raffle),
      });
    } else {
      const earlier = people.slice(-500).filter((p) => !inRaffle.get(raffle.raffleId)!.has(p.identity));
      const person = earlier.length > 0 && rng.chance(shape.multiRaffleShare ?? 0.15) ? rng.pick(earlier) : newPerson();
      jobs.push({
        kind: 'entry',
        raffleId: raffle.raffleId,
        applicants: [applicant(raffle, person, phoneOf(person))],
        confirms: confirms(raffle),
      });
    }
    if (jobs.length % (shape.countEvery ?? 20) === 0) jobs.push({ kind: 'count', raffleId: raffle.raffleId });
  }
  return { jobs, actions: organiserActions(shape.raffles, rng), figures: { people: people.length, duplicates, invalid, phonePairs } };
}

/**
 * Each raffle's organiser, spread over the load (`at`: the share of the jobs done), shifted a little per
 * raffle so that the raffles' actions interleave: a fast draw replayed at once with its key, a void of
 * one of its winners (by address or by ticket) replayed at once, an erasure of another of its winners,
 * a second fast draw, erasures of someone entered (and of someone who never confirmed), a person erased
 * everywhere, with verifiable draws a commitment and, later, its reveal (the clock moved on to its round)
 * and a void of its winner; a replay of the first draw at the end.
 */
function organiserActions(raffles: readonly RafflePlan[], rng: Seeded): OrganiserAction[] {
  const actions: OrganiserAction[] = [];
  raffles.forEach((raffle, n) => {
    const shift = (n * 0.03) % 0.09;
    const at = (share: number): number => Math.min(0.99, share + shift);
    const raffleId = raffle.raffleId;
    const [first, second] = [raffle.prizes[0], raffle.prizes[1] ?? raffle.prizes[0]];
    actions.push(
      { at: at(0.12), raffleId, type: 'count' },
      { at: at(0.15), raffleId, type: 'draw', label: 'A', prize: first.name, winners: first.winners, replays: 2 },
      { at: at(0.3), raffleId, type: 'void', label: 'A', by: n % 2 === 0 ? 'email' : 'ticket', replays: 2 },
      { at: at(0.4), raffleId, type: 'erase-winner', label: 'A' },
      { at: at(0.45), raffleId, type: 'erase' },
      { at: at(0.62), raffleId, type: 'draw', label: 'B', prize: second.name, winners: second.winners, replays: 1 },
      { at: at(0.8), raffleId, type: 'erase' },
      { at: at(0.9), raffleId, type: 'replay', label: 'A' },
      { at: at(0.92), raffleId, type: 'count' },
    );
    if (raffle.confirm) actions.push({ at: at(0.85), raffleId, type: 'erase-pending' });
    if (raffle.verifiable) {
      actions.push(
        { at: at(0.5), raffleId, type: 'verifiable', label: 'V', prize: second.name },
        // In the verifiable draw's window: refused with pool_locked, done again after the reveal.
        { at: at(0.54), raffleId, type: 'erase' },
        { at: at(0.58), raffleId, type: 'reveal', label: 'V' },
        { at: at(0.7), raffleId, type: 'void', label: 'V', by: 'ticket', replays: 1 },
      );
    }
  });
  actions.push({ at: 0.55, raffleId: raffles[0].raffleId, type: 'erase-everywhere' });
  actions.push({ at: 0.75, raffleId: raffles[rng.int(raffles.length)].raffleId, type: 'erase-everywhere' });
  return actions.sort((a, b) => a.at - b.at);
}
