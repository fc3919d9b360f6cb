/**
 * `npm run upgrade`: makes a table the single-raffle version wrote the first raffle of many
 * (./upgrade.ts). It reads the old config file once for the raffle keys that left the deployment config
 * (winners, entryDeadline, drawSchedule, rulesUrl, privacyUrl) and firstRaffleId, and reaches the table
 * with the usual AWS credentials (or DynamoDB Local with --endpoint). docs/runbook.md says when to run it.
 *
 *   npm run upgrade -- --config config/prod.json --dry-run
 *   npm run upgrade -- --config config/prod.json [--title "Winter raffle"] [--closes-at 2027-01-31T17:00:00Z]
 *                      [--table raffle-prod-entrants] [--endpoint http://localhost:8000]
 */
import * as fs from 'fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { deploymentAbilities } from '../../model/raffle';
import { ConfigError } from '../../config/config-error';
import { legacyRaffleKeys, type LegacyRaffleKeys } from '../../config/legacy-raffle';
import { report, upgrade } from './upgrade';

const USAGE =
  'usage: npm run upgrade -- --config <old config.json> [--dry-run] [--title "…"] [--closes-at <ISO-8601>] [--table <name>] [--endpoint <url>]';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
const STDIO: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** What the upgrade reads from the old config file: its raffle keys, and where its table is. */
export interface OldConfig {
  readonly legacy: LegacyRaffleKeys;
  readonly tableName: string;
  readonly region?: string;
  readonly confirmEntries: boolean;
  readonly verifiableDraws: boolean;
}

/**
 * The old config's raffle keys (config/legacy-raffle.ts checks them as the single-raffle version did),
 * and the deployment keys that say where its table is and what its raffle could do.
 */
export function readOldConfig(file: string, text: string): OldConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`not valid JSON (${(e as Error).message}) — fix the syntax`]);
  }
  const legacy = legacyRaffleKeys(raw, file);
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  const str = (key: string): string | undefined => {
    if (o[key] === undefined) return undefined;
    if (typeof o[key] === 'string' && o[key] !== '') return o[key];
    problems.push(`"${key}" must be a non-empty string`);
    return undefined;
  };
  const flag = (key: string): boolean => {
    if (o[key] === undefined || typeof o[key] === 'boolean') return o[key] === true;
    problems.push(`"${key}" must be true or false`);
    return false;
  };
  const namePrefix = str('namePrefix');
  if (o.namePrefix === undefined) problems.push('"namePrefix" is missing: the table is "<namePrefix>-entrants" (or say --table)');
  const old = { legacy, region: str('region'), confirmEntries: flag('confirmEntries'), verifiableDraws: flag('verifiableDraws') };
  if (problems.length > 0) throw new ConfigError(file, problems);
  // The stack names its table so (constructs/raffle-stack.ts).
  return { ...old, tableName: `${namePrefix}-entrants` };
}

const VALUED = ['--config', '--title', '--closes-at', '--table', '--endpoint'];

/** The options, each valued one with its value; an unknown option or a missing value is named. */
function parse(argv: readonly string[]): { options: Map<string, string>; dryRun: boolean } | string {
  const options = new Map<string, string>();
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') dryRun = true;
    else if (VALUED.includes(arg) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) options.set(arg, argv[++i]);
    else if (VALUED.includes(arg)) return `${arg} needs a value`;
    else return `unknown argument ${arg}`;
  }
  return { options, dryRun };
}

export async function main(argv: readonly string[], io: Io = STDIO, now: () => Date = () => new Date()): Promise<number> {
  const fail = (problem: string): number => {
    io.err(`upgrade: ${problem}\n`);
    return 2;
  };
  const parsed = parse(argv);
  if (typeof parsed === 'string') return fail(`${parsed}; ${USAGE}`);
  const option = (name: string) => parsed.options.get(name);
  const file = option('--config');
  if (!file) return fail(`say which config the single-raffle stack was deployed with; ${USAGE}`);
  let old: OldConfig;
  try {
    old = readOldConfig(file, fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return fail((err as NodeJS.ErrnoException).code === 'ENOENT' ? `cannot read ${file}` : (err as Error).message);
  }
  const endpoint = option('--endpoint');
  const client = new DynamoDBClient({
    ...(old.region ? { region: old.region } : {}),
    ...(endpoint ? { endpoint, region: old.region ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  try {
    const outcome = await upgrade({
      table: { client, name: option('--table') ?? old.tableName },
      legacy: old.legacy,
      title: option('--title'),
      closesAt: option('--closes-at'),
      abilities: deploymentAbilities({ confirmEntries: old.confirmEntries, verifiable: old.verifiableDraws ? {} : undefined }),
      now: now(),
      dryRun: parsed.dryRun,
    });
    io.out(`${report(outcome)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof DomainError) return fail(`${err.message}${err.field ? ` (${err.field})` : ''}`);
    io.err(`upgrade: ${(err as Error).message}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
