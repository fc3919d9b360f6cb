/** Whether a process is still there, for the tests and the reliability suite that must leave none behind. */

/** True while a process with this pid exists (EPERM: it exists, but is not ours to signal). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
