/**
 * Who may still win: the sparse index of entrants who have not won (eligible-by-ticket), read the ways
 * the draws need it. A fast draw looks up a ticket, or lists the index when it is sparse; a verifiable
 * draw reads every label once (its pool), and each candidate's details when its walk reaches them.
 */
import { GetItemCommand, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { TICKETS_PER_RAFFLE, type RaffleKeys } from '../../model/raffle-keys';
import { ELIGIBLE_INDEX } from '../../model/schema';
import type { Table } from '../runtime/dynamodb';
import type { Candidate } from '../shared/draw-record';

function toCandidate(keys: RaffleKeys, item: Record<string, AttributeValue>): Candidate {
  const entryKey = item.email.S as string;
  return {
    entryKey,
    contactEmail: item.contactEmail?.S ?? entryKey,
    name: item.name?.S ?? '',
    phone: item.phone?.S,
    ticket: keys.ticketOf(Number(item.drawTicket?.N)),
    label: item.label?.S,
  };
}

/**
 * Every page of a Scan of the eligible index, the raffle's own tickets only, with `projection` (all of
 * its attributes when absent). The index holds every raffle's eligible entrants: the filter keeps this
 * raffle's range of ticket keys, but the Scan reads (and is charged for) the others too.
 */
async function* eligiblePages(table: Table, keys: RaffleKeys, projection?: { expression: string; names: Record<string, string> }) {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        IndexName: ELIGIBLE_INDEX.name,
        ExclusiveStartKey: startKey,
        FilterExpression: '#ticket BETWEEN :first AND :last',
        ...(projection ? { ProjectionExpression: projection.expression } : {}),
        ExpressionAttributeNames: { ...(projection?.names ?? {}), '#ticket': 'drawTicket' },
        ExpressionAttributeValues: {
          ':first': { N: String(keys.drawTicket(0)) },
          ':last': { N: String(keys.drawTicket(TICKETS_PER_RAFFLE - 1)) },
        },
      }),
    );
    yield out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/** The eligible entrant holding `ticket`, if any (none: a gap, or the holder already won). */
export async function findByTicket(table: Table, keys: RaffleKeys, ticket: number): Promise<Candidate | undefined> {
  const out = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: ELIGIBLE_INDEX.name,
      KeyConditionExpression: '#ticket = :ticket',
      ExpressionAttributeNames: { '#ticket': 'drawTicket' },
      ExpressionAttributeValues: { ':ticket': { N: String(keys.drawTicket(ticket)) } },
      Limit: 1,
    }),
  );
  const item = out.Items?.[0];
  return item ? toCandidate(keys, item) : undefined;
}

/** Every eligible entrant, read from the sparse index (whose size is the eligible count), all pages. */
export async function listEligible(table: Table, keys: RaffleKeys): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for await (const items of eligiblePages(table, keys)) for (const item of items) candidates.push(toCandidate(keys, item));
  return candidates;
}

/**
 * Every eligible entrant's label (entries admitted before labels existed have none), with its entry's
 * key: a verifiable draw's pool. Only those two attributes are read back, so a million entrants take a
 * fraction of the function's memory (the read units are the same: DynamoDB counts whole items).
 */
export async function eligibleLabels(table: Table, keys: RaffleKeys): Promise<Map<string, string>> {
  const entryByLabel = new Map<string, string>();
  for await (const items of eligiblePages(table, keys, { expression: '#key, #label', names: { '#key': 'email', '#label': 'label' } })) {
    for (const item of items) if (item.label?.S) entryByLabel.set(item.label.S, item.email.S as string);
  }
  return entryByLabel;
}

/** One entry read afresh, as a candidate while it is still eligible (it has a drawTicket). */
export async function eligibleEntry(table: Table, keys: RaffleKeys, entryKey: string): Promise<Candidate | undefined> {
  const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: { email: { S: entryKey } }, ConsistentRead: true }));
  return out.Item?.drawTicket ? toCandidate(keys, out.Item) : undefined;
}
