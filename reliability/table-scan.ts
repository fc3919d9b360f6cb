/**
 * A table read whole, as the reliability suite's checks read it: a paginated, strongly consistent Scan
 * through the AWS SDK, straight from DynamoDB Local (never through the app). The load checker and the
 * fuzzer's storage check each turn the items into values of their own.
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export async function scanWholeTable(client: DynamoDBClient, tableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
