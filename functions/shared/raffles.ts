/**
 * The raffles' records in the table (deploymentKeys.raffle): read, listed, created with their ordinal,
 * replaced on condition that nobody changed them meanwhile, and marked drawn by a draw's completion.
 * Every per-raffle handler starts here: the raffle named in the path, or `404 raffle_not_found`.
 */
import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { isRaffleId, raffleNotFound, type Raffle } from '../../model/raffle';
import { deploymentKeys, raffleKeys, type RaffleKeys } from '../../model/raffle-keys';
import type { RouteDefinition } from '../../model/routes';
import { RAFFLES_INDEX, RAFFLES_LISTED_IN, type RaffleItem } from '../../model/schema';
import { writtenIf, type Table } from '../runtime/dynamodb';
import { pathParameters, type HttpEvent } from '../runtime/http';
import { fromItem, numberOf, stringOf, toItem, type PlainItem } from '../runtime/marshal';
import type { Clock } from '../runtime/ports';

/** A raffle as stored: with the version an edit is conditional on, and the keys that make a retried request a replay. */
export type StoredRaffle = Raffle & RequestKeys & { readonly updatedAt: string };

export interface RequestKeys {
  /** The Idempotency-Key of the request that created it. */
  readonly createdWithKey?: string;
  /** The Idempotency-Key of its last edit. */
  readonly lastEditKey?: string;
}

export interface RaffleInScope {
  readonly raffle: StoredRaffle;
  readonly keys: RaffleKeys;
}

function toRaffle(item: Record<string, unknown>): StoredRaffle {
  const { email: _key, listedIn: _listed, ...raffle } = item;
  return raffle as unknown as StoredRaffle;
}

export async function readRaffle(table: Table, raffleId: string): Promise<StoredRaffle | undefined> {
  const out = await table.client.send(
    new GetItemCommand({ TableName: table.name, Key: { email: { S: deploymentKeys.raffle(raffleId) } }, ConsistentRead: true }),
  );
  return out.Item ? toRaffle(fromItem(out.Item)) : undefined;
}

/** The raffle named by the route's {raffleId}, with its keys; `404 raffle_not_found` for any id that names none. */
export async function raffleInPath(read: RaffleReader, event: HttpEvent, route: Pick<RouteDefinition, 'path'>): Promise<RaffleInScope> {
  const { raffleId } = pathParameters(event, route);
  const raffle = isRaffleId(raffleId) ? await read(raffleId) : undefined;
  if (!raffle) throw raffleNotFound();
  return { raffle, keys: raffleKeys(raffle) };
}

export type RaffleReader = (raffleId: string) => Promise<StoredRaffle | undefined>;

/** How long a warm function trusts a raffle it read through cachedRaffleReader. */
export const RAFFLE_CACHE_MS = 5000;

/**
 * Reads raffles through a short-lived cache: the registration path (and the public raffle page) reads
 * its raffle on every request, and one item read by every registration of a popular raffle would be a
 * hot key. An organiser's change
 * (closing early, archiving) reaches registrations within `maxAgeMs`; the times themselves are judged on
 * each request.
 */
export function cachedRaffleReader(table: Table, clock: Clock, maxAgeMs: number): RaffleReader {
  const cache = new Map<string, { readonly at: number; readonly raffle: StoredRaffle | undefined }>();
  return async (raffleId) => {
    const now = clock.now().getTime();
    const hit = cache.get(raffleId);
    if (hit && now - hit.at < maxAgeMs) return hit.raffle;
    const raffle = await readRaffle(table, raffleId);
    // Unknown ids are not kept: a bot trying names must not fill the memory.
    if (raffle) cache.set(raffleId, { at: now, raffle });
    else cache.delete(raffleId);
    return raffle;
  };
}

