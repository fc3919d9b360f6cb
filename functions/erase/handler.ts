/**
 * Erasure on request (admin only), 200 {"status":"erased"} whether they were there or not (erasure is
 * idempotent, and the answer tells nobody who had entered). Any spelling of their address names them.
 *   DELETE /raffle/raffles/{raffleId}/entrants/{email}   from one raffle
 *   DELETE /raffle/people/{email}                        from every raffle: a data-protection request is about a person
 */
import { canonicalEmail, contactAddress, isEmailAddress } from '../../model/email';
import { DomainError } from '../../model/errors';
import { ROUTES, routeKey } from '../../model/routes';
import { handleRequest, json, pathParameters, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { erasePerson, eraseEntrant } from './erase';
import { raffleInPath, readRaffle } from '../shared/raffles';

const ERASED = { status: 'erased' } as const;

export function createHandler(deps: CoreDeps): HttpHandler {
  return (event) =>
    handleRequest(deps, event, async () => {
      const everywhere = event.routeKey === routeKey(ROUTES.erasePerson);
      const route = everywhere ? ROUTES.erasePerson : ROUTES.eraseEntrant;
      const contact = contactAddress(pathParameters(event, route).email);
      if (!contact || !isEmailAddress(contact.toLowerCase()))
        throw new DomainError('invalid_field', 'The address to erase is not an address.', 'email');
      const address = canonicalEmail(contact);
      // The log says what happened, never to whom.
      if (everywhere) {
        const { erasedFrom } = await erasePerson(deps.table, address, deps.clock.now());
        return { result: json(200, ERASED), log: { erasedFrom } };
      }
      const { raffle, keys } = await raffleInPath((id) => readRaffle(deps.table, id), event, route);
      const outcome = await eraseEntrant(deps.table, keys, address, deps.clock.now());
      return { result: json(200, ERASED), log: { raffleId: raffle.raffleId, outcome } };
    });
}

export const handler = lambdaEntry(createHandler);
