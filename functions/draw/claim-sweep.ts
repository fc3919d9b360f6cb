/**
 * The claim sweep: the draw function's entry for model/scheduled-draw.ts's ClaimSweepEvent, every
 * LIMITS.claim.sweepMinutes. Each win whose claim deadline has passed unclaimed is voided with the
 * public reason "unclaimed" and replaced as any void is (./void-winner.ts): a verifiable draw's by the
 * next label of its ranking, a fast draw's uniformly among the eligible; the replacement's winner gets
 * their own claim period.
 *
 * Exactly once, however many sweeps run, retry or overlap, and whatever the organiser does meanwhile:
 *   - the void's replacement id comes from the win itself (the draw and its ticket), so a retried sweep
 *     resumes the same replacement, never a second one;
 *   - the void is conditional on the win being neither voided (an organiser's void first: it stands) nor
 *     claimed (a claim first: it stands), on the draw record that a claim updates too.
 * First, in each raffle, a verifiable draw left in its window past its round is carried on
 * (./stalled-draws.ts), so its pool lock ends and the wins can be swept; a raffle whose pool is still
 * locked (pool_locked) is left for the next sweep. A failure in one raffle does not stop the others; the sweep throws at the end, so Lambda retries
 * it, and after its retries the event goes to the alarmed dead-letter queue.
 */
import { createHash } from 'crypto';
import { DomainError } from '../../model/errors';
import { faultOf } from '../runtime/log';
import { CLAIM_DEADLINE_IDENTITY, claimOf, claimsSettled, UNCLAIMED_REASON } from '../shared/claim-state';
import { drawsPastDeadline, markClaimsSettled } from '../shared/claims';
import type { DrawRecord } from '../shared/draw-record';
import { listRaffles, type StoredRaffle } from '../shared/raffles';
import { drawPorts, type DrawFunctionDeps } from './deps';
import { carryOnStalled } from './stalled-draws';
import type { VerifiableDeps } from './verifiable/steps';
import { voidWinner, WinClaimed } from './void-winner';

export interface ClaimSweepResult {
  /** Wins voided as unclaimed (each with its replacement drawn). */
  readonly expired: number;
  /** Verifiable draws carried on to their winners after they stalled in their window. */
  readonly revealed: number;
  /** Draws looked at: past their deadline with a win not yet settled. */
  readonly draws: number;
  /** Raffles left for the next sweep: a verifiable draw held their pool. */
  readonly locked: readonly string[];
  readonly failed: readonly string[];
}

/** The replacement of an unclaimed win: one id per win, in a namespace of its own (no Idempotency-Key can name it). */
export function unclaimedReplacementId(drawId: string, ticket: number): string {
  return createHash('sha256').update(`unclaimed:${drawId}:${ticket}`).digest('hex').slice(0, 32);
}

/** Raffles that can hold a win waiting for its claim, or a draw in its window: published, and not archived (an archived raffle is finished). */
function mayNeedSweeping(raffle: StoredRaffle): boolean {
  return raffle.publishedAt !== undefined && raffle.archivedAt === undefined;
}

export async function sweepClaims(deps: DrawFunctionDeps): Promise<ClaimSweepResult> {
  let expired = 0;
  let revealed = 0;
  let draws = 0;
  const locked: string[] = [];
  const failed: string[] = [];
  for (const raffle of (await listRaffles(deps.table)).filter(mayNeedSweeping)) {
    try {
      const outcome = await sweepRaffle(deps, raffle);
      expired += outcome.expired;
      revealed += outcome.revealed;
      draws += outcome.draws;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'pool_locked') locked.push(raffle.raffleId);
      else {
        failed.push(raffle.raffleId);
        deps.logger.log('error', { route: 'claim sweep', raffleId: raffle.raffleId, fault: faultOf(err) });
      }
    }
  }
  return { expired, revealed, draws, locked, failed };
}

async function sweepRaffle(deps: DrawFunctionDeps, raffle: StoredRaffle): Promise<{ expired: number; revealed: number; draws: number }> {
  const ports = drawPorts(deps, raffle);
  const now = deps.clock.now();
  const revealed = await carryOnStalled(ports, now);
  const due = await drawsPastDeadline(deps.table, ports.keys, now);
  let expired = 0;
  for (const draw of due) {
    for (const slot of draw.winners) {
      if (claimOf(draw, slot.ticket) || (draw.voidedTickets ?? []).includes(slot.ticket)) continue;
      if (await expire(ports, draw, slot.ticket, now)) expired++;
    }
    const after = await ports.store.get(draw.drawId);
    if (after && claimsSettled(after)) await markClaimsSettled(deps.table, ports.keys, draw.drawId, now);
  }
  return { expired, revealed, draws: due.length };
}

/**
 * Voids one unclaimed win and draws its replacement; false when a claim or another void got there first,
 * or another sweep made this very void (this one then finished or replayed its replacement).
 */
async function expire(ports: VerifiableDeps, draw: DrawRecord, ticket: number, now: Date): Promise<boolean> {
  try {
    const outcome = await voidWinner(ports, {
      drawId: draw.drawId,
      winner: { ticket },
      reason: UNCLAIMED_REASON,
      voidedBy: CLAIM_DEADLINE_IDENTITY,
      replacementDrawId: unclaimedReplacementId(draw.drawId, ticket),
      now,
      unclaimed: true,
    });
    return !outcome.replayed;
  } catch (err) {
    if (err instanceof WinClaimed) return false;
    if (err instanceof DomainError && err.code === 'winner_already_void') return false;
    throw err;
  }
}

/** The draw function's entry for the sweep's event: logs what it did, and throws when a raffle failed (Lambda retries). */
export function createClaimSweep(deps: DrawFunctionDeps): (requestId: string) => Promise<ClaimSweepResult> {
  return async (requestId) => {
    const started = deps.clock.now().getTime();
    const log = deps.logger.child({ requestId, route: 'claim sweep' });
    const result = await sweepClaims(deps);
    log.log(result.failed.length ? 'error' : 'info', { durationMs: deps.clock.now().getTime() - started, ...result });
    if (result.failed.length) throw new Error(`the claim sweep failed in ${result.failed.join(', ')}; retried as a whole`);
    return result;
  };
}
