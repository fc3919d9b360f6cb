/**
 * Fairness of the picker, by Pearson's chi-square goodness-of-fit test at significance α = 0.001.
 *
 * The draws run the production code (pickByTicketRejection / pickFromPool with crypto randomness)
 * against an in-memory pool with gaps and previous winners in the ticket space, exactly the situation
 * the database presents. Under a fair picker the statistic follows χ² with n−1 degrees of freedom, so
 * with the critical value below a fair picker fails once in a thousand runs; the biased pickers at the
 * end show that the same test does catch bias (their statistics land in the hundreds or thousands).
 *
 * Critical values of χ² at α = 0.001 (upper tail), from standard tables (e.g. NIST/SEMATECH e-Handbook,
 * 1.3.6.7.4): df = 9 → 27.877; df = 11 → 31.264.
 */
import { attemptBudget, chooseMethod, pickByTicketRejection, pickFromPool, type RandomSource } from '../../../functions/draw/picker';
import { cryptoRandom } from '../../../functions/runtime/system';
import type { ClaimOutcome } from '../../../functions/shared/draw-record';

const CHI2_CRITICAL_001: Readonly<Record<number, number>> = { 9: 27.877, 11: 31.264 };

function chiSquare(observed: readonly number[], expected: number): number {
  return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
}

/**
 * A ticket space of 16 with 10 eligible entrants on scattered tickets, 3 gaps and 3 tickets whose
 * holders already won (rejected by the claim, as the database's condition would).
 */
const SPACE = 16;
const ELIGIBLE_TICKETS = [0, 2, 3, 5, 7, 8, 11, 12, 14, 15];
const ALREADY_WON = new Set([1, 9, 13]);

/** One draw of k winners through the production rejection sampler; returns the winners' indexes. */
async function ticketDraw(k: number, random: RandomSource): Promise<number[]> {
  const won: number[] = [];
  const taken = new Set<number>();
  await pickByTicketRejection({
    ticketSpace: SPACE,
    wanted: k,
    maxAttempts: attemptBudget(k),
    random,
    claim: async (ticket): Promise<ClaimOutcome> => {
      const index = ELIGIBLE_TICKETS.indexOf(ticket);
      if (index < 0 || ALREADY_WON.has(ticket) || taken.has(ticket)) return 'rejected';
      taken.add(ticket);
      won.push(index);
      return 'claimed';
    },
  });
  return won;
}

async function poolDraw(k: number, random: RandomSource, poolSize: number): Promise<number[]> {
  const won: number[] = [];
  await pickFromPool({
    pool: Array.from({ length: poolSize }, (_, i) => i),
    wanted: k,
    random,
    claim: async (i): Promise<ClaimOutcome> => {
      won.push(i);
      return 'claimed';
    },
  });
  return won;
}

async function tally(draws: number, categories: number, draw: () => Promise<number[]>): Promise<number[]> {
  const counts = new Array(categories).fill(0);
  for (let i = 0; i < draws; i++) for (const w of await draw()) counts[w]++;
  return counts;
}

/** Single-winner draws: statistic ~ χ²(n−1). */
async function singleWinnerStatistic(draw: () => Promise<number[]>, categories: number, draws = 20_000): Promise<number> {
  const counts = await tally(draws, categories, draw);
  return chiSquare(counts, draws / categories);
}

