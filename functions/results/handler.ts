/**
 * GET /raffle/raffles/{raffleId}/results (public) — the raffle's completed draws (and verifiable ones from their commitment), newest first, for results.html: when, the prize,
 * how many had entered, and the winners as first name and initial (./mask.ts), voided and replaced
 * ones shown as such, and each win's claim (claimed, waiting, or replaced because unclaimed). Never an address or a phone number. CloudFront and browsers may keep it for
 * LIMITS.resultsMaxAgeSeconds: a new draw shows within that.
 */
import type { PublicDraw } from '../../model/api';
import { LIMITS } from '../../model/limits';
import { handleRequest, json, type HttpHandler } from '../runtime/http';
import { isPublic, raffleNotFound } from '../../model/raffle';
import { ROUTES } from '../../model/routes';
import { raffleInPath, readRaffle } from '../shared/raffles';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { publicClaim } from '../shared/claim-state';
import { happenedAt, publicFacts, winnerViews, type DrawRecord } from '../shared/draw-record';
import { drawStore } from '../shared/draw-store';
import { maskedName } from './mask';

export function publicDraw(record: DrawRecord, now: Date): PublicDraw {
  return {
    drawId: record.drawId,
    drawnAt: record.drawnAt,
    happenedAt: happenedAt(record),
    completedAt: record.completedAt ?? null,
    prize: record.prize ?? null,
    entrantCount: record.entrantCount,
    // Winners once the draw is complete: a walk under way has only some of them.
    winners:
      record.status === 'complete'
        ? winnerViews(record, now).map((w) => ({
            name: w.name === null ? null : maskedName(w.name),
            status: w.status,
            replacedBy: w.void?.replacementDrawId ?? null,
            claim: publicClaim(record, w.ticket, w.void?.reason, now),
            claimBy: record.claimBy ?? null,
          }))
        : [],
    replaces: record.replaces ? { drawId: record.replaces.drawId } : null,
    status: record.status === 'complete' ? 'complete' : 'committed',
    verifiable: record.verifiable ? publicFacts(record.verifiable) : null,
  };
}

/**
 * Complete draws; and a verifiable draw from its commitment on, before its round exists, as promised,
 * and while its winners are claimed (pending). A fast draw still pending is not shown.
 */
function isShown(record: DrawRecord): boolean {
  return (
    record.status === 'complete' || (record.verifiable !== undefined && (record.status === 'committed' || record.status === 'pending'))
  );
}

export function createHandler(deps: CoreDeps): HttpHandler {
  return (event) =>
    handleRequest(deps, event, async () => {
      const { raffle, keys } = await raffleInPath((id) => readRaffle(deps.table, id), event, ROUTES.results);
      // Drafts and archived raffles have no public page, nor results.
      if (!isPublic(raffle)) throw raffleNotFound();
      const draws = (await drawStore(deps.table, keys).latest(LIMITS.drawsPage))
        .filter(isShown)
        .map((d) => publicDraw(d, deps.clock.now()));
      const result = json(200, { draws });
      return {
        result: { ...result, headers: { ...result.headers, 'cache-control': `public, max-age=${LIMITS.resultsMaxAgeSeconds}` } },
        log: { raffleId: raffle.raffleId, draws: draws.length },
      };
    });
}

export const handler = lambdaEntry(createHandler);
