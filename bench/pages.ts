/**
 * `npm run bench:pages`: what each page costs to load, in bytes, after `npm run build`: every script it
 * loads and every module those import (followed as the browser does), raw and gzipped (CloudFront
 * compresses), with the two modules built from the model (messages.js, rules.js) on their own. For the
 * entry rules, the phone metadata's share: rules.js as built (libphonenumber's full "max" metadata, what
 * the apply function checks with) against the same bundle with the "min" metadata, built in this run.
 */
import { build } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { buildSite } from '../build/site';
import { PROJECT_ROOT } from '../model/project';
import { GENERATED_SITE_MODULES, listSiteFiles, siteFileSource } from '../site/assets';

const read = (name: string): Buffer => fs.readFileSync(path.join(PROJECT_ROOT, siteFileSource(name)));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The page's scripts and every module they import, each once. */
function loads(page: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const text = read(file).toString('utf8');
    const names = file.endsWith('.html')
      ? [...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])
      : [
          ...text.matchAll(/(?:^|[;}])\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
          ...text.matchAll(/\bimport\(['"]([^'"]+)['"]\)/g),
        ].map((m) => m[1]);
    for (const name of names.map((n) => n.replace(/^\.\//, ''))) {
      if (seen.has(name) || name === 'config.js') continue;
      seen.add(name);
      visit(name);
    }
  };
  visit(page);
  return [...seen];
}

async function main(): Promise<void> {
  await buildSite();
  const rows = listSiteFiles()
    .filter((f) => f.endsWith('.html'))
    .map((page) => {
      const files = [page, ...loads(page), 'style.css'];
      const raw = files.reduce((n, f) => n + read(f).length, 0);
      const gz = files.reduce((n, f) => n + gzipSync(read(f)).length, 0);
      return `| \`${page}\` | ${files.length} | ${kb(raw)} | ${kb(gz)} |`;
    });
  console.log('| page | files | raw | gzipped |\n|---|---|---|---|\n' + rows.join('\n'));

  const generated = Object.keys(GENERATED_SITE_MODULES).map(
    (f) => `| \`${f}\` | ${kb(read(f).length)} | ${kb(gzipSync(read(f)).length)} |`,
  );
  console.log('\n| generated module | raw | gzipped |\n|---|---|---|\n' + generated.join('\n'));

  const min = await build({
    entryPoints: [path.join(PROJECT_ROOT, GENERATED_SITE_MODULES['rules.js'])],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    alias: { 'libphonenumber-js/max': 'libphonenumber-js/min' },
  });
  const minBytes = Buffer.from(min.outputFiles[0].contents);
  const maxBytes = read('rules.js');
  console.log(
    `\nrules.js with "max" metadata ${kb(gzipSync(maxBytes).length)} gzipped, with "min" ${kb(gzipSync(minBytes).length)}: ` +
      `max/min = ${(gzipSync(maxBytes).length / gzipSync(minBytes).length).toFixed(2)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
