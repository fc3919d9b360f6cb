/**
 * Claims: a winner of a raffle with a claim period (its claimDays) has until their draw's `claimBy` to
 * claim the prize, through the link in their email (functions/confirm/claim.ts) or by the organiser's
 * mark (a phone call). A claim is one conditional update of the draw record, and the claim sweep's void
 * of an unclaimed win (functions/draw/claim-sweep.ts) is conditional on the same record, so for each win
 * exactly one of the two happens, whichever is first:
 *   - a claim:  append to `claims` and `claimedTickets`   if before claimBy, not voided, not claimed;
 *   - a expiry: the void's own condition (draw-writes.ts voidItems, `unclaimedOnly`) adds "not claimed".
 * A claim, like a void, holds a ticket and no personal data.
 */
import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import { deploymentKeys, type RaffleKeys } from '../../model/raffle-keys';
import { DRAWS_INDEX, type ClaimTokenItem } from '../../model/schema';
import { writtenIf, type Table } from '../runtime/dynamodb';
import { fromItem, toAttribute, toItem } from '../runtime/marshal';
import { claimOf, type ClaimRecord } from './claim-state';
import { isErased, toDrawRecord, type DrawRecord } from './draw-record';
import { drawStore } from './draw-store';
import { drawKey } from './draw-writes';

const expired = (): DomainError =>
  new DomainError('claim_expired', 'The time to claim this prize has passed: it goes to the next winner drawn in its place.');

/**
 * Claims the win of `ticket` in draw `drawId`: recorded once, before the deadline. The same claim again
 * (a second click, the organiser marking a win the winner claimed) answers the first, unchanged.
 * Returns the draw as it was read (its id and prize, for the answer) and the claim that stands.
 */
export async function claimWin(
  table: Table,
  keys: RaffleKeys,
  drawId: string,
  ticket: number,
  claim: Omit<ClaimRecord, 'ticket' | 'claimedAt'>,
  now: Date,
): Promise<{ readonly record: DrawRecord; readonly claim: ClaimRecord }> {
  const store = drawStore(table, keys);
  const read = async (): Promise<DrawRecord> => {
    const found = await store.get(drawId);
    if (!found) throw new DomainError('draw_not_found', `There is no draw ${drawId}.`);
    return found;
  };
  let record = await read();
  const slot = record.winners.find((w) => w.ticket === ticket);
  if (!slot || isErased(slot)) throw new DomainError('winner_not_found', `No standing winner of draw ${drawId} holds ticket ${ticket}.`);
  const claimBy = record.claimBy;
  if (!claimBy) throw new DomainError('no_claim_period', 'This draw was made without a claim period: its wins are not claimed.');
  for (let attempt = 0; attempt < 2; attempt++) {
    const earlier = claimOf(record, ticket);
    if (earlier) return { record, claim: earlier };
    if ((record.voidedTickets ?? []).includes(ticket) || now.getTime() >= Date.parse(claimBy)) throw expired();
    const made: ClaimRecord = { ticket, claimedAt: now.toISOString(), ...claim };
    if (await writtenIf(() => table.client.send(new UpdateItemCommand(claimUpdate(table.name, keys, drawId, made, now))))) {
      return { record, claim: made };
    }
    // Claimed, voided or expired a moment ago: read what happened.
    record = await read();
  }
  throw new Error(`the claim of ticket ${ticket} in draw ${drawId} neither held nor failed for a reason`);
}

function claimUpdate(tableName: string, keys: RaffleKeys, drawId: string, claim: ClaimRecord, now: Date) {
  return {
    TableName: tableName,
    Key: drawKey(keys, drawId),
    UpdateExpression:
      'SET claims = list_append(if_not_exists(claims, :none), :claim), claimedTickets = list_append(if_not_exists(claimedTickets, :none), :ticket)',
    ConditionExpression:
      'claimBy > :now AND (attribute_not_exists(voidedTickets) OR NOT contains(voidedTickets, :t)) AND (attribute_not_exists(claimedTickets) OR NOT contains(claimedTickets, :t))',
    ExpressionAttributeValues: {
      ':none': { L: [] },
      ':claim': { L: [toAttribute({ ...claim })] },
      ':ticket': { L: [{ N: String(claim.ticket) }] },
      ':t': { N: String(claim.ticket) },
      ':now': { S: now.toISOString() },
    },
  };
}

/**
 * The draws of a raffle whose claim deadline has passed and which still have a win neither claimed nor
 * voided (`claimsSettledAt` absent), from the draws index. Only draws asked for within the longest claim
 * period and a week before `now` are read: a sweep that failed for a week more is ops' to look at (its
 * dead letters are alarmed), not a reason to read every draw of every raffle every time.
 */
export async function drawsPastDeadline(table: Table, keys: RaffleKeys, now: Date): Promise<DrawRecord[]> {
  const horizon = new Date(now.getTime() - (LIMITS.claim.days.max + 7) * 86_400_000).toISOString();
  const out: DrawRecord[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: DRAWS_INDEX.name,
        KeyConditionExpression: '#type = :draw AND #at >= :horizon',
        FilterExpression: 'claimBy <= :now AND attribute_not_exists(claimsSettledAt)',
        ExpressionAttributeNames: { '#type': DRAWS_INDEX.partitionKey.name, '#at': DRAWS_INDEX.sortKey!.name },
        ExpressionAttributeValues: {
          ':draw': { S: keys.drawRecordType },
          ':horizon': { S: horizon },
          ':now': { S: now.toISOString() },
        },
        ExclusiveStartKey: startKey,
      }),
    );
    out.push(...(page.Items ?? []).map(toDrawRecord));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** Every win of the draw is settled: the sweep skips it from now on. */
export async function markClaimsSettled(table: Table, keys: RaffleKeys, drawId: string, now: Date): Promise<void> {
  await table.client.send(
    new UpdateItemCommand({
      TableName: table.name,
      Key: drawKey(keys, drawId),
      UpdateExpression: 'SET claimsSettledAt = if_not_exists(claimsSettledAt, :now)',
      ExpressionAttributeValues: { ':now': { S: now.toISOString() } },
    }),
  );
}

/** A winner's claim link is kept a day past the deadline (a link clicked late says "expired", not "unknown"). */
const TOKEN_KEPT_AFTER_DEADLINE_S = 86_400;

/** Stores a claim link's token (by its hash) for the win of `ticket`; the raw token goes only into the email. */
export async function storeClaimToken(
  table: Table,
  tokenHash: string,
  win: { readonly raffleId: string; readonly drawId: string; readonly ticket: number; readonly claimBy: string },
): Promise<void> {
  const item: ClaimTokenItem = {
    email: deploymentKeys.claimToken(tokenHash),
    raffleId: win.raffleId,
    drawId: win.drawId,
    ticket: win.ticket,
    expiresAt: Math.floor(Date.parse(win.claimBy) / 1000) + TOKEN_KEPT_AFTER_DEADLINE_S,
  };
  await table.client.send(new PutItemCommand({ TableName: table.name, Item: toItem({ ...item }) }));
}

export async function readClaimToken(table: Table, tokenHash: string): Promise<ClaimTokenItem | undefined> {
  const out = await table.client.send(
    new GetItemCommand({ TableName: table.name, Key: { email: { S: deploymentKeys.claimToken(tokenHash) } }, ConsistentRead: true }),
  );
  return out.Item ? (fromItem(out.Item) as unknown as ClaimTokenItem) : undefined;
}
