/**
 * The organiser's side of the load, on the admin door (mutual TLS): draws (the same Idempotency-Key sent
 * again at once, and later), voids of a winner with their replacement, erasures of a winner, of someone
 * entered, of someone who never confirmed, of a person everywhere, and verifiable draws: committed, then
 * revealed once the runtime's clock (a TestClock the driver moves, never waited on) reaches their round.
 * An action refused with 409 pool_locked (a verifiable draw of the raffle is in its window) is done again
 * after that draw's reveal; every answer is held against the API's promises and recorded in the ledger.
 */
import { fillRoutePath, ROUTES } from '../model/routes';
import type { TestClock } from '../testkit/clock';
import { roundTime } from '../verify/commitment';
import { bodyOf, codeOf, untilSettled, type Answer, type Door } from './load-http';
import type { DrawKind, Ledger, PersonRecord } from './load-ledger';
import type { OrganiserAction } from './load-plan';
import { Seeded } from './load-people';

interface WinnerView {
  readonly ticket: number;
  readonly status: string;
  readonly email: string | null;
}
interface DrawView {
  readonly drawId: string;
  readonly status: string;
  readonly winners: readonly WinnerView[];
  readonly verifiable: { readonly round: number } | null;
}

type Outcome = 'done' | 'locked';
type Step = () => Promise<Outcome>;

export class Organiser {
  private readonly draws = new Map<string, { readonly key: string; view: DrawView; readonly kind: DrawKind; readonly body: unknown }>();
  /** What pool_locked refused, as it was asked (the same person, the same winner), done again after a reveal. */
  private deferred: Step[] = [];
  private readonly rng: Seeded;
  /** Actions refused with pool_locked, and done again after the reveal. */
  poolLocked = 0;

  constructor(
    private readonly door: Door,
    private readonly ledger: Ledger,
    private readonly clock: TestClock,
    seed: number,
  ) {
    this.rng = new Seeded(seed);
  }

  async run(action: OrganiserAction): Promise<void> {
    await this.attempt(this.step(action));
  }

  private async attempt(step: Step): Promise<void> {
    if ((await step()) === 'locked') {
      this.poolLocked++;
      this.deferred.push(step);
    }
  }

  /** Does again what the lock refused (after a reveal; whatever is still locked waits for the next). */
  private async retryDeferred(): Promise<void> {
    const steps = this.deferred;
    this.deferred = [];
    for (const step of steps) await this.attempt(step);
  }

  /** Reveals what is still committed and does what was deferred: the organiser's last round. */
  async settle(): Promise<void> {
    for (const [key, draw] of this.draws) {
      if (draw.kind === 'verifiable' && draw.view.status !== 'complete') {
        const [raffleId, label] = key.split('\n');
        await this.run({ at: 1, raffleId, type: 'reveal', label });
      }
    }
    await this.retryDeferred();
  }

  /** The action as a step that can be taken again: its target (a person, a winner) chosen once, at its first try. */
  private step(action: OrganiserAction): Step {
    const { raffleId } = action;
    const once = (choose: () => string | undefined, erase: (identity: string) => Promise<Outcome>): Step => {
      let chosen: string | undefined | null = null;
      return async () => {
        if (chosen === null) chosen = choose();
        return chosen === undefined ? 'done' : erase(chosen);
      };
    };
    switch (action.type) {
      case 'count':
        return async () => {
          const { answer } = await this.send('GET', fillRoutePath(ROUTES.raffle, { raffleId }), 'admin GET raffle');
          if (answer.status !== 200) this.violation(`admin count of ${raffleId}`, answer);
          return 'done';
        };
      case 'draw':
      case 'replay':
        return async () => {
          const known = this.draws.get(`${raffleId}\n${action.label}`);
          if (action.type === 'replay' && !known) return 'done';
          const key = known?.key ?? `load-${raffleId}-${action.label}-${this.rng.int(1e9)}`;
          const body = action.type === 'draw' ? { prize: action.prize, winners: action.winners, early: true } : known!.body;
          return this.drawRequest(raffleId, action.label, 'fast', key, body, action.type === 'draw' ? 1 + action.replays : 1);
        };
      case 'verifiable':
        return () =>
          this.drawRequest(
            raffleId,
            action.label,
            'verifiable',
            `load-${raffleId}-${action.label}-${this.rng.int(1e9)}`,
            {
              mode: 'verifiable',
              prize: action.prize,
              early: true,
            },
            1,
          );
      case 'reveal':
        return async () => {
          const known = this.draws.get(`${raffleId}\n${action.label}`);
          if (!known?.view.verifiable) return 'done';
          this.clock.advanceTo(roundTime(known.view.verifiable.round) * 1000);
          const outcome = await this.drawRequest(raffleId, action.label, 'verifiable', known.key, known.body, 2);
          await this.retryDeferred();
          return outcome;
        };
      case 'void':
        return () => this.voidWinner(raffleId, action.label, action.by, 1 + action.replays);
      case 'erase-winner':
        return once(
          () => {
            const winner = this.draws.get(`${raffleId}\n${action.label}`)?.view.winners.find((w) => w.status === 'won' && w.email !== null);
            return winner?.email ? this.ledger.contactIdentity.get(winner.email) : undefined;
          },
          (identity) => this.erase(raffleId, identity),
        );
      case 'erase':
      case 'erase-pending':
        return once(
          () => {
            const candidates = this.ledger.finished(raffleId).filter((p) => action.type === 'erase' || (!p.accepted && !p.refusedPhone));
            return candidates.length > 0 ? this.rng.pick(candidates).identity : undefined;
          },
          (identity) => this.erase(raffleId, identity),
        );
      case 'erase-everywhere':
        return once(
          () => {
            const byIdentity = new Map<string, PersonRecord[]>();
            for (const p of this.ledger.people.values()) byIdentity.set(p.identity, [...(byIdentity.get(p.identity) ?? []), p]);
            const candidates = [...byIdentity.values()].filter(
              (records) => records.length > 1 && records.every((p) => p.done && !p.erased),
            );
            return candidates.length > 0 ? this.rng.pick(candidates)[0].identity : undefined;
          },
          (identity) => this.erase(undefined, identity),
        );
    }
  }

