/**
 * bench/bundles: each function's zipped bundle size and cold module-load time.
 *
 * Size: the bundle esbuild writes to dist/functions/<name>/index.js, deflated as archive_file's zip
 * does (deflate + the zip's local header, central directory entry and end record).
 * Load time: a fresh `node` process per sample times `require()` of the bundle, which includes loading
 * @aws-sdk/client-dynamodb (on Lambda it comes from the runtime, uncompiled, just the same).
 *
 *   npm run bench:bundles [-- --samples 7]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deflateRawSync } from 'zlib';
import { bundleDir, FUNCTION_NAMES } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { buildFunctions } from '../scripts/build-functions';
import { median } from './lib/measure';

const SAMPLES = Number(process.argv[process.argv.indexOf('--samples') + 1]) || 7;
const ZIP_SIZE_TARGET = 100 * 1024;
const LOAD_MS_TARGET = 100;

/** Bytes a single-file zip of `data` named `name` takes: local header + data + central entry + end record. */
function zippedSize(name: string, data: Buffer): number {
  return 30 + name.length + deflateRawSync(data).length + 46 + name.length + 22;
}

function coldLoadMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' }));
}

buildFunctions();
console.log(`function  bundle     zipped    cold load (median of ${SAMPLES} fresh processes)`);
let ok = true;
for (const name of FUNCTION_NAMES) {
  const file = path.join(PROJECT_ROOT, bundleDir(name), 'index.js');
  const data = fs.readFileSync(file);
  const zipped = zippedSize('index.js', data);
  const loadMs = median(Array.from({ length: SAMPLES }, () => coldLoadMs(file)));
  ok &&= zipped < ZIP_SIZE_TARGET && loadMs < LOAD_MS_TARGET;
  console.log(
    `${name.padEnd(9)} ${(data.length / 1024).toFixed(1).padStart(6)} KB ${(zipped / 1024).toFixed(1).padStart(6)} KB ${loadMs.toFixed(1).padStart(9)} ms`,
  );
}
console.log(`targets: zipped < ${ZIP_SIZE_TARGET / 1024} KB, load < ${LOAD_MS_TARGET} ms: ${ok ? 'met' : 'NOT met'}`);
