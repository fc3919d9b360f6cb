/** GET /raffle/draws (admin only) — the latest draws, newest first: {"draws": [...]}. */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { drawView, toDrawRecord } from '../shared/draw-record';
import { dynamodb, tableName } from '../shared/dynamodb';
import { handleRequest, json } from '../shared/http';
import { DRAWS_INDEX, RECORD_TYPE_DRAW } from '../shared/schema';

export const DRAWS_PAGE_SIZE = 50;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest('GET /raffle/draws', event, async () => {
    const out = await dynamodb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: DRAWS_INDEX.name,
        KeyConditionExpression: '#type = :draw',
        ExpressionAttributeNames: { '#type': DRAWS_INDEX.partitionKey.name },
        ExpressionAttributeValues: { ':draw': { S: RECORD_TYPE_DRAW } },
        ScanIndexForward: false,
        Limit: DRAWS_PAGE_SIZE,
      }),
    );
    const draws = (out.Items ?? []).map((item) => drawView(toDrawRecord(item)));
    return { result: json(200, { draws }), log: { draws: draws.length } };
  });
}
