/**
 * The event EventBridge Scheduler sends the draw function (constructs/draw-schedule.ts puts it in the
 * schedule's input). It is its own small type, not a forged HTTP request: the handler recognises it and
 * runs the draw directly, and because Scheduler invokes asynchronously, a draw that cannot complete
 * must *throw* so that Lambda retries it and, in the end, sends it to the dead-letter queue.
 */

/** Marks the event as ours; nothing API Gateway sends has a `source`. */
export const SCHEDULED_DRAW_SOURCE = 'raffle.draw-schedule';

/** Recorded as `drawnBy` for a scheduled draw. */
export const SCHEDULER_IDENTITY = 'EventBridge Scheduler (config drawSchedule)';

export interface ScheduledDrawEvent {
  readonly source: typeof SCHEDULED_DRAW_SOURCE;
  /** The configured drawSchedule (ISO-8601 UTC). It names the draw, so every retry resumes the same one. */
  readonly scheduledAt: string;
}

export function scheduledDrawEvent(isoInstant: string): ScheduledDrawEvent {
  return { source: SCHEDULED_DRAW_SOURCE, scheduledAt: new Date(isoInstant).toISOString() };
}

export function isScheduledDrawEvent(event: unknown): event is ScheduledDrawEvent {
  const e = event as Partial<ScheduledDrawEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === SCHEDULED_DRAW_SOURCE &&
    typeof e.scheduledAt === 'string' &&
    !Number.isNaN(Date.parse(e.scheduledAt))
  );
}

/** The idempotency key of the scheduled draw: one per configured instant. */
export function scheduledDrawKey(event: ScheduledDrawEvent): string {
  return `scheduled-draw-${new Date(event.scheduledAt).toISOString()}`;
}
