/**
 * No leftovers: after every test file has finished, passing or failing, stop the run's DynamoDB Local,
 * then each process that still carries
 * this run's RAFFLE_TEST_RUN marker (see global-setup.ts) and say so, so that a leak is fixed, not hidden.
 * Node processes are jest's own workers, and this process's own children (esbuild's service) end with
 * it: jest ends those itself. Linux only (/proc); elsewhere a no-op.
 */
import * as fs from 'fs';
import { engines, TEST_RUN_VARIABLE } from './global-setup';

function markedProcesses(marker: string): { pid: number; command: string }[] {
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
      if (!/(^|\/)node\b/.test(command.split(' ')[0]) && parent !== process.pid) found.push({ pid, command });
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

export default async function globalTeardown(): Promise<void> {
  await engines.dynamodb?.stop();
  const runId = process.env[TEST_RUN_VARIABLE];
  if (!runId) return;
  const left = markedProcesses(`${TEST_RUN_VARIABLE}=${runId}`);
  if (left.length === 0) return;
  console.warn(
    `\nThe test run left ${left.length} process(es) running; stopping them:\n${left.map((p) => `  ${p.pid} ${p.command.slice(0, 160)}`).join('\n')}`,
  );
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const { pid } of markedProcesses(`${TEST_RUN_VARIABLE}=${runId}`)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
