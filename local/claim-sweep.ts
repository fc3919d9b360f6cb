/**
 * The local stand-in for the stack's recurring claim-sweep schedule: every LIMITS.claim.sweepMinutes on
 * the runtime's clock, the draw function gets the very event Scheduler sends it on AWS
 * (model/scheduled-draw.ts ClaimSweepEvent), with Lambda's retries (./async-invocation.ts). A test moves
 * the clock past a claim deadline and the next sweep comes; nobody waits fifteen real minutes.
 */
import type { Clock } from '../functions/runtime/ports';
import { LIMITS } from '../model/limits';
import { CLAIM_SWEEP_EVENT, type ClaimSweepEvent } from '../model/scheduled-draw';
import { runAsyncInvocation } from './async-invocation';
import { waitUntil } from './schedule';

export interface LocalClaimSweeps {
  /** Ends the sweeps, and waits for one under way to finish (before the database stops). */
  stop(): Promise<void>;
}

export function startClaimSweeps(
  invoke: (event: ClaimSweepEvent) => Promise<unknown>,
  log: (line: string) => void,
  clock: Clock,
): LocalClaimSweeps {
  const stopping = new AbortController();
  const everyMs = LIMITS.claim.sweepMinutes * 60_000;

  async function sweepOnce(): Promise<void> {
    await runAsyncInvocation(
      async () => {
        const result = (await invoke(CLAIM_SWEEP_EVENT)) as { expired?: number } | undefined;
        if (result?.expired) log(`claim sweep: ${result.expired} unclaimed win(s) voided and replaced`);
      },
      'claim sweep',
      // A sweep that found nothing to do says nothing: one line every quarter of an hour would be noise.
      (line) => (line.endsWith(': done') ? undefined : log(line)),
      clock,
      stopping.signal,
    );
  }

  async function run(): Promise<void> {
    let next = clock.now().getTime() + everyMs;
    while (!stopping.signal.aborted) {
      await waitUntil(clock, next, stopping.signal);
      if (stopping.signal.aborted) return;
      await sweepOnce();
      // A clock moved on by days (a test, a laptop waking) sweeps once, not once per missed quarter hour.
      next = Math.max(next + everyMs, clock.now().getTime() + everyMs);
    }
  }

  const running = run();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
