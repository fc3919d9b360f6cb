/**
 * GET /raffle/results (public) — the completed draws (and verifiable ones from their commitment), newest first, for results.html: when, the prize,
 * how many had entered, and the winners as first name and initial (./mask.ts), voided and replaced
 * ones shown as such. Never an address or a phone number. CloudFront and browsers may keep it for
 * LIMITS.resultsMaxAgeSeconds: a new draw shows within that.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LIMITS } from '../../model/limits';
import { handleRequest, json } from '../runtime/http';
import { latestDraws } from '../shared/draw-history';
import { publicFacts, winnerViews, type DrawRecord, type WinnerStatus } from '../shared/draw-record';
import { maskedName } from './mask';

export interface PublicDraw {
  readonly drawId: string;
  readonly drawnAt: string;
  readonly completedAt: string | null;
  readonly prize: string | null;
  readonly entrantCount: number;
  readonly winners: ReadonlyArray<{ readonly name: string | null; readonly status: WinnerStatus }>;
  /** A replacement names the draw whose voided winner it replaces. */
  readonly replaces: { readonly drawId: string } | null;
  /** complete, or committed: a verifiable draw waiting for its beacon round (or, in a large raffle, for its walk to finish). */
  readonly status: 'complete' | 'committed';
  /** A verifiable draw's commitment (and beacon, once revealed): anyone checks it with verify-draw. */
  readonly verifiable: ReturnType<typeof publicFacts> | null;
}

export function publicDraw(record: DrawRecord): PublicDraw {
  return {
    drawId: record.drawId,
    drawnAt: record.drawnAt,
    completedAt: record.completedAt ?? null,
    prize: record.prize ?? null,
    entrantCount: record.entrantCount,
    // Winners once the draw is complete: a walk under way has only some of them.
    winners:
      record.status === 'complete'
        ? winnerViews(record).map((w) => ({ name: w.name === null ? null : maskedName(w.name), status: w.status }))
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
function isPublic(record: DrawRecord): boolean {
  return (
    record.status === 'complete' || (record.verifiable !== undefined && (record.status === 'committed' || record.status === 'pending'))
  );
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest(event, async () => {
    const draws = (await latestDraws(LIMITS.drawsPage)).filter(isPublic).map(publicDraw);
    const result = json(200, { draws });
    return {
      result: { ...result, headers: { ...result.headers, 'cache-control': `public, max-age=${LIMITS.resultsMaxAgeSeconds}` } },
      log: { draws: draws.length },
    };
  });
}
