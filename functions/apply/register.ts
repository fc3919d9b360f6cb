/**
 * The registration write path: the DynamoDB edge of `apply`.
 *
 * 1. Take a ticket: UpdateItem ADD issued 1 on a random counter shard s returns seq (1-based);
 *    ticket = s + COUNTER_SHARDS * (seq - 1). Tickets are unique and dense per shard.
 * 2. One transaction: Put the entry if no entry has this email + ADD entrants 1 on the same shard.
 *    The entry and the count therefore can never disagree. A duplicate cancels the transaction, leaves
 *    the first entry untouched and throws `already_registered`; its ticket number becomes a gap, which
 *    the draw rejects.
 * Spreading both writes over COUNTER_SHARDS items keeps any one item far below DynamoDB's per-item limit.
 */
import { randomInt } from 'crypto';
import { TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { COUNTER_SHARDS, itemKeys, type EntryItem } from '../../model/schema';
import { cancellationCode, dynamodb, sendTransaction, tableName } from '../runtime/dynamodb';
import { toItem } from '../runtime/marshal';
import type { Registration } from './validate';

/** Transaction conflicts (another writer on the same shard) are retried this many times. */
const MAX_CONFLICT_RETRIES = 4;

export function ticketFor(shard: number, sequence: number): number {
  return shard + COUNTER_SHARDS * (sequence - 1);
}

async function takeTicket(shard: number): Promise<number> {
  const out = await dynamodb().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: { email: { S: itemKeys.counterShard(shard) } },
      UpdateExpression: 'ADD issued :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return ticketFor(shard, Number(out.Attributes?.issued?.N));
}

export async function register(registration: Registration, now: Date): Promise<void> {
  const shard = randomInt(COUNTER_SHARDS);
  const ticket = await takeTicket(shard);
  const entry: EntryItem = { ...registration, createdAt: now.toISOString(), ticket, drawTicket: ticket };
  const table = tableName();
  const command = new TransactWriteItemsCommand({
    TransactItems: [
      {
        Put: {
          TableName: table,
          Item: toItem({ ...entry }),
          ConditionExpression: 'attribute_not_exists(email)',
        },
      },
      {
        Update: {
          TableName: table,
          Key: { email: { S: itemKeys.counterShard(shard) } },
          UpdateExpression: 'ADD entrants :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
        },
      },
    ],
  });
  try {
    await sendTransaction(command, MAX_CONFLICT_RETRIES);
  } catch (err) {
    if (cancellationCode(err, 0) === 'ConditionalCheckFailed') {
      throw new DomainError('already_registered', 'This email address is already registered. Each person can enter once.');
    }
    throw err;
  }
}
