/**
 * A fault under load: the runtime's own DynamoDB Local, on a data folder, SIGKILLed while the clients
 * register and confirm and the organiser draws, with one more draw of 20 winners sent just before the
 * kill. Clients must get a fast `503 service_busy` with Retry-After (never a hang, never 500) while the
 * runtime restarts the engine (local/engine-supervisor.ts), and a retry must then succeed; the draw is
 * asked again with its Idempotency-Key until it answers. The checker then finds no partial state (no
 * entry without its count or phone claim, no winner without its draw record); acknowledged writes the
 * killed engine lost are counted and reported, not failed on (README, "What the local engine does not
 * promise").
 */
import { performance } from 'perf_hooks';
import { fillRoutePath, ROUTES } from '../model/routes';
import { checkTable, type Verdict } from './checker';
import type { Cleanup } from './cleanup';
import { bodyOf, untilSettled } from './load-http';
import type { RafflePlan } from './load-ledger';
import { loadTargetOf, runLoad, type LoadResult } from './load';
import { startPhaseRuntime } from './phase-runtime';

export interface KillOptions {
  /** The runtime's folder: certificates, outbox, and the engine's data in `dynamodb/`. */
  readonly localDir: string;
  readonly registrations: number;
  readonly clients: number;
  readonly seed: number;
  /** The share of the jobs done when the engine is killed. @default 0.4 */
  readonly killAt?: number;
  readonly cleanup: Cleanup;
  readonly progress?: (line: string) => void;
}

export interface KillResult {
  readonly load: LoadResult;
  readonly verdict: Verdict;
  readonly killedPid: number;
  /** The share of the jobs done when it was killed. */
  readonly killAt: number;
  readonly restartedPid: number | undefined;
  /** The runtime's own lines about the engine (gone, back). */
  readonly engineLines: readonly string[];
  /** 503 service_busy answers, and the longest one took. */
  readonly busy: number;
  readonly slowestBusyMs: number;
  /** Seconds from the kill to the line saying the engine is back. */
  readonly restartSeconds: number | undefined;
  /** The draw sent at the kill: its final status and how many 503s it got first. */
  readonly drawAtKill: { readonly status: number; readonly busy: number };
  /** The functions' own log lines of any 5xx but service_busy. */
  readonly faults: readonly string[];
}

const KILL_RAFFLES: RafflePlan[] = [
  {
    raffleId: 'kill-confirmed',
    title: 'Kill raffle confirmed',
    confirm: true,
    verifiable: false,
    prizes: [
      { name: 'First prize', winners: 3 },
      { name: 'Second prize', winners: 5 },
    ],
  },
  {
    raffleId: 'kill-direct',
    title: 'Kill raffle direct',
    confirm: false,
    verifiable: false,
    prizes: [
      { name: 'First prize', winners: 3 },
      { name: 'Second prize', winners: 5 },
    ],
  },
];

export async function runKillFault(options: KillOptions): Promise<KillResult> {
  const lines: string[] = [];
  let backAt: number | undefined;
  const { runtime, clock, faults } = await startPhaseRuntime({
    localDir: options.localDir,
    cleanup: options.cleanup,
    log: (line) => {
      if (/DynamoDB Local/.test(line)) lines.push(line);
      if (/DynamoDB Local is back/.test(line)) backAt = performance.now();
    },
  });
  const killedPid = runtime.dynamodb.pid!;
  options.cleanup.pid(killedPid);
  let killedAt = 0;
  let drawAtKill = { status: 0, busy: 0 };
  try {
    const load = await runLoad(loadTargetOf(runtime, clock), {
      registrations: options.registrations,
      clients: options.clients,
      raffles: KILL_RAFFLES,
      seed: options.seed,
      progress: options.progress,
      midway: {
        share: options.killAt ?? 0.4,
        run: async ({ ledger, admin }) => {
          const raffleId = KILL_RAFFLES[1].raffleId;
          const key = `kill-draw-${options.seed}`;
          const draw = untilSettled(admin, ledger.traffic, {
            method: 'POST',
            path: fillRoutePath(ROUTES.draw, { raffleId }),
            route: 'POST draw (at the kill)',
            body: { prize: 'Second prize', winners: 20, early: true },
            headers: { 'idempotency-key': key },
          });
          await new Promise((resolve) => setTimeout(resolve, 5));
          killedAt = performance.now();
          process.kill(killedPid, 'SIGKILL');
          options.progress?.(`  SIGKILL to DynamoDB Local (pid ${killedPid})`);
          const { answer, busy } = await draw;
          drawAtKill = { status: answer.status, busy };
          const view = bodyOf<{ drawId: string; winners: { ticket: number }[] }>(answer);
          if ((answer.status === 200 || answer.status === 201) && view) ledger.draw(raffleId, 'fast', key, view);
          else ledger.traffic.violation(`the draw sent at the kill: ${answer.status} ${answer.text.slice(0, 120)}`);
        },
      },
    });
    const restartedPid = runtime.dynamodb.pid;
    if (restartedPid !== undefined) options.cleanup.pid(restartedPid);
    const verdict = await checkTable(runtime.dynamodb.endpoint, runtime.tableName, load.ledger, { lostWritesTolerated: true });
    const traffic = load.ledger.traffic;
    return {
      load,
      verdict,
      killedPid,
      killAt: options.killAt ?? 0.4,
      restartedPid: restartedPid === killedPid ? undefined : restartedPid,
      engineLines: lines,
      busy: traffic.statuses.get('503 service_busy') ?? 0,
      slowestBusyMs: traffic.slowest.get('503 service_busy') ?? 0,
      restartSeconds: backAt !== undefined && killedAt > 0 ? (backAt - killedAt) / 1000 : undefined,
      drawAtKill,
      faults: faults.lines,
    };
  } finally {
    await runtime.stop();
  }
}
