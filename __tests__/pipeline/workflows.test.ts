/**
 * The GitHub Actions pipeline in .github/workflows, which users copy: pull-request.yml (test, then a
 * reviewed plan per environment), deploy.yml (test → dev → plan prod → approved apply of that plan) and
 * drift.yml (daily refresh-only plan). The files are parsed with `yaml` and checked for what keeps the
 * pipeline safe: triggers, job order, least-privilege tokens, which jobs may reach which AWS role,
 * pinned actions, and that prod gets exactly the plan a human approved. The review and drift scripts
 * are run for real with bash against stub `npm`/`terraform` commands, so their exit codes are tested,
 * not just their text. Each family of checks is also run on a broken copy, to prove it can fail.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

// ------------------------------------------------------------------------------------------- model

type Permissions = Record<string, string>;
interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: unknown;
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string; url?: string };
  permissions?: Permissions | string;
  strategy?: { matrix?: { include?: Record<string, unknown>[] } & Record<string, unknown> };
  /** A job that calls a reusable workflow has `uses` instead of steps. */
  uses?: string;
  steps?: Step[];
}
interface Workflow {
  name?: string;
  on: unknown;
  permissions?: Permissions | string;
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean | string };
  jobs: Record<string, Job>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW_DIR = path.join(ROOT, '.github', 'workflows');
const FILES = ['pull-request.yml', 'deploy.yml', 'drift.yml'] as const;
type FileName = (typeof FILES)[number];

const PINNED_USES = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials@';
const SETUP_TERRAFORM = 'hashicorp/setup-terraform@';
const UPLOAD = 'actions/upload-artifact@';
const DOWNLOAD = 'actions/download-artifact@';

const rawText = (file: FileName): string => fs.readFileSync(path.join(WORKFLOW_DIR, file), 'utf8');
/** `yaml` parses YAML 1.2, so the `on:` key stays the string "on" (YAML 1.1 would make it `true`). */
const load = (file: FileName): Workflow => parse(rawText(file)) as Workflow;
const clone = <T>(value: T): T => structuredClone(value);

const stepsOf = (job: Job): Step[] => job.steps ?? [];
const runsOf = (job: Job): string =>
  stepsOf(job)
    .map((s) => s.run ?? '')
    .join('\n');
const needsOf = (job: Job): string[] => [job.needs ?? []].flat();
const environmentOf = (job: Job): string | undefined => (typeof job.environment === 'object' ? job.environment.name : job.environment);
const usesAws = (job: Job): boolean => stepsOf(job).some((s) => s.uses?.startsWith(CONFIGURE_AWS));
const stepUsing = (job: Job, prefix: string): Step | undefined => stepsOf(job).find((s) => s.uses?.startsWith(prefix));
const allJobs = (): [string, string, Job][] =>
  FILES.flatMap((f) => Object.entries(load(f).jobs).map(([id, job]): [string, string, Job] => [f, id, job]));

/** The `on:` block as a map of event → its settings (`on: push` and `on: [push]` are legal too). */
function triggersOf(workflow: Workflow): Record<string, unknown> {
  const on = workflow.on;
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e: string) => [e, null]));
  return (on ?? {}) as Record<string, unknown>;
}

/**
 * The test command of README.md: the second line of its first ```sh block, without a trailing
 * `# comment`. The pipeline must run what the README tells developers to run, so this is read from
 * the README at test time: when the README changes, this test says the workflows must change too.
 */
function readmeTestCommand(readme: string): string {
  const block = /^```sh[ \t]*\r?\n([\s\S]*?)^```/m.exec(readme);
  if (!block) throw new Error('README.md has no ```sh code block');
  const line = block[1].split(/\r?\n/)[1];
  if (line === undefined) throw new Error("README.md's first ```sh block has no second line");
  return line.replace(/\s+#.*$/, '').trim();
}

// ------------------------------------------------------------------------------ checks (problem lists)
// Each returns what is wrong, so a check can be shown to fail on a broken copy as well as pass.

/** Every action and reusable workflow pinned to a full commit SHA: a tag can be moved to other code. */
function pinningProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (job.uses !== undefined && !PINNED_USES.test(job.uses)) problems.push(`${id}: uses ${job.uses}`);
    for (const step of stepsOf(job)) {
      if (step.uses !== undefined && !PINNED_USES.test(step.uses)) problems.push(`${id}: uses ${step.uses}`);
    }
  }
  return problems;
}

