/**
 * A clock tests move: it reads the real time plus whatever the test has moved it on by, so time still
 * flows (durations, expiries, ordering by time) and a test can jump ahead (a schedule's instant, a
 * beacon round, a lease running out) instead of waiting for it.
 *
 *   jumpOnSleep: a sleep moves the clock on by its length at once (a handler waiting for its round);
 *   otherwise a sleep ends when the clock reaches its end, by real time or by advance().
 */
import type { Clock } from '../functions/runtime/ports';

interface Sleeper {
  readonly wake: number;
  readonly resolve: () => void;
}

export class TestClock implements Clock {
  private offsetMs = 0;
  private sleepers: Sleeper[] = [];
  private sleepWatchers: (() => void)[] = [];

  constructor(private readonly options: { readonly jumpOnSleep?: boolean } = {}) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.options.jumpOnSleep) {
      this.advance(Math.max(0, ms));
      return;
    }
    if (signal?.aborted) return;
    const wake = this.now().getTime() + Math.max(0, ms);
    let sleeper: Sleeper | undefined;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      // Real time passes too: the sleep ends by itself when it would have.
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done);
      sleeper = { wake, resolve: done };
      this.sleepers.push(sleeper);
      for (const watcher of this.sleepWatchers.splice(0)) watcher();
    });
    this.sleepers = this.sleepers.filter((s) => s !== sleeper);
  }

  /** Moves the clock on; every sleep whose end it passes ends. */
  advance(ms: number): void {
    this.offsetMs += ms;
    const now = this.now().getTime();
    for (const sleeper of this.sleepers.filter((s) => s.wake <= now)) sleeper.resolve();
  }

  /** Moves the clock on to `instant` (never back). */
  advanceTo(instant: Date | number): void {
    const target = typeof instant === 'number' ? instant : instant.getTime();
    this.advance(Math.max(0, target - this.now().getTime()));
  }

  /** Resolves once something sleeps on this clock (a schedule waiting for its instant, say). */
  someoneSleeps(): Promise<void> {
    return this.sleepers.length > 0 ? Promise.resolve() : new Promise((resolve) => this.sleepWatchers.push(resolve));
  }
}
