/**
 * Exactly-once sending, as the organiser and the winners see it. Stream records can arrive twice (a
 * retried batch, a redelivery), so each message has a record (`#notified#<drawId>#<recipient>`):
 * claimed before sending, marked sent after. A second delivery finds it sent (or being sent) and sends
 * nothing. A send that fails releases the claim and throws, so the retry sends; a function that dies
 * between claim and send leaves a claim that lapses after LOCK_SECONDS, and the retry after that sends.
 */
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { RaffleKeys } from '../../model/raffle-keys';
import { writtenIf, type Table } from '../runtime/dynamodb';

/** Longer than the function's timeout (60 s): a claim this old belongs to an invocation that is gone. */
const LOCK_SECONDS = 120;
/** Longer than a stream keeps a record (24 hours): by then no redelivery can come. */
const KEEP_DAYS = 7;

export async function sendOnce(
  table: Table,
  keys: Pick<RaffleKeys, 'notified'>,
  drawId: string,
  recipient: string,
  now: Date,
  send: () => Promise<unknown>,
): Promise<'sent' | 'already'> {
  const key = { email: { S: keys.notified(drawId, recipient) } };
  const epoch = Math.floor(now.getTime() / 1000);
  const claimed = await writtenIf(() =>
    table.client.send(
      new PutItemCommand({
        TableName: table.name,
        Item: {
          ...key,
          state: { S: 'sending' },
          lockedUntil: { N: String(epoch + LOCK_SECONDS) },
          expiresAt: { N: String(epoch + KEEP_DAYS * 86400) },
        },
        ConditionExpression: 'attribute_not_exists(email) OR (#state = :sending AND lockedUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': { S: 'sending' }, ':now': { N: String(epoch) } },
      }),
    ),
  );
  if (!claimed) return 'already';
  try {
    await send();
  } catch (err) {
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'SET lockedUntil = :zero',
        ExpressionAttributeValues: { ':zero': { N: '0' } },
      }),
    );
    throw err;
  }
  await table.client.send(
    new UpdateItemCommand({
      TableName: table.name,
      Key: key,
      UpdateExpression: 'SET #state = :sent, sentAt = :at',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': { S: 'sent' }, ':at': { S: now.toISOString() } },
    }),
  );
  return 'sent';
}
