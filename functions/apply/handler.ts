/**
 * POST /raffle/apply — public registration: {email, name, phone} → 201 {"registered":true}.
 * Never echoes stored data, so nobody can learn anything about another entrant.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../model/errors';
import { ENV } from '../../model/functions';
import { handleRequest, json, parseJsonObject } from '../runtime/http';
import { entriesOpen } from './deadline';
import { register } from './register';
import { validateRegistration } from './validate';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const now = new Date();
    if (!entriesOpen(process.env[ENV.entryDeadline], now)) {
      throw new DomainError('entries_closed', 'Entries are closed: the raffle no longer accepts registrations.');
    }
    await register(validateRegistration(parseJsonObject(event)), now);
    return { result: json(201, { registered: true }) };
  });
}
