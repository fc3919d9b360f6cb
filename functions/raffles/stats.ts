/**
 * A raffle's statistics for the organiser's chart: confirmed entrants (exact, from the counters),
 * registrations still waiting for their address to be confirmed, and confirmations per hour. Pending
 * entries are in no index (putting them in one would cost every registration another write), so this
 * reads the table once, in parallel segments: the organiser asks now and then, the public never.
 */
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StatsAnswer } from '../../model/api';
import type { RaffleKeys } from '../../model/raffle-keys';
import type { Table } from '../runtime/dynamodb';
import { readCounters } from '../shared/counters';

const SEGMENTS = 4;
const HOUR_MS = 3600 * 1000;

/**
 * The raffle's entries only: keys in its scope (for the upgraded raffle's empty scope, no other
 * raffle's, which start with "@"), and not its reserved keys (draw records have a status too).
 */
function entriesOf(keys: RaffleKeys): { readonly filter: string; readonly values: Record<string, AttributeValue> } {
  const own = keys.scope ? 'begins_with(email, :scope)' : 'NOT begins_with(email, :scope)';
  return {
    filter: `${own} AND NOT begins_with(email, :reserved) AND attribute_exists(#status)`,
    values: { ':scope': { S: keys.scope || '@' }, ':reserved': { S: `${keys.scope}#` } },
  };
}

async function scanSegment(
  table: Table,
  keys: RaffleKeys,
  segment: number,
  visit: (item: Record<string, AttributeValue>) => void,
): Promise<void> {
  const { filter, values } = entriesOf(keys);
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        Segment: segment,
        TotalSegments: SEGMENTS,
        FilterExpression: filter,
        ProjectionExpression: '#status, confirmedAt, expiresAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) visit(item);
    start = out.LastEvaluatedKey;
  } while (start);
}

export async function raffleStats(table: Table, keys: RaffleKeys, now: Date): Promise<StatsAnswer> {
  let pending = 0;
  const perHour = new Map<number, number>();
  await Promise.all(
    Array.from({ length: SEGMENTS }, (_, segment) =>
      scanSegment(table, keys, segment, (item) => {
        if (item.status?.S === 'pending') {
          // TTL removes an expired entry within a day or two, not at once.
          if (Number(item.expiresAt?.N ?? 0) * 1000 > now.getTime()) pending++;
        } else if (item.confirmedAt?.S) {
          const hour = Math.floor(Date.parse(item.confirmedAt.S) / HOUR_MS);
          perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
        }
      }),
    ),
  );
  const { entrants } = await readCounters(table, keys);
  const hours = [...perHour.keys()];
  const first = hours.length ? Math.min(...hours) : 0;
  const last = hours.length ? Math.max(...hours) : -1;
  return {
    confirmed: entrants,
    pending,
    perHour: Array.from({ length: last - first + 1 }, (_, i) => ({
      hour: new Date((first + i) * HOUR_MS).toISOString(),
      confirmed: perHour.get(first + i) ?? 0,
    })),
  };
}
