/**
 * No process left behind: what the reliability suite starts (runtimes, the throttling proxy) registers
 * how to stop it, and every DynamoDB Local it learns of registers its pid. `run()` stops them, newest
 * first, then SIGKILLs any tracked pid still alive (an engine a runtime restarted, or one a stop could not
 * reach) and says which. `onInterrupt` does the same on Ctrl-C or SIGTERM before the process exits.
 */
import { processAlive } from '../testkit/processes';

export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];
  private readonly pids = new Set<number>();

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  pid(pid: number): void {
    this.pids.add(pid);
  }

  /** Stops everything registered; resolves with the pids it had to SIGKILL. */
  async run(): Promise<number[]> {
    for (const step of this.steps.splice(0).reverse()) {
      await step().catch(() => undefined);
    }
    const killed: number[] = [];
    for (const pid of this.pids) {
      if (!processAlive(pid)) continue;
      killed.push(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    this.pids.clear();
    return killed;
  }

  /** Tracked pids still running (none, once `run()` is done). */
  running(): number[] {
    return [...this.pids].filter(processAlive);
  }
}

/** On SIGINT or SIGTERM: one line, everything stopped, then exit 130 or 143. Returns the uninstaller. */
export function onInterrupt(cleanup: Cleanup, say: (line: string) => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping the runtimes, the proxy and DynamoDB Local…`);
    void cleanup.run().then(
      () => process.exit(signal === 'SIGINT' ? 130 : 143),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
