/**
 * The organiser's view of the confirmed entrants, read from ENTRANTS_INDEX in address order: one page
 * at a time behind an opaque cursor, or every entrant, page by page, for the export. Never a Scan.
 *
 * The index is partitioned by the address's first character; the whole list is those partitions walked
 * in ADDRESS_BUCKETS order, each read in sort-key order. A search by the start of an address reads one
 * partition, from that prefix on.
 */
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { EntrantView, EntrantsPage } from '../../model/api';
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import type { RaffleKeys } from '../../model/raffle-keys';
import { ADDRESS_BUCKETS, ENTRANTS_INDEX } from '../../model/schema';
import type { Table } from '../runtime/dynamodb';

/** Where a page ends: the partition, and the last entrant returned from it. Opaque to clients. */
interface Position {
  readonly bucket: number;
  readonly searchAddress: string;
  readonly email: string;
  readonly prefix: string;
}

function toView(item: Record<string, AttributeValue>): EntrantView {
  return {
    email: item.contactEmail?.S ?? (item.email.S as string),
    name: item.name?.S ?? '',
    phone: item.phone?.S ?? '',
    enteredAt: item.confirmedAt?.S ?? '',
    won: item.wonDrawId?.S !== undefined,
    wonDrawId: item.wonDrawId?.S ?? null,
    wonAt: item.wonAt?.S ?? null,
    voidedAt: item.voidedAt?.S ?? null,
  };
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.bucket, position.searchAddress, position.email, position.prefix])).toString('base64url');
}

/** The longest entry key: a raffle's scope ("@" + its id + "/") and an address. */
const ENTRY_KEY_LENGTH = LIMITS.raffle.idLength + 2 + LIMITS.emailLength;

/**
 * A cursor's part of a key as the index can hold it: a string that is not empty (DynamoDB refuses an empty
 * key) and no longer than any real one (past DynamoDB's key size it refuses the query): a forged cursor
 * otherwise reached the query and came back a 500 (found by reliability/fuzz.ts).
 */
function isKeyText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

/** The position a cursor names; a cursor that is not ours, or was made for another search, is a 400. */
function decodeCursor(cursor: string, prefix: string): Position {
  const invalid = (): DomainError =>
    new DomainError('invalid_cursor', 'This cursor is not valid here: start from the first page.', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [bucket, searchAddress, email, madeFor] = parsed as unknown[];
  if (
    typeof bucket !== 'number' ||
    !Number.isInteger(bucket) ||
    bucket < 0 ||
    bucket >= ADDRESS_BUCKETS.length ||
    !isKeyText(searchAddress, LIMITS.emailLength) ||
    !isKeyText(email, ENTRY_KEY_LENGTH) ||
    madeFor !== prefix
  ) {
    throw invalid();
  }
  return { bucket, searchAddress, email, prefix };
}

/** A search prefix as the index holds addresses: trimmed and lower-cased. */
export function normalisePrefix(raw: string | undefined): string {
  const prefix = (raw ?? '').trim().toLowerCase();
  if (prefix.length > LIMITS.emailLength) {
    throw new DomainError('invalid_field', `prefix must be at most ${LIMITS.emailLength} characters.`, 'prefix');
  }
  return prefix;
}

export function pageLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return LIMITS.entrantsPage.default;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.entrantsPage.max) {
    throw new DomainError('invalid_field', `limit must be a whole number from 1 to ${LIMITS.entrantsPage.max}.`, 'limit');
  }
  return n;
}

/**
 * Entrants in address order from `start` on, one index page (at most 1 MB, and `limit` items) per
 * yield, with the position after the page's last item.
 */
async function* indexPages(
  table: Table,
  keys: Pick<RaffleKeys, 'addressBucket'>,
  prefix: string,
  start: Position | undefined,
  limit?: number,
): AsyncGenerator<{ items: Record<string, AttributeValue>[]; bucket: number }> {
  // A prefix names one partition; without one, every partition in order.
  const first = prefix === '' ? 0 : ADDRESS_BUCKETS.indexOf(prefix.charAt(0));
  if (first < 0) return;
  const last = prefix === '' ? ADDRESS_BUCKETS.length - 1 : first;
  for (let bucket = start?.bucket ?? first; bucket <= last; bucket++) {
    const bucketKey = keys.addressBucket(ADDRESS_BUCKETS.charAt(bucket));
    let startKey: Record<string, AttributeValue> | undefined =
      start && bucket === start.bucket
        ? { addressBucket: { S: bucketKey }, searchAddress: { S: start.searchAddress }, email: { S: start.email } }
        : undefined;
    do {
      const out = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: ENTRANTS_INDEX.name,
          KeyConditionExpression:
            prefix === '' ? 'addressBucket = :bucket' : 'addressBucket = :bucket AND begins_with(searchAddress, :prefix)',
          ExpressionAttributeValues: { ':bucket': { S: bucketKey }, ...(prefix === '' ? {} : { ':prefix': { S: prefix } }) },
          ExclusiveStartKey: startKey,
          ...(limit ? { Limit: limit } : {}),
        }),
      );
      yield { items: out.Items ?? [], bucket };
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
}

/** One page of at most `limit` entrants; its cursor is present only when more follow. */
export async function listPage(
  table: Table,
  keys: Pick<RaffleKeys, 'addressBucket'>,
  options: {
    readonly prefix: string;
    readonly limit: number;
    readonly cursor?: string;
  },
): Promise<EntrantsPage> {
  const start = options.cursor ? decodeCursor(options.cursor, options.prefix) : undefined;
  const found: { item: Record<string, AttributeValue>; bucket: number }[] = [];
  // One more than asked: if it exists, there is a next page (and no page ends the list empty).
  for await (const page of indexPages(table, keys, options.prefix, start, options.limit + 1)) {
    for (const item of page.items) found.push({ item, bucket: page.bucket });
    if (found.length > options.limit) break;
  }
  const shown = found.slice(0, options.limit);
  const lastShown = shown[shown.length - 1];
  const more = found.length > options.limit;
  return {
    entrants: shown.map((f) => toView(f.item)),
    ...(more && lastShown
      ? {
          cursor: encodeCursor({
            bucket: lastShown.bucket,
            searchAddress: lastShown.item.searchAddress.S as string,
            email: lastShown.item.email.S as string,
            prefix: options.prefix,
          }),
        }
      : {}),
  };
}

/** Every entrant, in address order, one index page at a time (at most 1 MB in memory). */
export async function* allEntrants(table: Table, keys: Pick<RaffleKeys, 'addressBucket'>): AsyncGenerator<EntrantView[]> {
  for await (const page of indexPages(table, keys, '', undefined)) yield page.items.map(toView);
}
