/**
 * `npm run bench:bundles [-- --samples 9] [--against <git revision>]`: each function built two ways,
 * measured in one run, alternating:
 *   - external: the AWS SDK left out, loaded from the Lambda runtime (here from node_modules, the same
 *     unbundled files), so its version is whatever AWS ships that day;
 *   - bundled: the SDK inside the bundle, tree-shaken and minified, with a source map, so the version
 *     deployed is the one package-lock.json pins and the tests ran.
 * With --against, a third: the bundles of another revision (built by its own `npm run build` in a
 * temporary worktree), so a change is compared with what it changes in the same run.
 * For each: the zipped size (as archive_file zips the folder, every file in it) and the cold load, a
 * fresh `node` process timing `require()` of index.js (all its module-level code: what every cold start
 * does before the handler runs; a file the bundle loads only later is not loaded).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deflateRawSync } from 'zlib';
import { buildFunctions } from '../build/functions';
import { bundleDir, FUNCTION_NAMES } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { median } from './lib/measure';

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const SAMPLES = Number(argument('--samples') ?? 9);
const AGAINST = argument('--against');

/** Bytes of a zip of these files: local header + deflated data + central entry each, and the end record. */
function zippedSize(folder: string): number {
  return fs.readdirSync(folder).reduce((sum, name) => {
    const data = fs.readFileSync(path.join(folder, name));
    return sum + 30 + name.length + deflateRawSync(data).length + 46 + name.length;
  }, 22);
}

/** One cold start: require the bundle (its module-level code runs) in a process that has loaded nothing. */
function coldLoadMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  // cwd is the project, so an external SDK resolves from node_modules as it would from the runtime's.
  return Number(
    execFileSync(process.execPath, ['-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_REGION: 'eu-west-1' },
    }),
  );
}

/** Another revision's bundles, built by its own build script in a worktree beside ours (removed after). */
function buildRevision(revision: string, tmp: string): string {
  const tree = path.join(tmp, 'against');
  execFileSync('git', ['worktree', 'add', '--detach', tree, revision], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: tree, stdio: 'ignore' });
  return tree;
}

async function main(): Promise<void> {
  // Inside the project (in the gitignored .local/), so an external SDK resolves from node_modules.
  fs.mkdirSync(path.join(PROJECT_ROOT, '.local'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(PROJECT_ROOT, '.local', 'bench-bundles-'));
  try {
    const roots: Record<string, string> = { external: path.join(tmp, 'external'), bundled: path.join(tmp, 'bundled') };
    await buildFunctions(FUNCTION_NAMES, { bundleSdk: false, outRoot: roots.external });
    await buildFunctions(FUNCTION_NAMES, { bundleSdk: true, outRoot: roots.bundled });
    if (AGAINST) roots[AGAINST] = buildRevision(AGAINST, tmp);
    const ways = Object.keys(roots);
    const loads: Record<string, number[]> = {};
    for (let i = 0; i < SAMPLES; i++) {
      for (const name of FUNCTION_NAMES) {
        for (const way of ways) (loads[`${name} ${way}`] ??= []).push(coldLoadMs(path.join(roots[way], bundleDir(name), 'index.js')));
      }
    }
    console.log(`| function | way | zipped | cold load (median of ${SAMPLES}) |`);
    console.log('|---|---|---|---|');
    const ratios: string[] = [];
    const against: string[] = [];
    for (const name of FUNCTION_NAMES) {
      const row = (way: string) => ({ zipped: zippedSize(path.join(roots[way], bundleDir(name))), load: median(loads[`${name} ${way}`]) });
      const rows = Object.fromEntries(ways.map((way) => [way, row(way)]));
      for (const way of ways)
        console.log(`| ${name} | ${way} | ${(rows[way].zipped / 1024).toFixed(1)} KB | ${rows[way].load.toFixed(1)} ms |`);
      ratios.push(`${name} ${(rows.bundled.load / rows.external.load).toFixed(2)}`);
      if (AGAINST) against.push(`${name} ${(rows.bundled.load / rows[AGAINST].load).toFixed(2)}`);
    }
    console.log(`\ncold load, bundled / external: ${ratios.join(', ')}`);
    if (AGAINST) console.log(`cold load, bundled / ${AGAINST}: ${against.join(', ')}`);
  } finally {
    if (AGAINST && fs.existsSync(path.join(tmp, 'against')))
      execFileSync('git', ['worktree', 'remove', '--force', path.join(tmp, 'against')], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
