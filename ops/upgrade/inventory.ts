/**
 * What a table holds, counted by kind of item: the upgrade counts before and after, and a dry run shows
 * it. One Scan of the whole table, in parallel segments, reading the key and a few small attributes.
 */
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Table } from '../../functions/runtime/dynamodb';

export const ITEM_KINDS = [
  'confirmed entries',
  'pending entries',
  'phone claims',
  'confirmation tokens',
  'counter shards',
  'draw totals',
  'draws',
  'notifications',
  'raffles',
  'raffle catalogue',
  'other',
] as const;

export type ItemKind = (typeof ITEM_KINDS)[number];

/** Counts of the upgraded (unscoped) raffle's items and the deployment's; other raffles' items are counted apart. */
export interface Inventory {
  readonly upgraded: Readonly<Record<ItemKind, number>>;
  /** Items of raffles created since (keys starting "@"): the upgrade never touches them. */
  readonly otherRaffles: number;
  /** Read units the Scan was charged (eventually consistent). */
  readonly readUnits: number;
}

const SEGMENTS = 4;

function kindOf(item: Record<string, AttributeValue>): ItemKind {
  const key = item.email.S ?? '';
  if (!key.startsWith('#')) return item.status?.S === 'pending' ? 'pending entries' : 'confirmed entries';
  const kind = key.split('#')[1];
  switch (kind) {
    case 'phone':
      return 'phone claims';
    case 'confirm':
      return 'confirmation tokens';
    case 'counter':
      return 'counter shards';
    case 'stats':
      return 'draw totals';
    case 'draw':
      return 'draws';
    case 'notified':
      return 'notifications';
    case 'raffle':
      return 'raffles';
    case 'raffles':
      return 'raffle catalogue';
    default:
      return 'other';
  }
}

export async function takeInventory(table: Table): Promise<Inventory> {
  const upgraded = Object.fromEntries(ITEM_KINDS.map((k) => [k, 0])) as Record<ItemKind, number>;
  let otherRaffles = 0;
  let readUnits = 0;
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await table.client.send(
          new ScanCommand({
            TableName: table.name,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ProjectionExpression: 'email, #status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExclusiveStartKey: start,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        readUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of out.Items ?? []) {
          if (item.email.S?.startsWith('@')) otherRaffles++;
          else upgraded[kindOf(item)]++;
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }),
  );
  return { upgraded, otherRaffles, readUnits };
}

/** "confirmed entries 11, pending entries 2, …": the kinds a table has, in a fixed order. */
export function describeInventory(inventory: Inventory): string {
  const kinds = ITEM_KINDS.filter((k) => inventory.upgraded[k] > 0).map((k) => `${k} ${inventory.upgraded[k]}`);
  return `${kinds.join(', ') || 'no items'}${inventory.otherRaffles ? `; other raffles' items ${inventory.otherRaffles}` : ''}`;
}
