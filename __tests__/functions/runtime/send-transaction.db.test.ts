/**
 * Transaction-conflict retries. DynamoDB Local never reports TransactionConflict (REFERENCE: it
 * serialises transactions), so the conflict is injected by a middleware on a client of the test's own,
 * in front of the real engine: the retry path is exercised, and the write that finally goes through is real.
 */
import { GetItemCommand, TransactionCanceledException, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { sendTransaction, type Table } from '../../../functions/runtime/dynamodb';
import { localDynamoDbClient } from '../../../local/dynamodb';
import { useDynamoDbLocal } from '../../support/dynamodb';

const db = useDynamoDbLocal();

let conflictsToInject = 0;
let sent = 0;
let client: DynamoDBClient;

beforeAll(() => {
  client = localDynamoDbClient(db.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      sent++;
      if (conflictsToInject > 0) {
        conflictsToInject--;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectTransactionConflicts' },
  );
});
afterAll(() => client.destroy());

beforeEach(async () => {
  await db.freshTable();
  sent = 0;
  conflictsToInject = 0;
});

const table = (): Table => ({ client, name: db.tableName });

const putMarker = (email: string): TransactWriteItem[] => [
  { Put: { TableName: db.tableName, Item: { email: { S: email } }, ConditionExpression: 'attribute_not_exists(email)' } },
];

async function exists(email: string): Promise<boolean> {
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { email: { S: email } }, ConsistentRead: true }));
  return out.Item !== undefined;
}

describe('sendTransaction', () => {
  it('retries conflicts until the transaction goes through', async () => {
    conflictsToInject = 2;
    await sendTransaction(table(), putMarker('retried@example.com'), 4);
    expect(sent).toBe(3);
    expect(await exists('retried@example.com')).toBe(true);
  });

  it('gives up after the allowed retries and reports the conflict', async () => {
    conflictsToInject = 3;
    await expect(sendTransaction(table(), putMarker('gave-up@example.com'), 2)).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(sent).toBe(3);
    expect(await exists('gave-up@example.com')).toBe(false);
  });

  it('does not retry a failed condition', async () => {
    await sendTransaction(table(), putMarker('once@example.com'), 4);
    sent = 0;
    await expect(sendTransaction(table(), putMarker('once@example.com'), 4)).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(sent).toBe(1);
  });
});
