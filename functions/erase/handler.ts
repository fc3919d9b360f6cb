/**
 * DELETE /raffle/entrants/{email} (admin only) — erases one entrant on request: 200 {"status":"erased"},
 * whether they were there or not (erasure is idempotent). Any spelling of their address names them.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { canonicalEmail, contactAddress, isEmailAddress } from '../../model/email';
import { DomainError } from '../../model/errors';
import { ROUTES } from '../../model/routes';
import { handleRequest, json, pathParameters } from '../runtime/http';
import { eraseEntrant } from './erase';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const contact = contactAddress(pathParameters(event, ROUTES.eraseEntrant).email);
    if (!contact || !isEmailAddress(contact.toLowerCase()))
      throw new DomainError('invalid_field', 'The address to erase is not an address.', 'email');
    const outcome = await eraseEntrant(canonicalEmail(contact), new Date());
    // The log says what happened, never to whom.
    return { result: json(200, { status: 'erased' }), log: { outcome } };
  });
}
