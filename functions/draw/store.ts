/**
 * The DynamoDB edge of the draw: the draw record, the eligible-entrant lookups and the claim.
 *
 * A claim is one transaction of three conditional writes, so a winner is marked if and only if the draw
 * record lists them and the totals count them:
 *   - the entry:       SET wonDrawId, wonAt REMOVE drawTicket   if it still has a drawTicket and no win
 *   - the draw record: append the winner, ADD winnerCount 1       if still pending and not yet full
 *   - #stats:          ADD winners 1
 * Two draws racing for one entrant: one entry condition fails. A draw resumed twice: the record's
 * `winnerCount < target` condition stops the second from over-drawing.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { ELIGIBLE_INDEX, itemKeys } from '../../model/schema';
import { cancellationCode, dynamodb, sendTransaction, tableName } from '../runtime/dynamodb';
import { toAttribute } from '../runtime/marshal';
import { drawRecordItem, toDrawRecord as toRecord, type DrawRecord, type Winner } from '../shared/draw-record';
import type { ClaimOutcome } from './picker';

/** A candidate from the eligible index: its key, and the projected name, address and phone to contact. */
export interface Candidate {
  readonly entryKey: string;
  readonly contactEmail: string;
  readonly name: string;
  readonly phone?: string;
  readonly ticket: number;
  /** The pseudonymous label (entries admitted before labels existed have none). */
  readonly label?: string;
}

const CLAIM_CONFLICT_RETRIES = 6;

function toCandidate(item: Record<string, AttributeValue>): Candidate {
  const entryKey = item.email.S as string;
  return {
    entryKey,
    contactEmail: item.contactEmail?.S ?? entryKey,
    name: item.name?.S ?? '',
    phone: item.phone?.S,
    ticket: Number(item.drawTicket?.N),
    label: item.label?.S,
  };
}

