/**
 * `npm run bench:bundles [-- --samples 9]`: each function built two ways, measured in one run, alternating:
 *   - external: the AWS SDK left out, loaded from the Lambda runtime (here from node_modules, the same
 *     unbundled files), so its version is whatever AWS ships that day;
 *   - bundled: the SDK inside the bundle, tree-shaken and minified, with a source map, so the version
 *     deployed is the one package-lock.json pins and the tests ran.
 * For each: the zipped size (as archive_file zips the folder, source map included) and the cold load, a
 * fresh `node` process timing `require()` of the bundle (all its module-level code: what every cold
 * start does before the handler runs).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deflateRawSync } from 'zlib';
import { bundleDir, FUNCTION_NAMES } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { buildFunctions } from '../build/functions';
import { median } from './lib/measure';

const samplesArg = process.argv.indexOf('--samples');
const SAMPLES = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 9;
const WAYS = ['external', 'bundled'] as const;
type Way = (typeof WAYS)[number];

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

// Inside the project (in the gitignored .local/), so an external SDK resolves from node_modules.
fs.mkdirSync(path.join(PROJECT_ROOT, '.local'), { recursive: true });
const tmp = fs.mkdtempSync(path.join(PROJECT_ROOT, '.local', 'bench-bundles-'));
try {
  const roots: Record<Way, string> = { external: path.join(tmp, 'external'), bundled: path.join(tmp, 'bundled') };
  buildFunctions(FUNCTION_NAMES, { bundleSdk: false, outRoot: roots.external });
  buildFunctions(FUNCTION_NAMES, { bundleSdk: true, outRoot: roots.bundled });
  const loads: Record<string, number[]> = {};
  for (let i = 0; i < SAMPLES; i++) {
    for (const name of FUNCTION_NAMES) {
      for (const way of WAYS) (loads[`${name} ${way}`] ??= []).push(coldLoadMs(path.join(roots[way], bundleDir(name), 'index.js')));
    }
  }
  console.log(`| function | way | zipped | cold load (median of ${SAMPLES}) |`);
  console.log('|---|---|---|---|');
  const ratios: string[] = [];
  for (const name of FUNCTION_NAMES) {
    const row = (way: Way) => ({ zipped: zippedSize(path.join(roots[way], bundleDir(name))), load: median(loads[`${name} ${way}`]) });
    const rows = { external: row('external'), bundled: row('bundled') };
    for (const way of WAYS)
      console.log(`| ${name} | ${way} | ${(rows[way].zipped / 1024).toFixed(1)} KB | ${rows[way].load.toFixed(1)} ms |`);
    ratios.push(`${name} ${(rows.bundled.load / rows.external.load).toFixed(2)}`);
  }
  console.log(`\ncold load, bundled / external: ${ratios.join(', ')}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
