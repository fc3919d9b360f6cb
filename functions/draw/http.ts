/**
 * The draw function's HTTP entry (admin only):
 *   POST /raffle/draw                   {"winners"?: k, "prize"?: "…", "early"?: true}: draws winners.
 *                                       201 with the new draw; 200 when an Idempotency-Key replays (or finishes) an earlier one.
 *                                       With "mode": "verifiable" (config verifiableDraws, ./verifiable/): 202 with the
 *                                       commitment (status "committed"); the same request once the beacon round
 *                                       exists: 201 with the draw. For a pool too large to freeze and walk in the
 *                                       request, 202 with status "freezing", then "pending", while those steps run
 *                                       elsewhere, and 200 with the draw once the walk is done.
 *   POST /raffle/draws/{drawId}/void    {"email": "…", "reason": "…"}: voids one winner and draws the replacement.
 *                                       201 with the replacement draw and the voided draw; 200 on a replay of its key.
 *
 * It announces nothing itself: a completed draw reaches the notify function through the table's stream.
 */
import type { Logger } from '../runtime/log';
import { faultOf } from '../runtime/log';
import { ROUTES, routeKey } from '../../model/routes';
import { handleRequest, json, parseJsonObject, pathParameters, type HttpEvent, type HttpHandler, type Outcome } from '../runtime/http';
import type { SelfInvoker } from '../runtime/ports';
import { drawView } from '../shared/draw-record';
import { drawPorts, type DrawFunctionDeps } from './deps';
import {
  assertDrawDue,
  drawIdFor,
  drawnBy,
  replacementDrawIdFor,
  requestedMode,
  requestedPrize,
  requestedWinners,
  verifiableMargin,
  voidRequest,
} from './request';
import { runDraw } from './run-draw';
import { runVerifiableDraw } from './verifiable/run';
import { voidWinner } from './void-winner';

export function createDrawHttpHandler(deps: DrawFunctionDeps): HttpHandler {
  const ports = drawPorts(deps);
  const { settings, clock } = deps;

  async function draw(event: HttpEvent): Promise<Outcome> {
    const now = clock.now();
    // A JSON body, even for the default winner count: a cross-site form cannot send one.
    const body = parseJsonObject(event);
    const requested = requestedWinners(body, settings.defaultWinners);
    const prize = requestedPrize(body);
    assertDrawDue(body, settings, now);
    const drawId = drawIdFor(event);
    const request = { drawId, requested, prize, drawnBy: drawnBy(event), now };
    if (requestedMode(body) === 'verifiable') {
      verifiableMargin(settings);
      const invoker = loggedInvoker(deps.invoker, deps.logger.child({ requestId: event.requestContext.requestId }), drawId);
      const outcome = await runVerifiableDraw(ports, request, invoker);
      const status = outcome.phase === 'revealed' ? (outcome.replayed ? 200 : 201) : 202;
      return {
        result: json(status, drawView(outcome.record)),
        log: { drawId, mode: 'verifiable', phase: outcome.phase, replayed: outcome.replayed },
      };
    }
    const { record, replayed } = await runDraw(ports, request);
    return {
      result: json(replayed ? 200 : 201, drawView(record)),
      log: { drawId, replayed, winnerCount: record.winnerCount, method: record.method, attempts: record.attempts },
    };
  }

  async function voidDrawWinner(event: HttpEvent): Promise<Outcome> {
    const body = parseJsonObject(event);
    const { drawId } = pathParameters(event, ROUTES.voidWinner);
    const { entryKey, reason } = voidRequest(body);
    const outcome = await voidWinner(ports, {
      drawId,
      entryKey,
      reason,
      voidedBy: drawnBy(event),
      replacementDrawId: replacementDrawIdFor(event, drawId),
      now: clock.now(),
    });
    return {
      result: json(outcome.replayed ? 200 : 201, { replacement: drawView(outcome.record), voided: drawView(outcome.voided) }),
      log: { drawId, replacementDrawId: outcome.record.drawId, replayed: outcome.replayed, winnerCount: outcome.record.winnerCount },
    };
  }

  return (event) =>
    handleRequest(deps, event, () => (event.routeKey === routeKey(ROUTES.voidWinner) ? voidDrawWinner(event) : draw(event)));
}

/** The self-invoker, with a line saying why when Lambda would not take the event (the request then runs the step itself). */
function loggedInvoker(invoker: SelfInvoker, logger: Logger, drawId: string): SelfInvoker {
  return {
    invoke: (event) =>
      invoker.invoke(event).catch((err: unknown) => {
        logger.log('warn', { route: `verifiable ${(event as { step?: string }).step} hand-over`, drawId, fault: faultOf(err) });
        throw err;
      }),
  };
}