/**
 * Least privilege for GITHUB_TOKEN: nothing at the top beyond `contents: read`; every job declares its
 * own; `id-token: write` (the right to mint an OIDC token for AWS) exactly where a role is assumed;
 * no other write anywhere.
 */
function permissionProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const top = workflow.permissions;
  if (typeof top !== 'object' || top === null) {
    problems.push(`top-level permissions must be a map, got ${JSON.stringify(top)}`);
  } else {
    for (const [scope, level] of Object.entries(top)) {
      if (!(scope === 'contents' && level === 'read')) problems.push(`top-level grants ${scope}: ${level}`);
    }
  }
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const perms = job.permissions;
    if (typeof perms !== 'object' || perms === null) {
      problems.push(`${id}: must declare its own permissions map, got ${JSON.stringify(perms)}`);
      continue;
    }
    for (const [scope, level] of Object.entries(perms)) {
      if (!['read', 'write', 'none'].includes(level)) problems.push(`${id}: ${scope}: ${level} is not a permission level`);
      if (level === 'write' && scope !== 'id-token') problems.push(`${id}: grants ${scope}: write`);
    }
    const mintsToken = perms['id-token'] === 'write';
    if (mintsToken && !usesAws(job)) problems.push(`${id}: id-token: write without an AWS role to assume`);
    if (!mintsToken && usesAws(job)) problems.push(`${id}: assumes an AWS role without id-token: write`);
  }
  return problems;
}

/**
 * The GitHub environment decides which role a job can get: the deploy roles trust only
 * `environment:<env>` subjects, the plan roles only `pull_request` / `ref:refs/heads/main` subjects
 * (jobs without an environment). So a job using the deploy role needs an environment, and a job with
 * an environment can only use the deploy role.
 */
function environmentProblems(workflow: Workflow, expected: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const env = environmentOf(job);
    if (env !== expected[id]) problems.push(`${id}: environment ${env ?? '(none)'}, expected ${expected[id] ?? '(none)'}`);
    const deployRole = JSON.stringify(job.steps ?? []).includes('vars.AWS_DEPLOY_ROLE_ARN');
    if (deployRole !== (env !== undefined))
      problems.push(`${id}: ${deployRole ? 'uses' : 'does not use'} vars.AWS_DEPLOY_ROLE_ARN with environment ${env ?? '(none)'}`);
  }
  return problems;
}

/**
 * The plan-role variables a job's configure-aws-credentials step can resolve to: either
 * `${{ vars.NAME }}` or `${{ vars[matrix.FIELD] }}` over the matrix `include` entries.
 */
function roleVariables(job: Job): string[] {
  const value = stepUsing(job, CONFIGURE_AWS)?.with?.['role-to-assume'];
  const role = typeof value === 'string' ? value : '';
  const direct = /^\$\{\{\s*vars\.(\w+)\s*\}\}$/.exec(role);
  if (direct) return [direct[1]];
  const viaMatrix = /^\$\{\{\s*vars\[\s*matrix\.(\w+)\s*\]\s*\}\}$/.exec(role);
  if (viaMatrix) return (job.strategy?.matrix?.include ?? []).map((entry) => String(entry[viaMatrix[1]]));
  return [`unrecognised role-to-assume: ${role}`];
}

// ------------------------------------------------------------------------- running step scripts in bash

interface ScriptRun {
  status: number | null;
  summary: string;
  output: string;
  /** Arguments each stub command was called with, one line per call. */
  calls: string;
  stderr: string;
}

