/**
 * Which table changes the notify function hears of: a draw record turning from pending to complete —
 * a draw, or the replacement of a voided winner. Never a registration, a count or a token. One pattern,
 * in Lambda's event-filtering syntax: the stack puts it in the event-source mapping's filter criteria,
 * and the local runtime applies it to DynamoDB Local's stream with `matchesPattern`. Only draw records
 * go from "pending" to "complete" (entries go from "pending" to "confirmed"), in every raffle; a draw
 * record's recordType differs between raffles (RaffleKeys.drawRecordType), so the filter does not name it.
 */

/** A value matches a list of allowed values; an object matches field by field. (The subset of Lambda's syntax we use.) */
export type EventPattern = { readonly [field: string]: EventPattern | readonly string[] };

export const DRAW_COMPLETED_PATTERN: EventPattern = {
  eventName: ['MODIFY'],
  dynamodb: {
    NewImage: { status: { S: ['complete'] } },
    OldImage: { status: { S: ['pending'] } },
  },
};

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = (event as Record<string, unknown> | null | undefined)?.[field];
    if (Array.isArray(expected)) return typeof actual === 'string' && expected.includes(actual);
    return matchesPattern(expected as EventPattern, actual);
  });
}
