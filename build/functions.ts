/**
 * Bundles each handler in functions/ with esbuild into dist/functions/<name>/index.js (and its source
 * map): the folder the function construct zips with archive_file and the local runtime loads. Same
 * bytes in both places, and the ones the tests run.
 *
 * A dynamic import() of the project's own code becomes a file of its own beside index.js, loaded only
 * when that code first runs: the draw's BLS verification and ranking (verify/selection.ts, with
 * @noble/curves) and its S3 and Lambda clients (functions/draw/lazy-adapters.ts) cost a fast draw nothing.
 *
 * The AWS SDK is bundled, from its ES modules so it tree-shakes: the version deployed is the one
 * package-lock.json pins and the tests ran, not whatever the Lambda runtime ships that day, and a cold
 * start loads faster than the runtime's own copy (BENCHMARKS.md, "Bundles"). Target node18 keeps the
 * code free of newer APIs even though the functions deploy on nodejs22.x.
 */
import { build, type BuildOptions as EsbuildOptions, type Plugin } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { bundleDir, FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';

export interface BuildOptions {
  /** Bundle the AWS SDK (tree-shaken, with a source map); false loads the Lambda runtime's, as the benchmark compares. */
  readonly bundleSdk: boolean;
  /** Folder standing in for the project root's `dist/functions` parent. @default PROJECT_ROOT */
  readonly outRoot?: string;
}

export async function buildFunctions(
  names: readonly FunctionName[] = FUNCTION_NAMES,
  options: BuildOptions = { bundleSdk: true },
): Promise<void> {
  const outRoot = options.outRoot ?? PROJECT_ROOT;
  await Promise.all(
    names.map(async (name) => {
      const outDir = path.join(outRoot, bundleDir(name));
      const lazy = new Map<string, string>();
      await bundle(name, path.join(PROJECT_ROOT, FUNCTIONS[name].entry), path.join(outDir, 'index.js'), options, lazyModules(lazy));
      // Each lazily loaded module is bundled on its own; it shares nothing with index.js but pure code.
      for (const [source, file] of lazy) await bundle(name, source, path.join(outDir, file), options);
      // A file an earlier build made and this one did not (a lazy module since renamed) is never zipped.
      const made = new Set(['index.js', ...lazy.values()].flatMap((file) => [file, `${file}.map`]));
      for (const file of fs.readdirSync(outDir)) if (!made.has(file)) fs.rmSync(path.join(outDir, file), { force: true });
    }),
  );
}

/** Turns each dynamic import() of the project's own code into a require() of a file of its own, recorded in `lazy`. */
function lazyModules(lazy: Map<string, string>): Plugin {
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        // The SDK's own dynamic imports stay inline, as before.
        if (args.kind !== 'dynamic-import' || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: 'import-statement' });
        const file = `${path.basename(resolved.path).replace(/\.[cm]?[jt]s$/, '')}.js`;
        lazy.set(resolved.path, file);
        return { path: `./${file}`, external: true };
      });
    },
  };
}

async function bundle(name: FunctionName, entry: string, outfile: string, options: BuildOptions, plugin?: Plugin): Promise<void> {
  const settings: EsbuildOptions = {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    external: options.bundleSdk ? [] : ['@aws-sdk/*'],
    sourcemap: options.bundleSdk ? 'external' : false,
    // The map names the source lines; the sources themselves are in the repository.
    sourcesContent: false,
    // The SDK's ES modules tree-shake; its CommonJS build would be bundled whole.
    mainFields: options.bundleSdk ? ['module', 'main'] : undefined,
    // The SDK loads node:http lazily with import(); as require() it runs in any CommonJS host, the
    // local runtime's test sandbox included, and on Lambda just the same.
    supported: { 'dynamic-import': false },
    plugins: plugin ? [plugin] : [],
    logLevel: 'error',
    write: false,
  };
  const result = await build(settings);
  // Write then rename: tests and the local runtime may build and load the same bundle from several
  // processes at once, and a reader must never see a half-written file. The temporary files sit
  // outside the bundle folder, so a crash can never leave one in the zip.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  for (const output of result.outputFiles ?? []) {
    const tmp = path.join(path.dirname(path.dirname(outfile)), `.${name}.${path.basename(output.path)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, output.contents);
    fs.renameSync(tmp, output.path);
  }
}
