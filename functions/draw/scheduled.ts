/**
 * The draw function's scheduled entry: EventBridge Scheduler's event at a raffle's drawAt (the organise
 * function keeps the schedule). The invocation is asynchronous, so it throws whenever a draw cannot
 * complete: Lambda then retries it (the event names the draws, so a retry resumes them, never starts
 * others) and, in the end, sends it to the dead-letter queue.
 *
 * It draws each of the raffle's prizes in order, each its own draw of the prize's winners. It draws
 * nothing, and says why, when the raffle is no longer due at this time: unknown, a draft, archived,
 * moved to another drawAt, or drawn by hand already (a manual and a scheduled draw never both happen
 * by accident). With verifiable draws offered (the raffle's and the deployment's), each is verifiable:
 * frozen here (this invocation is off the request path already), then revealed once its round exists.
 */
import { isRaffleId } from '../../model/raffle';
import { SCHEDULER_IDENTITY, scheduledDrawKey, type ScheduledDrawEvent } from '../../model/scheduled-draw';
import { roundTime } from '../../verify/commitment';
import { faultOf } from '../runtime/log';
import type { DrawRecord } from '../shared/draw-record';
import { readRaffle, type StoredRaffle } from '../shared/raffles';
import { drawPorts, type DrawFunctionDeps } from './deps';
import { drawIdForKey } from './request';
import { runDraw, type DrawRequest } from './run-draw';
import { runVerifiableDraw } from './verifiable/run';
import type { VerifiableDeps } from './verifiable/steps';

export type ScheduledDrawResult =
  | { readonly outcome: 'drawn'; readonly drawIds: readonly string[]; readonly winnerCount: number }
  | { readonly outcome: 'skipped'; readonly reason: string };

/** A second after the round's time, the relays have it. */
const ROUND_PUBLISHED_MS = 1000;

/** Why the raffle is not to be drawn by this event, if it is not. */
async function notDue(
  ports: VerifiableDeps,
  raffle: StoredRaffle,
  event: ScheduledDrawEvent,
  ownIds: readonly string[],
): Promise<string | undefined> {
  if (!raffle.publishedAt) return 'the raffle is a draft';
  if (raffle.archivedAt) return 'the raffle is archived';
  if (raffle.drawAt === undefined || Date.parse(raffle.drawAt) !== Date.parse(event.scheduledAt))
    return `the raffle's drawAt is now ${raffle.drawAt ?? 'unset'}`;
  const [latest] = await ports.store.latest(1);
  if (latest && !ownIds.includes(latest.drawId)) return `a draw was already made (${latest.drawId})`;
  return undefined;
}

export function createScheduledDraw(
  deps: DrawFunctionDeps,
): (event: ScheduledDrawEvent, requestId: string) => Promise<ScheduledDrawResult> {
  const { clock, settings, table } = deps;
  return async (event, requestId) => {
    const started = clock.now().getTime();
    const log = deps.logger.child({ requestId, route: 'scheduled draw', raffleId: event.raffleId });
    try {
      const skipped = (reason: string): ScheduledDrawResult => {
        const result: ScheduledDrawResult = { outcome: 'skipped', reason };
        log.log('warn', { durationMs: clock.now().getTime() - started, ...result });
        return result;
      };
      const raffle = isRaffleId(event.raffleId) ? await readRaffle(table, event.raffleId) : undefined;
      if (!raffle) return skipped('the raffle does not exist');
      const ports = drawPorts(deps, raffle);
      const keys = ports.keys;
      const drawIds = raffle.prizes.map((_, i) => drawIdForKey(keys, scheduledDrawKey(event, i)));
      const reason = await notDue(ports, raffle, event, drawIds);
      if (reason !== undefined) return skipped(reason);
      const verifiable = raffle.verifiableDraws && settings.verifiable !== undefined;
      let winnerCount = 0;
      for (const [i, prize] of raffle.prizes.entries()) {
        const request: DrawRequest = {
          drawId: drawIds[i],
          requested: prize.winners,
          prize: prize.name,
          drawnBy: SCHEDULER_IDENTITY,
          now: clock.now(),
        };
        const record = verifiable ? await verifiableDraw(ports, request) : (await runDraw(ports, request)).record;
        winnerCount += record.winnerCount;
      }
      log.log('info', { durationMs: clock.now().getTime() - started, drawIds, winnerCount });
      return { outcome: 'drawn', drawIds, winnerCount };
    } catch (err) {
      log.log('error', { durationMs: clock.now().getTime() - started, fault: faultOf(err) });
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
