/**
 * The draw function's scheduled entry: EventBridge Scheduler's event at the configured drawSchedule. The
 * invocation is asynchronous, so it throws whenever the draw cannot complete: Lambda then retries it (the
 * event names the draw, so a retry resumes it, never starts a second one) and, in the end, sends it to
 * the dead-letter queue.
 *
 * The scheduled draw runs once: if the organiser has already drawn by hand (with "early": true), it does
 * nothing, so a manual and a scheduled draw never both happen by accident. With verifiable draws offered,
 * it is verifiable: frozen here (this invocation is off the request path already), then revealed once its
 * round exists.
 */
import { SCHEDULER_IDENTITY, scheduledDrawKey, type ScheduledDrawEvent } from '../../model/scheduled-draw';
import { roundTime } from '../../verify/commitment';
import { faultOf } from '../runtime/log';
import type { DrawRecord } from '../shared/draw-record';
import { drawPorts, type DrawFunctionDeps } from './deps';
import { drawIdForKey } from './request';
import { runDraw, type DrawRequest } from './run-draw';
import { runVerifiableDraw } from './verifiable/run';
import type { VerifiableDeps } from './verifiable/steps';

export type ScheduledDrawResult =
  | { readonly outcome: 'drawn'; readonly drawId: string; readonly winnerCount: number }
  | { readonly outcome: 'skipped'; readonly reason: string; readonly existingDrawId: string };

/** A second after the round's time, the relays have it. */
const ROUND_PUBLISHED_MS = 1000;

export function createScheduledDraw(
  deps: DrawFunctionDeps,
): (event: ScheduledDrawEvent, requestId: string) => Promise<ScheduledDrawResult> {
  const ports = drawPorts(deps);
  const { clock, settings } = deps;
  return async (event, requestId) => {
    const started = clock.now().getTime();
    const drawId = drawIdForKey(scheduledDrawKey(event));
    const log = deps.logger.child({ requestId, route: 'scheduled draw' });
    try {
      if (!(await ports.store.get(drawId))) {
        const [existing] = await ports.store.latest(1);
        if (existing) {
          const result: ScheduledDrawResult = { outcome: 'skipped', reason: 'a draw was already made', existingDrawId: existing.drawId };
          log.log('warn', { durationMs: clock.now().getTime() - started, ...result });
          return result;
        }
      }
      const request: DrawRequest = { drawId, requested: settings.defaultWinners, drawnBy: SCHEDULER_IDENTITY, now: clock.now() };
      const record = settings.verifiable ? await verifiableDraw(ports, request) : (await runDraw(ports, request)).record;
      log.log('info', { durationMs: clock.now().getTime() - started, drawId, winnerCount: record.winnerCount, method: record.method });
      return { outcome: 'drawn', drawId, winnerCount: record.winnerCount };
    } catch (err) {
      log.log('error', { durationMs: clock.now().getTime() - started, drawId, fault: faultOf(err) });
      // Thrown on purpose: an asynchronous invocation that returns counts as a success and is never retried.
      throw err;
    }
  };
}

/**
 * Frozen and committed, then, once its round exists, revealed. A beacon not to be had yet throws
 * (beacon_unavailable), and Lambda's retry reveals the same round; so does a draw still being frozen by
 * an earlier attempt.
 */
async function verifiableDraw(ports: VerifiableDeps, request: DrawRequest): Promise<DrawRecord> {
  let outcome = await runVerifiableDraw(ports, request);
  if (outcome.phase === 'committed') {
    const round = outcome.record.verifiable?.round ?? 0;
    await ports.clock.sleep(roundTime(round) * 1000 + ROUND_PUBLISHED_MS - ports.clock.now().getTime());
    outcome = await runVerifiableDraw(ports, { ...request, now: ports.clock.now() });
  }
  if (outcome.phase !== 'revealed') throw new Error(`the scheduled verifiable draw is still ${outcome.record.status}; retry`);
  return outcome.record;
}
