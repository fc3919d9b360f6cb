/** GET /raffle/raffles/{raffleId}/draws (admin only) — the raffle's latest draws, newest first: {"draws": [...]}. */
import { LIMITS } from '../../model/limits';
import { handleRequest, json, type HttpHandler } from '../runtime/http';
import { ROUTES } from '../../model/routes';
import { raffleInPath, readRaffle } from '../shared/raffles';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { drawView } from '../shared/draw-record';
import { drawStore } from '../shared/draw-store';

export function createHandler(deps: CoreDeps): HttpHandler {
  return (event) =>
    handleRequest(deps, event, async () => {
      const { raffle, keys } = await raffleInPath((id) => readRaffle(deps.table, id), event, ROUTES.draws);
      const draws = (await drawStore(deps.table, keys).latest(LIMITS.drawsPage)).map((d) => drawView(d, deps.clock.now()));
      return { result: json(200, { draws }), log: { raffleId: raffle.raffleId, draws: draws.length } };
    });
}

export const handler = lambdaEntry(createHandler);