export async function getDraw(drawId: string): Promise<DrawRecord | undefined> {
  const out = await dynamodb().send(
    new GetItemCommand({ TableName: tableName(), Key: { email: { S: itemKeys.draw(drawId) } }, ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

/** Writes the record before any winner is marked; false if a record with this id exists already. */
export async function putDrawIfAbsent(record: DrawRecord): Promise<boolean> {
  try {
    await dynamodb().send(
      new PutItemCommand({
        TableName: tableName(),
        Item: drawRecordItem(record),
        ConditionExpression: 'attribute_not_exists(email)',
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** The eligible entrant holding `ticket`, if any (none: a gap, or the holder already won). */
export async function findByTicket(ticket: number): Promise<Candidate | undefined> {
  const out = await dynamodb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: ELIGIBLE_INDEX.name,
      KeyConditionExpression: '#ticket = :ticket',
      ExpressionAttributeNames: { '#ticket': 'drawTicket' },
      ExpressionAttributeValues: { ':ticket': { N: String(ticket) } },
      Limit: 1,
    }),
  );
  const item = out.Items?.[0];
  return item ? toCandidate(item) : undefined;
}

/** Every eligible entrant, read from the sparse index (whose size is the eligible count), all pages. */
export async function listEligible(): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamodb().send(
      new ScanCommand({ TableName: tableName(), IndexName: ELIGIBLE_INDEX.name, ExclusiveStartKey: startKey }),
    );
    for (const item of out.Items ?? []) candidates.push(toCandidate(item));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return candidates;
}

/**
 * Every eligible entrant's label (entries admitted before labels existed have none), with its entry's
 * key: a verifiable draw's pool. Only those two attributes are read back, so a million entrants take a
 * fraction of the function's memory (the read units are the same: DynamoDB counts whole items).
 */
export async function eligibleLabels(): Promise<Map<string, string>> {
  const entryByLabel = new Map<string, string>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamodb().send(
      new ScanCommand({
        TableName: tableName(),
        IndexName: ELIGIBLE_INDEX.name,
        ProjectionExpression: '#key, #label',
        ExpressionAttributeNames: { '#key': 'email', '#label': 'label' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) if (item.label?.S) entryByLabel.set(item.label.S, item.email.S as string);
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return entryByLabel;
}

/** One entry read afresh, as a candidate while it is still eligible (it has a drawTicket). */
export async function eligibleEntry(entryKey: string): Promise<Candidate | undefined> {
  const out = await dynamodb().send(new GetItemCommand({ TableName: tableName(), Key: { email: { S: entryKey } }, ConsistentRead: true }));
  return out.Item?.drawTicket ? toCandidate(out.Item) : undefined;
}

/**
 * The three writes of a claim: the entry marked (if still eligible), the winner appended to the draw
 * (if it still wants one), the winners' total. Shared by the verifiable walk, which adds its own.
 */
export function claimItems(draw: DrawRecord, candidate: Candidate, now: Date): TransactWriteItem[] {
  const table = tableName();
  const wonAt = now.toISOString();
  const winner: Winner = {
    entryKey: candidate.entryKey,
    email: candidate.contactEmail,
    name: candidate.name,
    phone: candidate.phone,
    ticket: candidate.ticket,
    ...(candidate.label !== undefined ? { label: candidate.label } : {}),
  };
  return [
    {
      Update: {
        TableName: table,
        Key: { email: { S: candidate.entryKey } },
        UpdateExpression: 'SET wonDrawId = :drawId, wonAt = :wonAt REMOVE drawTicket',
        ConditionExpression: 'attribute_exists(drawTicket) AND attribute_not_exists(wonDrawId)',
        ExpressionAttributeValues: { ':drawId': { S: draw.drawId }, ':wonAt': { S: wonAt } },
      },
    },
    {
      Update: {
        TableName: table,
        Key: { email: { S: itemKeys.draw(draw.drawId) } },
        UpdateExpression: 'SET winners = list_append(winners, :winner) ADD winnerCount :one',
        ConditionExpression: '#status = :pending AND winnerCount < :target',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':winner': { L: [toAttribute({ ...winner })] },
          ':one': { N: '1' },
          ':pending': { S: 'pending' },
          ':target': { N: String(draw.target) },
        },
      },
    },
    {
      Update: {
        TableName: table,
        Key: { email: { S: itemKeys.stats } },
        UpdateExpression: 'ADD winners :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    },
  ];
}

export async function claimWinner(draw: DrawRecord, candidate: Candidate, now: Date): Promise<ClaimOutcome> {
  const command = new TransactWriteItemsCommand({ TransactItems: claimItems(draw, candidate, now) });
  try {
    // Concurrent draws all touch #stats: conflicts are expected under load and safe to retry.
    await sendTransaction(command, CLAIM_CONFLICT_RETRIES);
    return 'claimed';
  } catch (err) {
    if (cancellationCode(err, 0) === 'ConditionalCheckFailed') return 'rejected';
    if (cancellationCode(err, 1) === 'ConditionalCheckFailed') return 'stop';
    throw err;
  }
}

/**
 * Marks the draw complete (exactly one caller does, however many resume the same draw at once: the
 * stream then carries one pending → complete change); returns the final record either way.
 */
export async function completeDraw(drawId: string, attempts: number, method: string, now: Date): Promise<DrawRecord> {
  try {
    const out = await dynamodb().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: { email: { S: itemKeys.draw(drawId) } },
        UpdateExpression: 'SET #status = :complete, completedAt = :now, #method = :method ADD attempts :attempts',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#method': 'method' },
        ExpressionAttributeValues: {
          ':complete': { S: 'complete' },
          ':pending': { S: 'pending' },
          ':now': { S: now.toISOString() },
          ':method': { S: method },
          ':attempts': { N: String(attempts) },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(out.Attributes ?? {});
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const record = await getDraw(drawId);
    if (!record) throw err;
    return record;
  }
}
