/** GET /raffle/count — the exact number of entrants: {"count": N}. Never a Scan. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handleRequest, json } from '../runtime/http';
import { readCounters } from '../shared/counters';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const { entrants } = await readCounters();
    return { result: json(200, { count: entrants }) };
  });
}