/**
 * Runs a step's `run:` script as GitHub does (`bash -eo pipefail`), in a temporary folder where `npm`
 * and `terraform` are stubs that log their arguments, print `stub output` and exit with the code
 * given. `${{ matrix.target }}` is replaced by 'dev'; any other expression fails the test, because
 * scripts must take event data through `env:`, never inline (that is how script injection happens).
 */
function runScript(script: string, opts: { npmExit?: number; terraformExit?: number; env?: Record<string, string> } = {}): ScriptRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-workflow-'));
  try {
    const expanded = script.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
      if (expr === 'matrix.target') return 'dev';
      throw new Error(`run script uses the expression \${{ ${expr} }}: pass it through env instead`);
    });
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    for (const [name, code] of [
      ['npm', opts.npmExit ?? 0],
      ['terraform', opts.terraformExit ?? 0],
    ] as const) {
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> "$CALLS"\necho "stub output"\nexit ${code}\n`, {
        mode: 0o755,
      });
    }
    const files = { summary: path.join(dir, 'summary.md'), output: path.join(dir, 'output.txt'), calls: path.join(dir, 'calls.txt') };
    for (const f of Object.values(files)) fs.writeFileSync(f, '');
    fs.writeFileSync(path.join(dir, 'step.sh'), expanded);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', 'step.sh'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        CALLS: files.calls,
        ...opts.env,
      },
    });
    const read = (f: string) => fs.readFileSync(f, 'utf8');
    return {
      status: result.status,
      summary: read(files.summary),
      output: read(files.output),
      calls: read(files.calls),
      stderr: result.stderr,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The step of a job that runs the plan review (exactly one). */
function reviewStep(job: Job): Step {
  const steps = stepsOf(job).filter((s) => s.run?.includes('plan:review'));
  expect(steps).toHaveLength(1);
  return steps[0];
}

/** The step env as strings, with `${{ ... }}` values replaced by what the test decides. */
function envOf(step: Step, values: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, values[k] ?? String(v).replace(/\$\{\{[^}]*\}\}/g, 'dev')]));
}

// ------------------------------------------------------------------------------------------------ tests

/** A stack folder as the scripts name it: literally, or by the matrix's environment. */
const STACK = String.raw`cdktf\.out/stacks/raffle-(?:dev|prod|\$\{\{ matrix\.target \}\})`;
/** deploy.yml's jobs and the GitHub environment each must (or must not) run in. */
const DEPLOY_ENVIRONMENTS: Record<string, string | undefined> = {
  test: undefined,
  'deploy-dev': 'dev',
  'plan-prod': undefined,
  'apply-prod': 'prod',
};

const README_COMMAND = readmeTestCommand(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

describe('readmeTestCommand', () => {
  it('takes the second line of the first sh block and strips its trailing comment', () => {
    // GIVEN a README whose first sh block documents the install, then the test command with a comment
    const readme = [
      '# Title',
      '```ts',
      'not this block',
      '```',
      '```sh',
      'npm ci && npm start     # run locally',
      'npm test && npm run test:deploy   # every test',
      '```',
    ].join('\n');
    // WHEN the command is read THEN it is that second line without the comment
    expect(readmeTestCommand(readme)).toBe('npm test && npm run test:deploy');
  });
});

