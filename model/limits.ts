/**
 * Every input limit, once: the handlers enforce them, the config validates against them, and the pages
 * (through the generated config.js) check and say the same numbers.
 */
export const LIMITS = {
  /** Request bodies larger than this are refused with 413 (counted in bytes, after base64 decoding). */
  bodyBytes: 4096,
  /** RFC 5321's limit on a forward path. */
  emailLength: 254,
  /** Characters (code points), after trimming. */
  nameLength: 100,
  /** Longer than any formatted international number (E.164 has at most 15 digits). */
  phoneInputLength: 32,
  /** Numbers are written in international format: there is no home country to guess from. */
  phonePrefix: '+',
  winners: { min: 1, max: 100, default: 3 },
  idempotencyKeyLength: 200,
  /** Draws returned by GET /raffle/draws and GET /raffle/results, newest first. */
  drawsPage: 50,
  /** GET /raffle/entrants: entrants per page (`limit`), and the longest `prefix` worth searching. */
  entrantsPage: { default: 50, max: 500 },
  /** A prize's name, as the organiser names it (characters, after trimming). */
  prizeLength: 100,
  raffle: {
    /** A raffle id is its address (apply.html?raffle=<id>), so short. */
    idLength: 64,
    titleLength: 120,
    descriptionLength: 5000,
    prizes: 20,
    /** GET /raffle/raffles (public) lists drawn raffles this long after their draw. */
    publicDrawnDays: 90,
  },
  /**
   * A raffle's claim period (its claimDays): each winner has this many whole days from their draw's
   * completion to claim the prize. The claim sweep (functions/draw/claim-sweep.ts) runs every
   * sweepMinutes, so an unclaimed win is voided and replaced at most that long after its deadline. A
   * verifiable draw's alternates: the next labels of its ranking the organiser may look at.
   */
  claim: { days: { min: 1, max: 90 }, sweepMinutes: 15, noteLength: 200, alternates: { default: 5, max: 20 } },
  /** Why a winner was voided (characters, after trimming). */
  voidReasonLength: 500,
  confirmation: {
    /** Random bytes of a confirmation token (base64url in the link): unguessable. */
    tokenBytes: 32,
    /** A link works this long; an entry not confirmed by then is deleted by DynamoDB's TTL. */
    validHours: 48,
    /** Another email to the same address waits at least this long... */
    resendAfterSeconds: 60,
    /** ...and no address gets more than this many in a day, so the form cannot flood an inbox. */
    mailsPerDay: 5,
  },
  /** The honeypot field: people never see it, so only a bot fills it in. */
  honeypotField: 'website',
  /** How long CloudFront (and browsers) may keep GET /raffle/results: a new draw shows within this. */
  resultsMaxAgeSeconds: 30,
  /**
   * A verifiable draw's beacon round comes at least this long after its commitment (config
   * beaconMarginSeconds): long enough that the round cannot exist when the pool is fixed, even with
   * clocks a little apart. The local runtime's tests use the minimum.
   */
  beaconMarginSeconds: { default: 30, min: 3 },
  /**
   * A verifiable draw over at most this many eligible entrants is frozen, and later walked, in the
   * request itself (about 2 s each on DynamoDB Local, BENCHMARKS.md), so the first 202 carries the whole
   * commitment and the reveal answers 201; a larger pool's steps run in asynchronous invocations of the
   * draw function, and the 202s say "freezing", then "pending", until each is done.
   */
  inlineVerifiableEntrants: 10_000,
} as const;

export function isWinnerCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= LIMITS.winners.min && n <= LIMITS.winners.max;
}
