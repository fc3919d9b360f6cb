/**
 * The draw function (admin only):
 *   POST /raffle/draw                   {"winners"?: k, "prize"?: "…", "early"?: true}: draws winners.
 *                                       201 with the new draw; 200 when an Idempotency-Key replays (or finishes) an earlier one.
 *                                       With "mode": "verifiable" (config verifiableDraws, ./verifiable.ts): 202 with the
 *                                       commitment (status "committed"); the same request once the beacon round
 *                                       exists: 201 with the draw. For a pool too large to freeze and walk in the
 *                                       request, 202 with status "freezing", then "pending", while those steps run
 *                                       elsewhere, and 200 with the draw once the walk is done.
 *   POST /raffle/draws/{drawId}/void    {"email": "…", "reason": "…"}: voids one winner and draws the replacement.
 *                                       201 with the replacement draw and the voided draw; 200 on a replay of its key.
 *
 * It announces nothing itself: a completed draw reaches the notify function through the table's stream.
 *
 * The same function runs, off the request path:
 *   - the scheduled draw (a ScheduledDrawEvent from EventBridge Scheduler): verifiable when the raffle
 *     offers verifiable draws, in which case it freezes the pool, waits for the beacon round and reveals;
 *   - the freeze and the walk of a large verifiable draw (a VerifiableStepEvent it sends itself).
 * Both invocations are asynchronous, so they throw whenever their work cannot complete: Lambda then
 * retries them (the event names the draw, so a retry resumes it, never starts a second one) and, for the
 * scheduled draw, finally sends it to the dead-letter queue.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { DomainError } from '../../model/errors';
import { ENV } from '../../model/functions';
import { ROUTES, routeKey } from '../../model/routes';
import { isScheduledDrawEvent, SCHEDULER_IDENTITY, scheduledDrawKey, type ScheduledDrawEvent } from '../../model/scheduled-draw';
import { roundTime } from '../../verify/selection';
import { handleRequest, json, parseJsonObject, pathParameters, type Outcome } from '../runtime/http';
import { invokeAsync } from '../runtime/invoke';
import { logLine } from '../runtime/log';
import { latestDraws } from '../shared/draw-history';
import { drawView, type DrawRecord } from '../shared/draw-record';
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
import { runDraw, type DrawRequest } from './run-draw';
import { freezeDraw, runVerifiableDraw, walkDraw, type VerifiableStep } from './verifiable';
import { getDraw } from './store';
import { voidWinner } from './void-winner';

export type ScheduledDrawResult =
  | { readonly outcome: 'drawn'; readonly drawId: string; readonly winnerCount: number }
  | { readonly outcome: 'skipped'; readonly reason: string; readonly existingDrawId: string };

/** What the function sends itself: run this step of this verifiable draw, under this lease (see ./verifiable.ts). */
export interface VerifiableStepEvent {
  readonly source: typeof STEP_SOURCE;
  readonly step: VerifiableStep;
  readonly drawId: string;
  readonly lease: string;
}

const STEP_SOURCE = 'raffle.verifiable-draw';

function isStepEvent(event: unknown): event is VerifiableStepEvent {
  const e = event as Partial<VerifiableStepEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === STEP_SOURCE &&
    (e.step === 'freeze' || e.step === 'walk') &&
    typeof e.drawId === 'string' &&
    typeof e.lease === 'string'
  );
}

