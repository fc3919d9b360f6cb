/** GET /raffle/draws (admin only) — the latest draws, newest first: {"draws": [...]}. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LIMITS } from '../../model/limits';
import { handleRequest, json } from '../runtime/http';
import { latestDraws } from '../shared/draw-history';
import { drawView } from '../shared/draw-record';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const draws = (await latestDraws(LIMITS.drawsPage)).map(drawView);
    return { result: json(200, { draws }), log: { draws: draws.length } };
  });
}
