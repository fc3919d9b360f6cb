/**
 * reliability/fuzz: hostile input to both doors of the local runtime, over loopback HTTP (the admin door
 * with mutual TLS), seeded and replayable. It starts a runtime of its own (in memory, free ports, a
 * temporary folder), makes the raffles the cases aim at (./fuzz-setup.ts), sends the cases
 * (./fuzz-cases.ts, ./fuzz-mutations.ts), judges each answer (./fuzz-check.ts) and what the table holds
 * after (./fuzz-store.ts), prints the report and one verdict line, and stops the runtime, whatever happens.
 *
 *   npm run reliability:fuzz [-- --seed n] [--public 10000] [--admin 2000] [--concurrency 8] [--no-build]
 *   npm run reliability:fuzz -- --seed n --case i     # one case again: the request, the answer, the judgement
 *
 * (`npm run reliability:fuzz` is `node --import tsx reliability/fuzz.ts`.) A case is made from the seed,
 * its index and the counts (cases 0 … public−1 go to the public door): replay a case of a run with other
 * counts with the same `--public` and `--admin`, as the report prints them.
 *
 * Exit code: 0 when nothing is wrong, 1 on a violation, 2 when it could not run.
 */
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { localConfig } from '../local/config';
import { localDynamoDbClient } from '../local/dynamodb';
import { startRuntime, type Runtime } from '../local/runtime';
import { quietSdkNodeVersionWarning } from '../local/sdk-warning';
import { PROJECT_ROOT } from '../model/project';
import type { FuzzPlan } from './fuzz-cases';
import { DEFAULT_COUNTS, describe, formatReport, runFuzz, showOutcome, showRequest, verdictLine, type FuzzReport } from './fuzz-run';
import { prepare, type FuzzTarget } from './fuzz-setup';

/** The runtime's doors, certificates, table and outbox, as the fuzzer reaches them. */
export function targetOf(runtime: Runtime): FuzzTarget & { close(): void } {
  const client = localDynamoDbClient(runtime.dynamodb.endpoint);
  return {
    publicPort: runtime.port,
    adminPort: runtime.adminPort,
    adminTls: {
      ca: fs.readFileSync(runtime.certs.caPath),
      cert: fs.readFileSync(runtime.certs.clientCertPath),
      key: fs.readFileSync(runtime.certs.clientKeyPath),
    },
    table: { client, name: runtime.tableName },
    outboxDir: runtime.outboxDir,
    close: () => client.destroy(),
  };
}

function argument(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function wholeNumber(args: readonly string[], name: string, fallback: number): number {
  const raw = argument(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return n;
}

/** The fuzz command with its arguments (as above); resolves with its exit code. `npm run reliability` runs it too. */
export async function fuzzCommand(args: readonly string[]): Promise<number> {
  quietSdkNodeVersionWarning();
  const seed = wholeNumber(args, 'seed', randomInt(0, 2 ** 31));
  const plan: FuzzPlan = {
    seed,
    publicCount: wholeNumber(args, 'public', DEFAULT_COUNTS.public),
    adminCount: wholeNumber(args, 'admin', DEFAULT_COUNTS.admin),
  };
  const replay = argument(args, 'case');
  const only = replay === undefined ? undefined : [wholeNumber(args, 'case', 0)];
  console.log(`fuzz: seed ${seed}${only ? `, case ${only[0]}` : `, ${plan.publicCount} public + ${plan.adminCount} admin cases`}`);

  // Anything thrown outside a request (a crash of the runtime itself) is a violation too.
  const crashes: string[] = [];
  const onCrash = (err: unknown): void => void crashes.push(String((err as Error)?.stack ?? err));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const functionErrors: string[] = [];
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-fuzz-'));
  let runtime: Runtime | undefined;
  let target: (FuzzTarget & { close(): void }) | undefined;
  try {
    const startedAt = Date.now();
    runtime = await startRuntime({
      config: localConfig(PROJECT_ROOT, { noConfirm: false }),
      port: 0,
      adminPort: 0,
      localDir,
      inMemory: true,
      build: !args.includes('--no-build'),
      log: () => undefined,
      functionLog: (line) => {
        if (line.includes('"level":"error"')) functionErrors.push(line);
      },
    });
    target = targetOf(runtime);
    const ctx = await prepare(target, runtime.clock.now());
    console.log(`fuzz: runtime ready and set up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

    if (only) {
      const report = await runFuzz(target, ctx, {
        plan,
        cases: only,
        onCase: (c, outcome, verdict) => {
          console.log(`\ncase ${c.index}: ${describe(c)} (expects ${c.expect === 'refusal' ? 'a refusal' : 'a refusal or a success'})`);
          console.log(`\n--- request (${c.api} door) ---\n${showRequest(c)}`);
          console.log(`\n--- answer ---\n${showOutcome(outcome)}`);
          console.log(
            `\n--- judged: ${verdict.outcome} (${verdict.source}, ${verdict.status}${verdict.code ? ` ${verdict.code}` : ''})${verdict.problem ? `: ${verdict.problem}` : ''}`,
          );
        },
      });
      console.log(`\n${verdictLine(report)}`);
      return report.violations.length === 0 ? 0 : 1;
    }

    const report: FuzzReport = await runFuzz(target, ctx, {
      plan,
      concurrency: wholeNumber(args, 'concurrency', 8),
      progress: (line) => console.log(`fuzz: ${line}`),
    });
    const alive = await stillServing(runtime);
    const extra = [
      ...(alive ? [] : ['the runtime no longer answers GET /raffle/raffles']),
      ...crashes.map((c) => `the process threw: ${c.split('\n')[0]}`),
    ];
    const final: FuzzReport = {
      ...report,
      violations: [...report.violations, ...extra.map((problem) => ({ seed, cases: [], what: 'the runtime', status: 'crash', problem }))],
    };
    console.log(formatReport(final));
    console.log(
      `  function error log lines: ${functionErrors.length}${functionErrors.length > 0 ? ` (first: ${functionErrors[0].slice(0, 300)})` : ''}`,
    );
    console.log(verdictLine(final));
    return final.violations.length === 0 ? 0 : 1;
  } finally {
    target?.close();
    await runtime?.stop();
    fs.rmSync(localDir, { recursive: true, force: true });
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}

async function stillServing(runtime: Runtime): Promise<boolean> {
  try {
    const answer = await fetch(`${runtime.publicUrl}/raffle/raffles`, { signal: AbortSignal.timeout(30_000) });
    return answer.status === 200;
  } catch {
    return false;
  }
}

if (require.main === module) {
  fuzzCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`fuzz: could not run: ${(err as Error)?.message ?? String(err)}`);
      process.exitCode = 2;
    },
  );
}
