/**
 * The event the schedule sends is its own small type: the draw handler recognises it (and nothing API
 * Gateway sends), and the instant it carries names one draw, so every retry resumes that same draw.
 */
import { atExpression } from '../../constructs/draw-schedule';
import { drawIdForKey } from '../../functions/draw/request';
import { isScheduledDrawEvent, scheduledDrawEvent, scheduledDrawKey } from '../../model/scheduled-draw';
import { httpEvent } from '../functions/support/events';

describe('scheduledDrawEvent', () => {
  const event = scheduledDrawEvent('2026-12-24T18:00:00Z');

  test('is recognised as a scheduled draw; an HTTP request, even to /draw, is not', () => {
    expect(isScheduledDrawEvent(event)).toBe(true);
    expect(isScheduledDrawEvent(JSON.parse(JSON.stringify(event)))).toBe(true);
    expect(isScheduledDrawEvent(httpEvent({ method: 'POST', path: '/draw' }))).toBe(false);
    expect(isScheduledDrawEvent({ ...event, source: 'aws.events' })).toBe(false);
    expect(isScheduledDrawEvent({ ...event, scheduledAt: 'soon' })).toBe(false);
    expect(isScheduledDrawEvent(null)).toBe(false);
  });

  test('names one draw per instant, whatever the time zone it was written in', () => {
    const first = drawIdForKey(scheduledDrawKey(event));
    expect(drawIdForKey(scheduledDrawKey(scheduledDrawEvent('2026-12-24T19:00:00+01:00')))).toBe(first);
    expect(drawIdForKey(scheduledDrawKey(scheduledDrawEvent('2026-12-25T18:00:00Z')))).not.toBe(first);
  });

  test('atExpression converts any ISO instant to UTC without milliseconds', () => {
    expect(atExpression('2026-12-24T19:30:00+01:00')).toBe('at(2026-12-24T18:30:00)');
  });
});
