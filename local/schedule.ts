/**
 * The local stand-in for the EventBridge Scheduler one-time schedule (config drawSchedule): at that
 * instant on the runtime's clock, the draw function gets the very event the schedule sends on AWS
 * (model/scheduled-draw.ts), and, as for any asynchronous invocation, a throw is retried twice
 * (./async-invocation.ts). A schedule already in the past is not run: on AWS it would not exist (an at()
 * schedule cannot be created in the past), and the draw is the organiser's to make.
 */
import type { Clock } from '../functions/runtime/ports';
import { scheduledDrawEvent, type ScheduledDrawEvent } from '../model/scheduled-draw';
import { runAsyncInvocation } from './async-invocation';

export type ScheduleOutcome = 'drawn' | 'failed' | 'passed' | 'cancelled';

export interface LocalSchedule {
  /** Settles when the scheduled invocation (and its retries) are done; never, if it is not due. */
  readonly done: Promise<ScheduleOutcome>;
  cancel(): void;
}

export function scheduleDraw(
  at: string,
  invoke: (event: ScheduledDrawEvent) => Promise<unknown>,
  log: (line: string) => void,
  clock: Clock,
): LocalSchedule {
  const cancelling = new AbortController();
  const due = Date.parse(at);

  async function run(): Promise<ScheduleOutcome> {
    if (due <= clock.now().getTime()) {
      log(`scheduled draw of ${at}: the time has passed, not run`);
      return 'passed';
    }
    // A clock a test moves on may pass the instant before a long wait is over: wait in steps, and look again.
    while (!cancelling.signal.aborted && clock.now().getTime() < due) {
      await clock.sleep(Math.min(due - clock.now().getTime(), 1000), cancelling.signal);
    }
    if (cancelling.signal.aborted) return 'cancelled';
    // On AWS, what fails every attempt goes to the dead-letter queue.
    const outcome = await runAsyncInvocation(
      () => invoke(scheduledDrawEvent(at)),
      `scheduled draw of ${at}`,
      log,
      clock,
      cancelling.signal,
    );
    return outcome === 'done' ? 'drawn' : outcome;
  }

  return { done: run(), cancel: () => cancelling.abort() };
}
