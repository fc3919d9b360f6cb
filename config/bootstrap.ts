/**
 * The bootstrap configuration (config/bootstrap.json): what the one-off `bootstrap` stack needs to give
 * the pipeline a home: the Terraform state bucket, and the GitHub repository whose workflows may assume
 * the CI roles. What the roles may touch is derived from the environments' own configs (their prefix,
 * region and hosted zone), so a fact is written once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUCKET_NAME, ConfigError, NAME_PREFIX, REGION, validateTags, type RaffleConfig } from './schema';

export interface BootstrapConfigFile {
  /** Region of the state bucket. */
  readonly region: string;
  /** Prefix of the CI roles' names, e.g. "raffle" -> "raffle-ci-plan". Must not fall under an environment's prefix. */
  readonly namePrefix: string;
  /** Name of the state bucket (globally unique); every environment's stateBackend.bucket must name it. */
  readonly stateBucket: string;
  /** "owner/repository" on GitHub, whose workflows may assume the CI roles. */
  readonly githubRepository: string;
  /** Extra tags on every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface BootstrapConfig {
  readonly region: string;
  readonly namePrefix: string;
  readonly stateBucket: string;
  readonly githubRepository: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The environments the pipeline deploys (validated configs), one deploy role each. */
  readonly environments: readonly RaffleConfig[];
}

const KNOWN_KEYS: readonly (keyof BootstrapConfigFile)[] = ['region', 'namePrefix', 'stateBucket', 'githubRepository', 'tags'];
// GitHub's rules for owner and repository names.
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** The CI roles of one environment: a read-only one for plans and one for deploys. */
export function ciRoleNames(namePrefix: string, environment: string): { readonly plan: string; readonly deploy: string } {
  return { plan: `${namePrefix}-ci-plan-${environment}`, deploy: `${namePrefix}-ci-deploy-${environment}` };
}

export function validateBootstrapConfig(
  raw: unknown,
  options: { readonly source: string; readonly environments: readonly RaffleConfig[] },
): BootstrapConfig {
  const { source, environments } = options;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, ['the file must hold one JSON object — see README "Pipeline and remote state"']);
  }
  const file = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(file)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key))
      problems.push(`unknown key "${key}" — remove it (known keys: ${KNOWN_KEYS.join(', ')})`);
  }
  const str = (key: keyof BootstrapConfigFile, pattern: RegExp, hint: string): string | undefined => {
    const v = file[key];
    if (v === undefined) problems.push(`"${key}" is required — add it, e.g. ${hint}`);
    else if (typeof v !== 'string' || !pattern.test(v))
      problems.push(`"${key}" is not valid (got ${JSON.stringify(v)}) — use e.g. ${hint}`);
    else return v;
    return undefined;
  };
  const region = str('region', REGION, '"eu-west-1"');
  const namePrefix = str('namePrefix', NAME_PREFIX, '"raffle" (2-20 lower-case letters, digits or "-")');
  const stateBucket = str('stateBucket', BUCKET_NAME, '"raffle-terraform-state-123456789012" (globally unique)');
  const githubRepository = str('githubRepository', GITHUB_REPOSITORY, '"my-org/raffle"');
  const tags = validateTags(file.tags, problems);

  for (const env of environments) {
    const envSource = `config/${env.environment}.json`;
    if (stateBucket && env.stateBackend && env.stateBackend.bucket !== stateBucket) {
      problems.push(
        `${envSource} keeps its state in "${env.stateBackend.bucket}" but "stateBucket" is "${stateBucket}" — make them the same bucket`,
      );
    }
    if (namePrefix) {
      // A deploy role may manage every role under its environment's prefix: it must not be one of them.
      for (const role of environments.flatMap((e) => Object.values(ciRoleNames(namePrefix, e.environment)))) {
        if (role.startsWith(`${env.namePrefix}-`)) {
          problems.push(
            `"namePrefix" "${namePrefix}" makes the CI role "${role}" fall under ${envSource}'s prefix "${env.namePrefix}-", so that environment's deploy role could rewrite it — choose a prefix outside every environment's`,
          );
        }
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { region: region!, namePrefix: namePrefix!, stateBucket: stateBucket!, githubRepository: githubRepository!, tags, environments };
}

export function loadBootstrapConfig(
  projectRoot: string,
  environments: readonly RaffleConfig[],
  file = 'config/bootstrap.json',
): BootstrapConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(projectRoot, file), 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(file, [
      missing
        ? 'file not found — create it (see README "Pipeline and remote state")'
        : `not valid JSON (${(e as Error).message}) — fix the syntax`,
    ]);
  }
  return validateBootstrapConfig(raw, { source: file, environments });
}
