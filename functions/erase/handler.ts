/**
 * DELETE /raffle/entrants/{email} (admin only) — erases one entrant on request: 200 {"status":"erased"},
 * whether they were there or not (erasure is idempotent). Any spelling of their address names them.
 */
import { canonicalEmail, contactAddress, isEmailAddress } from '../../model/email';
import { DomainError } from '../../model/errors';
import { ROUTES } from '../../model/routes';
import { handleRequest, json, pathParameters, type HttpHandler } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { eraseEntrant } from './erase';

export function createHandler(deps: CoreDeps): HttpHandler {
  return (event) =>
    handleRequest(deps, event, async () => {
      const contact = contactAddress(pathParameters(event, ROUTES.eraseEntrant).email);
      if (!contact || !isEmailAddress(contact.toLowerCase()))
        throw new DomainError('invalid_field', 'The address to erase is not an address.', 'email');
      const outcome = await eraseEntrant(deps.table, canonicalEmail(contact), deps.clock.now());
      // The log says what happened, never to whom.
      return { result: json(200, { status: 'erased' }), log: { outcome } };
    });
}

export const handler = lambdaEntry(createHandler);
