/**
 * No leftovers. Every process a test starts (DynamoDB Local, moto, Chromium, Terraform) inherits the
 * run's marker, RAFFLE_TEST_RUN, through its environment (set by global-setup.ts): what a failing test
 * forgot is found by it and stopped. Linux only (/proc); elsewhere a no-op.
 */
import * as fs from 'fs';

export const TEST_RUN_VARIABLE = 'RAFFLE_TEST_RUN';

/**
 * The processes carrying `marker`, but this one; with `workersToo` false, also not node processes (jest's
 * workers) nor this process's children.
 */
function markedProcesses(marker: string, workersToo: boolean): { pid: number; command: string }[] {
  if (!fs.existsSync('/proc/self/environ')) return [];
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) continue;
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
      // Field 4 of /proc/<pid>/stat is the parent; the command (field 2) may hold spaces, so split after it.
      const parent = Number(fs.readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.split(' ')[1]);
      if (workersToo || (!/(^|\/)node\b/.test(command.split(' ')[0]) && parent !== process.pid)) found.push({ pid, command });
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  }
}

/** Stops (SIGTERM, then SIGKILL after 2 s) what this run left running, saying what it was. */
export async function stopMarkedProcesses(why: string, workersToo = false): Promise<void> {
  const runId = process.env[TEST_RUN_VARIABLE];
  if (!runId) return;
  const marker = `${TEST_RUN_VARIABLE}=${runId}`;
  const left = markedProcesses(marker, workersToo);
  if (left.length === 0) return;
  console.warn(
    `\n${why} ${left.length} process(es) running; stopping them:\n${left.map((p) => `  ${p.pid} ${p.command.slice(0, 160)}`).join('\n')}`,
  );
  signal(
    left.map((p) => p.pid),
    'SIGTERM',
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  signal(
    markedProcesses(marker, workersToo).map((p) => p.pid),
    'SIGKILL',
  );
}

/**
 * jest runs no teardown when it is interrupted: on SIGINT or SIGTERM, stop everything the run started
 * (workers, and what they started: Chromium, Terraform and its providers, moto), then `beforeExit` (the
 * run's own engines), and exit as the signal would have.
 */
export function stopAllOnInterrupt(beforeExit: () => Promise<void>): void {
  let stopping = false;
  const interrupted = async (signal: NodeJS.Signals): Promise<void> => {
    // A second signal while stopping: the clean-up is under way, and exiting now would cut it short.
    if (stopping) return;
    stopping = true;
    try {
      await stopMarkedProcesses(`Interrupted (${signal}) with`, true);
      await beforeExit();
    } finally {
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
  };
  // `on`, not `once`: this listener stays while the clean-up runs, so that DynamoDB Local's own hook
  // (local/dynamodb.ts) sees that someone handles the signal and does not exit at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void interrupted(signal));
}
