/**
 * `npm run bench:tests [-- --commands test,test:unit,test:deploy] [--runs 1] [--busy] [--against <git revision>]`:
 * how long the test commands take, and whether they pass, on this machine as it is, or with one core
 * kept busy by another process (`--busy`: `node -e 'for(;;);'`, as when CI shares the machine). With
 * --against, the same commands of another revision run too (in a temporary worktree with this
 * node_modules), alternating with this tree's, so before and after are measured in one run.
 *
 * After each command it looks for processes of the kinds a test run starts (Java, Chromium, moto,
 * Terraform) that were not there before it: a run must leave none.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../model/project';
import { measure } from './lib/measure';

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const COMMANDS = (argument('--commands') ?? 'test,test:unit').split(',');
const RUNS = Number(argument('--runs') ?? 1);
const BUSY = process.argv.includes('--busy');
const AGAINST = argument('--against');

/** What a test run starts, by command line. */
const RUN_PROCESSES = /DynamoDBLocal\.jar|chromium|moto-server\.py|moto_server|terraform-provider|\bterraform\b/;

function processesOfARun(): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ');
      if (RUN_PROCESSES.test(command)) found.set(Number(entry), command.slice(0, 120));
    } catch {
      // gone
    }
  }
  return found;
}

/** jest's summary lines: "Tests: 3 failed, 796 passed, 799 total" and "Time: 391.2 s". */
function summary(output: string): { tests: string; jestSeconds: number | undefined } {
  const tests = [...output.matchAll(/^Tests:\s+(.*)$/gm)].map((m) => m[1].trim()).join(' + ') || '(no jest summary)';
  const times = [...output.matchAll(/^Time:\s+([\d.]+) s/gm)].map((m) => Number(m[1]));
  return { tests, jestSeconds: times.length > 0 ? times.reduce((a, b) => a + b, 0) : undefined };
}

function worktreeOf(revision: string): string {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tests-'));
  fs.rmdirSync(tree);
  execFileSync('git', ['worktree', 'add', '--detach', tree, revision], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return tree;
}

async function main(): Promise<void> {
  const trees: Record<string, string> = { this: PROJECT_ROOT, ...(AGAINST ? { [AGAINST]: worktreeOf(AGAINST) } : {}) };
  const busy = BUSY ? spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }) : undefined;
  const rows: string[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const command of COMMANDS) {
        for (const [label, cwd] of Object.entries(trees)) {
          const before = processesOfARun();
          const m = await measure('npm', ['run', command], { cwd, env: { ...process.env, CI: 'true' }, sampleMs: 1000 });
          const left = [...processesOfARun()].filter(([pid]) => !before.has(pid));
          const { tests, jestSeconds } = summary(m.output);
          const row = `| ${label} | ${command} | ${run} | ${BUSY ? 'one core busy' : 'as is'} | ${(m.wallMs / 1000).toFixed(0)} s | ${jestSeconds === undefined ? '–' : `${jestSeconds.toFixed(0)} s`} | ${m.exitCode === 0 ? 'pass' : `exit ${m.exitCode}`} | ${tests} | ${left.length === 0 ? 'none' : left.map(([pid, c]) => `${pid} ${c}`).join('; ')} |`;
          console.log(row);
          rows.push(row);
          if (m.exitCode !== 0) fs.writeFileSync(path.join(os.tmpdir(), `bench-tests-${label}-${command}-${run}.log`), m.output);
        }
      }
    }
  } finally {
    busy?.kill('SIGKILL');
    for (const [label, tree] of Object.entries(trees))
      if (label !== 'this') execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  }
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('| tree | command | run | machine | wall | jest | result | tests | left running |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
