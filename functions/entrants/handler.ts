/**
 * The organiser's entrant list (admin only):
 *   GET /raffle/raffles/{raffleId}/entrants?prefix=&limit=&cursor=
 *                                 {"entrants": [...], "cursor"?: "…"}: a page of the raffle's confirmed entrants
 *                                 in address order; the cursor is absent on the last page.
 *   GET /raffle/raffles/{raffleId}/entrants.csv
 *                                 every entrant of the raffle as CSV (./export.ts, ./csv.ts).
 */
import { DomainError } from '../../model/errors';
import { ROUTES, routeKey } from '../../model/routes';
import { handleRequest, header, json, type HttpEvent, type HttpHandler, type Outcome } from '../runtime/http';
import { raffleInPath, readRaffle } from '../shared/raffles';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { exportCsv } from './export';
import { allEntrants, listPage, normalisePrefix, pageLimit } from './listing';

export function createHandler(deps: CoreDeps): HttpHandler {
  const { table, clock } = deps;

  async function list(event: HttpEvent): Promise<Outcome> {
    const query = event.queryStringParameters ?? {};
    const { raffle, keys } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.entrants);
    const page = await listPage(table, keys, {
      prefix: normalisePrefix(query.prefix),
      limit: pageLimit(query.limit),
      cursor: query.cursor || undefined,
    });
    return { result: json(200, page), log: { raffleId: raffle.raffleId, entrants: page.entrants.length, more: page.cursor !== undefined } };
  }

  async function csv(event: HttpEvent): Promise<Outcome> {
    const gzip = /\bgzip\b/i.test(header(event, 'accept-encoding') ?? '');
    const { raffle, keys } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.entrantsCsv);
    const out = await exportCsv(allEntrants(table, keys), { gzip });
    if (!out.fits) {
      throw new DomainError(
        'export_too_large',
        gzip
          ? 'The export is larger than one answer can carry (6 MB compressed). Ask ops for an export from the table.'
          : 'The export is larger than one answer can carry (6 MB): ask for it compressed (Accept-Encoding: gzip), as browsers do.',
      );
    }
    const day = clock.now().toISOString().slice(0, 10);
    return {
      result: {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${raffle.raffleId}-entrants-${day}.csv"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
        },
        isBase64Encoded: gzip,
        body: gzip ? out.body.toString('base64') : out.body.toString('utf8'),
      },
      log: { raffleId: raffle.raffleId, rows: out.rows, bytes: out.body.length, gzip },
    };
  }

  return (event) => handleRequest(deps, event, () => (event.routeKey === routeKey(ROUTES.entrantsCsv) ? csv(event) : list(event)));
}

export const handler = lambdaEntry(createHandler);
