/**
 * Test-only table writes, for tests and benchmarks. Fast seeding of many entrants into one raffle:
 * BatchWriteItem instead of one registration at a time.
 * Items are built from the same definitions admission uses (ticketFor, the raffle's keys, EntryItem,
 * entrantsIndexKeys): confirmed, in the raffle's slice of the table (model/raffle-keys.ts), with shard s
 * holding `perShard` dense tickets, exactly as registrations would leave them. Without `phoneClaims` the
 * seeded entrants share one number and no claim is written (a cheaper seed); with it each has a number
 * of its own and its claim, as onePerPhone admissions leave them.
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
import { insertRaffle, type StoredRaffle } from '../functions/shared/raffles';
import { canonicalEmail } from '../model/email';
import type { Raffle } from '../model/raffle';
import { raffleKeys, type RaffleKeys } from '../model/raffle-keys';
import { COUNTER_SHARDS, entrantsIndexKeys, TABLE_SCHEMA, type EntryItem } from '../model/schema';

export interface SeedOptions {
  /** false: no drawTicket, so the entries stay out of the eligible index (a cheaper seed where no draw is made). @default true */
  readonly drawable?: boolean;
  /** Each entrant its own phone number and its claim, as a onePerPhone admission writes. @default false */
  readonly phoneClaims?: boolean;
  /** Prefix of the seeded addresses (seed<ticket>@example.com by default): two raffles may share people. */
  readonly prefix?: string;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A raffle as the organiser leaves it when it takes entries: published now, open for a week, one prize
 * of three winners, no confirmation mail nor verifiable draws unless `fields` says so. For insertRaffle.
 */
export function openRaffle(
  raffleId: string,
  now: Date,
  fields: Partial<Omit<Raffle, 'raffleId' | 'ordinal'>> = {},
): Omit<Raffle, 'ordinal'> {
  return {
    raffleId,
    title: `Raffle ${raffleId}`,
    description: 'Seeded for a test or a benchmark.',
    prizes: [{ name: 'Prize', winners: 3 }],
    closesAt: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
    confirmEntries: false,
    verifiableDraws: false,
    createdAt: now.toISOString(),
    publishedAt: now.toISOString(),
    ...fields,
  };
}

/** A distinct E.164 number per ticket (+1 212 555 and 7 digits: the shape, not a real line). */
function seededPhone(ticket: number): string {
  return `+1212${String(2_000_000 + ticket).padStart(7, '0')}`;
}

/** The items one admission of ticket `ticket` leaves in `keys`' raffle: the entry, and its phone claim when asked. */
export function seededEntryItems(keys: RaffleKeys, ticket: number, now: Date, options: SeedOptions = {}): Record<string, unknown>[] {
  const local = `${options.prefix ?? 'seed'}${ticket}`;
  const contactEmail = `${local[0].toUpperCase()}${local.slice(1)}@example.com`;
  const phone = options.phoneClaims ? seededPhone(ticket) : '+14155552671';
  const entry: EntryItem = {
    email: keys.entry(`${local}@example.com`),
    contactEmail,
    name: `Seed ${ticket}`,
    phone,
    status: 'confirmed',
    createdAt: now.toISOString(),
    confirmedAt: now.toISOString(),
    ...entrantsIndexKeys(keys, contactEmail),
    ticket,
    label: `${options.prefix ?? 'seed'}${String(ticket).padStart(12, '0')}`,
    // Without a drawTicket an entry stays out of the eligible index.
    ...(options.drawable === false ? {} : { drawTicket: keys.drawTicket(ticket) }),
  };
  return [{ ...entry }, ...(options.phoneClaims ? [{ email: keys.phone(phone), entryKey: entry.email }] : [])];
}

/** Writes `items`, several batches in flight: DynamoDB Local spends its time per request, not per item. */
export async function batchWrite(client: DynamoDBClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const requests: WriteRequest[] = items.map((item) => ({ PutRequest: { Item: toItem(item as never) } }));
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
}

