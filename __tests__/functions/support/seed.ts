/** Test-only table writes: many entrants at once (testkit/seed-entrants.ts), a win undone. */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { itemKeys } from '../../../model/schema';

export { seedEntrants } from '../../../testkit/seed-entrants';

/**
 * Puts a winner back among the eligible, as if the draw had not happened (test-only writes): so that
 * many draws can be made over one small pool. The draw record stays; only the entry and the totals move.
 */
export async function undoWin(client: DynamoDBClient, table: string, entryKey: string, ticket: number): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { email: { S: entryKey } },
      UpdateExpression: 'SET drawTicket = :t REMOVE wonDrawId, wonAt',
      ExpressionAttributeValues: { ':t': { N: String(ticket) } },
    }),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { email: { S: itemKeys.stats } },
      UpdateExpression: 'ADD winners :minus',
      ExpressionAttributeValues: { ':minus': { N: '-1' } },
    }),
  );
}
