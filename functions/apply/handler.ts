/**
 * POST /raffle/apply — public registration: {email, name, phone} → 201 {"registered":true}.
 * Never echoes stored data, so nobody can learn anything about another entrant.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ENV } from '../shared/catalog';
import { handleRequest, HttpError, json, parseJsonObject } from '../shared/http';
import { entriesOpen } from './deadline';
import { register } from './register';
import { validateRegistration } from './validate';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest('POST /raffle/apply', event, async () => {
    const now = new Date();
    if (!entriesOpen(process.env[ENV.entryDeadline], now)) {
      throw new HttpError(403, 'entries_closed', 'Entries are closed: the raffle no longer accepts registrations.');
    }
    const registration = validateRegistration(parseJsonObject(event));
    if ((await register(registration, now)) === 'already_registered') {
      throw new HttpError(409, 'already_registered', 'This email address is already registered. Each person can enter once.');
    }
    return { result: json(201, { registered: true }) };
  });
}
