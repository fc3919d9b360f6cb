/**
 * The draw function's HTTP entry (admin only), in the raffle of the path (`404 raffle_not_found`):
 *   POST /raffle/raffles/{raffleId}/draw
 *                                       {"prize"?: "…", "winners"?: k, "early"?: true}: draws the winners of one of
 *                                       the raffle's prizes (the first when none is named; its winners when k is not).
 *                                       201 with the new draw; 200 when an Idempotency-Key replays (or finishes) an earlier one.
 *                                       With "mode": "verifiable" (the raffle's verifiableDraws, ./verifiable/): 202 with the
 *                                       commitment (status "committed"); the same request once the beacon round
 *                                       exists: 201 with the draw. For a pool too large to freeze and walk in the
 *                                       request, 202 with status "freezing", then "pending", while those steps run
 *                                       elsewhere, and 200 with the draw once the walk is done.
 *   POST /raffle/raffles/{raffleId}/draws/{drawId}/void
 *                                       {"email": "…", "reason": "…"}: voids one winner and draws the replacement.
 *                                       {"ticket": n, "reason": "…"} names the winner by their slot's ticket instead: the
 *                                       one way to replace a winner erased on request (their slot stays erased).
 *                                       201 with the replacement draw and the voided draw; 200 on a replay of its key.
 *   POST /raffle/raffles/{raffleId}/draws/{drawId}/claim
 *                                       {"ticket": n, "note"?: "…"}: marks that win claimed by the organiser (before its
 *                                       deadline); 200 with the claim, the same again answers the first claim.
 *   GET  /raffle/raffles/{raffleId}/draws/{drawId}/alternates?count=k
 *                                       a verifiable draw's next eligible labels of its ranking, as names (planning only).
 *   And, with no HTTP request: the claim sweep (./claim-sweep.ts) and the scheduled draw (./scheduled.ts).
 *
 * It announces nothing itself: a completed draw reaches the notify function through the table's stream.
 */
import type { Logger } from '../runtime/log';
import { faultOf } from '../runtime/log';
import { ROUTES, routeKey } from '../../model/routes';
import { handleRequest, json, parseJsonObject, type HttpEvent, type HttpHandler, type Outcome } from '../runtime/http';
import type { SelfInvoker } from '../runtime/ports';
import type { ClaimAnswer } from '../../model/api';
import { claimWin } from '../shared/claims';
import { drawView } from '../shared/draw-record';
import { raffleInPath, readRaffle } from '../shared/raffles';
import { drawPorts, type DrawFunctionDeps } from './deps';
import { alternates, alternatesCount } from './verifiable/alternates';
import {
  assertDrawDue,
  claimMark,
  drawIdFor,
  drawIdInPath,
  drawnBy,
  replacementDrawIdFor,
  requestedMode,
  requestedPrize,
  verifiableMargin,
  voidRequest,
} from './request';
import { runDraw } from './run-draw';
import { runVerifiableDraw } from './verifiable/run';
import { voidWinner } from './void-winner';