describe('picker fairness (chi-square, α = 0.001)', () => {
  it('rejection sampling over tickets picks each eligible entrant equally often', async () => {
    const statistic = await singleWinnerStatistic(() => ticketDraw(1, cryptoRandom), 10);
    expect(statistic).toBeLessThan(CHI2_CRITICAL_001[9]);
  });

  it('rejection sampling gives every entrant the same chance to be among k = 3 winners, all distinct', async () => {
    // With k of n chosen per draw, inclusion counts are negatively correlated; the Pearson statistic
    // scaled by (n−1) / (n(1−p)), p = k/n, follows χ²(n−1) (multivariate hypergeometric covariance).
    const draws = 8_000;
    const n = 10;
    const k = 3;
    const p = k / n;
    const counts = new Array(n).fill(0);
    for (let i = 0; i < draws; i++) {
      const won = await ticketDraw(k, cryptoRandom);
      expect(new Set(won).size).toBe(k);
      for (const w of won) counts[w]++;
    }
    const scaled = (chiSquare(counts, draws * p) * (n - 1)) / (n * (1 - p));
    expect(scaled).toBeLessThan(CHI2_CRITICAL_001[9]);
  });

  it('pool sampling (partial Fisher–Yates) picks each candidate equally often', async () => {
    const statistic = await singleWinnerStatistic(() => poolDraw(1, cryptoRandom, 12), 12);
    expect(statistic).toBeLessThan(CHI2_CRITICAL_001[11]);
  });

  describe('the same test rejects biased pickers', () => {
    it('off by one: a source that never yields the top ticket', async () => {
      const offByOne: RandomSource = { int: (max) => cryptoRandom.int(Math.max(1, max - 1)) };
      const statistic = await singleWinnerStatistic(() => ticketDraw(1, offByOne), 10);
      expect(statistic).toBeGreaterThan(CHI2_CRITICAL_001[9]);
    });

    it('modulo bias: a 5-bit random number reduced mod the range', async () => {
      // 32 mod 12 = 8: values 0–7 come up 3 times in 32, values 8–11 only twice.
      const moduloBiased: RandomSource = { int: (max) => cryptoRandom.int(32) % max };
      const statistic = await singleWinnerStatistic(() => poolDraw(1, moduloBiased, 12), 12);
      expect(statistic).toBeGreaterThan(CHI2_CRITICAL_001[11]);
    });

    it('walking forward from a random ticket to the next eligible one (favours entrants just after gaps)', async () => {
      // Classic mistake: on a gap, take the next ticket instead of drawing again.
      const walkForward = async (): Promise<number[]> => {
        let t = cryptoRandom.int(SPACE);
        for (;;) {
          const index = ELIGIBLE_TICKETS.indexOf(t);
          if (index >= 0 && !ALREADY_WON.has(t)) return [index];
          t = (t + 1) % SPACE;
        }
      };
      const statistic = await singleWinnerStatistic(walkForward, 10);
      expect(statistic).toBeGreaterThan(CHI2_CRITICAL_001[9]);
    });
  });
});

describe('picker limits', () => {
  it('never loops forever: stops after the attempt budget when nobody is eligible', async () => {
    const progress = await pickByTicketRejection({
      ticketSpace: 1_000_000,
      wanted: 3,
      maxAttempts: 50,
      random: cryptoRandom,
      claim: async () => 'rejected',
    });
    expect(progress).toEqual({ claimed: 0, attempts: 50, exhausted: true, stopped: false });
  });

  it('stops when every ticket has been tried, and tries none twice', async () => {
    const seen: number[] = [];
    const progress = await pickByTicketRejection({
      ticketSpace: 8,
      wanted: 3,
      maxAttempts: 1000,
      random: cryptoRandom,
      claim: async (t) => {
        seen.push(t);
        return 'rejected';
      },
    });
    expect(progress.exhausted).toBe(true);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('cannot spin forever on a broken random source that repeats one value', async () => {
    const stuck: RandomSource = { int: () => 0 };
    const progress = await pickByTicketRejection({
      ticketSpace: 8,
      wanted: 2,
      maxAttempts: 10,
      random: stuck,
      claim: async () => 'rejected',
    });
    expect(progress).toMatchObject({ attempts: 1, exhausted: true });
  });

  it('stops at once when a claim reports the draw full', async () => {
    const progress = await pickFromPool({ pool: [1, 2, 3, 4], wanted: 3, random: cryptoRandom, claim: async () => 'stop' });
    expect(progress).toEqual({ claimed: 0, attempts: 1, exhausted: false, stopped: true });
  });

  it('uses rejection sampling while at least 1 in 16 tickets is eligible, the eligible list below that', () => {
    expect(chooseMethod(100, 1600)).toBe('ticket-rejection-sampling');
    expect(chooseMethod(99, 1600)).toBe('eligible-pool-sampling');
    expect(chooseMethod(0, 0)).toBe('ticket-rejection-sampling');
  });
});
