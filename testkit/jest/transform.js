/**
 * Jest transformer: strips TypeScript with esbuild (already the functions' bundler), without
 * type-checking. `npm test` runs `tsc --noEmit` once instead, so a type error still fails the suite
 * without every worker re-checking the tree. The tests use no jest.mock, so no hoisting is needed.
 */
const { transformSync } = require('esbuild');
const { createHash } = require('crypto');
const { readFileSync } = require('fs');
const { version } = require('esbuild/package.json');

// The key covers esbuild's version and this file, so changing the options invalidates jest's cache.
const TRANSFORMER_KEY = createHash('sha256').update(version).update(readFileSync(__filename)).digest('hex');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      // import() must become require() so modules load through jest's registry, not Node's ESM loader.
      supported: { 'dynamic-import': false },
      sourcemap: 'external',
      sourcefile: sourcePath,
    });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256').update(TRANSFORMER_KEY).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
