/**
 * The entrants export, written row by row as the pages arrive, and compressed as it goes when asked
 * (browsers ask): memory holds one page and the compressed output, never the list. Its limit is the
 * answer itself: API Gateway takes at most 6 MB from a function, so the compressed CSV may be about
 * 4.4 MB (base64 adds a third), some hundreds of thousands of entrants.
 */
import { once } from 'events';
import { finished } from 'stream/promises';
import { constants, createGzip } from 'zlib';
import type { EntrantView } from '../../model/api';
import { csvRecord, csvStringifier } from './csv';

/** What a function may answer API Gateway (6 MB), less room for the headers. */
export const RESPONSE_BYTES = 6 * 1024 * 1024 - 16 * 1024;

export type CsvExport =
  | { readonly fits: true; readonly body: Buffer; readonly rows: number }
  /** Larger than one answer can carry: nothing is answered but the refusal. */
  | { readonly fits: false; readonly rows: number; readonly bytes: number };

export async function exportCsv(pages: AsyncIterable<readonly EntrantView[]>, options: { readonly gzip: boolean }): Promise<CsvExport> {
  // Base64 (how a binary answer travels) makes 4 bytes of 3.
  const maxBytes = options.gzip ? Math.floor((RESPONSE_BYTES * 3) / 4) : RESPONSE_BYTES;
  const csv = csvStringifier();
  const output = options.gzip ? csv.pipe(createGzip({ level: constants.Z_BEST_COMPRESSION })) : csv;
  const chunks: Buffer[] = [];
  let size = 0;
  output.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  const done = finished(output);

  let rows = 0;
  for await (const page of pages) {
    for (const entrant of page) {
      rows++;
      if (!csv.write(csvRecord(entrant))) await once(csv, 'drain');
    }
    if (size > maxBytes) break;
  }
  csv.end();
  await done;
  return size > maxBytes ? { fits: false, rows, bytes: size } : { fits: true, body: Buffer.concat(chunks), rows };
}
