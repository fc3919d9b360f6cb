/**
 * GIVEN a machine missing what npm does not bring
 * WHEN the test command's prerequisites check runs
 * THEN it stops at once, naming each missing tool and the exact fix, instead of failing halfway.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'testkit', 'prerequisites.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

const run = (env: Record<string, string>, args: string[] = []) =>
  spawnSync(TSX, [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

test('passes on this machine, where everything is installed', () => {
  expect(run({}, ['--deploy']).status).toBe(0);
});

test('names a missing browser, Terraform, mirror and moto with the command to run, and exits 1', () => {
  // Paths that no package installs, so nothing is installed: the check reports them all at once.
  const result = run(
    {
      CHROMIUM_PATH: '/nonexistent/chrome',
      TERRAFORM: '/nonexistent/terraform',
      TF_PROVIDER_MIRROR: '/nonexistent/mirror',
      PYTHON: '/nonexistent/python3',
    },
    ['--deploy'],
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('The tests cannot run yet:');
  expect(result.stderr).toContain(
    'missing Chromium at /nonexistent/chrome (browser tests): apt-get install -y chromium (or set CHROMIUM_PATH',
  );
  expect(result.stderr).toContain(
    'missing Terraform 1.10+ at /nonexistent/terraform: install Terraform 1.11 from https://developer.hashicorp.com/terraform/install',
  );
  expect(result.stderr).toContain('terraform providers mirror /nonexistent/mirror');
  expect(result.stderr).toContain('pip install "moto[server]>=5.2,<6"');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test('moto is only required by the apply tests', () => {
  expect(run({ PYTHON: '/nonexistent/python3' }).status).toBe(0);
});
