/** The draw history: draw records newest first, read from the sparse draws-by-time index (never a Scan). */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { toDrawRecord, type DrawRecord } from './draw-record';
import { dynamodb, tableName } from './dynamodb';
import { DRAWS_INDEX, RECORD_TYPE_DRAW } from './schema';

export async function latestDraws(limit: number): Promise<DrawRecord[]> {
  const out = await dynamodb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: DRAWS_INDEX.name,
      KeyConditionExpression: '#type = :draw',
      ExpressionAttributeNames: { '#type': DRAWS_INDEX.partitionKey.name },
      ExpressionAttributeValues: { ':draw': { S: RECORD_TYPE_DRAW } },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(toDrawRecord);
}
