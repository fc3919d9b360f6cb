/**
 * Upgrading a table the single-raffle version wrote: its items become the first raffle's without moving
 * (model/raffle-keys.ts: the raffle with ordinal 0 has the empty scope, so every entry, ticket, phone
 * claim, pending entry and token, draw, void, notification and verifiable draw already has the key it
 * would have). What the upgrade writes is that raffle's record, built from the old config's raffle keys
 * and the draws already made, and the catalogue's note of which raffle the old items are, in one
 * transaction. So it is:
 *   - idempotent: a table that names its upgraded raffle is left as it is;
 *   - resumable: one transaction, done or not done;
 *   - safe while the app serves: the single-raffle version never reads either item, and the new one
 *     reads the raffle only once it exists;
 *   - counted: every kind of item is counted before and after (./inventory.ts), and a dry run writes nothing.
 */
import { QueryCommand, TransactWriteItemsCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LegacyRaffleKeys } from '../../config/legacy-raffle';
import type { Table } from '../../functions/runtime/dynamodb';
import { toItem, type PlainItem } from '../../functions/runtime/marshal';
import { toDrawRecord, type DrawRecord } from '../../functions/shared/draw-record';
import { upgradedRaffleId } from '../../functions/shared/raffles';
import { DomainError } from '../../model/errors';
import { LIMITS } from '../../model/limits';
import { type DeploymentAbilities, type Prize, type Raffle } from '../../model/raffle';
import { newRaffle } from '../../model/raffle-edit';
import { deploymentKeys, raffleKeys } from '../../model/raffle-keys';
import { DRAWS_INDEX, RAFFLES_LISTED_IN, type RaffleItem } from '../../model/schema';
import { describeInventory, takeInventory, type Inventory } from './inventory';

export interface UpgradeRequest {
  readonly table: Table;
  /** The single-raffle config's raffle keys and firstRaffleId (the raffle's id, default "first"). */
  readonly legacy: LegacyRaffleKeys;
  /** Its title: the old config had none. @default "Raffle" */
  readonly title?: string;
  /** When its entries close, if the old config has no entryDeadline (the old raffle never closed by itself). */
  readonly closesAt?: string;
  readonly abilities: DeploymentAbilities;
  readonly now: Date;
  readonly dryRun: boolean;
}

export type UpgradeOutcome =
  | {
      readonly outcome: 'upgraded' | 'would upgrade';
      readonly raffle: Raffle;
      readonly before: Inventory;
      readonly after: Inventory;
      readonly notes: string[];
      /** What the upgrade's one transaction was charged (0 for a dry run). */
      readonly writeUnits: number;
    }
  | {
      readonly outcome: 'already upgraded';
      readonly raffleId: string;
      readonly before: Inventory;
      readonly after: Inventory;
      readonly notes: string[];
    };

export const DEFAULT_FIRST_RAFFLE_ID = 'first';
const DEFAULT_TITLE = 'Raffle';
/** Named for draws that named no prize. */
const UNNAMED_PRIZE = 'Prize';

/** The draws the single-raffle version made, oldest first (its draws index partition, "draw"). */
async function oldDraws(table: Table): Promise<DrawRecord[]> {
  const draws: DrawRecord[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: DRAWS_INDEX.name,
        KeyConditionExpression: '#type = :draw',
        ExpressionAttributeNames: { '#type': DRAWS_INDEX.partitionKey.name },
        ExpressionAttributeValues: { ':draw': { S: raffleKeys({ raffleId: '', ordinal: 0 }).drawRecordType } },
        ExclusiveStartKey: start,
      }),
    );
    draws.push(...(out.Items ?? []).map(toDrawRecord));
    start = out.LastEvaluatedKey;
  } while (start);
  return draws;
}

/** The prizes the old draws named, in the order first drawn (replacements name the prize they replace), each with the most winners asked. */
export function prizesOf(draws: readonly DrawRecord[], winners: number): Prize[] {
  const prizes = new Map<string, number>();
  for (const draw of draws.filter((d) => !d.replaces)) {
    const name = draw.prize ?? UNNAMED_PRIZE;
    prizes.set(name, Math.max(prizes.get(name) ?? 0, Math.min(draw.requested, LIMITS.winners.max)));
  }
  if (prizes.size === 0) return [{ name: UNNAMED_PRIZE, winners }];
  return [...prizes].slice(0, LIMITS.raffle.prizes).map(([name, n]) => ({ name, winners: n }));
}

