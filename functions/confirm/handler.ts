/**
 * POST /raffle/confirm — the button of confirm.html: {"token": "…"} from the email's link.
 * 200 {"status":"confirmed"}: the entry counts and has its ticket. A token that is malformed, unknown,
 * expired or already used is `400 invalid_token`, all alike; a phone number another entry holds is
 * `409 phone_already_registered`.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ENV } from '../../model/functions';
import { handleRequest, json, parseJsonObject } from '../runtime/http';
import { confirmEntry } from './confirm';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const { ticket } = await confirmEntry(parseJsonObject(event).token, new Date(), {
      onePerPhone: process.env[ENV.onePerPhone] !== 'false',
    });
    return { result: json(200, { status: 'confirmed' }), log: { ticket } };
  });
}
