/**
 * The apply check every stack goes through on the emulator: init, apply, then a second plan that must show
 * no change (but the known emulator artefacts), then a destroy that the table's (or state bucket's)
 * prevent_destroy must refuse. Returns what happened; the tests assert on it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import type { RaffleConfig } from '../../config/schema';
import { RaffleStack } from '../../constructs/raffle-stack';
import { buildFunctions } from '../../build/functions';
import {
  assertTerraformToolchain,
  readManifest,
  startNetworkTrap,
  terraform,
  terraformExit,
  type NetworkTrap,
  type SynthesizedStack,
  type WorkingCopy,
} from '../terraform';
import { unexpectedChanges, type ChangePlan } from './adaptations';
import { assertMotoInstalled, startMoto, type Moto } from './moto';

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
}

const TIMEOUT_MS = 300_000;

async function managedResources(copy: WorkingCopy, trap: NetworkTrap): Promise<number> {
  const list = await terraform(copy, ['state', 'list'], trap);
  return list.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('data.')).length;
}

/** `terraform plan -out` then `show -json`: a plan file and its JSON, for the reviews. */
export async function planJson(
  copy: WorkingCopy,
  trap: NetworkTrap,
  extra: readonly string[] = [],
): Promise<{ exit: number | null; json: ChangePlan & Record<string, unknown>; file: string }> {
  const file = path.join(copy.root, `plan-${Date.now()}.tfplan`);
  const plan = await terraformExit(
    copy,
    ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${file}`, ...extra],
    trap,
    TIMEOUT_MS,
  );
  if (plan.code !== 0 && plan.code !== 2)
    throw new Error(`terraform plan in ${copy.stack.name} failed (${plan.code}):\n${plan.stderr}${plan.stdout}`);
  const shown = await terraform(copy, ['show', '-json', file], trap);
  return { exit: plan.code, json: JSON.parse(shown.stdout), file };
}

export async function deployCheck(copy: WorkingCopy, trap: NetworkTrap): Promise<DeployCheck> {
  await terraform(copy, ['init', '-input=false', '-no-color'], trap, TIMEOUT_MS);
  const started = Date.now();
  await terraform(copy, ['apply', '-auto-approve', '-input=false', '-no-color'], trap, TIMEOUT_MS);
  const applyMs = Date.now() - started;
  const resources = await managedResources(copy, trap);
  const second = await planJson(copy, trap);
  const destroy = await terraformExit(copy, ['destroy', '-auto-approve', '-input=false', '-no-color'], trap, TIMEOUT_MS);
  return {
    stack: copy.stack.name,
    resources,
    applyMs,
    secondPlanExit: second.exit,
    unexpected: second.exit === 0 ? [] : unexpectedChanges(second.json),
    destroy: { code: destroy.code, output: `${destroy.stderr}${destroy.stdout}` },
    resourcesAfterDestroy: await managedResources(copy, trap),
  };
}

/** Synthesises one RaffleStack from a config into `<outdir>/stacks/<id>`, as `npm run synth` lays it out. */
export function synthesizeStack(config: RaffleConfig, outdir: string, id = `raffle-${config.environment}`): SynthesizedStack {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, skipValidation: false });
  new RaffleStack(app, id, { config });
  app.synth();
  const stack = readManifest(outdir).find((s) => s.name === id);
  if (!stack) throw new Error(`${id} was not synthesised into ${outdir}`);
  return stack;
}

export interface EmulatorFixture {
  readonly tmp: string;
  readonly moto: Moto;
  readonly trap: NetworkTrap;
}

/**
 * Registers beforeAll/afterAll for an apply test file: the Terraform toolchain checked, the functions
 * built, a moto server and a refusing proxy started, all stopped and removed afterwards.
 */
export function useEmulator(): () => EmulatorFixture {
  let fixture: EmulatorFixture | undefined;
  let moto: Moto | undefined;
  let trap: NetworkTrap | undefined;
  let tmp: string | undefined;
  beforeAll(async () => {
    assertTerraformToolchain();
    assertMotoInstalled();
    buildFunctions();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-deploy-'));
    [moto, trap] = await Promise.all([startMoto(), startNetworkTrap()]);
    fixture = { tmp, moto, trap };
  }, 60_000);
  afterAll(async () => {
    await Promise.all([moto?.stop(), trap?.close()]);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 30_000);
  return () => {
    if (!fixture) throw new Error('the emulator is not started yet (use it inside tests or a later beforeAll)');
    return fixture;
  };
}
