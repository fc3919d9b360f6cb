/**
 * Admitting an entry: the one transaction that makes an entry count. Used when an address is confirmed
 * (functions/confirm) and, without confirmEntries, at registration (functions/apply).
 *
 * The ticket is taken in the same transaction as the entry, so a duplicate, a used token or a taken phone
 * number never burns a ticket number and tickets stay dense (the draw's cost depends on it):
 *   1. read one random counter shard: it has issued n tickets;
 *   2. one transaction: the shard goes to n + 1 if it is still at n, and counts one more entrant; the
 *      entry is written (its own condition: new, or still pending with this token) with ticket
 *      shard + COUNTER_SHARDS * n; the phone number is claimed if nobody holds it.
 * Another registration that took the shard's next ticket first only makes the shard's condition fail:
 * read again and retry, on a fresh random shard.
 */
import { GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import type { RaffleKeys } from '../../model/raffle-keys';
import { COUNTER_SHARDS } from '../../model/schema';
import { backoffMs, conditionFailedAt, pause, sendTransaction, TableBusy, type Table } from '../runtime/dynamodb';
import { numberOf } from '../runtime/marshal';
import type { Random } from '../runtime/ports';

/** Shard races are retried this often before the request fails (a 5xx the page asks to retry). */
const MAX_SHARD_ATTEMPTS = 10;
/** Transaction conflicts (another writer on one of the items at the same moment) are retried this often. */
const MAX_CONFLICT_RETRIES = 4;

/** What a person whose phone number another entry holds is told. */
export function phoneTaken(): DomainError {
  return new DomainError(
    'phone_already_registered',
    'This phone number is already used by another entry. There is one entry per person.',
    'phone',
  );
}

/**
 * A new entrant's pseudonymous label (EntryItem.label): 80 random bits as 20 hex digits. Random, so a
 * published pool says nothing about who is in it; 80 bits, so a million labels collide with odds of
 * about 1 in 2 million million.
 */
export function newLabel(random: Random): string {
  return random.bytes(10).toString('hex');
}

export function ticketFor(shard: number, sequence: number): number {
  return shard + COUNTER_SHARDS * (sequence - 1);
}

export type AdmissionOutcome =
  /** The entry counts, with this ticket and label (the label its owner is told: confirm and apply answer it). */
  | { readonly admitted: true; readonly ticket: number; readonly label: string }
  /** The entry's own condition failed: it exists already, or the token was used. Nothing was written. */
  | { readonly admitted: false; readonly reason: 'entry' }
  /** Another entry holds this phone number. Nothing was written. */
  | { readonly admitted: false; readonly reason: 'phone' };

export interface AdmissionRequest {
  /** The raffle the entry is admitted to: its counters, phone claims and ticket range. */
  readonly keys: RaffleKeys;
  /**
   * The entry's write, conditional on its state, given the raffle's ticket, the ticket's key in the
   * eligible index (RaffleKeys.drawTicket) and the label it gets.
   */
  readonly entryWrite: (ticket: number, drawTicket: number, label: string) => TransactWriteItem;
  /** E.164; claimed for this entry when onePerPhone. */
  readonly phone: string;
  readonly entryKey: string;
  readonly onePerPhone: boolean;
}

async function issuedOn(table: Table, keys: RaffleKeys, shard: number): Promise<number> {
  const out = await table.client.send(
    new GetItemCommand({
      TableName: table.name,
      Key: { email: { S: keys.counterShard(shard) } },
      ConsistentRead: true,
      ProjectionExpression: 'issued',
    }),
  );
  return numberOf(out.Item, 'issued');
}

export async function admitEntry(table: Table, random: Random, request: AdmissionRequest): Promise<AdmissionOutcome> {
  for (let attempt = 0; attempt < MAX_SHARD_ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(backoffMs(attempt - 1));
    const shard = random.int(COUNTER_SHARDS);
    const { keys } = request;
    const issued = await issuedOn(table, keys, shard);
    const ticket = ticketFor(shard, issued + 1);
    const label = newLabel(random);
    const phoneClaim: TransactWriteItem[] = request.onePerPhone
      ? [
          {
            Put: {
              TableName: table.name,
              Item: { email: { S: keys.phone(request.phone) }, entryKey: { S: request.entryKey } },
              ConditionExpression: 'attribute_not_exists(email)',
            },
          },
        ]
      : [];
    const items: TransactWriteItem[] = [
      {
        Update: {
          TableName: table.name,
          Key: { email: { S: keys.counterShard(shard) } },
          UpdateExpression: 'SET issued = :next ADD entrants :one',
          ConditionExpression: issued === 0 ? 'attribute_not_exists(issued)' : 'issued = :issued',
          ExpressionAttributeValues: {
            ':next': { N: String(issued + 1) },
            ':one': { N: '1' },
            ...(issued === 0 ? {} : { ':issued': { N: String(issued) } }),
          },
        },
      },
      request.entryWrite(ticket, keys.drawTicket(ticket), label),
      ...phoneClaim,
    ];
    try {
      await sendTransaction(table, items, MAX_CONFLICT_RETRIES);
      return { admitted: true, ticket, label };
    } catch (err) {
      const failed = (index: number) => conditionFailedAt(err, index);
      if (failed(1) || items.slice(2 + phoneClaim.length).some((_, i) => failed(2 + phoneClaim.length + i)))
        return { admitted: false, reason: 'entry' };
      if (phoneClaim.length > 0 && failed(2)) return { admitted: false, reason: 'phone' };
      if (!failed(0)) throw err;
      // Only the shard moved on: another entry took its next ticket. Read again.
    }
  }
  throw new TableBusy(`admission: ${MAX_SHARD_ATTEMPTS} counter shards moved on under this entry; the table is under heavy contention`);
}
