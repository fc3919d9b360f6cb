/**
 * The local stand-in for EventBridge Scheduler's one-time schedules of raffles' draws (one per raffle,
 * made, moved and deleted by the organise and draw functions through the DrawScheduler port): at that
 * instant on the runtime's clock, the draw function gets the very event the schedule sends on AWS
 * (model/scheduled-draw.ts), and, as for any asynchronous invocation, a throw is retried twice
 * (./async-invocation.ts). A schedule that has run is deleted, as ActionAfterCompletion DELETE does. A schedule already in the past is not run: on AWS it would not exist (an at()
 * schedule cannot be created in the past), and the draw is the organiser's to make.
 */
import type { Clock, DrawScheduler } from '../functions/runtime/ports';
import { scheduledDrawEvent, type ScheduledDrawEvent } from '../model/scheduled-draw';
import { runAsyncInvocation } from './async-invocation';

export type ScheduleOutcome = 'drawn' | 'failed' | 'passed' | 'cancelled';

export interface LocalSchedule {
  /** Settles when the scheduled invocation (and its retries) are done; never, if it is not due. */
  readonly done: Promise<ScheduleOutcome>;
  cancel(): void;
}

/**
 * Resolves once `clock` reaches `at` (epoch ms), or at once when `signal` aborts. A clock a test moves on
 * may pass the instant before a long wait is over: it waits in steps of a second, and looks again.
 */
export async function waitUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && clock.now().getTime() < at) await clock.sleep(Math.min(at - clock.now().getTime(), 1000), signal);
}

export function scheduleDraw(
  raffleId: string,
  at: string,
  invoke: (event: ScheduledDrawEvent) => Promise<unknown>,
  log: (line: string) => void,
  clock: Clock,
): LocalSchedule {
  const cancelling = new AbortController();
  const due = Date.parse(at);

  async function run(): Promise<ScheduleOutcome> {
    if (due <= clock.now().getTime()) {
      log(`scheduled draw of ${raffleId} at ${at}: the time has passed, not run`);
      return 'passed';
    }
    await waitUntil(clock, due, cancelling.signal);
    if (cancelling.signal.aborted) return 'cancelled';
    // On AWS, what fails every attempt goes to the dead-letter queue.
    const outcome = await runAsyncInvocation(
      () => invoke(scheduledDrawEvent(raffleId, at)),
      `scheduled draw of ${raffleId} at ${at}`,
      log,
      clock,
      cancelling.signal,
    );
    return outcome === 'done' ? 'drawn' : outcome;
  }

  return { done: run(), cancel: () => cancelling.abort() };
}

/** The runtime's schedules, by raffle: the DrawScheduler the functions are given, and what tests wait on. */
export interface LocalDrawSchedules extends DrawScheduler {
  /** The raffle's schedule, while it exists. */
  get(raffleId: string): LocalSchedule | undefined;
  /** Cancels every schedule (the runtime stops). */
  stop(): void;
}

export function localDrawSchedules(
  invoke: (event: ScheduledDrawEvent) => Promise<unknown>,
  log: (line: string) => void,
  clock: Clock,
): LocalDrawSchedules {
  const schedules = new Map<string, LocalSchedule>();
  const cancel = (raffleId: string): void => {
    schedules.get(raffleId)?.cancel();
    schedules.delete(raffleId);
  };
  return {
    async schedule(raffleId, at) {
      cancel(raffleId);
      const schedule = scheduleDraw(raffleId, at, invoke, log, clock);
      schedules.set(raffleId, schedule);
      void schedule.done.then(() => {
        if (schedules.get(raffleId) === schedule) schedules.delete(raffleId);
      });
    },
    async cancel(raffleId) {
      cancel(raffleId);
    },
    get: (raffleId) => schedules.get(raffleId),
    stop: () => [...schedules.keys()].forEach(cancel),
  };
}
