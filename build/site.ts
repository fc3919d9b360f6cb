/**
 * Builds the pages' share of the model into dist/site/: messages.js (every language's words and
 * `translate`, from model/i18n.ts) and rules.js (what an entry must be, from model/entrant.ts). Each is
 * an ES module the pages import like their own (site/assets.ts publishes them beside site/'s files), so
 * the form refuses exactly what the apply function refuses and speaks the emails' words: one definition.
 */
import { build } from 'esbuild';
import * as path from 'path';
import { PROJECT_ROOT } from '../model/project';
import { GENERATED_SITE_MODULES, GENERATED_SITE_DIR } from '../site/assets';

export async function buildSite(): Promise<void> {
  await Promise.all(
    Object.entries(GENERATED_SITE_MODULES).map(([file, entry]) =>
      build({
        entryPoints: [path.join(PROJECT_ROOT, entry)],
        outfile: path.join(GENERATED_SITE_DIR, file),
        bundle: true,
        platform: 'browser',
        format: 'esm',
        // The browsers the pages support: what Intl.PluralRules and Unicode property escapes need.
        target: ['chrome100', 'firefox100', 'safari15'],
        minify: true,
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  );
}
