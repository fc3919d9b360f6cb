/** GET /raffle/count — the exact number of entrants: {"count": N}. Never a Scan. */
import { handleRequest, json, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { readCounters } from '../shared/counters';

export function createHandler(deps: CoreDeps): HttpHandler {
  return (event) =>
    handleRequest(deps, event, async () => {
      const { entrants } = await readCounters(deps.table);
      return { result: json(200, { count: entrants }) };
    });
}

export const handler = lambdaEntry(createHandler);
