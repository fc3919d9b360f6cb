/**
 * How Lambda runs an asynchronous invocation (the draw schedule's, a function's own "Event" invoke):
 * a throw is retried twice, after 1 s and then 2 s here (Lambda waits about a minute, then two), and
 * what fails every attempt is given up (on AWS it goes to the on-failure destination, if there is one).
 */
import { setTimeout as sleep } from 'timers/promises';

const RETRY_DELAYS_MS = [1000, 2000];

export type AsyncOutcome = 'done' | 'failed' | 'cancelled';

/** `describe` starts each log line, e.g. "scheduled draw of 2026-12-24T18:00:00.000Z". */
export async function runAsyncInvocation(
  run: () => Promise<unknown>,
  describe: string,
  log: (line: string) => void,
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
      const waited = await sleep(RETRY_DELAYS_MS[attempt], true, { signal }).catch(() => false);
      if (!waited) break;
    }
  }
  return 'cancelled';
}
