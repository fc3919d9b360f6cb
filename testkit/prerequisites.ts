/**
 * Runs before `npm test` (and, with --deploy, before `npm run test:deploy`): makes sure everything the
 * tests need that npm does not bring is there. Debian packages are installed when we are root and
 * apt-get exists; anything else stops at once with the exact command to run, never halfway through the
 * tests with a stack trace.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TOOLCHAIN } from './toolchain';

interface Requirement {
  readonly what: string;
  readonly present: () => boolean;
  /** The Debian package that provides it, when one does. */
  readonly debianPackage?: string;
  /** What to run when it cannot be installed here. */
  readonly fix: string;
}

const runs = (command: string, args: readonly string[]): { ok: boolean; stdout: string; output: string } => {
  const result = spawnSync(command, [...args], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  return { ok: !result.error && result.status === 0, stdout: result.stdout ?? '', output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
};

const mirrorHasAws = (): boolean => fs.existsSync(path.join(TOOLCHAIN.providerMirror, 'registry.terraform.io', 'hashicorp', 'aws'));

const REQUIREMENTS: readonly Requirement[] = [
  {
    what: 'Java 17+ (DynamoDB Local)',
    present: () => {
      const { ok, output } = runs('java', ['-version']);
      const major = Number(/version "(\d+)/.exec(output)?.[1]);
      return ok && major >= 17;
    },
    debianPackage: 'openjdk-17-jre-headless',
    fix: 'apt-get install -y openjdk-17-jre-headless (or any Java 17+ on PATH)',
  },
  {
    what: 'openssl (certificates)',
    present: () => runs('openssl', ['version']).ok,
    debianPackage: 'openssl',
    fix: 'apt-get install -y openssl',
  },
  {
    what: `Chromium at ${TOOLCHAIN.chromium} (browser tests)`,
    present: () => fs.existsSync(TOOLCHAIN.chromium),
    debianPackage: TOOLCHAIN.chromium === '/usr/bin/chromium' ? 'chromium' : undefined,
    fix: 'apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium or Chrome binary)',
  },
  {
    what: `Terraform 1.10+ at ${TOOLCHAIN.terraform}`,
    present: () => {
      const { ok, stdout } = runs(TOOLCHAIN.terraform, ['version', '-json']);
      const version = ok ? /"terraform_version":\s*"(\d+)\.(\d+)/.exec(stdout) : null;
      const [major, minor] = version ? [Number(version[1]), Number(version[2])] : [0, 0];
      return major > 1 || (major === 1 && minor >= 10);
    },
    fix: 'install Terraform 1.11 from https://developer.hashicorp.com/terraform/install to /usr/local/bin (or set TERRAFORM to its path)',
  },
  {
    what: `the hashicorp/aws ${TOOLCHAIN.awsProviderVersion} provider in the mirror ${TOOLCHAIN.providerMirror}`,
    present: mirrorHasAws,
    fix:
      `on a machine with registry access: printf 'terraform {\\n  required_providers {\\n    aws = { source = "hashicorp/aws", version = "${TOOLCHAIN.awsProviderVersion}" }\\n  }\\n}\\n' > main.tf && ` +
      `terraform providers mirror ${TOOLCHAIN.providerMirror} (or set TF_PROVIDER_MIRROR to an existing mirror)`,
  },
];

const DEPLOY_REQUIREMENTS: readonly Requirement[] = [
  {
    what: `moto's server for ${TOOLCHAIN.python} (the local AWS emulator of the apply tests)`,
    present: () => runs(TOOLCHAIN.python, ['-c', 'import moto.server, flask']).ok,
    fix: `pip install "moto[server]>=5.2,<6" (or set PYTHON to an interpreter that has it)`,
  },
];

function installWithApt(packages: readonly string[]): boolean {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !runs('apt-get', ['--version']).ok) return false;
  console.log(`test prerequisites: installing ${packages.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  return update.status === 0 && install.status === 0;
}

export function checkPrerequisites(deploy: boolean): string[] {
  const requirements = deploy ? [...REQUIREMENTS, ...DEPLOY_REQUIREMENTS] : REQUIREMENTS;
  let missing = requirements.filter((r) => !r.present());
  const installable = missing.flatMap((r) => (r.debianPackage ? [r.debianPackage] : []));
  if (installable.length > 0 && installWithApt(installable)) missing = missing.filter((r) => !r.present());
  return missing.map((r) => `missing ${r.what}: ${r.fix}`);
}

if (require.main === module) {
  const problems = checkPrerequisites(process.argv.includes('--deploy'));
  if (problems.length > 0) {
    console.error(`The tests cannot run yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
}
