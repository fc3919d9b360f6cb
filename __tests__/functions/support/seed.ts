/**
 * Fast seeding of many entrants for draw tests: BatchWriteItem instead of one registration at a time.
 * Items are built from the same definitions admission uses (ticketFor, itemKeys, EntryItem): confirmed,
 * with shard s holding `perShard` dense tickets, exactly as registrations would leave them.
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ticketFor } from '../../../functions/shared/admission';
import { toItem } from '../../../functions/runtime/marshal';
import { COUNTER_SHARDS, itemKeys, type EntryItem } from '../../../model/schema';

export async function seedEntrants(client: DynamoDBClient, table: string, perShard: number): Promise<number> {
  const requests: WriteRequest[] = [];
  for (let shard = 0; shard < COUNTER_SHARDS; shard++) {
    for (let seq = 1; seq <= perShard; seq++) {
      const ticket = ticketFor(shard, seq);
      const entry: EntryItem = {
        email: `seed${ticket}@example.com`,
        contactEmail: `Seed${ticket}@example.com`,
        name: `Seed ${ticket}`,
        phone: '+14155552671',
        status: 'confirmed',
        createdAt: new Date().toISOString(),
        ticket,
        drawTicket: ticket,
      };
      requests.push({ PutRequest: { Item: toItem({ ...entry }) } });
    }
    requests.push({ PutRequest: { Item: toItem({ email: itemKeys.counterShard(shard), issued: perShard, entrants: perShard }) } });
  }
  for (let i = 0; i < requests.length; i += 25) {
    let batch: WriteRequest[] = requests.slice(i, i + 25);
    while (batch.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
      batch = out.UnprocessedItems?.[table] ?? [];
    }
  }
  return COUNTER_SHARDS * perShard;
}
