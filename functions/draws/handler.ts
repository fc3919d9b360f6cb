/** GET /raffle/draws (admin only) — the latest draws, newest first: {"draws": [...]}. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { drawView } from '../shared/draw-record';
import { latestDraws } from '../shared/draw-history';
import { handleRequest, json } from '../shared/http';

export const DRAWS_PAGE_SIZE = 50;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest('GET /raffle/draws', event, async () => {
    const draws = (await latestDraws(DRAWS_PAGE_SIZE)).map(drawView);
    return { result: json(200, { draws }), log: { draws: draws.length } };
  });
}