  private send(method: 'GET' | 'POST' | 'DELETE', path: string, route: string, body?: unknown, key?: string) {
    return untilSettled(this.door, this.ledger.traffic, {
      method,
      path,
      route,
      ...(body !== undefined ? { body } : {}),
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  }

  private violation(what: string, answer: Answer): void {
    this.ledger.traffic.violation(`${what}: ${answer.status} ${answer.text.slice(0, 160)}`);
  }

  /** `times` requests at once with one key: every answer must name the same draw. */
  private async drawRequest(raffleId: string, label: string, kind: DrawKind, key: string, body: unknown, times: number): Promise<Outcome> {
    const path = fillRoutePath(ROUTES.draw, { raffleId });
    const answers = await Promise.all(Array.from({ length: times }, () => this.send('POST', path, `POST draw (${kind})`, body, key)));
    if (answers.some((s) => codeOf(s.answer) === 'pool_locked')) return 'locked';
    const views = answers.map((s) => (s.answer.status >= 200 && s.answer.status < 300 ? bodyOf<DrawView>(s.answer) : undefined));
    answers.forEach((s, k) => {
      if (!views[k]) this.violation(`draw ${label} of ${raffleId}`, s.answer);
    });
    const ids = new Set(views.filter((v) => v !== undefined).map((v) => v.drawId));
    if (ids.size > 1) this.ledger.traffic.violation(`one Idempotency-Key answered ${ids.size} draws (${[...ids].join(', ')})`);
    const view = views.find((v) => v !== undefined);
    if (!view) return 'done';
    this.draws.set(`${raffleId}\n${label}`, { key, view, kind, body });
    this.ledger.draw(raffleId, kind, key, view);
    return 'done';
  }

  private async voidWinner(raffleId: string, label: string, by: 'email' | 'ticket', times: number): Promise<Outcome> {
    const draw = this.draws.get(`${raffleId}\n${label}`);
    const winner = draw?.view.winners.find((w) => w.status === 'won' && w.email !== null);
    if (!draw || !winner) return 'done';
    const key = `load-void-${raffleId}-${label}-${this.rng.int(1e9)}`;
    const body =
      by === 'email' ? { email: winner.email, reason: 'Load test: not reachable' } : { ticket: winner.ticket, reason: 'Load test' };
    const path = fillRoutePath(ROUTES.voidWinner, { raffleId, drawId: draw.view.drawId });
    const answers = await Promise.all(Array.from({ length: times }, () => this.send('POST', path, 'POST void', body, key)));
    if (answers.some((s) => codeOf(s.answer) === 'pool_locked')) return 'locked';
    const replacements = new Set<string>();
    for (const { answer } of answers) {
      const view = answer.status === 200 || answer.status === 201 ? bodyOf<{ replacement: DrawView; voided: DrawView }>(answer) : undefined;
      if (!view) {
        this.violation(`void in ${raffleId}`, answer);
        continue;
      }
      replacements.add(view.replacement.drawId);
      this.ledger.draw(raffleId, 'replacement', key, view.replacement);
      draw.view = view.voided;
    }
    if (replacements.size > 1) this.ledger.traffic.violation(`one void key made ${replacements.size} replacements`);
    for (const replacementDrawId of replacements)
      this.ledger.voids.push({ raffleId, drawId: draw.view.drawId, ticket: winner.ticket, replacementDrawId });
    return 'done';
  }

  /** Erases `identity` from `raffleId` (everywhere when undefined), by a spelling of theirs in capitals. */
  private async erase(raffleId: string | undefined, identity: string): Promise<Outcome> {
    const records = [...this.ledger.people.values()].filter(
      (p) => p.identity === identity && (raffleId === undefined || p.raffleId === raffleId),
    );
    const spelling = [...records[0].contacts][0].toUpperCase();
    const path =
      raffleId === undefined
        ? fillRoutePath(ROUTES.erasePerson, { email: spelling })
        : fillRoutePath(ROUTES.eraseEntrant, { raffleId, email: spelling });
    const { answer } = await this.send('DELETE', path, raffleId === undefined ? 'DELETE person' : 'DELETE entrant');
    if (codeOf(answer) === 'pool_locked') return 'locked';
    if (answer.status !== 200) {
      this.violation(`erasure of ${identity}`, answer);
      return 'done';
    }
    for (const record of records) record.erased = true;
    this.ledger.erasures.push({ ...(raffleId !== undefined ? { raffleId } : {}), identity, spelling });
    return 'done';
  }
}
