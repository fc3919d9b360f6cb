/**
 * The local stand-in for the EventBridge Scheduler one-time schedule (config drawSchedule): at that
 * instant, the draw function gets the very event the schedule sends on AWS (model/scheduled-draw.ts),
 * and, as for an asynchronous invocation, a throw is retried twice (after 1 s and 2 s here; Lambda
 * waits about a minute, then two). A schedule already in the past is not run: on AWS it would not
 * exist (an at() schedule cannot be created in the past), and the draw is the organiser's to make.
 */
import { scheduledDrawEvent, type ScheduledDrawEvent } from '../model/scheduled-draw';

/** setTimeout's longest wait (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const RETRY_DELAYS_MS = [1000, 2000];

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
  let cancelled = false;
  let settle: (outcome: 'drawn' | 'failed' | 'passed' | 'cancelled') => void = () => undefined;
  const done = new Promise<'drawn' | 'failed' | 'passed' | 'cancelled'>((resolve) => (settle = resolve));
  const due = Date.parse(at);

  const fire = async (): Promise<void> => {
    for (let attempt = 0; !cancelled; attempt++) {
      try {
        await invoke(scheduledDrawEvent(at));
        log(`scheduled draw of ${at}: done`);
        settle('drawn');
        return;
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        if (attempt >= RETRY_DELAYS_MS.length) {
          // On AWS this is the dead-letter queue.
          log(`scheduled draw of ${at}: failed after ${attempt + 1} attempts (${message})`);
          settle('failed');
          return;
        }
        log(`scheduled draw of ${at}: attempt ${attempt + 1} failed (${message}); retrying`);
        await new Promise((resolve) => (timer = setTimeout(resolve, RETRY_DELAYS_MS[attempt])));
      }
    }
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
      cancelled = true;
      if (timer) clearTimeout(timer);
      settle('cancelled');
    },
  };
}
