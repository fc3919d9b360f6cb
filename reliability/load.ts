/**
 * The load driver: drives a running local runtime over HTTP only (its public door, and its admin door
 * with the dev CA's client certificate), with `clients` concurrent public clients working through the
 * plan's jobs (load-plan.ts) while the organiser's actions run between them, then reads each raffle's
 * count. What it sent and what it was answered is the ledger the checker (checker.ts) holds the table
 * against; the driver never reads the table itself.
 *
 *   const result = await runLoad(target, { registrations: 20_000, clients: 64, raffles, seed: 1 });
 */
import { performance } from 'perf_hooks';
import { ROUTES } from '../model/routes';
import type { Runtime } from '../local/runtime';
import type { TestClock } from '../testkit/clock';
import { bodyOf, inParallel, openDoor, untilSettled, type AdminCerts, type Door } from './load-http';
import { Ledger, type RafflePlan } from './load-ledger';
import { Organiser } from './load-organiser';
import { OutboxLinks } from './load-outbox';
import { makePlan, type LoadShape, type Plan } from './load-plan';
import { countOnce, runPublicJob } from './load-public';

/** A running runtime, as the driver reaches it: addresses and files only, and the clock it runs on. */
export interface LoadTarget {
  readonly publicUrl: string;
  readonly adminUrl: string;
  readonly certs: AdminCerts;
  readonly outboxDir: string;
  /** The runtime's clock: moved on to a verifiable draw's round instead of waiting for it. */
  readonly clock: TestClock;
}

/** A runtime's addresses and files, and the clock it was started on. */
export function loadTargetOf(runtime: Runtime, clock: TestClock): LoadTarget {
  return { publicUrl: runtime.publicUrl, adminUrl: runtime.adminUrl, certs: runtime.certs, outboxDir: runtime.outboxDir, clock };
}

export interface LoadOptions extends LoadShape {
  /** Public clients at once. */
  readonly clients: number;
  /** Something to do (a fault) once this share of the jobs is done; the clients go on meanwhile. */
  readonly midway?: { readonly share: number; readonly run: (load: { readonly ledger: Ledger; readonly admin: Door }) => Promise<void> };
  /** One line now and then, for a person watching. */
  readonly progress?: (line: string) => void;
}

export interface LoadResult {
  readonly ledger: Ledger;
  readonly plan: Plan['figures'] & { readonly jobs: number; readonly actions: number };
  /** From the first registration to the last organiser action. */
  readonly seconds: number;
  readonly emails: number;
  readonly poolLocked: number;
}

const DAY_MS = 24 * 3600 * 1000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The raffles the full load runs: three confirming, three not; two offer verifiable draws. */
export function loadRaffles(prefix = 'load'): RafflePlan[] {
  const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
  return names.map((name, i) => ({
    raffleId: `${prefix}-${name}`,
    title: `Load raffle ${name}`,
    confirm: i % 2 === 0,
    verifiable: i === 1 || i === 2,
    prizes: [
      { name: 'First prize', winners: 3 },
      { name: 'Second prize', winners: 5 },
    ],
  }));
}

export async function createRaffles(admin: Door, ledger: Ledger, clock: TestClock, raffles: readonly RafflePlan[]): Promise<void> {
  for (const raffle of raffles) {
    ledger.addRaffle(raffle);
    const { answer } = await untilSettled(admin, ledger.traffic, {
      method: 'POST',
      path: ROUTES.createRaffle.path,
      route: 'POST raffles',
      headers: { 'idempotency-key': `create-${raffle.raffleId}` },
      body: {
        raffleId: raffle.raffleId,
        title: raffle.title,
        prizes: raffle.prizes,
        closesAt: new Date(clock.now().getTime() + 7 * DAY_MS).toISOString(),
        status: 'open',
        confirmEntries: raffle.confirm,
        verifiableDraws: raffle.verifiable,
      },
    });
    if (answer.status !== 201 || bodyOf<{ raffleId?: string }>(answer)?.raffleId !== raffle.raffleId)
      throw new Error(`creating ${raffle.raffleId}: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
}

export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const ledger = new Ledger();
  const publicDoor = openDoor('public', target.publicUrl, options.clients);
  const admin = openDoor('admin', target.adminUrl, 8, target.certs);
  const raffleOfSubject = (subject: string): string | undefined => options.raffles.find((r) => subject.includes(r.title))?.raffleId;
  const outbox = new OutboxLinks(target.outboxDir, raffleOfSubject, (to) => ledger.contactIdentity.get(to));
  try {
    await createRaffles(admin, ledger, target.clock, options.raffles);
    const plan = makePlan(options, ledger);
    const organiser = new Organiser(admin, ledger, target.clock, options.seed + 1);
    const side = { door: publicDoor, ledger, outbox };
    let done = 0;
    let over = false;
    const reached = async (share: number): Promise<void> => {
      while (!over && done / plan.jobs.length < share) await sleep(20);
    };
    const started = performance.now();
    const clients = inParallel(plan.jobs, options.clients, async (job) => {
      await runPublicJob(side, job);
      done++;
      if (done % 2000 === 0) options.progress?.(`  ${done}/${plan.jobs.length} jobs, ${ledger.traffic.requests} requests`);
    });
    const organiserRun = (async () => {
      for (const action of plan.actions) {
        await reached(action.at);
        await organiser.run(action);
      }
    })();
    const midway = options.midway ? reached(options.midway.share).then(() => options.midway!.run({ ledger, admin })) : Promise.resolve();
    // Each settles on its own; one that fails must not leave the others running unawaited.
    const outcome = await Promise.allSettled([clients.finally(() => (over = true)), organiserRun, midway]);
    const failed = outcome.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    await organiser.settle();
    const seconds = (performance.now() - started) / 1000;
    for (const raffle of options.raffles) {
      const count = await countOnce({ door: publicDoor, ledger }, raffle.raffleId, 'GET raffle (final)');
      if (count !== undefined) ledger.finalCounts.set(raffle.raffleId, count);
    }
    return {
      ledger,
      plan: { ...plan.figures, jobs: plan.jobs.length, actions: plan.actions.length },
      seconds,
      emails: outbox.messages,
      poolLocked: organiser.poolLocked,
    };
  } finally {
    outbox.close();
    publicDoor.agent.destroy();
    admin.agent.destroy();
  }
}
