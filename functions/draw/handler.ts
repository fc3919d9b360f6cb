/**
 * POST /raffle/draw (admin only) — draws winners: optional {"winners": k}, default DEFAULT_WINNERS.
 * 201 with the new draw; 200 when an Idempotency-Key replays (or finishes) an earlier one.
 *
 * The same function runs the scheduled draw (a ScheduledDrawEvent from EventBridge Scheduler). That
 * invocation is asynchronous, so it throws whenever the draw cannot complete: Lambda then retries it
 * (the fixed key resumes the same draw, never a second one) and finally sends it to the dead-letter queue.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ENV } from '../../model/functions';
import { isScheduledDrawEvent, SCHEDULER_IDENTITY, scheduledDrawKey, type ScheduledDrawEvent } from '../../model/scheduled-draw';
import { handleRequest, json, parseJsonObject } from '../runtime/http';
import { logLine } from '../runtime/log';
import { latestDraws } from '../shared/draw-history';
import { drawView, type DrawRecord } from '../shared/draw-record';
import { notifyDraw } from './notify';
import { assertDrawDue, defaultWinners, drawIdFor, drawIdForKey, drawnBy, requestedWinners } from './request';
import { runDraw } from './run-draw';
import { getDraw } from './store';

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
  return handleRequest(event, async () => {
    const now = new Date();
    // A JSON body, even for the default winner count: a cross-site form cannot send one.
    const body = parseJsonObject(event);
    const requested = requestedWinners(body, defaultWinners(process.env[ENV.defaultWinners]));
    assertDrawDue(body, { entryDeadline: process.env[ENV.entryDeadline], drawSchedule: process.env[ENV.drawSchedule] }, now);
    const drawId = drawIdFor(event);
    const { record, replayed, completedHere } = await runDraw({ drawId, requested, drawnBy: drawnBy(event), now });
    const notification = completedHere ? await notify(record) : 'none';
    return {
      result: json(replayed ? 200 : 201, drawView(record)),
      log: { drawId, replayed, winnerCount: record.winnerCount, method: record.method, attempts: record.attempts, notification },
    };
  });
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
    const { record, completedHere } = await runDraw({
      drawId,
      requested: defaultWinners(process.env[ENV.defaultWinners]),
      drawnBy: SCHEDULER_IDENTITY,
      now: new Date(),
    });
    const notification = completedHere ? await notify(record) : 'none';
    logLine({
      level: 'info',
      requestId,
      route,
      durationMs: Date.now() - started,
      drawId,
      winnerCount: record.winnerCount,
      method: record.method,
      notification,
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

async function notify(record: DrawRecord): Promise<'none' | 'sent' | 'failed'> {
  const topicArn = process.env[ENV.notificationTopicArn];
  return topicArn ? notifyDraw(topicArn, record) : 'none';
}
