/**
 * GIVEN `npx cdktf synth --hcl` (the exit path to plain Terraform / OpenTofu now that CDKTF is sunset; the
 *       app builds the function bundles itself)
 * WHEN each cdk.tf is `terraform init` + `validate`d offline against the real hashicorp/aws provider, two
 *      at a time
 * THEN it is valid Terraform, and says nothing about this machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allSettledThen, withConcurrency } from '../../testkit/concurrency';
import {
  PROJECT_ROOT,
  assertTerraformToolchain,
  init,
  prepareWorkingCopy,
  removeWorkingCopy,
  startNetworkTrap,
  synthesizeWithCli,
  validate,
  type NetworkTrap,
  type SynthesizedStack,
  type ValidateResult,
  type WorkingCopy,
} from '../../testkit/terraform';

// A ceiling for a loaded machine, not an expectation: about 20 s on a quiet one.
jest.setTimeout(300_000);

/**
 * cdktf 0.21's HCL renderer quotes references in `depends_on` and `provider` (REFERENCE.md §4): Terraform
 * and OpenTofu accept them with this deprecation warning. Any other warning fails the test.
 */
const KNOWN_HCL_WARNING = 'Quoted references are deprecated';
const STACKS = ['bootstrap', 'raffle-dev', 'raffle-prod'];

let tmp: string;
let trap: NetworkTrap;
let stacks: SynthesizedStack[] = [];
const copies: WorkingCopy[] = [];
const results: Record<string, ValidateResult> = {};

beforeAll(async () => {
  assertTerraformToolchain();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hcl-validate-'));
  stacks = synthesizeWithCli(path.join(tmp, 'cdktf.out'), { hcl: true });
  trap = await startNetworkTrap();
  await allSettledThen(
    withConcurrency(stacks, 2, async (stack) => {
      const copy = prepareWorkingCopy(stack, { tmpRoot: fs.mkdtempSync(path.join(tmp, `${stack.name}-`)) });
      copies.push(copy);
      await init(copy, trap);
      results[stack.name] = await validate(copy, trap);
    }),
  );
});

afterAll(async () => {
  await trap?.close();
  for (const copy of copies) removeWorkingCopy(copy);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cdktf synth --hcl', () => {
  it('writes a cdk.tf per stack', () => {
    expect(stacks.map((s) => [s.name, path.basename(s.file)]).sort()).toEqual([
      ['bootstrap', 'cdk.tf'],
      ['raffle-dev', 'cdk.tf'],
      ['raffle-prod', 'cdk.tf'],
    ]);
  });

  it.each(STACKS)('%s: passes terraform validate with no error', (name) => {
    const result = results[name];
    expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result?.valid).toBe(true);
  });

  it.each(STACKS)('%s: has no warning other than the known quoted-reference one', (name) => {
    expect(
      (results[name]?.diagnostics ?? []).filter((d) => d.summary !== KNOWN_HCL_WARNING).map((d) => `${d.severity}: ${d.summary}`),
    ).toEqual([]);
  });

  it.each(STACKS)('%s: carries no absolute path of the build machine', (name) => {
    const stack = stacks.find((s) => s.name === name);
    const hcl = fs.readFileSync(stack?.file ?? '', 'utf8');
    expect(hcl).not.toContain(PROJECT_ROOT);
    expect(hcl).not.toContain(tmp);
    expect(hcl).not.toContain(os.homedir());
  });

  it('made no network connection', () => {
    expect(Object.keys(results).sort()).toEqual(STACKS);
    expect(trap.attempts).toEqual([]);
  });
});
