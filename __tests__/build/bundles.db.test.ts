/**
 * The bundles that are deployed (build/functions.ts), as the run's global set-up built them.
 * GIVEN each function's folder under dist/functions (what archive_file zips)
 * WHEN its index.js is loaded in a fresh Node process, as a cold start loads it
 * THEN it exports `handler`, and loads no file of the folder but itself;
 * AND the draw function's files that only some draws need (the BLS verification and ranking, the S3
 *     and Lambda clients of a verifiable draw, the Scheduler client a draw by hand deletes its raffle's
 *     schedule with) are files of their own beside it, each loadable with what the draw takes from it,
 *     and not loaded until used.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundleDir, FUNCTION_NAMES } from '../../model/functions';
import { PROJECT_ROOT } from '../../model/project';

/** What loading `file` in a fresh process exports, and which files of its folder it loaded. */
function coldLoad(file: string): { exports: string[]; loaded: string[] } {
  const script = `
    const m = require(${JSON.stringify(file)});
    const dir = require('path').dirname(${JSON.stringify(file)});
    const loaded = Object.keys(require.cache).filter((f) => require('path').dirname(f) === dir).map((f) => require('path').basename(f));
    process.stdout.write(JSON.stringify({ exports: Object.keys(m).sort(), loaded: loaded.sort() }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { exports: string[]; loaded: string[] };
}

const folder = (name: (typeof FUNCTION_NAMES)[number]) => path.join(PROJECT_ROOT, bundleDir(name));

test.each(FUNCTION_NAMES)('%s: a cold start loads index.js alone, and it exports the handler', (name) => {
  const { exports, loaded } = coldLoad(path.join(folder(name), 'index.js'));
  expect(exports).toEqual(expect.arrayContaining(['createHandler', 'handler']));
  expect(loaded).toEqual(['index.js']);
});

test('draw: what only some draws need is in files of their own, loadable, with what the draw takes from them', () => {
  const scripts = fs.readdirSync(folder('draw')).filter((f) => f.endsWith('.js'));
  expect(scripts.sort()).toEqual(['draw-scheduler.js', 'index.js', 'selection.js', 'verifiable-aws.js']);
  expect(coldLoad(path.join(folder('draw'), 'draw-scheduler.js')).exports).toEqual(expect.arrayContaining(['schedulerDrawScheduler']));
  expect(coldLoad(path.join(folder('draw'), 'verifiable-aws.js')).exports).toEqual(['lambdaSelfInvoker', 's3Publisher']);
  expect(coldLoad(path.join(folder('draw'), 'selection.js')).exports).toEqual(expect.arrayContaining(['rank', 'verifyBeacon']));
});

test('no other function has a file besides index.js', () => {
  for (const name of FUNCTION_NAMES.filter((n) => n !== 'draw')) {
    expect({ name, scripts: fs.readdirSync(folder(name)).filter((f) => f.endsWith('.js')) }).toEqual({ name, scripts: ['index.js'] });
  }
});
