/**
 * Registration with confirmEntries: the DynamoDB edge of "check your email".
 *
 * A new address, or one still pending, gets a pending entry (the latest details win: whoever owns the
 * mailbox decides by confirming) and a fresh confirmation token; the entry names only the newest token's
 * hash, so its predecessors stop working. An
 * address already confirmed gets a notice instead. Either way the address gets at most one email a
 * minute and a few a day, so the form cannot flood an inbox; past the limit nothing is sent, and the
 * outcome says in how many seconds another email may go. Both emails count toward the one limit, so
 * being held back says nothing of which email it would have been.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { LIMITS } from '../../model/limits';
import { deploymentKeys, type RaffleKeys } from '../../model/raffle-keys';
import type { ConfirmationItem, Consent, EntryItem } from '../../model/schema';
import { writtenIf, type Table } from '../runtime/dynamodb';
import { fromItem, toItem } from '../runtime/marshal';
import type { Random } from '../runtime/ports';
import { expiryOf, newToken, tokenHash } from '../shared/tokens';
import type { Registration } from '../../model/entrant';

export type EntryRequest =
  /** A pending entry was written; mail `token` to `to`. */
  | { readonly outcome: 'confirm'; readonly to: string; readonly token: string }
  /** The address is already entered; mail the notice to `to`. */
  | { readonly outcome: 'already_entered'; readonly to: string }
  /** The resend limit (or a simultaneous request, which sends its own) holds the email back, for this many seconds. */
  | { readonly outcome: 'held_back'; readonly retryAfterSeconds: number };

const DAY_MS = 24 * 3600 * 1000;

type MailCounters = Pick<EntryItem, 'mailsSent' | 'mailWindowStart' | 'lastMailAt'>;

/**
 * How long the limit holds the next email back, in whole seconds (rounded up, at least 1), or 0 when one
 * may go now: a minute after the last email, and once the day's emails are spent, a day after the first.
 */
export function mailHeldForSeconds(entry: MailCounters | undefined, now: Date): number {
  const { resendAfterSeconds, mailsPerDay } = LIMITS.confirmation;
  const until = [
    entry?.lastMailAt ? Date.parse(entry.lastMailAt) + resendAfterSeconds * 1000 : 0,
    (entry?.mailsSent ?? 0) >= mailsPerDay && entry?.mailWindowStart ? Date.parse(entry.mailWindowStart) + DAY_MS : 0,
  ];
  const heldMs = Math.max(...until) - now.getTime();
  return heldMs > 0 ? Math.ceil(heldMs / 1000) : 0;
}

/** The mail counters after one more email now, or undefined when the limit says no. */
export function nextMailCounters(entry: MailCounters | undefined, now: Date) {
  if (mailHeldForSeconds(entry, now) > 0) return undefined;
  // The day's window runs from its first email; a window that has passed starts again now.
  const openWindow =
    entry?.mailWindowStart !== undefined && now.getTime() - Date.parse(entry.mailWindowStart) < DAY_MS ? entry.mailWindowStart : undefined;
  const sent = openWindow ? (entry?.mailsSent ?? 0) : 0;
  return { mailsSent: sent + 1, mailWindowStart: openWindow ?? now.toISOString(), lastMailAt: now.toISOString() };
}

/** Another request for the address mailed between our read and our write: the next email waits the full minute. */
const RACED: EntryRequest = { outcome: 'held_back', retryAfterSeconds: LIMITS.confirmation.resendAfterSeconds };

async function readEntry(table: Table, key: string): Promise<EntryItem | undefined> {
  const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item ? (fromItem(out.Item) as unknown as EntryItem) : undefined;
}

/** The counters' condition: nobody else sent (or wrote) since we read the entry. */
function unchangedSince(entry: EntryItem | undefined): { expression: string; values: Record<string, { S: string }> } {
  if (!entry) return { expression: 'attribute_not_exists(email)', values: {} };
  if (!entry.lastMailAt) return { expression: 'attribute_not_exists(lastMailAt)', values: {} };
  return { expression: 'lastMailAt = :seen', values: { ':seen': { S: entry.lastMailAt } } };
}

export async function requestEntry(
  table: Table,
  keys: RaffleKeys,
  random: Random,
  registration: Registration,
  consent: Consent | undefined,
  now: Date,
): Promise<EntryRequest> {
  const entryKey = keys.entry(registration.address);
  const existing = await readEntry(table, entryKey);
  const counters = nextMailCounters(existing, now);
  if (!counters) return { outcome: 'held_back', retryAfterSeconds: mailHeldForSeconds(existing, now) };
  const unchanged = unchangedSince(existing);

  if (existing?.status === 'confirmed') {
    const counted = await writtenIf(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: { email: { S: entryKey } },
          UpdateExpression: 'SET mailsSent = :sent, mailWindowStart = :window, lastMailAt = :now',
          ConditionExpression: unchanged.expression,
          ExpressionAttributeValues: {
            ':sent': { N: String(counters.mailsSent) },
            ':window': { S: counters.mailWindowStart },
            ':now': { S: counters.lastMailAt },
            ...unchanged.values,
          },
        }),
      ),
    );
    return counted ? { outcome: 'already_entered', to: existing.contactEmail } : RACED;
  }

  const token = newToken(random);
  const hash = tokenHash(token);
  const expiresAt = expiryOf(now);
  const entry: EntryItem = {
    email: entryKey,
    contactEmail: registration.contactEmail,
    name: registration.name,
    phone: registration.phone,
    status: 'pending',
    createdAt: existing?.createdAt ?? now.toISOString(),
    ...(consent ? { consent } : {}),
    tokenHash: hash,
    expiresAt,
    ...counters,
  };
  // The token's item first, then the entry that names its hash: two plain writes, no transaction (half
  // the write units). A token whose entry write then fails, or that a newer one replaces, leads to an
  // entry with another hash, so it confirms nothing; TTL removes it with its expiry.
  const confirmation: ConfirmationItem = { email: deploymentKeys.confirmation(hash), entryKey, raffleId: keys.raffleId, expiresAt };
  await table.client.send(new PutItemCommand({ TableName: table.name, Item: toItem({ ...confirmation }) }));
  const written = await writtenIf(() =>
    table.client.send(
      new PutItemCommand({
        TableName: table.name,
        Item: toItem({ ...entry }),
        ConditionExpression: unchanged.expression,
        ...(Object.keys(unchanged.values).length > 0 ? { ExpressionAttributeValues: unchanged.values } : {}),
      }),
    ),
  );
  // Not written: another request for this address got there first, and sends its own email.
  return written ? { outcome: 'confirm', to: registration.contactEmail, token } : RACED;
}
