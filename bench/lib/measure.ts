/**
 * Runs a command and measures its wall time and the peak resident memory of its whole process tree
 * (the CLI, the app it spawns, terraform, ...), sampled from /proc. Linux only, like our machines.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';

export interface Measurement {
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly exitCode: number | null;
  readonly output: string;
}

const PAGE_SIZE = 4096;

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended between readdir and read
    }
  }
  return children;
}

function treeRssBytes(rootPid: number): number {
  const children = childrenOf();
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    try {
      const rssPages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
      total += rssPages * PAGE_SIZE;
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export function measure(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; sampleMs?: number },
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRssBytes(child.pid));
    }, options.sampleMs ?? 20);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (exitCode) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ wallMs, peakRssBytes: peak, exitCode, output });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const MB = 1024 * 1024;
