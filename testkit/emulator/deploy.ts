/**
 * The apply check every stack goes through on the emulator: init, apply, then a second plan that must show
 * no change (but the known emulator artefacts), and a destroy that the table's (or state bucket's)
 * prevent_destroy must refuse. Returns what happened; the tests assert on it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { loadBootstrapConfig } from '../../config/bootstrap';
import { ENVIRONMENTS, loadConfig } from '../../config/load';
import type { RaffleConfig } from '../../config/schema';
import { BootstrapStack, BOOTSTRAP_STACK } from '../../constructs/bootstrap-stack';
import { RaffleStack } from '../../constructs/raffle-stack';
import { PROJECT_ROOT } from '../../model/project';
import {
  readManifest,
  startNetworkTrap,
  terraform,
  terraformExit,
  type NetworkTrap,
  type SynthesizedStack,
  type WorkingCopy,
} from '../terraform';
import { allSettledThen } from '../concurrency';
import { unexpectedChanges, type ChangePlan } from './adaptations';
import { runEmulator, type Emulator } from './moto';

/** `terraform show -json`'s shape of an applied stack: the part the tests read. */
export interface AppliedState {
  readonly values: {
    readonly root_module: { readonly resources: readonly { address: string; type: string; values: Record<string, any> }[] };
  };
}

export interface DeployCheck {
  readonly stack: string;
  /** Managed resources in the state after the apply. */
  readonly resources: number;
  readonly applyMs: number;
  /** Exit code of `plan -detailed-exitcode` right after the apply: 0 none, 2 changes. */
  readonly secondPlanExit: number | null;
  /** Changes in that plan beyond the known emulator artefacts (must be empty). */
  readonly unexpected: readonly string[];
  /** The destroy's exit code and what it said (must fail on prevent_destroy). */
  readonly destroy: { readonly code: number | null; readonly output: string };
  /** Managed resources still in the state after the refused destroy. */
  readonly resourcesAfterDestroy: number;
  /** The stack as the second plan read it back from the emulator (the plan's prior state). */
  readonly state: AppliedState;
}

/** A ceiling for one terraform command on a loaded machine, not an expectation (an apply takes 1–2 minutes). */
const TIMEOUT_MS = 900_000;
/**
 * Operations terraform runs at once (default 10). The provider creates Lambda functions one at a time,
 * and those waiting their turn hold slots: with 30, nothing else of the graph queues behind them. It did
 * not shorten an apply measurably (BENCHMARKS.md): its length is the provider's fixed waits, in sequence.
 */
export const PARALLELISM = '-parallelism=30';

async function managedResources(copy: WorkingCopy, trap: NetworkTrap): Promise<number> {
  const list = await terraform(copy, ['state', 'list'], trap);
  return list.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('data.')).length;
}

/** `terraform plan -detailed-exitcode -out` then `show -json`: the exit code, the plan file and its JSON. */
export async function planJson(
  copy: WorkingCopy,
  trap: NetworkTrap,
  extra: readonly string[] = [],
): Promise<{ exit: number | null; json: ChangePlan & Record<string, unknown>; file: string }> {
  const file = path.join(copy.root, `plan-${Date.now()}.tfplan`);
  const plan = await terraformExit(
    copy,
    ['plan', '-input=false', '-no-color', '-detailed-exitcode', PARALLELISM, `-out=${file}`, ...extra],
    trap,
    TIMEOUT_MS,
  );
  if (plan.code !== 0 && plan.code !== 2)
    throw new Error(`terraform plan in ${copy.stack.name} failed (${plan.code}):\n${plan.stderr}${plan.stdout}`);
  const shown = await terraform(copy, ['show', '-json', file], trap);
  return { exit: plan.code, json: JSON.parse(shown.stdout), file };
}

export interface AppliedStack {
  /** Managed resources in the state after the apply. */
  readonly resources: number;
  readonly applyMs: number;
}

