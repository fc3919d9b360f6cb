/**
 * How winners are chosen. Pure: randomness comes from the injected Random (crypto.randomInt in
 * production), and the database is reached only through the `claim` callback, so the very same code
 * runs in the fairness tests against an in-memory pool.
 *
 * Two methods, both uniform over the entrants still eligible:
 * - ticket rejection sampling: draw a ticket uniformly from [0, ticketSpace); if it belongs to an
 *   eligible entrant, claim them, else (a gap, or someone who already won) reject and draw again.
 *   Each accepted ticket is uniform over the eligible tickets, and each entrant has exactly one ticket.
 *   Cost per winner ≈ ticketSpace / eligible lookups, independent of the number of entrants.
 * - pool sampling: when most tickets are gaps or winners (eligible * DENSITY_FLOOR < ticketSpace) the
 *   caller lists the eligible entrants (a small sparse index) and we pick by partial Fisher–Yates.
 */
import type { Random } from '../runtime/ports';
import type { ClaimOutcome } from '../shared/draw-record';

/** What the picker draws its numbers from. */
export type RandomSource = Pick<Random, 'int'>;

export type DrawMethod = 'ticket-rejection-sampling' | 'eligible-pool-sampling';

/**
 * Rejection sampling needs about ticketSpace / eligible lookups per winner; above this ratio we list the
 * eligible entrants instead (the sparse index holds only them, so that read is small exactly then).
 */
export const DENSITY_FLOOR = 16;

export function chooseMethod(eligible: number, ticketSpace: number): DrawMethod {
  return eligible * DENSITY_FLOOR < ticketSpace ? 'eligible-pool-sampling' : 'ticket-rejection-sampling';
}

/** A bound on lookups for `wanted` winners by rejection sampling: generous (≈4x the worst expected cost), never infinite. */
export function attemptBudget(wanted: number): number {
  return 32 + 4 * DENSITY_FLOOR * wanted;
}

export interface PickProgress {
  readonly claimed: number;
  /** Candidates tried (one index lookup each for tickets). */
  readonly attempts: number;
  /** True when the method ran out (budget spent, or every candidate tried) before `wanted` claims. */
  readonly exhausted: boolean;
  /** True when a claim said the draw is full or closed. */
  readonly stopped: boolean;
}

export interface TicketPickOptions {
  readonly ticketSpace: number;
  readonly wanted: number;
  readonly maxAttempts: number;
  readonly random: RandomSource;
  readonly claim: (ticket: number) => Promise<ClaimOutcome>;
}

/**
 * Draws distinct tickets uniformly from [0, ticketSpace) until `wanted` are claimed. A ticket is never
 * tried twice in one draw (sampling without replacement keeps every untried ticket equally likely).
 */
export async function pickByTicketRejection(opts: TicketPickOptions): Promise<PickProgress> {
  const { ticketSpace, wanted, maxAttempts, random, claim } = opts;
  const tried = new Set<number>();
  let claimed = 0;
  let attempts = 0;
  // Repeats of tried tickets cost no lookup but do cost random numbers: bound those too, so even a
  // broken random source (one that never yields some ticket) cannot spin forever.
  const maxDraws = 64 * maxAttempts + 1024;
  for (let draws = 0; claimed < wanted; draws++) {
    if (attempts >= maxAttempts || tried.size >= ticketSpace || draws >= maxDraws) {
      return { claimed, attempts, exhausted: true, stopped: false };
    }
    const ticket = random.int(ticketSpace);
    if (tried.has(ticket)) continue;
    tried.add(ticket);
    attempts++;
    const outcome = await claim(ticket);
    if (outcome === 'claimed') claimed++;
    else if (outcome === 'stop') return { claimed, attempts, exhausted: false, stopped: true };
  }
  return { claimed, attempts, exhausted: false, stopped: false };
}

export interface PoolPickOptions<T> {
  readonly pool: readonly T[];
  readonly wanted: number;
  readonly random: RandomSource;
  readonly claim: (candidate: T) => Promise<ClaimOutcome>;
}

/** Partial Fisher–Yates over the pool: each step takes a uniformly random not-yet-tried candidate. */
export async function pickFromPool<T>(opts: PoolPickOptions<T>): Promise<PickProgress> {
  const { wanted, random, claim } = opts;
  const pool = [...opts.pool];
  let claimed = 0;
  let attempts = 0;
  for (let i = 0; i < pool.length && claimed < wanted; i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
    attempts++;
    const outcome = await claim(pool[i]);
    if (outcome === 'claimed') claimed++;
    else if (outcome === 'stop') return { claimed, attempts, exhausted: false, stopped: true };
  }
  return { claimed, attempts, exhausted: claimed < wanted, stopped: false };
}