/** The first raffle: published (people have entered), drawn if a draw was completed, closing at the old deadline. */
export function firstRaffle(request: UpgradeRequest, draws: readonly DrawRecord[]): Raffle {
  const closesAt = request.legacy.entryDeadline ?? request.closesAt;
  if (!closesAt) {
    throw new DomainError(
      'missing_field',
      'The old config has no entryDeadline, so the raffle never closed by itself: say when its entries close with --closes-at <ISO-8601 time> (now closes them; the organiser can extend it later).',
      'closesAt',
    );
  }
  const raffleId = request.legacy.firstRaffleId ?? DEFAULT_FIRST_RAFFLE_ID;
  const fields = newRaffle(
    {
      raffleId,
      title: request.title ?? DEFAULT_TITLE,
      prizes: prizesOf(draws, request.legacy.winners ?? LIMITS.winners.default),
      closesAt,
      rulesUrl: request.legacy.rulesUrl,
      privacyUrl: request.legacy.privacyUrl,
      confirmEntries: request.abilities.mail,
      verifiableDraws: request.abilities.verifiableDraws,
    },
    request.abilities,
    request.now,
  );
  const completed = draws.filter((d) => d.status === 'complete' && d.completedAt).map((d) => d.completedAt as string);
  const now = request.now.toISOString();
  return {
    ...fields,
    ordinal: 0,
    publishedAt: now,
    ...(completed.length ? { drawnAt: completed.sort()[0] } : {}),
  };
}

function raffleExists(raffleId: string): DomainError {
  return new DomainError(
    'raffle_exists',
    `A raffle "${raffleId}" was created before the upgrade: choose another id for the first raffle (config firstRaffleId).`,
    'raffleId',
  );
}

export async function upgrade(request: UpgradeRequest): Promise<UpgradeOutcome> {
  const { table } = request;
  const before = await takeInventory(table);
  const done = await upgradedRaffleId(table);
  if (done !== undefined) return { outcome: 'already upgraded', raffleId: done, before, after: before, notes: [] };
  const draws = await oldDraws(table);
  const raffle = firstRaffle(request, draws);
  const notes = nextSteps(request, draws, raffle);
  if (request.dryRun) return { outcome: 'would upgrade', raffle, before, after: before, notes, writeUnits: 0 };

  const item: RaffleItem = {
    ...raffle,
    email: deploymentKeys.raffle(raffle.raffleId),
    listedIn: RAFFLES_LISTED_IN,
    updatedAt: raffle.createdAt,
  };
  let writeUnits: number;
  try {
    const out = await table.client.send(
      new TransactWriteItemsCommand({
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          {
            Put: { TableName: table.name, Item: toItem(item as unknown as PlainItem), ConditionExpression: 'attribute_not_exists(email)' },
          },
          {
            Update: {
              TableName: table.name,
              Key: { email: { S: deploymentKeys.catalog } },
              UpdateExpression: 'SET upgradedRaffleId = :id',
              ConditionExpression: 'attribute_not_exists(upgradedRaffleId)',
              ExpressionAttributeValues: { ':id': { S: raffle.raffleId } },
            },
          },
        ],
      }),
    );
    writeUnits = (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  } catch (err) {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw raffleExists(raffle.raffleId);
    // Another run upgraded the table meanwhile: that is the outcome asked for.
    if (reasons?.[1]?.Code === 'ConditionalCheckFailed') {
      const after = await takeInventory(table);
      return { outcome: 'already upgraded', raffleId: (await upgradedRaffleId(table)) ?? raffle.raffleId, before, after, notes: [] };
    }
    throw err;
  }
  return { outcome: 'upgraded', raffle, before, after: await takeInventory(table), notes, writeUnits };
}

/** What ops do next, when the old config asked for something the upgrade does not do by itself. */
function nextSteps(request: UpgradeRequest, draws: readonly DrawRecord[], raffle: Raffle): string[] {
  const notes: string[] = [];
  const schedule = request.legacy.drawSchedule;
  if (schedule && !raffle.drawnAt && Date.parse(schedule) > request.now.getTime()) {
    notes.push(
      `The old drawSchedule (${schedule}) is not scheduled any more: once the new stack is deployed, set the raffle's draw time in the console, or PATCH /raffle/raffles/${raffle.raffleId} {"drawAt":"${schedule}"}.`,
    );
  }
  if (draws.some((d) => d.status !== 'complete')) {
    notes.push('A draw was still under way: the same request to the new route (same Idempotency-Key) finishes it.');
  }
  return notes;
}

export function report(outcome: UpgradeOutcome): string {
  const lines = [`before: ${describeInventory(outcome.before)}`];
  if (outcome.outcome === 'already upgraded') {
    lines.push(`already upgraded: the old items are raffle "${outcome.raffleId}"; nothing written`);
  } else {
    const r = outcome.raffle;
    lines.push(
      `${outcome.outcome}: raffle "${r.raffleId}" ("${r.title}"), prizes ${r.prizes.map((p) => `${p.name} ×${p.winners}`).join(', ')}, closes ${r.closesAt}${r.drawnAt ? `, drawn ${r.drawnAt}` : ''}`,
    );
    if (outcome.outcome === 'upgraded') lines.push(`after: ${describeInventory(outcome.after)}`);
  }
  lines.push(...outcome.notes);
  return lines.join('\n');
}
