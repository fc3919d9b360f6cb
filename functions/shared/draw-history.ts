/** The draw history: draw records newest first, read from the sparse draws-by-time index (never a Scan). */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DRAWS_INDEX, RECORD_TYPE_DRAW } from '../../model/schema';
import { dynamodb, tableName } from '../runtime/dynamodb';
import { toDrawRecord, type DrawRecord } from './draw-record';

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