export async function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2>;
export async function handler(event: ScheduledDrawEvent, context?: Context): Promise<ScheduledDrawResult>;
export async function handler(event: VerifiableStepEvent, context?: Context): Promise<{ readonly status: string }>;
export async function handler(
  event: APIGatewayProxyEventV2 | ScheduledDrawEvent | VerifiableStepEvent,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2 | ScheduledDrawResult | { readonly status: string }> {
  if (isScheduledDrawEvent(event)) return scheduledDraw(event, context?.awsRequestId ?? 'scheduled');
  if (isStepEvent(event)) return verifiableStep(event, context?.awsRequestId ?? 'verifiable step');
  return handleRequest(event, () =>
    event.routeKey === routeKey(ROUTES.voidWinner) ? voidDrawWinner(event) : draw(event, context?.functionName),
  );
}

/** `functionName`: this function's own, to hand it a large pool's steps; undefined (a test) runs them in the request. */
async function draw(event: APIGatewayProxyEventV2, functionName: string | undefined): Promise<Outcome> {
  const now = new Date();
  // A JSON body, even for the default winner count: a cross-site form cannot send one.
  const body = parseJsonObject(event);
  const requested = requestedWinners(body, defaultWinners(process.env[ENV.defaultWinners]));
  const prize = requestedPrize(body);
  assertDrawDue(body, { entryDeadline: process.env[ENV.entryDeadline], drawSchedule: process.env[ENV.drawSchedule] }, now);
  const drawId = drawIdFor(event);
  if (requestedMode(body) === 'verifiable') {
    const outcome = await runVerifiableDraw({
      drawId,
      requested,
      prize,
      drawnBy: drawnBy(event),
      now,
      ...verifiableSettings(process.env),
      ...(functionName
        ? {
            handOver: (step: VerifiableStep, id: string, lease: string) =>
              handOver(functionName, { source: STEP_SOURCE, step, drawId: id, lease }, event.requestContext.requestId),
          }
        : {}),
    });
    const status = outcome.phase === 'revealed' ? (outcome.replayed ? 200 : 201) : 202;
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

/** Rejects when Lambda would not take the event (the request then runs the step itself), with a line saying why. */
async function handOver(functionName: string, event: VerifiableStepEvent, requestId: string): Promise<void> {
  const started = Date.now();
  await invokeAsync(functionName, event).catch((err: Error) => {
    logLine({
      level: 'warn',
      requestId,
      route: `verifiable ${event.step} hand-over`,
      durationMs: Date.now() - started,
      drawId: event.drawId,
      fault: { name: err?.name, message: err?.message },
    });
    throw err;
  });
}

/** A large verifiable draw's freeze or walk, off the request path; thrown on failure, so Lambda retries it. */
async function verifiableStep(event: VerifiableStepEvent, requestId: string): Promise<{ readonly status: string }> {
  const started = Date.now();
  const route = `verifiable ${event.step}`;
  try {
    const record =
      event.step === 'freeze'
        ? await freezeDraw(event.drawId, event.lease, verifiableSettings(process.env))
        : await walkDraw(event.drawId, event.lease);
    logLine({ level: 'info', requestId, route, durationMs: Date.now() - started, drawId: event.drawId, drawStatus: record.status });
    return { status: record.status };
  } catch (err) {
    logFault(requestId, route, started, event.drawId, err);
    throw err;
  }
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
    const request: DrawRequest = {
      drawId,
      requested: defaultWinners(process.env[ENV.defaultWinners]),
      drawnBy: SCHEDULER_IDENTITY,
      now: new Date(),
    };
    const record = process.env[ENV.verifiableDraws] === 'true' ? await scheduledVerifiableDraw(request) : (await runDraw(request)).record;
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
    logFault(requestId, route, started, drawId, err);
    // Thrown on purpose: an asynchronous invocation that returns counts as a success and is never retried.
    throw err;
  }
}

/** A second after the round's time, the relays have it. */
const ROUND_PUBLISHED_MS = 1000;

/**
 * The scheduled draw of a raffle that offers verifiable draws is one: frozen here (this invocation is
 * off the request path already), then revealed once its round exists. A beacon not to be had yet throws
 * (DomainError beacon_unavailable), and Lambda's retry reveals the same round; so does a draw still
 * being frozen by an earlier attempt.
 */
async function scheduledVerifiableDraw(request: DrawRequest): Promise<DrawRecord> {
  const settings = verifiableSettings(process.env);
  let outcome = await runVerifiableDraw({ ...request, ...settings });
  if (outcome.phase === 'committed') {
    const wait = roundTime(outcome.record.verifiable?.round ?? 0) * 1000 + ROUND_PUBLISHED_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    outcome = await runVerifiableDraw({ ...request, ...settings, now: new Date() });
  }
  if (outcome.phase !== 'revealed') throw new Error(`the scheduled verifiable draw is still ${outcome.record.status}; retry`);
  return outcome.record;
}

function logFault(requestId: string, route: string, started: number, drawId: string, err: unknown): void {
  const e = err as Partial<DomainError> & { name?: string; message?: string };
  logLine({
    level: 'error',
    requestId,
    route,
    durationMs: Date.now() - started,
    drawId,
    fault: { name: e?.name, code: e?.code, message: e?.message },
  });
}
