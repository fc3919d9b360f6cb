/**
 * Real Terraform, offline: synthesise the app, copy each stack to a temporary working copy, and run
 * `terraform init/validate/plan` there against the real hashicorp/aws provider from the filesystem mirror.
 *
 * The working copy differs from the synth output in three ways only, all written in the copy:
 * - `override.tf.json`: fake credentials + skip_* flags on every AWS provider (and alias), and a local
 *   backend, so no credentials, account lookup or remote state are needed;
 * - `data "archive_file"` is emulated (the archive provider is not mirrored): each zip is made here and
 *   the references to it are replaced by literal values;
 * - a CLI config (TF_CLI_CONFIG_FILE) that installs hashicorp/aws from /opt/tf-plugins and nothing else.
 * Terraform runs behind an HTTP(S) proxy that records and refuses every connection: a plan that needs an
 * AWS API call fails, and the test can assert that nothing tried to reach the network.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../model/project';
import { TEST_RUN_VARIABLE } from './jest/leftovers';
import { TOOLCHAIN } from './toolchain';
import { folderEntries, zipEntries, type ZipEntry } from './zip';

export { PROJECT_ROOT };
/** Terraform binary: $TERRAFORM, else /usr/local/bin/terraform. */
export const TERRAFORM_BIN = TOOLCHAIN.terraform;
/** The hashicorp/aws filesystem mirror: $TF_PROVIDER_MIRROR, else /opt/tf-plugins (our machines). */
export const PROVIDER_MIRROR = TOOLCHAIN.providerMirror;
export const MIRRORED_PROVIDER = 'registry.terraform.io/hashicorp/aws';

/** One synthesised stack as the manifest lists it. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute folder of the stack in the synth output (cdktf.out/stacks/<name>). */
  readonly dir: string;
  /** Absolute path of cdk.tf.json or cdk.tf. */
  readonly file: string;
  /** Path of `dir` relative to the synth output folder, e.g. 'stacks/raffle-dev'. */
  readonly workingDirectory: string;
}

/** Fails (never skips) when terraform or the provider mirror is missing, saying what to install. */
export function assertTerraformToolchain(bin = TERRAFORM_BIN, mirror = PROVIDER_MIRROR): void {
  const version = spawnSync(bin, ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (version.error || version.status !== 0) {
    throw new Error(
      `terraform not runnable at ${bin} (${version.error?.message ?? version.stderr.trim()}): install Terraform >= 1.10 there or set $TERRAFORM`,
    );
  }
  const providerDir = path.join(mirror, MIRRORED_PROVIDER);
  if (!fs.existsSync(providerDir) || fs.readdirSync(providerDir).length === 0) {
    throw new Error(
      `provider mirror missing: ${providerDir} is empty or absent; run \`terraform providers mirror ${mirror}\` on a machine with registry access`,
    );
  }
}

// ---------------------------------------------------------------------------------------------- synth

/** Reads the stacks listed in `<outdir>/manifest.json`. */
export function readManifest(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; synthesizedStackPath: string; workingDirectory: string }>;
  };
  return Object.values(manifest.stacks).map((stack) => ({
    name: stack.name,
    dir: path.join(outdir, stack.workingDirectory),
    file: path.join(outdir, stack.synthesizedStackPath),
    workingDirectory: stack.workingDirectory,
  }));
}

/**
 * Runs the app command of cdktf.json exactly as `cdktf synth` does (same environment variables), but
 * without the CLI's start-up cost. JSON output.
 */
export function synthesizeApp(outdir: string, projectRoot = PROJECT_ROOT): SynthesizedStack[] {
  const { app } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'cdktf.json'), 'utf8')) as { app: string };
  fs.mkdirSync(outdir, { recursive: true });
  const result = spawnSync(app, {
    shell: true,
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, SYNTH_HCL_OUTPUT: 'false', CDKTF_CONTEXT_JSON: '{}', CHECKPOINT_DISABLE: '1' },
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(`synth (${app}) failed with ${result.status ?? result.signal}:\n${result.stderr}${result.stdout}`);
  return readManifest(outdir);
}

