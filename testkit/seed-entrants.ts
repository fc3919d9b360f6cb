/**
 * Test-only table writes, for tests and benchmarks. Fast seeding of many entrants: BatchWriteItem instead
 * of one registration at a time.
 * Items are built from the same definitions admission uses (ticketFor, itemKeys, EntryItem,
 * entrantsIndexKeys): confirmed, with shard s holding `perShard` dense tickets, exactly as registrations
 * would leave them (without phone claims: the seeded entrants share one number).
 */
import {
  BatchWriteItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { ensureTable, localDynamoDbClient } from '../local/dynamodb';
import { ticketFor } from '../functions/shared/admission';
import { toItem } from '../functions/runtime/marshal';
import { COUNTER_SHARDS, entrantsIndexKeys, itemKeys, TABLE_SCHEMA, type EntryItem } from '../model/schema';

export async function seedEntrants(
  client: DynamoDBClient,
  table: string,
  perShard: number,
  options: { readonly drawable?: boolean } = {},
): Promise<number> {
  const requests: WriteRequest[] = [];
  for (let shard = 0; shard < COUNTER_SHARDS; shard++) {
    for (let seq = 1; seq <= perShard; seq++) {
      const ticket = ticketFor(shard, seq);
      const contactEmail = `Seed${ticket}@example.com`;
      const entry: EntryItem = {
        email: `seed${ticket}@example.com`,
        contactEmail,
        name: `Seed ${ticket}`,
        phone: '+14155552671',
        status: 'confirmed',
        createdAt: new Date().toISOString(),
        confirmedAt: new Date().toISOString(),
        ...entrantsIndexKeys(contactEmail),
        ticket,
        label: `seed${String(ticket).padStart(12, '0')}`,
        // Without a drawTicket an entry stays out of the eligible index: a cheaper seed where no draw is made.
        ...(options.drawable === false ? {} : { drawTicket: ticket }),
      };
      requests.push({ PutRequest: { Item: toItem({ ...entry }) } });
    }
    requests.push({ PutRequest: { Item: toItem({ email: itemKeys.counterShard(shard), issued: perShard, entrants: perShard }) } });
  }
  // Several batches in flight: DynamoDB Local spends its time per request, not per item.
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < requests.length) {
        let batch: WriteRequest[] = requests.slice(next, (next += 25));
        while (batch.length > 0) {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
          batch = out.UnprocessedItems?.[table] ?? [];
        }
      }
    }),
  );
  return COUNTER_SHARDS * perShard;
}

/**
 * A new table in DynamoDB Local holding `perShard` seeded entrants per shard, for a local runtime to be
 * started on (its `tableName`). The stream is turned on after the seeding: the seeded entrants are no
 * records in it, which a runtime's stream reader would only skip, and DynamoDB Local's writes slow down
 * with every stream record it keeps.
 */
export async function seededTable(
  endpoint: string,
  tableName: string,
  perShard: number,
  options: { readonly drawable?: boolean } = {},
): Promise<number> {
  await ensureTable(endpoint, tableName, { stream: false });
  const client = localDynamoDbClient(endpoint);
  try {
    const seeded = await seedEntrants(client, tableName, perShard, options);
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_SCHEMA.streamViewType },
      }),
    );
    return seeded;
  } finally {
    client.destroy();
  }
}

/**
 * Counter shard 0 as if `issued` tickets had been handed out, most of them never used (as duplicate
 * attempts waste them): the tickets become sparse, and a draw samples the eligible list instead.
 */
export async function wasteTickets(client: DynamoDBClient, table: string, issued: number): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { email: { S: itemKeys.counterShard(0) } },
      UpdateExpression: 'SET issued = :n',
      ExpressionAttributeValues: { ':n': { N: String(issued) } },
    }),
  );
}

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
