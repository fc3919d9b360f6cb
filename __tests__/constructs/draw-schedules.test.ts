/**
 * What a raffle's schedule carries (functions/runtime/aws/draw-scheduler.ts puts it in the stack's group,
 * constructs/draw-schedules.ts): its own small event naming the raffle and the time, which the draw handler
 * recognises (and nothing API Gateway sends); the raffle, the time and a prize's place name one draw, so
 * every retry resumes that same draw; the schedule is named after the raffle, which Scheduler accepts.
 */
import { atExpression } from '../../functions/runtime/aws/draw-scheduler';
import { LIMITS } from '../../model/limits';
import { isRaffleId } from '../../model/raffle';
import { drawScheduleName, isScheduledDrawEvent, scheduledDrawEvent, scheduledDrawKey } from '../../model/scheduled-draw';

describe('scheduledDrawEvent', () => {
  const event = scheduledDrawEvent('spring', '2026-12-24T18:00:00Z');

  test('names the raffle and the time in UTC, and is recognised as a scheduled draw; an HTTP request, even to the draw, is not', () => {
    expect(event).toEqual({ source: 'raffle.draw-schedule', raffleId: 'spring', scheduledAt: '2026-12-24T18:00:00.000Z' });
    expect(isScheduledDrawEvent(event)).toBe(true);
    expect(isScheduledDrawEvent(JSON.parse(JSON.stringify(event)))).toBe(true);
    const http = { version: '2.0', routeKey: 'POST /raffle/raffles/{raffleId}/draw', rawPath: '/raffle/raffles/spring/draw', body: '{}' };
    expect(isScheduledDrawEvent(http)).toBe(false);
    expect(isScheduledDrawEvent({ ...event, source: 'aws.events' })).toBe(false);
    expect(isScheduledDrawEvent({ ...event, scheduledAt: 'soon' })).toBe(false);
    expect(isScheduledDrawEvent({ source: event.source, scheduledAt: event.scheduledAt })).toBe(false);
    expect(isScheduledDrawEvent(null)).toBe(false);
  });

  test('names one draw per instant and prize, whatever the time zone it was written in', () => {
    const first = scheduledDrawKey(event, 0);
    expect(scheduledDrawKey(scheduledDrawEvent('spring', '2026-12-24T19:00:00+01:00'), 0)).toBe(first);
    expect(scheduledDrawKey(scheduledDrawEvent('spring', '2026-12-25T18:00:00Z'), 0)).not.toBe(first);
    expect(scheduledDrawKey(event, 1)).not.toBe(first);
  });
});

test('atExpression converts any ISO instant to UTC without milliseconds', () => {
  expect(atExpression('2026-12-24T19:30:00+01:00')).toBe('at(2026-12-24T18:30:00)');
  expect(atExpression('2026-12-24T18:30:00.999Z')).toBe('at(2026-12-24T18:30:00)');
});

test("a raffle's schedule is named after it, and every raffle id is a name Scheduler accepts (1-64 of [0-9a-zA-Z-_.])", () => {
  expect(drawScheduleName('spring-2027')).toBe('spring-2027');
  const scheduleName = /^[0-9a-zA-Z\-_.]{1,64}$/;
  // Every character a raffle id may hold, anywhere in it, is one a schedule name may hold.
  const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
  const allowed = printable.filter((c) => isRaffleId(`a${c}a`) || isRaffleId(c));
  expect(allowed.length).toBeGreaterThan(30);
  for (const c of allowed) expect(drawScheduleName(`a${c}a`)).toMatch(scheduleName);
  // And the longest raffle id is not too long.
  const longest = 'a'.repeat(LIMITS.raffle.idLength);
  expect(isRaffleId(longest)).toBe(true);
  expect(isRaffleId(`${longest}a`)).toBe(false);
  expect(drawScheduleName(longest)).toMatch(scheduleName);
});
