/** GET /raffle/draws (admin only) — the latest draws, newest first: {"draws": [...]}. */
import { LIMITS } from '../../model/limits';
import { handleRequest, json, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { drawView } from '../shared/draw-record';
import { drawStore } from '../shared/draw-store';

export function createHandler(deps: CoreDeps): HttpHandler {
  const store = drawStore(deps.table);
  return (event) =>
    handleRequest(deps, event, async () => {
      const draws = (await store.latest(LIMITS.drawsPage)).map(drawView);
      return { result: json(200, { draws }), log: { draws: draws.length } };
    });
}

export const handler = lambdaEntry(createHandler);
