/**
 * The event EventBridge Scheduler sends the draw function at a raffle's drawAt (the organise function
 * puts it in the raffle's one-time schedule, named after the raffle, in the stack's schedule group). It is its own small type, not a forged HTTP request: the handler recognises it and
 * runs the draw directly, and because Scheduler invokes asynchronously, a draw that cannot complete
 * must *throw* so that Lambda retries it and, in the end, sends it to the dead-letter queue.
 */

/** Marks the event as ours; nothing API Gateway sends has a `source`. */
export const SCHEDULED_DRAW_SOURCE = 'raffle.draw-schedule';

/** Recorded as `drawnBy` for a scheduled draw. */
export const SCHEDULER_IDENTITY = "EventBridge Scheduler (the raffle's drawAt)";

export interface ScheduledDrawEvent {
  readonly source: typeof SCHEDULED_DRAW_SOURCE;
  readonly raffleId: string;
  /** The raffle's drawAt (ISO-8601 UTC). With the raffle, it names the draws, so every retry resumes the same ones. */
  readonly scheduledAt: string;
}

export function scheduledDrawEvent(raffleId: string, isoInstant: string): ScheduledDrawEvent {
  return { source: SCHEDULED_DRAW_SOURCE, raffleId, scheduledAt: new Date(isoInstant).toISOString() };
}

export function isScheduledDrawEvent(event: unknown): event is ScheduledDrawEvent {
  const e = event as Partial<ScheduledDrawEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === SCHEDULED_DRAW_SOURCE &&
    typeof e.raffleId === 'string' &&
    typeof e.scheduledAt === 'string' &&
    !Number.isNaN(Date.parse(e.scheduledAt))
  );
}

/** The idempotency key of the scheduled draw of one prize (its place in the list): one per instant and prize. */
export function scheduledDrawKey(event: ScheduledDrawEvent, prizeIndex: number): string {
  return `scheduled-draw-${new Date(event.scheduledAt).toISOString()}-${prizeIndex}`;
}

/** The schedule of a raffle's draw is named after the raffle (ids are at most 64 characters, as schedule names). */
export function drawScheduleName(raffleId: string): string {
  return raffleId;
}

/**
 * The claim sweep's event: every LIMITS.claim.sweepMinutes, a recurring schedule the stack owns (in the
 * same group, with the same role and dead-letter queue) sends it to the draw function, which voids and
 * replaces each win whose claim deadline has passed unclaimed (functions/draw/claim-sweep.ts). It names
 * no time: the function reads its clock, and a retry or an overlapping sweep finds the same wins.
 */
export const CLAIM_SWEEP_SOURCE = 'raffle.claim-sweep';

export interface ClaimSweepEvent {
  readonly source: typeof CLAIM_SWEEP_SOURCE;
}

export const CLAIM_SWEEP_EVENT: ClaimSweepEvent = { source: CLAIM_SWEEP_SOURCE };

/** The sweep's schedule: a name no raffle's schedule can have (raffle ids start with a letter or digit). */
export const CLAIM_SWEEP_SCHEDULE_NAME = '_claim-sweep';

export function isClaimSweepEvent(event: unknown): event is ClaimSweepEvent {
  return typeof event === 'object' && event !== null && (event as Partial<ClaimSweepEvent>).source === CLAIM_SWEEP_SOURCE;
}
