/** GET /raffle/count — the exact number of entrants: {"count": N}. Never a Scan. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readCounters } from '../shared/counters';
import { handleRequest, json } from '../shared/http';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest('GET /raffle/count', event, async () => {
    const { entrants } = await readCounters();
    return { result: json(200, { count: entrants }) };
  });
}
