/**
 * The one DynamoDB client of a function, created on first use and reused across invocations (a warm
 * Lambda keeps its connections). On AWS the region and credentials come from the runtime; locally and
 * in tests DYNAMODB_ENDPOINT points at DynamoDB Local, which accepts any credentials.
 */
import { randomInt } from 'crypto';
import { DynamoDBClient, type TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { ENV } from '../../model/functions';

/**
 * A client for AWS (no endpoint) or for DynamoDB Local (an endpoint, with the dummy region and
 * credentials it accepts). The local runtime and the tests make theirs here too.
 */
export function createDynamoDbClient(endpoint: string | undefined): DynamoDBClient {
  return endpoint
    ? new DynamoDBClient({
        endpoint,
        region: process.env.AWS_REGION ?? 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
      })
    : new DynamoDBClient({});
}

let client: DynamoDBClient | undefined;

export function dynamodb(): DynamoDBClient {
  client ??= createDynamoDbClient(process.env[ENV.dynamodbEndpoint]);
  return client;
}

/** Read per call, so a test (or the local runtime) can point the same warm module at another table. */
export function tableName(): string {
  const name = process.env[ENV.tableName];
  if (!name) throw new Error(`${ENV.tableName} is not set`);
  return name;
}

/**
 * Whether a TransactWriteItems failure was caused by item `index`'s condition. The SDK exposes the
 * per-item reasons on TransactionCanceledException.CancellationReasons (Code "None" for the others).
 */
export function cancellationCode(err: unknown, index: number): string | undefined {
  const reasons = (err as { name?: string; CancellationReasons?: Array<{ Code?: string }> })?.CancellationReasons;
  if ((err as { name?: string })?.name !== 'TransactionCanceledException' || !reasons) return undefined;
  return reasons[index]?.Code;
}

export function isTransactionConflict(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  if (e?.name === 'TransactionConflictException') return true;
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a transaction, retrying only TransactionConflict (another transaction held one of its items)
 * with full-jitter backoff. Condition failures and every other error reach the caller at once.
 */
export async function sendTransaction(command: TransactWriteItemsCommand, maxConflictRetries: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await dynamodb().send(command);
      return;
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= maxConflictRetries) throw err;
      await sleep(backoffMs(attempt));
    }
  }
}

/** Full-jitter backoff: a random wait in [0, base * 2^attempt), so retried transactions spread out. */
export function backoffMs(attempt: number, baseMs = 20): number {
  return randomInt(Math.max(1, baseMs * 2 ** attempt));
}
