/**
 * bench/start: how long `npm start` takes to be ready, as a user runs it (node loading tsx, as package.json says; its own
 * DynamoDB Local, the functions bundled): from the command to the banner, and the figure the banner
 * itself prints ("ready in N ms"). The tests no longer hold this figure to a bound (a busy machine is not
 * a broken one); this is where it is measured. Each run is stopped with Ctrl-C (SIGINT) and must exit 0.
 *
 *   npm run bench:start [-- --runs 3]
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../model/project';

const arg = (name: string, fallback: number): number => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const RUNS = arg('runs', 3);
/** Not a bound on the figure: a run that prints no banner in this long is reported as failed. */
const CEILING_MS = 180_000;

interface Run {
  readonly toBannerMs: number;
  readonly readyMs: number;
}

function once(localDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', '--in-memory'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', ADMIN_PORT: '0', RAFFLE_LOCAL_DIR: localDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let run: Run | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), CEILING_MS);
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = /ready in (\d+) ms/.exec(output);
      if (!run && ready && output.includes('Ctrl-C stops everything')) {
        run = { toBannerMs: Number((process.hrtime.bigint() - started) / 1_000_000n), readyMs: Number(ready[1]) };
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (run && code === 0) resolve(run);
      else reject(new Error(`npm start ${run ? `exited ${code} on Ctrl-C` : 'printed no banner'}:\n${output.slice(-2000)}`));
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-start-'));
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      runs.push(await once(localDir));
      console.log(`run ${i + 1}: banner after ${runs[i].toBannerMs} ms (the banner says ready in ${runs[i].readyMs} ms)`);
    }
  } finally {
    fs.rmSync(localDir, { recursive: true, force: true });
  }
  console.log(
    `npm start --in-memory, ${RUNS} run(s), ${os.cpus().length} core(s), load ${os.loadavg()[0].toFixed(1)}: ` +
      `median ${median(runs.map((r) => r.toBannerMs))} ms to the banner, median "ready in" ${median(runs.map((r) => r.readyMs))} ms`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
