/**
 * Bundles each handler in functions/ with esbuild into dist/functions/<name>/index.js: the folder the
 * function construct zips with archive_file and the local runtime loads. Same bytes in both places.
 *
 * The AWS SDK v3 is part of the Lambda Node.js runtime, so it stays external (keeps bundles small);
 * locally it resolves from node_modules. Target node18 keeps the code free of newer APIs even though
 * the functions deploy on nodejs22.x.
 */
import { buildSync } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { bundleDir, FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';

export const FUNCTIONS_BUILD_DIR = path.join(PROJECT_ROOT, 'dist', 'functions');

export function buildFunctions(names: readonly FunctionName[] = FUNCTION_NAMES): void {
  for (const name of names) {
    const outfile = path.join(PROJECT_ROOT, bundleDir(name), 'index.js');
    const result = buildSync({
      entryPoints: [path.join(PROJECT_ROOT, FUNCTIONS[name].entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      external: ['@aws-sdk/*'],
      logLevel: 'error',
      write: false,
    });
    // Write then rename: tests and the local runtime may build and load the same bundle from several
    // processes at once, and a reader must never see a half-written file.
    fs.mkdirSync(path.dirname(outfile), { recursive: true });
    // The temporary file sits outside the bundle folder, so a crash can never leave it in the zip.
    const tmp = path.join(FUNCTIONS_BUILD_DIR, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, result.outputFiles[0].contents);
    fs.renameSync(tmp, outfile);
  }
}

if (require.main === module) {
  buildFunctions();
}
