/**
 * How Lambda runs an asynchronous invocation (the draw schedule's, the draw function's own "Event"
 * invoke): a throw is retried twice, after 1 s and then 2 s here (Lambda waits about a minute, then two),
 * and what fails every attempt is given up (on AWS it goes to the on-failure destination, if there is
 * one). The waits are on the runtime's clock.
 */
import type { Clock, SelfInvoker } from '../functions/runtime/ports';

const RETRY_DELAYS_MS = [1000, 2000];

export type AsyncOutcome = 'done' | 'failed' | 'cancelled';

/** `describe` starts each log line, e.g. "scheduled draw of 2026-12-24T18:00:00.000Z". */
export async function runAsyncInvocation(
  run: () => Promise<unknown>,
  describe: string,
  log: (line: string) => void,
  clock: Clock,
  signal: AbortSignal,
): Promise<AsyncOutcome> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      await run();
      log(`${describe}: done`);
      return 'done';
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      if (attempt >= RETRY_DELAYS_MS.length) {
        log(`${describe}: failed after ${attempt + 1} attempts (${message})`);
        return 'failed';
      }
      log(`${describe}: attempt ${attempt + 1} failed (${message}); retrying`);
      await clock.sleep(RETRY_DELAYS_MS[attempt], signal);
    }
  }
  return 'cancelled';
}

export interface LocalInvoker extends SelfInvoker {
  /** Ends the retries and waits for the invocations under way, so nothing runs on after the runtime. */
  stop(): Promise<void>;
}

/**
 * The local stand-in for Lambda's Invoke API, asynchronous only: each event is taken at once (Lambda's
 * 202), then run with Lambda's retries.
 */
export function localInvoker(
  run: (event: unknown) => Promise<unknown>,
  describe: string,
  log: (line: string) => void,
  clock: Clock,
): LocalInvoker {
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  return {
    async invoke(event) {
      if (stopping.signal.aborted) throw new Error('the local runtime is stopping: the event was not taken');
      const invocation = runAsyncInvocation(() => run(event), describe, log, clock, stopping.signal);
      running.add(invocation);
      void invocation.finally(() => running.delete(invocation));
    },
    async stop() {
      stopping.abort();
      await Promise.allSettled([...running]);
    },
  };
}