/**
 * Seeds `perShard` confirmed entrants per counter shard into the raffle `keys` (raffleKeys of a raffle
 * whose record is in the table: insertRaffle, or seededTable): COUNTER_SHARDS × perShard entrants, whose
 * number it returns. The raffle's shards must be empty (a raffle nobody entered yet).
 */
export async function seedEntrants(
  client: DynamoDBClient,
  table: string,
  keys: RaffleKeys,
  perShard: number,
  options: SeedOptions = {},
): Promise<number> {
  const now = new Date();
  // Written in pieces: a million items' requests at once would hold gigabytes.
  const PIECE = 20_000;
  let items: Record<string, unknown>[] = [];
  for (let seq = 1; seq <= perShard; seq++) {
    for (let shard = 0; shard < COUNTER_SHARDS; shard++) items.push(...seededEntryItems(keys, ticketFor(shard, seq), now, options));
    if (items.length >= PIECE) {
      await batchWrite(client, table, items);
      items = [];
    }
  }
  for (let shard = 0; shard < COUNTER_SHARDS; shard++)
    items.push({ email: keys.counterShard(shard), issued: perShard, entrants: perShard });
  await batchWrite(client, table, items);
  return COUNTER_SHARDS * perShard;
}

/**
 * A new table in DynamoDB Local holding `raffle` (inserted as the organiser's create would) with
 * `perShard` seeded entrants per shard, for a local runtime to be started on (its `tableName`). The
 * stream is turned on after the seeding: the seeded entrants are no records in it, which a runtime's
 * stream reader would only skip, and DynamoDB Local's writes slow down with every stream record it keeps.
 */
export async function seededTable(
  endpoint: string,
  tableName: string,
  raffle: Omit<Raffle, 'ordinal'>,
  perShard: number,
  options: SeedOptions = {},
): Promise<{ readonly raffle: StoredRaffle; readonly entrants: number }> {
  await ensureTable(endpoint, tableName, { stream: false });
  const client = localDynamoDbClient(endpoint);
  try {
    const stored = await insertRaffle({ client, name: tableName }, raffle);
    const entrants = await seedEntrants(client, tableName, raffleKeys(stored), perShard, options);
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_SCHEMA.streamViewType },
      }),
    );
    return { raffle: stored, entrants };
  } finally {
    client.destroy();
  }
}

/**
 * The raffle's counter shard 0 as if `issued` tickets had been handed out, most of them never used (as
 * duplicate attempts waste them): the tickets become sparse, and a draw samples the eligible list instead.
 */
export async function wasteTickets(client: DynamoDBClient, table: string, keys: RaffleKeys, issued: number): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { email: { S: keys.counterShard(0) } },
      UpdateExpression: 'SET issued = :n',
      ExpressionAttributeValues: { ':n': { N: String(issued) } },
    }),
  );
}

/**
 * Puts a winner of the raffle `keys` back among the eligible, as if the draw had not happened (test-only
 * writes): so that many draws can be made over one small pool. `email` is the winner's address in any
 * spelling (a draw's answer gives it as they typed it), `ticket` the raffle's own ticket (the answer's).
 * The draw record stays; only the entry and the raffle's totals move.
 */
export async function undoWin(client: DynamoDBClient, table: string, keys: RaffleKeys, email: string, ticket: number): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { email: { S: keys.entry(canonicalEmail(email)) } },
      UpdateExpression: 'SET drawTicket = :t REMOVE wonDrawId, wonAt',
      ConditionExpression: 'attribute_exists(email)',
      ExpressionAttributeValues: { ':t': { N: String(keys.drawTicket(ticket)) } },
    }),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { email: { S: keys.stats } },
      UpdateExpression: 'ADD winners :minus',
      ExpressionAttributeValues: { ':minus': { N: '-1' } },
    }),
  );
}