export function createDrawHttpHandler(deps: DrawFunctionDeps): HttpHandler {
  const { settings, clock, table } = deps;

  async function draw(event: HttpEvent): Promise<Outcome> {
    const now = clock.now();
    // A JSON body, even for the default winner count: a cross-site form cannot send one.
    const body = parseJsonObject(event);
    const { raffle, keys } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.draw);
    const ports = drawPorts(deps, raffle);
    const { prize, winners } = requestedPrize(body, raffle.prizes);
    // The request's own faults (400) before the raffle's state (409).
    const drawId = drawIdFor(keys, event);
    assertDrawDue(body, raffle, now);
    const request = { drawId, requested: winners, prize: prize.name, drawnBy: drawnBy(event), now };
    // A draw by hand replaces the scheduled one, once it exists.
    const cancelSchedule = () => (raffle.drawAt && !raffle.drawnAt ? deps.scheduler.cancel(raffle.raffleId) : Promise.resolve());
    if (requestedMode(body) === 'verifiable') {
      verifiableMargin(settings, raffle);
      const invoker = loggedInvoker(deps.invoker, deps.logger.child({ requestId: event.requestContext.requestId }), drawId);
      const outcome = await runVerifiableDraw(ports, request, invoker);
      await cancelSchedule();
      const status = outcome.phase === 'revealed' ? (outcome.replayed ? 200 : 201) : 202;
      return {
        result: json(status, drawView(outcome.record, clock.now())),
        log: { raffleId: raffle.raffleId, drawId, mode: 'verifiable', phase: outcome.phase, replayed: outcome.replayed },
      };
    }
    const { record, replayed } = await runDraw(ports, request);
    await cancelSchedule();
    return {
      result: json(replayed ? 200 : 201, drawView(record, clock.now())),
      log: {
        raffleId: raffle.raffleId,
        drawId,
        replayed,
        winnerCount: record.winnerCount,
        method: record.method,
        attempts: record.attempts,
      },
    };
  }

  async function voidDrawWinner(event: HttpEvent): Promise<Outcome> {
    const body = parseJsonObject(event);
    const { raffle, keys } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.voidWinner);
    const ports = drawPorts(deps, raffle);
    const drawId = drawIdInPath(event, ROUTES.voidWinner);
    const { winner, reason } = voidRequest(keys, body);
    const outcome = await voidWinner(ports, {
      drawId,
      winner,
      reason,
      voidedBy: drawnBy(event),
      replacementDrawId: replacementDrawIdFor(event, drawId),
      now: clock.now(),
    });
    return {
      result: json(outcome.replayed ? 200 : 201, {
        replacement: drawView(outcome.record, clock.now()),
        voided: drawView(outcome.voided, clock.now()),
      }),
      log: {
        raffleId: raffle.raffleId,
        drawId,
        replacementDrawId: outcome.record.drawId,
        replayed: outcome.replayed,
        winnerCount: outcome.record.winnerCount,
      },
    };
  }

  /** The organiser marks a win claimed (a phone call): recorded as theirs, with their note. */
  async function markClaimed(event: HttpEvent): Promise<Outcome> {
    const body = parseJsonObject(event);
    const { raffle, keys } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.markClaimed);
    const drawId = drawIdInPath(event, ROUTES.markClaimed);
    const { ticket, note } = claimMark(body);
    const { record, claim } = await claimWin(
      table,
      keys,
      drawId,
      ticket,
      { through: 'organiser', markedBy: drawnBy(event), ...(note ? { note } : {}) },
      clock.now(),
    );
    const answer: ClaimAnswer = {
      status: 'claimed',
      raffleId: raffle.raffleId,
      drawId,
      prize: record.prize ?? null,
      claimedAt: claim.claimedAt,
      claimedThrough: claim.through,
    };
    return { result: json(200, answer), log: { raffleId: raffle.raffleId, drawId, ticket, claimedThrough: claim.through } };
  }

  async function listAlternates(event: HttpEvent): Promise<Outcome> {
    const { raffle } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.alternates);
    const drawId = drawIdInPath(event, ROUTES.alternates);
    const answer = await alternates(drawPorts(deps, raffle), drawId, alternatesCount(event.queryStringParameters?.count));
    return { result: json(200, answer), log: { raffleId: raffle.raffleId, drawId, alternates: answer.alternates.length } };
  }

  const byRoute: Readonly<Record<string, (event: HttpEvent) => Promise<Outcome>>> = {
    [routeKey(ROUTES.voidWinner)]: voidDrawWinner,
    [routeKey(ROUTES.markClaimed)]: markClaimed,
    [routeKey(ROUTES.alternates)]: listAlternates,
  };
  return (event) => handleRequest(deps, event, () => (byRoute[event.routeKey] ?? draw)(event));
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
