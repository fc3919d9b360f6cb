/**
 * Confirming an address: the token's item names the pending entry; admitting it (one transaction, see
 * shared/admission.ts) turns it confirmed with a ticket, on condition that it is still pending with this
 * token's hash, and removes the hash: a link works once. Fifty clicks on one link at the same moment make
 * one entry: only one transaction finds the entry still pending with that token. The token's item is left
 * to TTL: it leads nowhere any more.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { deploymentKeys, raffleKeys, type RaffleKeys } from '../../model/raffle-keys';
import { entrantsIndexKeys, type ConfirmationItem, type EntryItem } from '../../model/schema';
import type { Table } from '../runtime/dynamodb';
import { fromItem } from '../runtime/marshal';
import type { Random } from '../runtime/ports';
import { admitEntry, phoneTaken } from '../shared/admission';
import { readRaffle, upgradedRaffleId, type RaffleReader } from '../shared/raffles';
import { isTokenShaped, tokenHash } from '../shared/tokens';
import { confirmationRefusal } from './grace';

function invalidToken(): DomainError {
  return new DomainError(
    'invalid_token',
    'This confirmation link is not valid: it has expired or was already used. Enter again to get a new one.',
    'token',
  );
}

async function read<T>(table: Table, key: string): Promise<T | undefined> {
  const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: { email: { S: key } }, ConsistentRead: true }));
  return out.Item ? (fromItem(out.Item) as unknown as T) : undefined;
}

/**
 * The raffle a token belongs to, if it still takes confirmations: while it is open, and after it closes
 * until it is drawn (./grace.ts, the confirmation grace rule).
 */
async function raffleOfToken(table: Table, read: RaffleReader, confirmation: ConfirmationItem, now: Date): Promise<RaffleKeys> {
  const raffleId = confirmation.raffleId ?? (await upgradedRaffleId(table));
  const raffle = raffleId === undefined ? undefined : await read(raffleId);
  if (!raffle) throw invalidToken();
  const refusal = confirmationRefusal(raffle, now);
  if (refusal) throw refusal;
  return raffleKeys(raffle);
}

export async function confirmEntry(
  table: Table,
  random: Random,
  token: unknown,
  now: Date,
  options: {
    readonly onePerPhone: boolean;
    /** How the raffle is read: a registration's hot path reads through a short cache (shared/raffles.ts). */
    readonly readRaffle?: RaffleReader;
  },
): Promise<{ readonly ticket: number; readonly raffleId: string; readonly label: string }> {
  if (!isTokenShaped(token)) throw invalidToken();
  const hash = tokenHash(token);
  const confirmation = await read<ConfirmationItem>(table, deploymentKeys.confirmation(hash));
  // TTL deletes within a day or two of expiry, not at once: the expiry itself decides.
  if (!confirmation || confirmation.expiresAt * 1000 <= now.getTime()) throw invalidToken();
  const entry = await read<EntryItem>(table, confirmation.entryKey);
  if (entry?.status !== 'pending' || entry.tokenHash !== hash) throw invalidToken();
  const keys = await raffleOfToken(table, options.readRaffle ?? ((id) => readRaffle(table, id)), confirmation, now);
  const indexKeys = entrantsIndexKeys(keys, entry.contactEmail);

  const outcome = await admitEntry(table, random, {
    keys,
    entryKey: entry.email,
    phone: entry.phone,
    onePerPhone: options.onePerPhone,
    entryWrite: (ticket, drawTicket, label) => ({
      Update: {
        TableName: table.name,
        Key: { email: { S: entry.email } },
        UpdateExpression:
          'SET #status = :confirmed, confirmedAt = :now, ticket = :ticket, drawTicket = :drawTicket, label = :label, addressBucket = :bucket, searchAddress = :search REMOVE expiresAt, tokenHash',
        ConditionExpression: '#status = :pending AND tokenHash = :hash',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':confirmed': { S: 'confirmed' },
          ':pending': { S: 'pending' },
          ':now': { S: now.toISOString() },
          ':ticket': { N: String(ticket) },
          ':drawTicket': { N: String(drawTicket) },
          ':label': { S: label },
          ':hash': { S: hash },
          ':bucket': { S: indexKeys.addressBucket },
          ':search': { S: indexKeys.searchAddress },
        },
      },
    }),
  });
  if (outcome.admitted) return { ticket: outcome.ticket, raffleId: keys.raffleId, label: outcome.label };
  if (outcome.reason === 'phone') throw phoneTaken();
  throw invalidToken();
}
