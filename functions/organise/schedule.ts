/**
 * Keeping a raffle's scheduled draw in step with the raffle: a published raffle with a drawAt, not yet
 * drawn nor archived, has a schedule at drawAt; any other has none. A schedule that must exist or move
 * is made before the raffle's record is written, and one no longer wanted is deleted after: in between,
 * a schedule whose time is not the raffle's drawAt draws nothing (functions/draw/scheduled.ts), so a
 * write that fails half-way never draws at the wrong time.
 */
import type { Raffle } from '../../model/raffle';
import type { DrawScheduler } from '../runtime/ports';

/** When the raffle's draw should be scheduled, if at all. */
export function scheduledDrawTime(raffle: Raffle | undefined): string | undefined {
  if (!raffle?.publishedAt || raffle.archivedAt || raffle.drawnAt) return undefined;
  return raffle.drawAt;
}

export interface ScheduleChange {
  /** Deletes the schedule once the record no longer wants it. */
  afterWrite(): Promise<void>;
}

/**
 * Makes or moves the schedule `after` wants: when it is new or moved, and whenever `resync` (a new raffle,
 * whose retried create finishes the job; an edit that sends drawAt, even unchanged, which makes a schedule
 * that went missing again).
 */
export async function scheduleChange(
  scheduler: DrawScheduler,
  before: Raffle | undefined,
  after: Raffle,
  resync: boolean,
): Promise<ScheduleChange> {
  const was = scheduledDrawTime(before);
  const will = scheduledDrawTime(after);
  if (will !== undefined && (resync || will !== was)) await scheduler.schedule(after.raffleId, will);
  return {
    afterWrite: async () => {
      if (will === undefined && was !== undefined) await scheduler.cancel(after.raffleId);
    },
  };
}