/** `npx cdktf synth [--hcl] --output <outdir>`: the real CLI, as an organiser runs it. */
export function synthesizeWithCli(
  outdir: string,
  options: { readonly hcl?: boolean } = {},
  projectRoot = PROJECT_ROOT,
): SynthesizedStack[] {
  const args = ['cdktf', 'synth', '--output', outdir, ...(options.hcl ? ['--hcl'] : [])];
  const result = spawnSync('npx', ['--no-install', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(`npx ${args.join(' ')} failed with ${result.status ?? result.signal}:\n${result.stderr}${result.stdout}`);
  return readManifest(outdir);
}

// ------------------------------------------------------------------------------- archive_file emulation

/** One `data "archive_file"` replaced by a zip made here. */
export interface EmulatedArchive {
  readonly name: string;
  readonly zipPath: string;
  readonly entries: number;
  /** The literal each `data.archive_file.<name>.<attribute>` reference became (HCL expression text). */
  readonly values: Readonly<Record<string, string>>;
}

interface ArchiveSpec {
  readonly type?: string;
  readonly source_dir?: string;
  readonly source_file?: string;
  readonly source_content?: string;
  readonly source_content_filename?: string;
  readonly excludes?: readonly string[];
  readonly output_path?: string;
}

/** Zips what an archive_file block describes (paths relative to `stackDir`) into `zipPath`. */
export function buildArchive(name: string, spec: ArchiveSpec, stackDir: string, zipPath: string): EmulatedArchive {
  if ((spec.type ?? 'zip') !== 'zip') throw new Error(`archive_file.${name}: only type "zip" is emulated, got ${spec.type}`);
  const unresolved = Object.entries(spec).filter(([, value]) => JSON.stringify(value).includes('${'));
  if (unresolved.length > 0)
    throw new Error(`archive_file.${name}: cannot emulate computed arguments ${unresolved.map(([key]) => key).join(', ')}`);
  let entries: ZipEntry[];
  if (spec.source_dir !== undefined) {
    const dir = path.resolve(stackDir, spec.source_dir);
    if (!fs.existsSync(dir))
      throw new Error(
        `archive_file.${name}: source_dir ${spec.source_dir} does not exist (resolved from the stack folder to ${dir}): were the functions built?`,
      );
    entries = folderEntries(dir, spec.excludes ?? []);
  } else if (spec.source_file !== undefined) {
    const file = path.resolve(stackDir, spec.source_file);
    entries = [{ name: path.basename(file), data: fs.readFileSync(file), mode: fs.statSync(file).mode & 0o777 }];
  } else if (spec.source_content !== undefined && spec.source_content_filename !== undefined) {
    entries = [{ name: spec.source_content_filename, data: Buffer.from(spec.source_content) }];
  } else {
    throw new Error(`archive_file.${name}: needs source_dir, source_file or source_content (+ source_content_filename)`);
  }
  const zip = zipEntries(entries);
  fs.mkdirSync(path.dirname(zipPath), { recursive: true });
  fs.writeFileSync(zipPath, zip);
  const digest = (algorithm: string, encoding: 'hex' | 'base64') => createHash(algorithm).update(zip).digest(encoding);
  const str = (value: string) => JSON.stringify(value);
  return {
    name,
    zipPath,
    entries: entries.length,
    values: {
      id: str(digest('sha1', 'hex')),
      output_path: str(zipPath),
      output_size: String(zip.length),
      output_md5: str(digest('md5', 'hex')),
      output_sha: str(digest('sha1', 'hex')),
      output_sha256: str(digest('sha256', 'hex')),
      output_base64sha256: str(digest('sha256', 'base64')),
      output_sha512: str(digest('sha512', 'hex')),
      output_base64sha512: str(digest('sha512', 'base64')),
    },
  };
}

/** Replaces every `data.archive_file.<name>.<attr>` in a string by its literal (HCL expression) value. */
export function replaceArchiveReferences(text: string, archives: readonly EmulatedArchive[]): string {
  return text.replace(/data\.archive_file\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/g, (reference, name: string, attribute: string) => {
    const archive = archives.find((a) => a.name === name);
    const value = archive?.values[attribute];
    if (value === undefined) throw new Error(`cannot emulate ${reference}: unknown archive or attribute`);
    return value;
  });
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function mapStrings(value: Json, map: (text: string) => Json): Json {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}

/** JSON stack (cdk.tf.json): archive_file blocks out, literals in, archive provider dropped. */
export function emulateArchivesInJson(
  config: Record<string, Json>,
  stackDir: string,
  archiveDir: string,
): { config: Record<string, Json>; archives: EmulatedArchive[] } {
  const data = (config.data ?? {}) as Record<string, Record<string, Json>>;
  const archives = Object.entries(data.archive_file ?? {}).map(([name, spec]) =>
    buildArchive(name, spec as ArchiveSpec, stackDir, path.join(archiveDir, `${name}.zip`)),
  );
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, Json>;
  const copyData = copy.data as Record<string, Json> | undefined;
  if (copyData) {
    delete copyData.archive_file;
    if (Object.keys(copyData).length === 0) delete copy.data;
  }
  const provider = copy.provider as Record<string, Json> | undefined;
  if (provider) delete provider.archive;
  const requiredProviders = (copy.terraform as Record<string, Record<string, Json>> | undefined)?.required_providers;
  if (requiredProviders) delete requiredProviders.archive;
  // A whole-string reference becomes the plain value; one inside a larger template a nested literal.
  const rewritten = mapStrings(copy, (text) => {
    const whole = /^\$\{data\.archive_file\.[A-Za-z0-9_-]+\.[a-z0-9_]+\}$/.test(text)
      ? replaceArchiveReferences(text.slice(2, -1), archives)
      : undefined;
    return whole !== undefined ? (JSON.parse(whole) as Json) : replaceArchiveReferences(text, archives);
  }) as Record<string, Json>;
  assertNoArchiveLeft(JSON.stringify(rewritten));
  return { config: rewritten, archives };
}

/**
 * HCL stack (cdk.tf, formatted by `cdktf synth --hcl`): same rewrite on the text. Top-level blocks of
 * formatted HCL start at column 0 and end with a `}` line at column 0.
 */
export function emulateArchivesInHcl(hcl: string, stackDir: string, archiveDir: string): { hcl: string; archives: EmulatedArchive[] } {
  const lines = hcl.split('\n');
  const kept: string[] = [];
  const archives: EmulatedArchive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = /^(data "archive_file" "([^"]+)"|provider "archive") \{\s*$/.exec(lines[i]);
    if (!header) {
      kept.push(lines[i]);
      continue;
    }
    const end = lines.indexOf('}', i + 1);
    if (end < 0) throw new Error(`unterminated block at line ${i + 1}: ${lines[i]}`);
    if (header[2] !== undefined) {
      archives.push(
        buildArchive(header[2], parseFlatHclBlock(lines.slice(i + 1, end)), stackDir, path.join(archiveDir, `${header[2]}.zip`)),
      );
    }
    i = end;
  }
  const withoutProvider = kept.join('\n').replace(/^[ \t]*archive = \{[^{}]*\}[ \t]*\n/m, '');
  // `"${data.archive_file.x.output_path}"` becomes the plain literal; other references nested literals.
  const wholeStrings = withoutProvider.replace(/"\$\{(data\.archive_file\.[A-Za-z0-9_-]+\.[a-z0-9_]+)\}"/g, (_match, reference: string) =>
    replaceArchiveReferences(reference, archives),
  );
  const rewritten = replaceArchiveReferences(wholeStrings, archives);
  assertNoArchiveLeft(rewritten);
  return { hcl: rewritten, archives };
}

/** `name = "literal"` and `name = ["a", "b"]` lines of an archive_file block. */
function parseFlatHclBlock(lines: readonly string[]): ArchiveSpec {
  const spec: Record<string, string | string[]> = {};
  for (const line of lines) {
    if (line.trim() === '') continue;
    const match = /^\s*([a-z_]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (!match) throw new Error(`archive_file: cannot read line ${JSON.stringify(line)}`);
    spec[match[1]] = JSON.parse(match[2]) as string | string[];
  }
  return spec;
}

function assertNoArchiveLeft(text: string): void {
  const left = /archive_file|hashicorp\/archive/.exec(text);
  if (left) throw new Error(`archive emulation left a reference behind near: ${text.slice(Math.max(0, left.index - 80), left.index + 80)}`);
}

// ------------------------------------------------------------------------------------- working copy

export interface WorkingCopy {
  readonly stack: SynthesizedStack;
  /** Temporary root standing in for the project root: its entries are symlinks to the project's. */
  readonly root: string;
  /** Where terraform runs: <root>/cdktf.out/<workingDirectory>, so relative paths resolve as in the project. */
  readonly dir: string;
  readonly cliConfigPath: string;
  readonly archives: readonly EmulatedArchive[];
  /** AWS provider aliases found (undefined = the default provider). */
  readonly awsProviderAliases: readonly (string | undefined)[];
}

/** The CLI config: hashicorp/aws from the mirror, nothing from the network. */
export function cliConfig(mirror = PROVIDER_MIRROR): string {
  return [
    'disable_checkpoint = true',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = [${JSON.stringify(MIRRORED_PROVIDER)}]`,
    '  }',
    '  direct {',
    `    exclude = [${JSON.stringify(MIRRORED_PROVIDER)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** override.tf.json: fake credentials and skip_* flags on each AWS provider, and a local backend. */
export function overrideConfig(awsProviderAliases: readonly (string | undefined)[], statePath: string): Record<string, Json> {
  const fake = {
    access_key: 'AKIAOFFLINEPLAN00000',
    secret_key: 'offline-plan-fake-secret',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    // Fail at once instead of backing off for minutes if something does try to call AWS.
    max_retries: 1,
  };
  return {
    provider: { aws: awsProviderAliases.map((alias) => (alias === undefined ? { ...fake } : { alias, ...fake })) },
    terraform: { backend: { local: { path: statePath } } },
  };
}

function awsAliasesInJson(config: Record<string, Json>): (string | undefined)[] {
  const aws = (config.provider as Record<string, Json> | undefined)?.aws;
  const blocks = (Array.isArray(aws) ? aws : aws ? [aws] : []) as Record<string, Json>[];
  return blocks.map((block) => (typeof block.alias === 'string' ? block.alias : undefined));
}

function awsAliasesInHcl(hcl: string): (string | undefined)[] {
  const blocks = hcl.match(/^provider "aws" \{\n[\s\S]*?^\}$/gm) ?? [];
  return blocks.map((block) => /^\s*alias\s*=\s*"([^"]+)"/m.exec(block)?.[1]);
}

export interface WorkingCopyOptions {
  readonly tmpRoot?: string;
  readonly projectRoot?: string;
  /** override.tf.json for the copy. @default overrideConfig: fake credentials and a local backend (offline plans) */
  readonly override?: (awsProviderAliases: readonly (string | undefined)[], root: string) => Record<string, Json>;
}

/** Copies one synthesised stack into a fresh temporary project root and prepares it for offline terraform. */
export function prepareWorkingCopy(stack: SynthesizedStack, options: WorkingCopyOptions = {}): WorkingCopy {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const root = options.tmpRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), `tf-${stack.name}-`));
  // Relative paths in the output (../../../dist/...) are meant for <project>/cdktf.out/stacks/<stack>:
  // mirror that layout, with the project's folders linked (read-only use) next to the copy.
  for (const entry of fs.readdirSync(projectRoot)) {
    if (entry === 'cdktf.out' || entry === '.git') continue;
    fs.symlinkSync(path.join(projectRoot, entry), path.join(root, entry));
  }
  const dir = path.join(root, 'cdktf.out', stack.workingDirectory);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(stack.dir, dir, { recursive: true });
  const archiveDir = path.join(root, '.archives');

  let archives: EmulatedArchive[];
  let aliases: (string | undefined)[];
  const file = path.join(dir, path.basename(stack.file));
  if (file.endsWith('.json')) {
    const result = emulateArchivesInJson(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Json>, dir, archiveDir);
    fs.writeFileSync(file, JSON.stringify(result.config, null, 2));
    archives = result.archives;
    aliases = awsAliasesInJson(result.config);
  } else {
    const result = emulateArchivesInHcl(fs.readFileSync(file, 'utf8'), dir, archiveDir);
    fs.writeFileSync(file, result.hcl);
    archives = result.archives;
    aliases = awsAliasesInHcl(result.hcl);
  }
  if (aliases.length === 0) throw new Error(`${stack.name}: no provider "aws" block found`);
  const override = options.override?.(aliases, root) ?? overrideConfig(aliases, path.join(root, 'terraform.tfstate'));
  fs.writeFileSync(path.join(dir, 'override.tf.json'), JSON.stringify(override, null, 2));
  const cliConfigPath = path.join(root, 'terraform.rc');
  fs.writeFileSync(cliConfigPath, cliConfig());
  return { stack, root, dir, cliConfigPath, archives, awsProviderAliases: aliases };
}

// ------------------------------------------------------------------------------- network trap + runs

/** An HTTP(S) proxy that refuses and records every request: proof that terraform made no network call. */
export interface NetworkTrap {
  readonly url: string;
  readonly attempts: readonly string[];
  close(): Promise<void>;
}

export function startNetworkTrap(): Promise<NetworkTrap> {
  const attempts: string[] = [];
  const server = http.createServer((req, res) => {
    attempts.push(`${req.method} ${req.url}`);
    res.writeHead(403).end('offline test: no network');
  });
  server.on('connect', (req, socket) => {
    attempts.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        attempts,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export interface TerraformResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformExit extends TerraformResult {
  /** Exit code (plan -detailed-exitcode: 0 no changes, 1 error, 2 changes); null when killed. */
  readonly code: number | null;
}

/**
 * Runs terraform in the working copy with a clean environment: no AWS_* variables of the developer,
 * the offline CLI config, and every connection sent to the trap (Go never proxies loopback, so a local
 * emulator is still reached directly). The test run's marker is passed on, so that the run's teardown
 * finds a terraform (and its provider plugins) a failed or interrupted test left running. Resolves with
 * the exit code, whatever it is.
 */
export function terraformExit(copy: WorkingCopy, args: readonly string[], trap: NetworkTrap, timeoutMs = 120_000): Promise<TerraformExit> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: copy.root,
    TF_CLI_CONFIG_FILE: copy.cliConfigPath,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    AWS_EC2_METADATA_DISABLED: 'true',
    HTTPS_PROXY: trap.url,
    HTTP_PROXY: trap.url,
    https_proxy: trap.url,
    http_proxy: trap.url,
    ...(process.env[TEST_RUN_VARIABLE] ? { [TEST_RUN_VARIABLE]: process.env[TEST_RUN_VARIABLE] } : {}),
    // Terraform and the AWS provider (which inherits it) spend a quarter of their CPU collecting garbage
    // while they load the provider's schema and plan: a lazier collector saves that for about 0.5 GB more
    // per command (BENCHMARKS.md, "Test times").
    GOGC: '400',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM_BIN, [...args], { cwd: copy.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** terraformExit, rejecting with stderr unless terraform exits 0. */
export async function terraform(
  copy: WorkingCopy,
  args: readonly string[],
  trap: NetworkTrap,
  timeoutMs = 120_000,
): Promise<TerraformResult> {
  const result = await terraformExit(copy, args, trap, timeoutMs);
  if (result.code !== 0)
    throw new Error(
      `terraform ${args.join(' ')} in ${copy.stack.name} failed (${result.code ?? 'killed'}):\n${result.stderr}${result.stdout}`,
    );
  return result;
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly Diagnostic[];
}

export interface PlannedChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly provider_name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly after?: Record<string, any> | null; // provider-specific shape
    /** `true` (or nested trues) where the value is only known after apply. */
    readonly after_unknown?: Record<string, any>;
  };
}

interface ConfigExpression {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

export interface ConfiguredResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly provider_config_key: string;
  readonly expressions?: Readonly<Record<string, unknown>>;
}

export interface PlanJson {
  readonly format_version: string;
  readonly errored?: boolean;
  readonly resource_changes?: readonly PlannedChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
  readonly configuration?: {
    readonly provider_config?: Readonly<
      Record<string, { readonly name: string; readonly alias?: string; readonly expressions?: Readonly<Record<string, ConfigExpression>> }>
    >;
    readonly root_module: { readonly resources?: readonly ConfiguredResource[] };
  };
}

export async function init(copy: WorkingCopy, trap: NetworkTrap): Promise<void> {
  await terraform(copy, ['init', '-input=false', '-no-color'], trap);
}

export async function validate(copy: WorkingCopy, trap: NetworkTrap): Promise<ValidateResult> {
  // validate -json exits 1 on errors; keep the JSON either way.
  try {
    return JSON.parse((await terraform(copy, ['validate', '-json', '-no-color'], trap)).stdout) as ValidateResult;
  } catch (err) {
    const json = /\{[\s\S]*\}\s*$/.exec((err as Error).message)?.[0];
    if (json) return JSON.parse(json) as ValidateResult;
    throw err;
  }
}

/**
 * `terraform plan -refresh=false` into a saved plan, read back with `terraform show -json`, with the
 * plan's diagnostics: a plan validates the configuration first, so they are `terraform validate`'s and more.
 */
export async function plan(copy: WorkingCopy, trap: NetworkTrap): Promise<PlanJson & { readonly diagnostics: readonly Diagnostic[] }> {
  const planFile = path.join(copy.root, 'tfplan');
  const { stdout } = await terraform(copy, ['plan', '-json', '-refresh=false', '-input=false', '-lock=false', `-out=${planFile}`], trap);
  const diagnostics = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type?: string; diagnostic?: Diagnostic })
    .flatMap((message) => (message.type === 'diagnostic' && message.diagnostic ? [message.diagnostic] : []));
  const shown = JSON.parse((await terraform(copy, ['show', '-json', planFile], trap)).stdout) as PlanJson;
  return { ...shown, diagnostics };
}

/** Planned managed resources, counted by type. */
export function countByType(planJson: PlanJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of planJson.resource_changes ?? []) {
    if (change.mode === 'managed') counts[change.type] = (counts[change.type] ?? 0) + 1;
  }
  return counts;
}

/** Planned managed resources of one type, with their planned values. */
export function resourcesOfType(planJson: PlanJson, type: string): PlannedChange[] {
  return (planJson.resource_changes ?? []).filter((change) => change.mode === 'managed' && change.type === type);
}

/** The resource addresses an attribute of a configured resource refers to, e.g. a route's api_id. */
export function referencesOf(planJson: PlanJson, address: string, attribute: string): readonly string[] {
  const resource = planJson.configuration?.root_module.resources?.find((r) => r.address === address);
  return (resource?.expressions?.[attribute] as ConfigExpression | undefined)?.references ?? [];
}

export function removeWorkingCopy(copy: WorkingCopy): void {
  fs.rmSync(copy.root, { recursive: true, force: true });
}
