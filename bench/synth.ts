/**
 * bench/synth: `npx cdktf synth` of all our stacks against the style of the `cdktf init` template
 * (ts-node with type-checking, provider classes imported from the package root) on a one-table stack,
 * measured in the same run so the ratio survives a noisy shared machine.
 *
 *   npm run bench:synth [-- --runs 5]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MB, measure, median, type Measurement } from './lib/measure';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

/** The init template's shape: ts-node, package-root import, strict tsconfig. */
function writeInitTemplateProject(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', terraformProviders: [], sendCrashReports: 'false' }),
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        alwaysStrict: true,
        declaration: true,
        experimentalDecorators: true,
        inlineSourceMap: true,
        inlineSources: true,
        lib: ['es2018'],
        module: 'CommonJS',
        noEmitOnError: true,
        noFallthroughCasesInSwitch: true,
        noImplicitAny: true,
        noImplicitReturns: true,
        noImplicitThis: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        resolveJsonModule: true,
        strict: true,
        strictNullChecks: true,
        strictPropertyInitialization: true,
        stripInternal: true,
        target: 'ES2018',
        incremental: true,
        skipLibCheck: true,
      },
      include: ['**/*.ts'],
      exclude: ['node_modules', 'cdktf.out'],
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { provider, dynamodbTable } from "@cdktf/provider-aws";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new provider.AwsProvider(this, "aws", { region: "eu-west-1" });
    new dynamodbTable.DynamodbTable(this, "table", {
      name: "entrants", billingMode: "PAY_PER_REQUEST", hashKey: "email",
      attribute: [{ name: "email", type: "S" }],
    });
  }
}

const app = new App();
new MyStack(app, "baseline");
app.synth();
`,
  );
}

interface Subject {
  readonly name: string;
  readonly cwd: string;
}

/**
 * `cli`: what the issue names, `npx cdktf synth` (the CLI itself costs about 2.5 s and 400 MB before it
 * runs the app). `app`: the app command from the subject's cdktf.json alone, which is what the CLI waits
 * for and what `npm run synth` runs.
 */
type Mode = 'cli' | 'app';
const MODES: readonly Mode[] = ['cli', 'app'];

async function synthOnce(subject: Subject, mode: Mode): Promise<Measurement> {
  fs.rmSync(path.join(subject.cwd, 'cdktf.out'), { recursive: true, force: true });
  const app = (JSON.parse(fs.readFileSync(path.join(subject.cwd, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const [command, args] = mode === 'cli' ? ['npx', ['cdktf', 'synth']] : ['sh', ['-c', app]];
  const m = await measure(command, args, { cwd: subject.cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' } });
  if (m.exitCode !== 0) throw new Error(`${subject.name} (${mode}): synth failed (exit ${m.exitCode}):\n${m.output}`);
  return m;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-synth-'));
  const baselineDir = path.join(work, 'init-template');
  writeInitTemplateProject(baselineDir);
  try {
    const subjects: Subject[] = [
      { name: 'init template, one table', cwd: baselineDir },
      { name: 'raffle, all stacks', cwd: ROOT },
    ];
    // Alternate the subjects run by run, so a burst of load from a neighbour hits both alike.
    console.log(`runs per subject and mode: ${RUNS}`);
    for (const mode of MODES) {
      const runs: Measurement[][] = subjects.map(() => []);
      for (let i = 0; i < RUNS; i++) {
        for (const [j, subject] of subjects.entries()) runs[j].push(await synthOnce(subject, mode));
      }
      const rows = subjects.map((s, j) => ({
        name: s.name,
        medianMs: median(runs[j].map((x) => x.wallMs)),
        peakMb: Math.max(...runs[j].map((x) => x.peakRssBytes)) / MB,
      }));
      console.log(`\n[${mode === 'cli' ? 'npx cdktf synth' : 'app command only'}]`);
      for (const r of rows)
        console.log(`  ${r.name.padEnd(26)} median ${r.medianMs.toFixed(0).padStart(6)} ms   peak ${r.peakMb.toFixed(0).padStart(5)} MB`);
      console.log(`  time ratio (raffle / init template): ${(rows[1].medianMs / rows[0].medianMs).toFixed(3)}  (target <= 0.2)`);
      console.log(
        `  raffle peak ${rows[1].peakMb.toFixed(0)} MB (target <= 250 MB); memory ratio ${(rows[1].peakMb / rows[0].peakMb).toFixed(3)}`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