/** `terraform init` and `apply`. */
export async function applyStack(copy: WorkingCopy, trap: NetworkTrap): Promise<AppliedStack> {
  await terraform(copy, ['init', '-input=false', '-no-color'], trap, TIMEOUT_MS);
  const started = Date.now();
  await terraform(copy, ['apply', '-auto-approve', '-input=false', '-no-color', PARALLELISM], trap, TIMEOUT_MS);
  return { resources: await managedResources(copy, trap), applyMs: Date.now() - started };
}

/**
 * After the apply: the second plan, and the destroy that must be refused, side by side. Neither changes
 * the state (the plan takes no lock, so the destroy can), and the destroy needs no refresh: prevent_destroy
 * refuses it from the configuration and the state alone.
 */
export async function checkApplied(copy: WorkingCopy, trap: NetworkTrap, applied: AppliedStack): Promise<DeployCheck> {
  const [second, destroy] = await allSettledThen([
    planJson(copy, trap, ['-lock=false']),
    terraformExit(copy, ['destroy', '-auto-approve', '-input=false', '-no-color', '-refresh=false'], trap, TIMEOUT_MS),
  ]);
  return {
    stack: copy.stack.name,
    ...applied,
    secondPlanExit: second.exit,
    unexpected: second.exit === 0 ? [] : unexpectedChanges(second.json),
    destroy: { code: destroy.code, output: `${destroy.stderr}${destroy.stdout}` },
    resourcesAfterDestroy: await managedResources(copy, trap),
    state: second.json.prior_state as AppliedState,
  };
}

export async function deployCheck(copy: WorkingCopy, trap: NetworkTrap): Promise<DeployCheck> {
  return checkApplied(copy, trap, await applyStack(copy, trap));
}

/** Synthesises the stack `build` adds to an app into `<outdir>/stacks/<id>`, as `npm run synth` lays it out. */
function synthesize(outdir: string, id: string, build: (app: App) => void): SynthesizedStack {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, skipValidation: false });
  build(app);
  app.synth();
  const stack = readManifest(outdir).find((s) => s.name === id);
  if (!stack) throw new Error(`${id} was not synthesised into ${outdir}`);
  return stack;
}

/** Synthesises one RaffleStack from a config. */
export function synthesizeStack(config: RaffleConfig, outdir: string, id = `raffle-${config.environment}`): SynthesizedStack {
  return synthesize(outdir, id, (app) => new RaffleStack(app, id, { config }));
}

/**
 * Synthesises the bootstrap stack from the shipped configs, as main.ts does, in this process: main.ts
 * would also rebuild the function bundles, which the other test files of the run are zipping meanwhile.
 */
export function synthesizeBootstrap(outdir: string): SynthesizedStack {
  const environments = ENVIRONMENTS.map((env) => loadConfig(`config/${env}.json`));
  return synthesize(
    outdir,
    BOOTSTRAP_STACK,
    (app) => new BootstrapStack(app, BOOTSTRAP_STACK, { config: loadBootstrapConfig(PROJECT_ROOT, environments) }),
  );
}

export interface EmulatorFixture {
  readonly tmp: string;
  /** The run's emulator (testkit/jest/deploy-global-setup.ts started it and built the functions). */
  readonly moto: Emulator;
  readonly trap: NetworkTrap;
}

/**
 * Registers beforeAll/afterAll for an apply test file: the run's emulator, a refusing proxy and a
 * temporary folder, the last two stopped and removed afterwards.
 */
export function useEmulator(): () => EmulatorFixture {
  let fixture: EmulatorFixture | undefined;
  let trap: NetworkTrap | undefined;
  let tmp: string | undefined;
  beforeAll(async () => {
    const moto = runEmulator();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-deploy-'));
    trap = await startNetworkTrap();
    fixture = { tmp, moto, trap };
  });
  afterAll(async () => {
    await trap?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  return () => {
    if (!fixture) throw new Error('the emulator is not started yet (use it inside tests or a later beforeAll)');
    return fixture;
  };
}
