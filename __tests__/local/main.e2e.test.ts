/**
 * `npm start` as a user runs it: the CLI under tsx, in its own process, with its own DynamoDB Local
 * (--in-memory, or a data folder) and config/dev.json. Checks the contract people's scripts rely on: the
 * printed URLs and curl command, a clean exit 0 on Ctrl-C / SIGTERM with no Java left behind, and a
 * one-line error plus a non-zero exit for a busy port or a missing Java; the first run on an empty table
 * makes the sample raffle, and a second start on the same data folder leaves it as it is and makes no
 * other. (The flags and the banner, without a process: main.test.ts.)
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { processAlive } from '../../testkit/processes';
import { send, type ClientTls } from './http-client';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
// What `npm start` runs, as package.json says it: node itself loading tsx, so a signal reaches our handler
// directly (tsx's own CLI relays it and, if the child does not answer within 30 ms, kills it: a busy
// machine then loses the clean stop).
const START_ARGS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(' ')
  .slice(1);

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [...START_ARGS, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (run.stderr += c.toString()));
  return run;
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = run.stdout.match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in output:\n${run.stdout}\n${run.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The DynamoDB Local java processes listening on `port` (found through /proc, as `ps` would). */
function javaPidsOnPort(port: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const args = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        return args.some((a) => a.endsWith('DynamoDBLocal.jar')) && args[args.indexOf('-port') + 1] === String(port);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The line our CLI printed on stderr (tools such as the AWS SDK may print their own warnings). */
function errorLine(run: Run): string[] {
  return run.stderr.split('\n').filter((l) => l.startsWith('npm start:'));
}

let localDir: string;
beforeAll(() => {
  localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-cli-'));
});
afterAll(() => fs.rmSync(localDir, { recursive: true, force: true }));

test.each(['SIGINT', 'SIGTERM'] as const)(
  'prints the URLs and a draw curl, serves, and on %s stops everything and exits 0',
  async (signal) => {
    const run = startCli(['--in-memory'], { PORT: '0', ADMIN_PORT: '0', RAFFLE_LOCAL_DIR: localDir });
    try {
      await waitFor(run, /Ctrl-C stops everything/);
      expect(run.stdout).toMatch(/ready in \d+ ms/);
      const publicUrl = run.stdout.match(/http:\/\/localhost:\d+/)![0];
      const adminUrl = run.stdout.match(/https:\/\/localhost:\d+/)![0];
      const certs = path.join(localDir, 'certs');
      // An empty table (in memory): the first run's sample raffle, which the curl draws.
      expect(run.stdout).toContain('"sample" was created to try things with (first run)');
      expect(run.stdout).toContain(
        `curl --cacert ${certs}/ca.pem --cert ${certs}/client.pem --key ${certs}/client-key.pem -X POST \\\n      -H 'content-type: application/json' -H 'idempotency-key: draw-1' -d '{"early":true}' ${adminUrl}/raffle/raffles/sample/draw`,
      );
      // Entries are confirmed from an email: the banner says where the mail goes.
      expect(run.stdout).toContain(`Email (outbox)      ${localDir}/outbox/, one file per message; read them at ${publicUrl}/__outbox`);
      expect(run.stdout).toContain(`${certs}/client.p12`);
      expect(run.stdout).toContain(`${adminUrl}/raffle/draw.html`);

      expect((await send(`${publicUrl}/raffle/raffles/sample`)).json()).toMatchObject({ raffleId: 'sample', status: 'open', count: 0 });
      const dbPort = Number(run.stdout.match(/DynamoDB Local\s+http:\/\/127\.0\.0\.1:(\d+)/)![1]);
      const javaPids = javaPidsOnPort(dbPort);
      expect(javaPids).toHaveLength(1);

      run.child.kill(signal);
      await expect(run.exited).resolves.toBe(0);
      expect(processAlive(javaPids[0])).toBe(false);
    } finally {
      run.child.kill('SIGKILL');
    }
  },
);

test('the first run on a data folder makes the sample raffle; a second start on the same folder leaves it alone and makes no other', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-cli-data-'));
  const certs = path.join(dataDir, 'certs');
  // The organiser's side, from the certificates the first run makes in the folder.
  const tls = (): ClientTls => ({
    caPath: path.join(certs, 'ca.pem'),
    certPath: path.join(certs, 'client.pem'),
    keyPath: path.join(certs, 'client-key.pem'),
  });
  /** Starts npm start on the folder, hands its doors to `use`, then stops it with Ctrl-C (exit 0). */
  const startOnce = async <T>(use: (run: Run, publicUrl: string, adminUrl: string) => Promise<T>): Promise<T> => {
    const run = startCli([], { PORT: '0', ADMIN_PORT: '0', RAFFLE_LOCAL_DIR: dataDir });
    try {
      await waitFor(run, /Ctrl-C stops everything/);
      const result = await use(run, run.stdout.match(/http:\/\/localhost:\d+/)![0], run.stdout.match(/https:\/\/localhost:\d+/)![0]);
      run.child.kill('SIGINT');
      await expect(run.exited).resolves.toBe(0);
      return result;
    } finally {
      run.child.kill('SIGKILL');
    }
  };
  try {
    const first = await startOnce(async (run, publicUrl, adminUrl) => {
      expect(run.stdout).toContain(`data in ${dataDir}/dynamodb/`);
      expect(run.stdout).toContain('"sample" was created to try things with (first run)');
      const listed = (await send(`${publicUrl}/raffle/raffles`)).json<{ raffles: Array<{ raffleId: string }> }>().raffles;
      expect(listed.map((r) => r.raffleId)).toEqual(['sample']);
      // The organiser's view: when it was made, and its prizes.
      return (await send(`${adminUrl}/raffle/raffles/sample`, { tls: tls() })).json<{ createdAt: string; prizes: unknown[] }>();
    });
    expect(first.prizes).toHaveLength(2);

    await startOnce(async (run, publicUrl, adminUrl) => {
      expect(run.stdout).not.toContain('was created');
      expect(run.stdout).toContain(`-d '{"early":true}' ${adminUrl}/raffle/raffles/<id>/draw`);
      const listed = (await send(`${adminUrl}/raffle/raffles`, { tls: tls() })).json<{ raffles: Array<{ raffleId: string }> }>().raffles;
      expect(listed.map((r) => r.raffleId)).toEqual(['sample']);
      // The same raffle, not made again.
      expect((await send(`${adminUrl}/raffle/raffles/sample`, { tls: tls() })).json()).toMatchObject({ createdAt: first.createdAt });
      expect((await send(`${publicUrl}/raffle/raffles/sample`)).status).toBe(200);
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a busy port gives one line saying what to do and a non-zero exit', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, 'localhost', () => resolve()));
  const busy = (blocker.address() as net.AddressInfo).port;
  try {
    const run = startCli([], { PORT: String(busy), ADMIN_PORT: '0', RAFFLE_LOCAL_DIR: localDir });
    await expect(run.exited).resolves.toBe(1);
    expect(errorLine(run)).toEqual([
      `npm start: Port ${busy} is already in use: stop the program using it, or run with PORT=<another port>.`,
    ]);
  } finally {
    blocker.close();
  }
});

test('a missing Java gives one line saying what to install and a non-zero exit', async () => {
  // A PATH with openssl (for the dev certificates) but no java.
  const bin = path.join(localDir, 'bin-without-java');
  fs.mkdirSync(bin, { recursive: true });
  const openssl = ['/usr/bin/openssl', '/usr/local/bin/openssl', '/bin/openssl'].find((p) => fs.existsSync(p))!;
  if (!fs.existsSync(path.join(bin, 'openssl'))) fs.symlinkSync(openssl, path.join(bin, 'openssl'));
  const run = startCli(['--in-memory'], { PORT: '0', ADMIN_PORT: '0', RAFFLE_LOCAL_DIR: localDir, PATH: bin });
  await expect(run.exited).resolves.toBe(1);
  const lines = errorLine(run);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^npm start: Java was not found: install a Java 17\+ runtime/);
});
