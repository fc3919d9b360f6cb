/**
 * Exactly-once sending, as the organiser and the winners see it. Stream records can arrive twice (a
 * retried batch, a redelivery), so each message has a record (`#notified#<drawId>#<recipient>`):
 * claimed before sending, marked sent after. A second delivery finds it sent (or being sent) and sends
 * nothing. A send that fails releases the claim and throws, so the retry sends; a function that dies
 * between claim and send leaves a claim that lapses after LOCK_SECONDS, and the retry after that sends.
 */
import { ConditionalCheckFailedException, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { itemKeys } from '../../model/schema';
import { dynamodb, tableName } from '../runtime/dynamodb';

/** Longer than the function's timeout (60 s): a claim this old belongs to an invocation that is gone. */
const LOCK_SECONDS = 120;
/** Longer than a stream keeps a record (24 hours): by then no redelivery can come. */
const KEEP_DAYS = 7;

export async function sendOnce(drawId: string, recipient: string, now: Date, send: () => Promise<unknown>): Promise<'sent' | 'already'> {
  const table = tableName();
  const key = { email: { S: itemKeys.notified(drawId, recipient) } };
  const epoch = Math.floor(now.getTime() / 1000);
  try {
    await dynamodb().send(
      new PutItemCommand({
        TableName: table,
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
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return 'already';
    throw err;
  }
  try {
    await send();
  } catch (err) {
    await dynamodb().send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET lockedUntil = :zero',
        ExpressionAttributeValues: { ':zero': { N: '0' } },
      }),
    );
    throw err;
  }
  await dynamodb().send(
    new UpdateItemCommand({
      TableName: table,
      Key: key,
      UpdateExpression: 'SET #state = :sent, sentAt = :at',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': { S: 'sent' }, ':at': { S: now.toISOString() } },
    }),
  );
  return 'sent';
}