describe.each(FILES)('%s', (file) => {
  it('parses as YAML into a workflow with triggers and jobs', () => {
    // GIVEN the file WHEN parsed THEN it has the two keys every workflow needs (a typo like `job:` would
    // otherwise only show when GitHub refuses the file)
    const workflow = load(file);
    expect(typeof workflow).toBe('object');
    expect(workflow.on).toBeDefined();
    expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0);
  });

  it('pins every action to a full commit SHA, with the version tag as a comment', () => {
    // GIVEN every `uses:` in every step of every job
    // THEN each names a 40-hex commit: a tag or branch can be re-pointed at other code after review
    expect(pinningProblems(load(file))).toEqual([]);
    // AND the line says which release that commit is, so an update can be reviewed as a version bump
    const usesLines = rawText(file)
      .split('\n')
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(usesLines.length).toBeGreaterThan(0);
    for (const line of usesLines) expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*\s*$/);
  });

  it('grants the token nothing by default, and id-token: write only to jobs that assume an AWS role', () => {
    expect(permissionProblems(load(file))).toEqual([]);
  });

  it('authenticates to AWS only through OIDC, in the configured region, never with access keys', () => {
    // GIVEN the whole file, with `-` and `_` treated alike (action inputs use dashes, env vars underscores)
    const text = rawText(file).toLowerCase().replace(/-/g, '_');
    // THEN no long-lived key is passed anywhere
    for (const secret of ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']) expect(text).not.toContain(secret);
    // AND every configure-aws-credentials step assumes a role from a variable (not a secret, not a literal)
    for (const job of Object.values(load(file).jobs)) {
      for (const step of stepsOf(job).filter((s) => s.uses?.startsWith(CONFIGURE_AWS))) {
        expect(Object.keys(step.with ?? {}).sort()).toEqual(['aws-region', 'role-to-assume']);
        expect(step.with?.['role-to-assume']).toMatch(/^\$\{\{\s*vars[.[]/);
        expect(step.with?.['aws-region']).toBe('${{ vars.AWS_REGION }}');
      }
    }
  });

  it('leaves no git credentials on disk and uses Terraform 1.11.4 without the wrapper', () => {
    for (const job of Object.values(load(file).jobs)) {
      for (const step of stepsOf(job)) {
        // The wrapper rewrites stdout/exit codes: `show -json > plan.json` and -detailed-exitcode need the raw ones.
        if (step.uses?.startsWith(SETUP_TERRAFORM)) {
          expect(String(step.with?.terraform_version)).toBe('1.11.4');
          expect(String(step.with?.terraform_wrapper)).toBe('false');
        }
        if (step.uses?.startsWith('actions/checkout@')) expect(String(step.with?.['persist-credentials'])).toBe('false');
      }
    }
  });

  it('passes no expression other than a matrix value straight into a script', () => {
    // GIVEN every run script THEN event data (PR titles, labels, branch names) reaches it only through env,
    // where the shell cannot execute it
    for (const job of Object.values(load(file).jobs)) {
      for (const step of stepsOf(job)) {
        for (const [, expr] of (step.run ?? '').matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)) expect(expr).toBe('matrix.target');
      }
    }
  });
});

describe('the checks themselves', () => {
  it('fail on an action pinned to a tag', () => {
    // GIVEN deploy.yml with one checkout moved from its SHA to the tag it came from
    const workflow = clone(load('deploy.yml'));
    const step = stepUsing(workflow.jobs['plan-prod'], 'actions/checkout@')!;
    step.uses = 'actions/checkout@v4.2.2';
    // THEN the pinning check names it
    expect(pinningProblems(workflow)).toEqual(['plan-prod: uses actions/checkout@v4.2.2']);
  });

  it('fail when apply-prod loses its environment (and with it the manual approval)', () => {
    // GIVEN deploy.yml without `environment: prod` on the prod apply
    const workflow = clone(load('deploy.yml'));
    delete workflow.jobs['apply-prod'].environment;
    // THEN both the environment and the deploy-role checks report it
    expect(environmentProblems(workflow, DEPLOY_ENVIRONMENTS)).toEqual([
      'apply-prod: environment (none), expected prod',
      'apply-prod: uses vars.AWS_DEPLOY_ROLE_ARN with environment (none)',
    ]);
  });

  it('fail on a write permission beyond id-token, and on id-token: write where no role is assumed', () => {
    // GIVEN pull-request.yml whose test job may write contents and mint OIDC tokens it never uses
    const workflow = clone(load('pull-request.yml'));
    workflow.jobs.test.permissions = { contents: 'write', 'id-token': 'write' };
    workflow.permissions = 'write-all';
    // THEN all three are reported
    expect(permissionProblems(workflow)).toEqual([
      'top-level permissions must be a map, got "write-all"',
      'test: grants contents: write',
      'test: id-token: write without an AWS role to assume',
    ]);
  });
});

describe('triggers', () => {
  it('pull-request.yml runs on pull requests only', () => {
    expect(Object.keys(triggersOf(load('pull-request.yml')))).toEqual(['pull_request']);
  });

  it('pull-request.yml re-runs when a label is added or removed, so the allow-dangerous label takes effect', () => {
    const pr = triggersOf(load('pull-request.yml')).pull_request as { types?: string[] } | null;
    expect(pr?.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled']));
  });

  it('deploy.yml runs on pushes to main (no other branch, tag or path filter) and by hand', () => {
    const on = triggersOf(load('deploy.yml'));
    expect(Object.keys(on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(on.push).toEqual({ branches: ['main'] });
  });

  it('drift.yml runs once a day on a schedule and by hand', () => {
    const on = triggersOf(load('drift.yml'));
    expect(Object.keys(on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const schedule = on.schedule as { cron: string }[];
    expect(schedule).toHaveLength(1);
    // minute hour * * *: one fixed time each day
    expect(schedule[0].cron).toMatch(/^([0-5]?\d) ([01]?\d|2[0-3]) \* \* \*$/);
  });
});

describe('jobs and their order', () => {
  it('pull-request.yml: test, then plan', () => {
    const { jobs } = load('pull-request.yml');
    expect(Object.keys(jobs).sort()).toEqual(['plan', 'test']);
    expect(needsOf(jobs.test)).toEqual([]);
    expect(needsOf(jobs.plan)).toEqual(['test']);
  });

  it('deploy.yml: test → deploy-dev → plan-prod → apply-prod, each waiting for the one before', () => {
    const { jobs } = load('deploy.yml');
    expect(Object.keys(jobs).sort()).toEqual(['apply-prod', 'deploy-dev', 'plan-prod', 'test']);
    expect(needsOf(jobs.test)).toEqual([]);
    expect(needsOf(jobs['deploy-dev'])).toEqual(['test']);
    expect(needsOf(jobs['plan-prod'])).toEqual(['deploy-dev']);
    expect(needsOf(jobs['apply-prod'])).toEqual(['plan-prod']);
  });

  it('deploy.yml deploys main only, even when started by hand from another branch', () => {
    // The first job's condition stops every later one (they all need it).
    expect(load('deploy.yml').jobs.test.if).toBe("github.ref == 'refs/heads/main'");
  });

  it('deploy.yml never runs two deployments at once and never cancels one', () => {
    // GIVEN the workflow-level concurrency (job-level would let test of run 2 overlap apply of run 1)
    const { concurrency } = load('deploy.yml');
    expect(typeof concurrency).toBe('object');
    const { group, 'cancel-in-progress': cancel } = concurrency as { group: string; 'cancel-in-progress'?: boolean };
    // THEN every run shares one group (nothing per-commit or per-run in its name) and a running apply is not cancelled
    expect(group).toMatch(/\S/);
    expect(group).not.toMatch(/sha|run_id|run_number|run_attempt/);
    expect(cancel ?? false).toBe(false);
  });
});

describe('environments and roles', () => {
  it('deploy.yml: deploy-dev runs in dev and apply-prod in prod, with the deploy role; nothing else has an environment', () => {
    expect(environmentProblems(load('deploy.yml'), DEPLOY_ENVIRONMENTS)).toEqual([]);
  });

  it('pull-request.yml and drift.yml: no job has an environment or the deploy role', () => {
    expect(environmentProblems(load('pull-request.yml'), {})).toEqual([]);
    expect(environmentProblems(load('drift.yml'), {})).toEqual([]);
  });

  it('the plan and drift jobs assume the read-only plan role of each environment, dev and prod', () => {
    const planJobs = [load('pull-request.yml').jobs.plan, ...Object.values(load('drift.yml').jobs)];
    for (const job of planJobs) {
      expect(roleVariables(job).sort()).toEqual(['AWS_PLAN_ROLE_ARN_DEV', 'AWS_PLAN_ROLE_ARN_PROD']);
      // AND each matrix entry pairs an environment with its own role (dev with _DEV, prod with _PROD)
      for (const entry of job.strategy?.matrix?.include ?? []) {
        const env = Object.values(entry).find((v) => v === 'dev' || v === 'prod') as string;
        expect(Object.values(entry)).toContain(`AWS_PLAN_ROLE_ARN_${env.toUpperCase()}`);
      }
    }
    expect(roleVariables(load('deploy.yml').jobs['plan-prod'])).toEqual(['AWS_PLAN_ROLE_ARN_PROD']);
  });

  it('every job that assumes an AWS role is one of the expected ones', () => {
    const withAws = allJobs()
      .filter(([, , job]) => usesAws(job))
      .map(([f, id]) => `${f}:${id}`)
      .sort();
    expect(withAws).toEqual([
      'deploy.yml:apply-prod',
      'deploy.yml:deploy-dev',
      'deploy.yml:plan-prod',
      'drift.yml:drift',
      'pull-request.yml:plan',
    ]);
  });
});

describe('the test job', () => {
  describe.each(['pull-request.yml', 'deploy.yml'] as const)('%s', (file) => {
    const job = (): Job => load(file).jobs.test;
    /** The step that runs the tests: the one that tells them where the browser is. */
    const testStep = (j: Job): Step => {
      const steps = stepsOf(j).filter((s) => s.env?.CHROMIUM_PATH !== undefined);
      expect(steps).toHaveLength(1);
      return steps[0];
    };

    it("runs exactly the README's test command, with the browser path set", () => {
      // GIVEN the README's documented command WHEN the job's steps are read THEN one runs exactly it
      const step = testStep(job());
      expect(step.run?.trim()).toBe(README_COMMAND);
      expect(step.env?.CHROMIUM_PATH).toBe('/usr/bin/google-chrome');
    });

    it('sets up Node 20, Java 17, Terraform, Python with moto and the provider mirror before the tests', () => {
      const testJob = job();
      const steps = stepsOf(testJob);
      const at = (pred: (s: Step) => boolean): number => steps.findIndex(pred);
      const testAt = steps.indexOf(testStep(testJob));
      const node = stepUsing(testJob, 'actions/setup-node@');
      expect(String(node?.with?.['node-version'])).toBe('20');
      expect(node?.with?.cache).toBe('npm');
      const java = stepUsing(testJob, 'actions/setup-java@');
      expect(String(java?.with?.['java-version'])).toBe('17');
      expect(java?.with?.distribution).toBe('temurin');
      expect(String(stepUsing(testJob, 'actions/setup-python@')?.with?.['python-version'])).toBe('3.12');
      const required = [
        (s: Step) => !!s.uses?.startsWith(SETUP_TERRAFORM),
        (s: Step) => !!s.run?.includes('pip install "moto[server]==5.2.1"'),
        (s: Step) =>
          !!s.run?.includes(
            'terraform -chdir="$RUNNER_TEMP/tf-mirror-config" providers mirror -platform=linux_amd64 "$RUNNER_TEMP/tf-plugins"',
          ),
        (s: Step) => !!s.run?.includes('echo "TF_PROVIDER_MIRROR=$RUNNER_TEMP/tf-plugins" >> "$GITHUB_ENV"'),
        (s: Step) => s.run?.trim() === 'npm ci',
      ];
      // Each exists and comes before the test step (a setup after the tests would be useless).
      for (const pred of required) {
        expect(at(pred)).toBeGreaterThanOrEqual(0);
        expect(at(pred)).toBeLessThan(testAt);
      }
      // The mirror's temporary config requires exactly the provider version the tests plan with.
      const mirror = steps[at(required[2])].run!;
      expect(mirror).toMatch(/source\s*=\s*"hashicorp\/aws"/);
      expect(mirror).toMatch(/version\s*=\s*"5\.100\.0"/);
    });
  });
});

describe('plans', () => {
  it.each([
    ['pull-request.yml', 'plan'],
    ['deploy.yml', 'deploy-dev'],
    ['deploy.yml', 'plan-prod'],
  ] as const)('%s %s: synth, init, a saved plan with a lock timeout, its JSON', (file, id) => {
    const job = load(file).jobs[id];
    const runs = runsOf(job);
    // In this order: the plan must be of freshly synthesised code, and the JSON of that plan.
    const order = [
      /^npm ci$/m,
      /^npm run synth$/m,
      new RegExp(`^terraform -chdir=${STACK} init -input=false$`, 'm'),
      new RegExp(`^terraform -chdir=${STACK} plan -input=false -lock-timeout=5m -out=tfplan$`, 'm'),
      new RegExp(`^terraform -chdir=${STACK} show -json tfplan > plan\\.json$`, 'm'),
    ].map((re) => runs.search(re));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('the pull request passes --allow-dangerous only when labelled allow-dangerous-change, and always reports', () => {
    const step = reviewStep(load('pull-request.yml').jobs.plan);
    expect(step.env?.ALLOW_DANGEROUS).toBe("${{ contains(github.event.pull_request.labels.*.name, 'allow-dangerous-change') }}");
    // GIVEN no label and a dangerous plan (the review exits 1)
    const unlabelled = runScript(step.run!, { npmExit: 1, env: envOf(step, { ALLOW_DANGEROUS: 'false' }) });
    // THEN the step fails, without --allow-dangerous, and the review is in the job summary all the same
    expect(unlabelled.calls.trim()).toBe('npm run --silent plan:review -- plan.json');
    expect(unlabelled.status).toBe(1);
    expect(unlabelled.summary).toContain('stub output');
    // GIVEN the label THEN the review is told a human accepted the danger
    const labelled = runScript(step.run!, { env: envOf(step, { ALLOW_DANGEROUS: 'true' }) });
    expect(labelled.calls.trim()).toBe('npm run --silent plan:review -- plan.json --allow-dangerous');
    expect(labelled.status).toBe(0);
  });

  it.each([
    ['deploy.yml', 'deploy-dev'],
    ['deploy.yml', 'plan-prod'],
    ['drift.yml', 'drift'],
  ] as const)('%s %s reviews with --allow-dangerous into the summary, keeping the review exit status', (file, id) => {
    const step = reviewStep(load(file).jobs[id]);
    for (const npmExit of [0, 1]) {
      const run = runScript(step.run!, { npmExit, env: envOf(step) });
      expect(run.calls.trim()).toBe('npm run --silent plan:review -- plan.json --allow-dangerous');
      expect(run.summary).toContain('stub output');
      expect(run.status).toBe(npmExit);
    }
  });

  it('the pull request keeps each plan as an artifact named by environment', () => {
    const upload = stepUsing(load('pull-request.yml').jobs.plan, UPLOAD);
    expect(upload?.with?.name).toBe('plan-raffle-${{ matrix.target }}');
    expect(String(upload?.with?.path).trim().split('\n')).toEqual(['cdktf.out/stacks/raffle-${{ matrix.target }}/tfplan', 'plan.json']);
  });

  it('deploy-dev applies the plan it reviewed, after the review passed', () => {
    const runs = runsOf(load('deploy.yml').jobs['deploy-dev']);
    const review = runs.indexOf('plan:review');
    const apply = runs.search(/^terraform -chdir=cdktf\.out\/stacks\/raffle-dev apply -input=false tfplan$/m);
    expect(review).toBeGreaterThanOrEqual(0);
    expect(apply).toBeGreaterThan(review);
  });
});

describe('the prod apply', () => {
  const jobs = () => load('deploy.yml').jobs;

  it('applies the saved plan file after init, and neither synthesises nor plans again', () => {
    const runs = runsOf(jobs()['apply-prod']);
    const init = runs.search(/^terraform -chdir=cdktf\.out\/stacks\/raffle-prod init -input=false$/m);
    const apply = runs.search(/^terraform\b.*\bapply\b.*\btfplan$/m);
    expect(init).toBeGreaterThanOrEqual(0);
    expect(apply).toBeGreaterThan(init);
    expect(runs).toMatch(/^terraform -chdir=cdktf\.out\/stacks\/raffle-prod apply -input=false tfplan$/m);
    // A new plan or synth here would apply something the approver never saw.
    expect(runs).not.toMatch(/\bsynth\b/);
    expect(runs).not.toMatch(/^terraform\b.*\s(plan)(\s|$)/m);
    expect(stepUsing(jobs()['apply-prod'], SETUP_TERRAFORM)).toBeDefined();
  });

  it('downloads, to the same paths, the artifact plan-prod uploads', () => {
    const upload = stepUsing(jobs()['plan-prod'], UPLOAD);
    const download = stepUsing(jobs()['apply-prod'], DOWNLOAD);
    expect(upload?.with?.name).toEqual(expect.any(String));
    expect(download?.with?.name).toBe(upload?.with?.name);
    // The workspace root on both sides, so ../../../dist and ../../../site resolve as they did at plan time.
    expect(['.', '${{ github.workspace }}', undefined]).toContain(download?.with?.path);
    // The download comes before anything that uses it.
    const steps = stepsOf(jobs()['apply-prod']);
    expect(steps.indexOf(download!)).toBeLessThan(steps.findIndex((s) => s.run?.includes(' init ')));
  });

  it('ships everything apply reads: stack folder (with lock file, without .terraform), zips, site, plan', () => {
    const upload = stepUsing(jobs()['plan-prod'], UPLOAD)!;
    const paths = String(upload.with?.path)
      .trim()
      .split('\n')
      .map((p) => p.trim());
    expect(paths).toEqual(
      expect.arrayContaining(['cdktf.out/stacks/raffle-prod/', '!cdktf.out/stacks/raffle-prod/.terraform/', 'dist/', 'site/', 'plan.json']),
    );
    // .terraform.lock.hcl is a dot file, which upload-artifact leaves out by default.
    expect(String(upload.with?.['include-hidden-files'])).toBe('true');
  });
});

describe('drift', () => {
  const job = (): Job => Object.values(load('drift.yml').jobs)[0];
  const planStep = (): Step => stepsOf(job()).find((s) => s.run?.includes('-refresh-only'))!;

  it('runs a refresh-only plan with detailed exit codes for dev and prod', () => {
    expect(Object.keys(load('drift.yml').jobs)).toHaveLength(1);
    expect(planStep().run).toMatch(
      new RegExp(`terraform -chdir=${STACK} plan -refresh-only -detailed-exitcode -input=false .*-out=tfplan`),
    );
    expect(runsOf(job())).toMatch(new RegExp(`^terraform -chdir=${STACK} show -json tfplan > plan\\.json$`, 'm'));
    const targets = (job().strategy?.matrix?.include ?? []).map((entry) => entry.target);
    expect(targets.sort()).toEqual(['dev', 'prod']);
  });

  it.each([
    [0, 0, 'drift=false'],
    [2, 0, 'drift=true'],
    [1, 1, ''],
  ])('terraform exit %i: step exit %i, output "%s"', (terraformExit, stepExit, output) => {
    // GIVEN terraform exiting 0 (no drift), 2 (drift) or 1 (error) WHEN the plan step runs
    const run = runScript(planStep().run!, { terraformExit });
    // THEN drift is an output for the later steps, and only an error stops the job here
    expect(run.status).toBe(stepExit);
    expect(run.output.trim()).toBe(output);
  });

  it('fails the job after the review when drift was found, so GitHub notifies', () => {
    const steps = stepsOf(job());
    const id = planStep().id;
    const fail = steps.find((s) => s.if?.replace(/\s+/g, ' ') === `steps.${id}.outputs.drift == 'true'`);
    expect(id).toBeDefined();
    expect(fail).toBeDefined();
    expect(steps.indexOf(fail!)).toBeGreaterThan(steps.indexOf(reviewStep(job())));
    expect(runScript(fail!.run!, { env: envOf(fail!) }).status).toBe(1);
  });
});
