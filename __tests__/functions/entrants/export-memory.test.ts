/**
 * GIVEN the entrants export (functions/entrants/export.ts) fed 100,000 synthetic entrants a page at a
 *       time, as the index pages arrive (testkit/synthetic-export.ts), in a process of its own whose
 *       JavaScript heap is 16 MB
 * WHEN it exports them (CSV, gzip)
 * THEN it completes, with every entrant in the CSV exactly once: rows are written as the pages arrive and
 *      only the compressed output is kept. The same export handed every entrant at once (as an export
 *      that did not stream would gather them) runs out of that heap: the bound is tight enough to fail.
 *
 * The export of 100,000 entrants from DynamoDB Local through the deployed bundle, with its time and peak
 * memory, is bench/export.ts.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { gunzipSync } from 'zlib';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../../../model/project';

const ENTRANTS = 100_000;
/**
 * The heap the export runs in. Streaming needs well under half of it (it completes in 8 MB); 100,000
 * entrants gathered need about three times as much.
 */
const HEAP_MB = 16;
/** A ceiling for the child on a machine three times as busy as usual (it takes seconds), not a measure. */
const CHILD_CEILING_MS = 90_000;

const run = promisify(execFile);
let tmp: string;
let script: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-export-memory-'));
  // Bundled, so the child's heap holds the export and nothing of a TypeScript loader.
  script = path.join(tmp, 'synthetic-export.js');
  await build({
    entryPoints: [path.join(PROJECT_ROOT, 'testkit', 'synthetic-export.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'error',
  });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the export in a child with a HEAP_MB heap: its output, or how it failed. */
async function exportInSmallHeap(mode: 'stream' | 'gather'): Promise<{ ok: true; stdout: string } | { ok: false; stderr: string }> {
  const args = [`--max-old-space-size=${HEAP_MB}`, script, String(ENTRANTS), path.join(tmp, `${mode}.csv.gz`)];
  try {
    const { stdout } = await run(process.execPath, mode === 'gather' ? [...args, '--gather'] : args, {
      timeout: CHILD_CEILING_MS,
      encoding: 'utf8',
    });
    return { ok: true, stdout };
  } catch (err) {
    return { ok: false, stderr: String((err as { stderr?: string }).stderr ?? err) };
  }
}

test(`exports ${ENTRANTS.toLocaleString('en')} entrants, every one once, within a ${HEAP_MB} MB heap`, async () => {
  const result = await exportInSmallHeap('stream');
  if (!result.ok) throw new Error(`the export did not complete in a ${HEAP_MB} MB heap:\n${result.stderr.slice(-2000)}`);
  const measured = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}');
  expect(measured).toMatchObject({ fits: true, rows: ENTRANTS });

  const lines = gunzipSync(fs.readFileSync(path.join(tmp, 'stream.csv.gz')))
    .toString('utf8')
    .split('\r\n');
  expect(lines[0]).toBe('\ufeffemail,name,phone,entered_at,won,won_draw_id,won_at,voided_at');
  expect(lines[lines.length - 1]).toBe('');
  const emails = lines.slice(1, -1).map((l) => l.split(',')[0]);
  expect(emails).toHaveLength(ENTRANTS);
  expect(new Set(emails).size).toBe(ENTRANTS);
  // API Gateway takes at most 6 MB from a function, base64 included.
  expect(Math.ceil(measured.bytes / 3) * 4).toBeLessThan(6 * 1024 * 1024);
});

test(`the same export handed every entrant at once runs out of the ${HEAP_MB} MB heap (the bound can fail)`, async () => {
  const result = await exportInSmallHeap('gather');
  expect(result.ok).toBe(false);
  expect(result.ok ? '' : result.stderr).toMatch(/heap out of memory|Reached heap limit/);
});
