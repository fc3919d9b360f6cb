/**
 * The checker's view of the table: every item, read with a full, paginated, strongly consistent Scan
 * straight from DynamoDB Local (never through the app), turned into plain values and sorted into each
 * raffle's slice by the key layout model/raffle-keys.ts and model/schema.ts define. Nothing here knows
 * the handlers' code; an item whose key fits no part of the layout is a stray, which the checker reports.
 */
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { deploymentKeys, raffleKeys, type RaffleKeys } from '../model/raffle-keys';
import { scanWholeTable } from './table-scan';

export type Plain = string | number | boolean | null | readonly Plain[] | { readonly [key: string]: Plain };
export type Item = { readonly [key: string]: Plain };

/** A value as text, for keys and messages: a string as it is, anything else as JSON. */
export function show(value: Plain | undefined): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/** DynamoDB's typed attribute as a plain value; a set becomes a sorted list. */
export function plain(value: AttributeValue): Plain {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(plain);
  if (value.M !== undefined) return Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, plain(v)]));
  if (value.SS !== undefined) return [...value.SS].sort();
  if (value.NS !== undefined) return value.NS.map(Number).sort((a, b) => a - b);
  throw new Error(`an attribute the checker does not read: ${JSON.stringify(value).slice(0, 80)}`);
}

export async function scanTable(endpoint: string, tableName: string): Promise<Item[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
  try {
    const items = await scanWholeTable(client, tableName);
    return items.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, plain(v)])));
  } finally {
    client.destroy();
  }
}

export interface RaffleSlice {
  readonly raffleId: string;
  readonly ordinal: number;
  readonly keys: RaffleKeys;
  readonly record: Item;
  /** By the canonical address in the key. */
  readonly entries: Map<string, Item>;
  /** By E.164. */
  readonly phones: Map<string, Item>;
  /** By shard number. */
  readonly shards: Map<number, Item>;
  readonly draws: Map<string, Item>;
  stats?: Item;
  poolLock?: Item;
  readonly notified: Item[];
}

export interface TableView {
  readonly items: number;
  readonly raffles: Map<string, RaffleSlice>;
  /** `#confirm#<hash>` items, by their key. */
  readonly confirmations: Map<string, Item>;
  /** Items whose key fits no part of the layout. */
  readonly strays: Item[];
}

const str = (value: Plain | undefined): string => (typeof value === 'string' ? value : '');

export function classify(items: readonly Item[]): TableView {
  const raffles = new Map<string, RaffleSlice>();
  const byScope = new Map<string, RaffleSlice>();
  for (const item of items) {
    const key = str(item.email);
    if (!key.startsWith(deploymentKeys.raffle(''))) continue;
    const raffleId = key.slice(deploymentKeys.raffle('').length);
    const ordinal = typeof item.ordinal === 'number' ? item.ordinal : -1;
    const keys = raffleKeys({ raffleId, ordinal });
    const slice: RaffleSlice = {
      raffleId,
      ordinal,
      keys,
      record: item,
      entries: new Map(),
      phones: new Map(),
      shards: new Map(),
      draws: new Map(),
      notified: [],
    };
    raffles.set(raffleId, slice);
    byScope.set(keys.scope, slice);
  }
  const confirmations = new Map<string, Item>();
  const strays: Item[] = [];
  for (const item of items) {
    const key = str(item.email);
    if (key.startsWith(deploymentKeys.raffle('')) || key === deploymentKeys.catalog || key.startsWith(deploymentKeys.claimToken('')))
      continue;
    if (key.startsWith(deploymentKeys.confirmation(''))) {
      confirmations.set(key, item);
      continue;
    }
    const slash = key.indexOf('/');
    const slice = key.startsWith('@') && slash > 0 ? byScope.get(key.slice(0, slash + 1)) : undefined;
    if (!slice || !place(slice, key.slice(slash + 1), item)) strays.push(item);
  }
  return { items: items.length, raffles, confirmations, strays };
}

/** Files the item under its part of the raffle's slice; false when its key is none of them. */
function place(slice: RaffleSlice, rest: string, item: Item): boolean {
  const { keys } = slice;
  const full = keys.scope + rest;
  if (!rest.startsWith('#') && rest.includes('@')) {
    slice.entries.set(keys.addressOf(full), item);
  } else if (rest.startsWith('#phone#')) {
    slice.phones.set(rest.slice('#phone#'.length), item);
  } else if (rest.startsWith('#counter#')) {
    const shard = Number(rest.slice('#counter#'.length));
    if (!Number.isInteger(shard) || keys.counterShard(shard) !== full) return false;
    slice.shards.set(shard, item);
  } else if (rest.startsWith('#draw#')) {
    slice.draws.set(rest.slice('#draw#'.length), item);
  } else if (full === keys.stats) {
    slice.stats = item;
  } else if (full === keys.poolLock) {
    slice.poolLock = item;
  } else if (rest.startsWith('#notified#')) {
    slice.notified.push(item);
  } else {
    return false;
  }
  return true;
}
