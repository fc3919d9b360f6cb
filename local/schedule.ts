/**
 * The local stand-in for the EventBridge Scheduler one-time schedule (config drawSchedule): at that
 * instant, the draw function gets the very event the schedule sends on AWS (model/scheduled-draw.ts),
 * and, as for any asynchronous invocation, a throw is retried twice (./async-invocation.ts). A schedule
 * already in the past is not run: on AWS it would not exist (an at() schedule cannot be created in the
 * past), and the draw is the organiser's to make.
 */
import { scheduledDrawEvent, type ScheduledDrawEvent } from '../model/scheduled-draw';
import { runAsyncInvocation } from './async-invocation';

/** setTimeout's longest wait (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface LocalSchedule {
  /** Settles when the scheduled invocation (and its retries) are done; never, if it is not due. */
  readonly done: Promise<'drawn' | 'failed' | 'passed' | 'cancelled'>;
  cancel(): void;
}

export function scheduleDraw(
  at: string,
  invoke: (event: ScheduledDrawEvent) => Promise<unknown>,
  log: (line: string) => void,
  now: () => number = Date.now,
): LocalSchedule {
  let timer: NodeJS.Timeout | undefined;
  const cancelling = new AbortController();
  let settle: (outcome: 'drawn' | 'failed' | 'passed' | 'cancelled') => void = () => undefined;
  const done = new Promise<'drawn' | 'failed' | 'passed' | 'cancelled'>((resolve) => (settle = resolve));
  const due = Date.parse(at);

  const fire = async (): Promise<void> => {
    // On AWS, what fails every attempt goes to the dead-letter queue.
    const outcome = await runAsyncInvocation(() => invoke(scheduledDrawEvent(at)), `scheduled draw of ${at}`, log, cancelling.signal);
    settle(outcome === 'done' ? 'drawn' : outcome);
  };
  const wait = (): void => {
    const left = due - now();
    if (left <= 0) void fire();
    else timer = setTimeout(wait, Math.min(left, MAX_TIMEOUT_MS));
  };

  if (due <= now()) {
    log(`scheduled draw of ${at}: the time has passed, not run`);
    settle('passed');
  } else {
    wait();
  }
  return {
    done,
    cancel() {
      cancelling.abort();
      if (timer) clearTimeout(timer);
      settle('cancelled');
    },
  };
}
