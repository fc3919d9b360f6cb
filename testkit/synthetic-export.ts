/**
 * The entrants export (functions/entrants/export.ts, exportCsv) over synthetic entrants, with no database:
 * pages of PAGE_SIZE entrants made one at a time by a generator, as the index pages arrive. The export's
 * memory test runs it in a child process with a small JavaScript heap, to show that the export streams.
 * With --gather it first collects every entrant, as an export that did not stream would: the negative
 * control, which the same heap cannot hold.
 *
 *   node --max-old-space-size=<MB> <this file, bundled> <entrants> <body-file> [--gather]
 *
 * Writes the answer's body (gzip) to <body-file> and prints one JSON line: {fits, rows, bytes}.
 */
import * as fs from 'fs';
import type { EntrantView } from '../model/api';
import { exportCsv } from '../functions/entrants/export';

/** About what one index page of entrants holds (1 MB of items). */
export const PAGE_SIZE = 1000;

/** Entrant `i`, every field distinct from the next entrant's, as real entrants are. */
export function syntheticEntrant(i: number): EntrantView {
  return {
    email: `entrant-${i}@example.com`,
    name: `Entrant ${i}`,
    phone: `+1415${String(i).padStart(7, '0')}`,
    enteredAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    won: i % 100 === 0,
    wonDrawId: i % 100 === 0 ? `d${i}` : null,
    wonAt: null,
    voidedAt: null,
  };
}

/** The entrants 0..count-1, a page at a time: only the page being written exists. */
export async function* syntheticPages(count: number): AsyncGenerator<EntrantView[]> {
  for (let start = 0; start < count; start += PAGE_SIZE) {
    yield Array.from({ length: Math.min(PAGE_SIZE, count - start) }, (_, j) => syntheticEntrant(start + j));
  }
}

/** What an export that does not stream does: every entrant in memory before the first row is written. */
async function* gathered(pages: AsyncIterable<EntrantView[]>): AsyncGenerator<EntrantView[]> {
  const all: EntrantView[] = [];
  for await (const page of pages) all.push(...page);
  yield all;
}

async function main(): Promise<void> {
  const [count, bodyFile, mode] = process.argv.slice(2);
  if (!Number(count) || !bodyFile) throw new Error('usage: synthetic-export <entrants> <body-file> [--gather]');
  const pages = syntheticPages(Number(count));
  const out = await exportCsv(mode === '--gather' ? gathered(pages) : pages, { gzip: true });
  if (out.fits) fs.writeFileSync(bodyFile, out.body);
  process.stdout.write(`${JSON.stringify({ fits: out.fits, rows: out.rows, bytes: out.fits ? out.body.length : out.bytes })}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
