/**
 * What the load driver sent and what it was answered: the checker's only knowledge besides the table.
 * Per raffle and person (by the identity the driver knows them by, load-people.ts): the spellings, names
 * and phone sent, whether the app accepted them (a 201 without confirmEntries, a 200 confirmation with),
 * refused their phone, or erased them afterwards; per raffle the draws the organiser was answered, the
 * voids and their replacements; and the counts read at the end.
 */
import { Traffic } from './load-http';

export interface RafflePlan {
  readonly raffleId: string;
  readonly title: string;
  /** Entries confirmed by email (the outbox's link, POST /raffle/confirm). */
  readonly confirm: boolean;
  readonly verifiable: boolean;
  readonly prizes: readonly { readonly name: string; readonly winners: number }[];
}

export interface PersonRecord {
  readonly raffleId: string;
  readonly identity: string;
  readonly phone: string;
  readonly contacts: Set<string>;
  readonly names: Set<string>;
  /** The app said yes: a 201 registration, or a 200 confirmation. */
  accepted: boolean;
  /** Answered 409 phone_already_registered (at registration or at confirmation). */
  refusedPhone: boolean;
  /** A confirmation answered 503, and asking again said invalid_token: it may have counted before the fault. */
  ambiguous: boolean;
  /** Erased (in the raffle, or everywhere) after everything it sent was answered. */
  erased: boolean;
  /** Everything it sent was answered. */
  done: boolean;
}

export type DrawKind = 'fast' | 'verifiable' | 'replacement';

export interface DrawRecordSeen {
  readonly drawId: string;
  readonly kind: DrawKind;
  /** The Idempotency-Keys that answered this draw (a replacement's: its void's). */
  readonly keys: Set<string>;
  /** Tickets of the winners the last answer listed. */
  tickets: readonly number[];
}

export interface VoidSeen {
  readonly raffleId: string;
  readonly drawId: string;
  readonly ticket: number;
  readonly replacementDrawId: string;
}

export interface ErasureSeen {
  /** undefined: everywhere (DELETE /raffle/people/{email}). */
  readonly raffleId?: string;
  readonly identity: string;
  readonly spelling: string;
}

/** What the ledger keeps of a draw's answer: its id and its winners' tickets. */
export interface AnsweredDraw {
  readonly drawId: string;
  readonly winners: readonly { readonly ticket: number }[];
}

export class Ledger {
  readonly raffles = new Map<string, RafflePlan>();
  /** `${raffleId}\n${identity}` → what was sent and answered. */
  readonly people = new Map<string, PersonRecord>();
  /** Every address the app may write to, and whose it is. */
  readonly contactIdentity = new Map<string, string>();
  /** `${raffleId}\n${phone}` → the identities that sent it there. */
  readonly phoneGroups = new Map<string, Set<string>>();
  readonly draws = new Map<string, Map<string, DrawRecordSeen>>();
  readonly voids: VoidSeen[] = [];
  readonly erasures: ErasureSeen[] = [];
  /** The count GET /raffle/raffles/{id} answered once the load was over. */
  readonly finalCounts = new Map<string, number>();
  /** Counts read while the load ran, per raffle (for the report). */
  readonly countsSeen = new Map<string, number[]>();
  /** Invalid registrations sent, and what the app answered them. */
  readonly invalidAnswers: number[] = [];
  readonly traffic = new Traffic();

  addRaffle(plan: RafflePlan): void {
    this.raffles.set(plan.raffleId, plan);
    this.draws.set(plan.raffleId, new Map());
  }

  person(raffleId: string, identity: string, phone: string): PersonRecord {
    const key = `${raffleId}\n${identity}`;
    let record = this.people.get(key);
    if (!record) {
      record = {
        raffleId,
        identity,
        phone,
        contacts: new Set(),
        names: new Set(),
        accepted: false,
        refusedPhone: false,
        ambiguous: false,
        erased: false,
        done: false,
      };
      this.people.set(key, record);
      const group = `${raffleId}\n${phone}`;
      this.phoneGroups.set(group, (this.phoneGroups.get(group) ?? new Set()).add(identity));
    }
    return record;
  }

  find(raffleId: string, identity: string): PersonRecord | undefined {
    return this.people.get(`${raffleId}\n${identity}`);
  }

  /** Notes that `contact` belongs to `identity`; two identities sharing one would make the check meaningless. */
  contact(contact: string, identity: string): void {
    const known = this.contactIdentity.get(contact);
    if (known !== undefined && known !== identity) throw new Error(`${contact} would be both ${known} and ${identity}`);
    this.contactIdentity.set(contact, identity);
  }

  /** Records a draw answered to the organiser (a replay adds its key; the newest winner list is kept). */
  draw(raffleId: string, kind: DrawKind, key: string, answered: AnsweredDraw): void {
    const { drawId } = answered;
    const tickets = answered.winners.map((w) => w.ticket);
    const draws = this.draws.get(raffleId)!;
    const seen = draws.get(drawId) ?? { drawId, kind, keys: new Set<string>(), tickets: [] };
    seen.keys.add(key);
    if (tickets.length >= seen.tickets.length) seen.tickets = tickets;
    draws.set(drawId, seen);
  }

  /** The people of `raffleId` (or of any raffle) whose requests are all answered. */
  finished(raffleId?: string): PersonRecord[] {
    return [...this.people.values()].filter((p) => p.done && !p.erased && (raffleId === undefined || p.raffleId === raffleId));
  }
}
