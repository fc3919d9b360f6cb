/**
 * The event the schedule sends must be one the real draw handler accepts: a keyed (idempotent) draw with
 * the configured default winner count. Checked against the handler's own pure request parsing.
 */
import { drawIdFor, drawnBy, requestedWinners } from '../../functions/draw/request';
import { parseJsonObject } from '../../functions/shared/http';
import { SCHEDULER_IDENTITY, scheduledDrawEvent } from '../../functions/draw/scheduled-event';

describe('scheduledDrawEvent', () => {
  const event = scheduledDrawEvent('2026-12-24T18:00:00Z') as any;

  test('is a keyed draw: every retry of the schedule names the same draw record', () => {
    const first = drawIdFor(event);
    expect(first.keyed).toBe(true);
    expect(drawIdFor(scheduledDrawEvent('2026-12-24T19:00:00+01:00') as any)).toEqual(first);
    expect(drawIdFor(scheduledDrawEvent('2026-12-25T18:00:00Z') as any).drawId).not.toBe(first.drawId);
  });

  test('asks for the default number of winners', () => {
    expect(requestedWinners(parseJsonObject(event, { optional: true }), 3)).toBe(3);
  });

  test('is recorded as drawn by the scheduler, and only an event with that stage is', () => {
    expect(drawnBy(event)).toBe(SCHEDULER_IDENTITY);
    expect(drawnBy({ ...event, requestContext: { ...event.requestContext, stage: 'dev' } })).toBe('unknown');
  });
});
