/**
 * POST /raffle/claim — the button of claim.html: {"token": "…"} from a winner's email. ./claim.ts.
 *
 * POST /raffle/confirm — the button of confirm.html: {"token": "…"} from the email's link.
 * 200 {"status":"confirmed","raffleId":"…","label":"…"}: the entry counts and has its ticket in the token's raffle;
 * `label` is the entry's pseudonymous label there (20 hex digits, random, issued now: shared/admission.ts),
 * which its owner finds in a verifiable draw's published pool and walk (results.html). A token that is malformed, unknown,
 * expired or already used is `400 invalid_token`, all alike; a phone number another entry holds is
 * `409 phone_already_registered`; a raffle drawn (or archived) since is `403 entries_closed`. A link
 * keeps working after the raffle closes, until it is drawn: ./grace.ts, the confirmation grace rule.
 */
import type { ConfirmAnswer } from '../../model/api';
import { handleRequest, json, parseJsonObject, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { cachedRaffleReader, RAFFLE_CACHE_MS } from '../shared/raffles';
import { ROUTES, routeKey } from '../../model/routes';
import { claimFromLink } from './claim';
import { confirmEntry } from './confirm';

export function createHandler(deps: CoreDeps): HttpHandler {
  const readRaffle = cachedRaffleReader(deps.table, deps.clock, RAFFLE_CACHE_MS);
  return (event) =>
    handleRequest(deps, event, async () => {
      if (event.routeKey === routeKey(ROUTES.claim)) {
        const answer = await claimFromLink(deps.table, readRaffle, parseJsonObject(event).token, deps.clock.now());
        return { result: json(200, answer), log: { raffleId: answer.raffleId, drawId: answer.drawId } };
      }
      const { ticket, raffleId, label } = await confirmEntry(deps.table, deps.random, parseJsonObject(event).token, deps.clock.now(), {
        onePerPhone: deps.settings.onePerPhone,
        readRaffle,
      });
      return { result: json(200, { status: 'confirmed', raffleId, label } satisfies ConfirmAnswer), log: { raffleId, ticket } };
    });
}

export const handler = lambdaEntry(createHandler);
