/**
 * The table as the functions reach it: a DynamoDB client (AWS's, or one pointed at DynamoDB Local by
 * the local runtime and the tests) and the table's name, with the few ways every store writes: a
 * conditional write that may lose (false), and a transaction retried on conflicts only.
 *
 * Failures are recognised by their name, never by class: the client may come from another copy of the
 * SDK than the bundle's (the local runtime hands its own to the deployed bundles).
 */
import { randomInt } from 'crypto';
import { TransactWriteItemsCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';

export interface Table {
  readonly client: DynamoDBClient;
  readonly name: string;
}

const nameOf = (err: unknown): string | undefined => (err as { name?: string } | undefined)?.name;

/** Runs one conditional write: true when written, false when its condition failed (someone else moved first). */
export async function writtenIf(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (nameOf(err) === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/**
 * Why a transaction's item `index` failed (TransactionCanceledException.CancellationReasons: Code
 * "ConditionalCheckFailed", "TransactionConflict", or "None" for the items that did not).
 */
export function cancellationCode(err: unknown, index: number): string | undefined {
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> } | undefined)?.CancellationReasons;
  if (nameOf(err) !== 'TransactionCanceledException' || !reasons) return undefined;
  return reasons[index]?.Code;
}

/** True when item `index`'s own condition failed. */
export function conditionFailedAt(err: unknown, index: number): boolean {
  return cancellationCode(err, index) === 'ConditionalCheckFailed';
}

export function isTransactionConflict(err: unknown): boolean {
  if (nameOf(err) === 'TransactionConflictException') return true;
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> } | undefined)?.CancellationReasons ?? [];
  return nameOf(err) === 'TransactionCanceledException' && reasons.some((r) => r.Code === 'TransactionConflict');
}

/**
 * A transaction DynamoDB cancelled because it was throttled, not refused: the cancellation reason of a
 * throttled item is `ThrottlingError` on an on-demand table (while it scales) and
 * `ProvisionedThroughputExceeded` on a provisioned one (TransactWriteItems in DynamoDB's API reference).
 * Unlike ProvisionedThroughputExceededException, the SDK does not retry it, so it reaches us: nothing
 * was written, and asking again later may succeed.
 */
export function isThrottledTransaction(err: unknown): boolean {
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> } | undefined)?.CancellationReasons ?? [];
  return (
    nameOf(err) === 'TransactionCanceledException' &&
    reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded')
  );
}

/**
 * TableBusy's name, written out: the deployed bundles are minified, so the class's own name
 * (`TableBusy.name`) is whatever short name esbuild gave it, and a set built from it never matched.
 */
const TABLE_BUSY = 'TableBusy';

/**
 * The table too busy for this request, by our own measure: conditional writes that kept losing to others
 * (a hot counter, a transaction that kept conflicting) past their retries. Nothing was written, so asking
 * again is safe: a retryable 503, like DynamoDB's own throttling.
 */
export class TableBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = TABLE_BUSY;
  }
}

const TRANSIENT_NAMES = new Set([
  TABLE_BUSY,
  // Over the table's throughput, or DynamoDB's own request limit.
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  // DynamoDB itself, for a moment; EventBridge Scheduler's word for the same.
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
]);
/** Node's words for a database that cannot be reached right now. */
const UNREACHABLE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND)\b/;

/**
 * A failure that asking again later may not have (a busy or unreachable database): a 503, never a 500.
 * A socket error is known by its code, or by its message when the SDK has wrapped it in a plain Error.
 */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } } | undefined;
  return (
    TRANSIENT_NAMES.has(e?.name ?? '') ||
    // Conflicts that outlasted their retries: the transaction was cancelled whole.
    isTransactionConflict(err) ||
    // Throttled, and cancelled whole for it (a spike on an on-demand table).
    isThrottledTransaction(err) ||
    [e?.code, e?.cause?.code, e?.message].some((text) => typeof text === 'string' && UNREACHABLE.test(text))
  );
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full-jitter backoff: a random wait in [0, base * 2^attempt), so retried writes spread out. */
export function backoffMs(attempt: number, baseMs = 20): number {
  return randomInt(Math.max(1, baseMs * 2 ** attempt));
}

/**
 * Sends a transaction, retrying only TransactionConflict (another transaction held one of its items)
 * with full-jitter backoff. Condition failures and every other error reach the caller at once.
 */
export async function sendTransaction(table: Table, items: TransactWriteItem[], maxConflictRetries: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await table.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return;
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= maxConflictRetries) throw err;
      await pause(backoffMs(attempt));
    }
  }
}
