/**
 * The organiser's entrant list (admin only):
 *   GET /raffle/entrants?prefix=&limit=&cursor=   {"entrants": [...], "cursor"?: "…"}: a page in address
 *                                                 order; the cursor is absent on the last page.
 *   GET /raffle/entrants.csv                      every entrant as CSV (./csv.ts).
 *
 * The export is written row by row as the index pages arrive, and compressed as it goes when the client
 * accepts gzip (browsers do): memory holds one index page and the compressed output, never the list.
 * Its limit is the answer itself: API Gateway takes at most 6 MB from a function, so the compressed
 * CSV may be about 4.4 MB (base64 adds a third), some hundreds of thousands of entrants.
 */
import { once } from 'events';
import { finished } from 'stream/promises';
import { constants, createGzip } from 'zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../model/errors';
import { ROUTES, routeKey } from '../../model/routes';
import { handleRequest, header, json, type Outcome } from '../runtime/http';
import { csvRecord, csvStringifier } from './csv';
import { allEntrants, listPage, normalisePrefix, pageLimit } from './listing';

/** What a function may answer API Gateway (6 MB), less room for the headers. */
const RESPONSE_BYTES = 6 * 1024 * 1024 - 16 * 1024;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, () => (event.routeKey === routeKey(ROUTES.entrantsCsv) ? exportCsv(event) : list(event)));
}

async function list(event: APIGatewayProxyEventV2): Promise<Outcome> {
  const query = event.queryStringParameters ?? {};
  const page = await listPage({ prefix: normalisePrefix(query.prefix), limit: pageLimit(query.limit), cursor: query.cursor || undefined });
  return { result: json(200, page), log: { entrants: page.entrants.length, more: page.cursor !== undefined } };
}

async function exportCsv(event: APIGatewayProxyEventV2): Promise<Outcome> {
  const gzip = /\bgzip\b/i.test(header(event, 'accept-encoding') ?? '');
  // Base64 (how a binary answer travels) makes 4 bytes of 3.
  const maxBytes = gzip ? Math.floor((RESPONSE_BYTES * 3) / 4) : RESPONSE_BYTES;
  const csv = csvStringifier();
  const output = gzip ? csv.pipe(createGzip({ level: constants.Z_BEST_COMPRESSION })) : csv;
  const chunks: Buffer[] = [];
  let size = 0;
  output.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  const done = finished(output);

  let rows = 0;
  for await (const page of allEntrants()) {
    for (const entrant of page) {
      rows++;
      if (!csv.write(csvRecord(entrant))) await once(csv, 'drain');
    }
    if (size > maxBytes) break;
  }
  csv.end();
  await done;
  if (size > maxBytes) {
    throw new DomainError(
      'export_too_large',
      gzip
        ? 'The export is larger than one answer can carry (6 MB compressed). Ask ops for an export from the table.'
        : 'The export is larger than one answer can carry (6 MB): ask for it compressed (Accept-Encoding: gzip), as browsers do.',
    );
  }
  const body = Buffer.concat(chunks);
  const day = new Date().toISOString().slice(0, 10);
  return {
    result: {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="entrants-${day}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      },
      isBase64Encoded: gzip,
      body: gzip ? body.toString('base64') : body.toString('utf8'),
    },
    log: { rows, bytes: size, gzip },
  };
}