/** Every raffle, in id order. A deployment has hundreds at most: a page or two of one Query. */
export async function listRaffles(table: Table): Promise<StoredRaffle[]> {
  const raffles: StoredRaffle[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: RAFFLES_INDEX.name,
        KeyConditionExpression: '#listed = :raffles',
        ExpressionAttributeNames: { '#listed': RAFFLES_INDEX.partitionKey.name },
        ExpressionAttributeValues: { ':raffles': { S: RAFFLES_LISTED_IN } },
        ExclusiveStartKey: start,
      }),
    );
    raffles.push(...(out.Items ?? []).map((item) => toRaffle(fromItem(item))));
    start = out.LastEvaluatedKey;
  } while (start);
  return raffles;
}

function raffleItem(raffle: Raffle & RequestKeys, updatedAt: string): RaffleItem {
  return { ...raffle, email: deploymentKeys.raffle(raffle.raffleId), listedIn: RAFFLES_LISTED_IN, updatedAt };
}

/** The next raffle ordinal: ordinals are never reused, and 0 is only ever the upgraded raffle's. */
async function nextOrdinal(table: Table): Promise<number> {
  const out = await table.client.send(
    new UpdateItemCommand({
      TableName: table.name,
      Key: { email: { S: deploymentKeys.catalog } },
      UpdateExpression: 'ADD lastOrdinal :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return numberOf(out.Attributes, 'lastOrdinal');
}

/** Stores a new raffle with its own ordinal; `409 raffle_exists` when the id is taken (the ordinal is then simply unused). */
export async function insertRaffle(table: Table, raffle: Omit<Raffle, 'ordinal'> & RequestKeys): Promise<StoredRaffle> {
  if (await readRaffle(table, raffle.raffleId)) throw raffleExists(raffle.raffleId);
  const stored: StoredRaffle = { ...raffle, ordinal: await nextOrdinal(table), updatedAt: raffle.createdAt };
  const written = await writtenIf(() =>
    table.client.send(
      new PutItemCommand({
        TableName: table.name,
        Item: toItem(raffleItem(stored, stored.updatedAt) as unknown as PlainItem),
        ConditionExpression: 'attribute_not_exists(email)',
      }),
    ),
  );
  if (!written) throw raffleExists(raffle.raffleId);
  return stored;
}

function raffleExists(raffleId: string): DomainError {
  return new DomainError('raffle_exists', `A raffle with the id "${raffleId}" exists already: choose another id.`, 'raffleId');
}

/** Replaces `before` by `after` if nobody changed it meanwhile; false when someone did (read again and retry). */
export async function replaceRaffle(
  table: Table,
  before: StoredRaffle,
  after: Raffle & RequestKeys,
  updatedAt: string,
): Promise<StoredRaffle | undefined> {
  const stored: StoredRaffle = { ...after, ordinal: before.ordinal, raffleId: before.raffleId, updatedAt };
  const written = await writtenIf(() =>
    table.client.send(
      new PutItemCommand({
        TableName: table.name,
        Item: toItem(raffleItem(stored, updatedAt) as unknown as PlainItem),
        ConditionExpression: 'updatedAt = :seen',
        ExpressionAttributeValues: { ':seen': { S: before.updatedAt } },
      }),
    ),
  );
  return written ? stored : undefined;
}

/**
 * A completed draw makes its raffle drawn (the first one's time is kept). Done right after the draw
 * completes, and again by whoever finds it complete, so a crash in between is mended by the next look.
 */
export async function markDrawn(table: Table, raffleId: string, at: string): Promise<void> {
  await writtenIf(() =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: { email: { S: deploymentKeys.raffle(raffleId) } },
        // A new version, so an organiser's edit read before it is retried instead of writing drawnAt away.
        UpdateExpression: 'SET drawnAt = :at, updatedAt = :at',
        ConditionExpression: 'attribute_exists(email) AND attribute_not_exists(drawnAt)',
        ExpressionAttributeValues: { ':at': { S: at } },
      }),
    ),
  );
}

/** The raffle an upgraded single-raffle table became (ordinal 0), if this table was upgraded. */
export async function upgradedRaffleId(table: Table): Promise<string | undefined> {
  const out = await table.client.send(
    new GetItemCommand({ TableName: table.name, Key: { email: { S: deploymentKeys.catalog } }, ConsistentRead: true }),
  );
  return stringOf(out.Item, 'upgradedRaffleId');
}
