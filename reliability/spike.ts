/**
 * A spike: the runtime's table behind the throttling proxy (throttle-proxy.ts, `rate` requests a second),
 * and registrations arriving at ten times that rate, open loop (each at its time, whether or not the
 * earlier ones were answered), with duplicates, invalid forms and counts among them, in a raffle that
 * confirms by email and one that does not. Each client asks again after the Retry-After of a `503
 * service_busy`, as the pages do. Wanted: every answer a success, an expected refusal or a retryable
 * 503; a retry that succeeds in the end; and the checker finding nothing lost and nothing doubled.
 */
import { performance } from 'perf_hooks';
import { checkTable, type Verdict } from './checker';
import type { Cleanup } from './cleanup';
import { fillRoutePath, ROUTES } from '../model/routes';
import { bodyOf, codeOf, openDoor, untilSettled, type Door } from './load-http';
import { Ledger, type RafflePlan } from './load-ledger';
import { OutboxLinks } from './load-outbox';
import { makePlan } from './load-plan';
import { countOnce, runPublicJob } from './load-public';
import { createRaffles } from './load';
import { startPhaseRuntime } from './phase-runtime';
import { startThrottleProxy, type ProxyCounts } from './throttle-proxy';

export interface SpikeOptions {
  /** The DynamoDB Local the proxy stands in front of (the runtime makes a table of its own in it). */
  readonly engineEndpoint: string;
  readonly localDir: string;
  /** Table requests a second the proxy admits, reads and writes each. */
  readonly rate: number;
  /** How long registrations arrive at ten times `rate`. */
  readonly seconds: number;
  readonly seed: number;
  readonly cleanup: Cleanup;
}

export interface SpikeResult {
  readonly verdict: Verdict;
  readonly ledger: Ledger;
  readonly proxy: ProxyCounts;
  /** The runtime's table in the engine (left there, for whoever owns the engine). */
  readonly tableName: string;
  readonly rate: number;
  /** Registrations sent, and at what rate they arrived. */
  readonly registrations: number;
  readonly arrivalPerSecond: number;
  /** From the first registration to the last answer (the backlog drained). */
  readonly drainSeconds: number;
  /** The functions' own log lines of any 5xx but service_busy. */
  readonly faults: readonly string[];
}

const SPIKE_RAFFLES: RafflePlan[] = [
  { raffleId: 'spike-direct', title: 'Spike raffle direct', confirm: false, verifiable: false, prizes: [{ name: 'Prize', winners: 3 }] },
  {
    raffleId: 'spike-confirmed',
    title: 'Spike raffle confirmed',
    confirm: true,
    verifiable: false,
    prizes: [{ name: 'Prize', winners: 3 }],
  },
];

/**
 * A fast draw of the raffle that admits at once, asked (with one Idempotency-Key) until it answers: after
 * a retryable 503, or while nobody is admitted yet (409 no_eligible_entrants), a second later.
 */
async function drawDuringSpike(admin: Door, ledger: Ledger, seed: number): Promise<void> {
  const raffleId = SPIKE_RAFFLES[0].raffleId;
  const key = `spike-draw-${seed}`;
  for (let attempt = 0; attempt < 60; attempt++) {
    const { answer } = await untilSettled(admin, ledger.traffic, {
      method: 'POST',
      path: fillRoutePath(ROUTES.draw, { raffleId }),
      route: 'POST draw (in the spike)',
      body: { winners: 3, early: true },
      headers: { 'idempotency-key': key },
    });
    const view = bodyOf<{ drawId: string; winners: { ticket: number }[] }>(answer);
    if ((answer.status === 200 || answer.status === 201) && view) {
      ledger.draw(raffleId, 'fast', key, view);
      return;
    }
    if (codeOf(answer) !== 'no_eligible_entrants') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  ledger.traffic.violation('the draw during the spike never answered with a draw');
}

const sleepUntil = (at: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

export async function runSpike(options: SpikeOptions): Promise<SpikeResult> {
  const proxy = await startThrottleProxy({ target: options.engineEndpoint });
  options.cleanup.add(() => proxy.close());
  const { runtime, clock, faults } = await startPhaseRuntime({
    localDir: options.localDir,
    cleanup: options.cleanup,
    dynamoDbEndpoint: proxy.endpoint,
  });
  const ledger = new Ledger();
  const registrations = Math.round(options.rate * 10 * options.seconds);
  const publicDoor = openDoor('public', runtime.publicUrl, registrations);
  const admin = openDoor('admin', runtime.adminUrl, 4, runtime.certs);
  const outbox = new OutboxLinks(
    runtime.outboxDir,
    (subject) => SPIKE_RAFFLES.find((r) => subject.includes(r.title))?.raffleId,
    (to) => ledger.contactIdentity.get(to),
  );
  try {
    await createRaffles(admin, ledger, clock, SPIKE_RAFFLES);
    const plan = makePlan({ registrations, raffles: SPIKE_RAFFLES, seed: options.seed, countEvery: 25 }, ledger);
    const side = { door: publicDoor, ledger, outbox };
    // Registrations arrive every `gap` ms, however the earlier ones fare: a job's duplicates arrive together.
    const gap = 1000 / (10 * options.rate);
    let sent = 0;
    const startAt = plan.jobs.map((job) => {
      const at = sent * gap;
      if (job.kind === 'entry') sent += job.applicants.reduce((n, a) => n + a.spellings.length, 0);
      else if (job.kind === 'invalid') sent++;
      return at;
    });
    proxy.setRate(options.rate);
    const started = performance.now();
    const burst = Promise.all(plan.jobs.map((job, k) => sleepUntil(started + startAt[k]).then(() => runPublicJob(side, job))));
    // The organiser draws while the backlog drains: a draw cut off by throttling is resumed by its key.
    const draw = sleepUntil(started + startAt[startAt.length - 1]).then(() => drawDuringSpike(admin, ledger, options.seed));
    await Promise.all([burst, draw]);
    const drainSeconds = (performance.now() - started) / 1000;
    proxy.setRate(undefined);
    for (const raffle of SPIKE_RAFFLES) {
      const count = await countOnce({ door: publicDoor, ledger }, raffle.raffleId, 'GET raffle (final)');
      if (count !== undefined) ledger.finalCounts.set(raffle.raffleId, count);
    }
    const verdict = await checkTable(options.engineEndpoint, runtime.tableName, ledger, { lostWritesTolerated: false });
    return {
      verdict,
      ledger,
      proxy: { ...proxy.counts },
      tableName: runtime.tableName,
      rate: options.rate,
      registrations: sent,
      arrivalPerSecond: sent / ((startAt[startAt.length - 1] || gap) / 1000),
      drainSeconds,
      faults: faults.lines,
    };
  } finally {
    outbox.close();
    publicDoor.agent.destroy();
    admin.agent.destroy();
    await runtime.stop();
    await proxy.close();
  }
}
