/**
 * Reads every counter shard (and the draw totals) in one strongly consistent BatchGetItem: the exact
 * entrant count without a Scan, at a cost that does not depend on the number of entrants.
 */
import { BatchGetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RaffleKeys } from '../../model/raffle-keys';
import { COUNTER_SHARDS } from '../../model/schema';
import { backoffMs, pause, TableBusy, type Table } from '../runtime/dynamodb';
import { numberOf } from '../runtime/marshal';

export interface CounterTotals {
  /** Entries written (exact: maintained in the same transaction as each entry). */
  readonly entrants: number;
  /** Winners marked by all draws so far (maintained in the same transaction as each win). */
  readonly winners: number;
  /** Tickets ever handed out per shard, index = shard. */
  readonly issuedPerShard: readonly number[];
}

/** Rounds of UnprocessedKeys retries before giving up (DynamoDB returns them only under throttling). */
const MAX_ROUNDS = 8;

/** Ticket numbers lie in [0, COUNTER_SHARDS * max(issued)): shard s holds s, s+S, s+2S, ... */
export function ticketSpace(issuedPerShard: readonly number[]): number {
  return COUNTER_SHARDS * Math.max(0, ...issuedPerShard);
}

export async function readCounters(
  table: Table,
  raffle: Pick<RaffleKeys, 'counterShard' | 'stats'>,
  opts: { readonly includeStats?: boolean } = {},
): Promise<CounterTotals> {
  const shardKeys = Array.from({ length: COUNTER_SHARDS }, (_, s) => raffle.counterShard(s));
  const keys = opts.includeStats ? [...shardKeys, raffle.stats] : shardKeys;
  const items = new Map<string, Record<string, AttributeValue>>();
  let pending: Array<Record<string, AttributeValue>> = keys.map((k) => ({ email: { S: k } }));
  for (let round = 0; pending.length > 0; round++) {
    // Throttled reads that outlasted their retries: nothing is wrong but the moment, so a retryable 503, not a 500.
    if (round >= MAX_ROUNDS) throw new TableBusy(`BatchGetItem left ${pending.length} key(s) unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await pause(backoffMs(round));
    const out = await table.client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [table.name]: { Keys: pending, ConsistentRead: true, ProjectionExpression: 'email, issued, entrants, winners' },
        },
      }),
    );
    for (const item of out.Responses?.[table.name] ?? []) items.set(item.email.S as string, item);
    pending = out.UnprocessedKeys?.[table.name]?.Keys ?? [];
  }
  return {
    entrants: shardKeys.reduce((sum, k) => sum + numberOf(items.get(k), 'entrants'), 0),
    winners: numberOf(items.get(raffle.stats), 'winners'),
    issuedPerShard: shardKeys.map((k) => numberOf(items.get(k), 'issued')),
  };
}
