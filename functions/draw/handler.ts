/**
 * The draw function (admin only):
 *   POST /raffle/draw                   {"winners"?: k, "prize"?: "…", "early"?: true}: draws winners.
 *                                       201 with the new draw; 200 when an Idempotency-Key replays (or finishes) an earlier one.
 *                                       With "mode": "verifiable" (config verifiableDraws, ./verifiable.ts): 202 with the
 *                                       commitment; the same request once the beacon round exists: 201 with the draw.
 *   POST /raffle/draws/{drawId}/void    {"email": "…", "reason": "…"}: voids one winner and draws the replacement.
 *                                       201 with the replacement draw and the voided draw; 200 on a replay of its key.
 *
 * It announces nothing itself: a completed draw reaches the notify function through the table's stream.
 *
 * The same function runs the scheduled draw (a ScheduledDrawEvent from EventBridge Scheduler). That
 * invocation is asynchronous, so it throws whenever the draw cannot complete: Lambda then retries it
 * (the fixed key resumes the same draw, never a second one) and finally sends it to the dead-letter queue.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ENV } from '../../model/functions';
import { ROUTES, routeKey } from '../../model/routes';
import { isScheduledDrawEvent, SCHEDULER_IDENTITY, scheduledDrawKey, type ScheduledDrawEvent } from '../../model/scheduled-draw';
import { handleRequest, json, parseJsonObject, pathParameters, type Outcome } from '../runtime/http';
import { logLine } from '../runtime/log';
import { latestDraws } from '../shared/draw-history';
import { drawView } from '../shared/draw-record';
import {
  assertDrawDue,
  defaultWinners,
  drawIdFor,
  drawIdForKey,
  drawnBy,
  replacementDrawIdFor,
  requestedMode,
  requestedPrize,
  requestedWinners,
  verifiableSettings,
  voidRequest,
} from './request';
import { runDraw } from './run-draw';
import { runVerifiableDraw } from './verifiable';
import { getDraw } from './store';
import { voidWinner } from './void-winner';

export type ScheduledDrawResult =
  | { readonly outcome: 'drawn'; readonly drawId: string; readonly winnerCount: number }
  | { readonly outcome: 'skipped'; readonly reason: string; readonly existingDrawId: string };

export async function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2>;
export async function handler(event: ScheduledDrawEvent, context?: Context): Promise<ScheduledDrawResult>;
export async function handler(
  event: APIGatewayProxyEventV2 | ScheduledDrawEvent,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2 | ScheduledDrawResult> {
  if (isScheduledDrawEvent(event)) return scheduledDraw(event, context?.awsRequestId ?? 'scheduled');
  return handleRequest(event, () => (event.routeKey === routeKey(ROUTES.voidWinner) ? voidDrawWinner(event) : draw(event)));
}

async function draw(event: APIGatewayProxyEventV2): Promise<Outcome> {
  const now = new Date();
  // A JSON body, even for the default winner count: a cross-site form cannot send one.
  const body = parseJsonObject(event);
  const requested = requestedWinners(body, defaultWinners(process.env[ENV.defaultWinners]));
  const prize = requestedPrize(body);
  assertDrawDue(body, { entryDeadline: process.env[ENV.entryDeadline], drawSchedule: process.env[ENV.drawSchedule] }, now);
  const drawId = drawIdFor(event);
  if (requestedMode(body) === 'verifiable') {
    const outcome = await runVerifiableDraw({ drawId, requested, prize, drawnBy: drawnBy(event), now, ...verifiableSettings(process.env) });
    const status = outcome.phase === 'committed' ? 202 : outcome.replayed ? 200 : 201;
    return {
      result: json(status, drawView(outcome.record)),
      log: { drawId, mode: 'verifiable', phase: outcome.phase, replayed: outcome.replayed },
    };
  }
  const { record, replayed } = await runDraw({ drawId, requested, prize, drawnBy: drawnBy(event), now });
  return {
    result: json(replayed ? 200 : 201, drawView(record)),
    log: { drawId, replayed, winnerCount: record.winnerCount, method: record.method, attempts: record.attempts },
  };
}

async function voidDrawWinner(event: APIGatewayProxyEventV2): Promise<Outcome> {
  const body = parseJsonObject(event);
  const { drawId } = pathParameters(event, ROUTES.voidWinner);
  const { entryKey, reason } = voidRequest(body);
  const outcome = await voidWinner({
    drawId,
    entryKey,
    reason,
    voidedBy: drawnBy(event),
    replacementDrawId: replacementDrawIdFor(event, drawId),
    now: new Date(),
  });
  return {
    result: json(outcome.replayed ? 200 : 201, { replacement: drawView(outcome.record), voided: drawView(outcome.voided) }),
    log: { drawId, replacementDrawId: outcome.record.drawId, replayed: outcome.replayed, winnerCount: outcome.record.winnerCount },
  };
}

/**
 * The scheduled draw runs once: every retry resumes the draw its fixed key names. If the organiser has
 * already drawn by hand (with "early": true), it does nothing: a manual and a scheduled draw never both
 * happen by accident.
 */
async function scheduledDraw(event: ScheduledDrawEvent, requestId: string): Promise<ScheduledDrawResult> {
  const started = Date.now();
  const route = 'scheduled draw';
  const drawId = drawIdForKey(scheduledDrawKey(event));
  try {
    if (!(await getDraw(drawId))) {
      const [existing] = await latestDraws(1);
      if (existing) {
        const result: ScheduledDrawResult = { outcome: 'skipped', reason: 'a draw was already made', existingDrawId: existing.drawId };
        logLine({ level: 'warn', requestId, route, durationMs: Date.now() - started, ...result });
        return result;
      }
    }
    const { record } = await runDraw({
      drawId,
      requested: defaultWinners(process.env[ENV.defaultWinners]),
      drawnBy: SCHEDULER_IDENTITY,
      now: new Date(),
    });
    logLine({
      level: 'info',
      requestId,
      route,
      durationMs: Date.now() - started,
      drawId,
      winnerCount: record.winnerCount,
      method: record.method,
    });
    return { outcome: 'drawn', drawId, winnerCount: record.winnerCount };
  } catch (err) {
    // Thrown on purpose: an asynchronous invocation that returns counts as a success and is never retried.
    const e = err as { name?: string; code?: string; message?: string };
    logLine({
      level: 'error',
      requestId,
      route,
      durationMs: Date.now() - started,
      drawId,
      fault: { name: e?.name, code: e?.code, message: e?.message },
    });
    throw err;
  }
}
