/**
 * What the API answers, route by route: the shapes the handlers return and the pages read (through
 * JSDoc types, site/*.js). Types only; the error body's codes are model/errors.ts.
 */
import type { Beacon } from '../verify/commitment';
import type { ErrorCode, FieldProblem } from './errors';
import type { Language } from './i18n';
import type { Prize, RaffleStatus } from './raffle';

/**
 * A verifiable draw is freezing (its pool being read, no commitment yet), then committed (waiting for
 * its beacon round), or refused (its beacon failed verification); every draw is pending while its
 * winners are claimed, then complete.
 */
export type DrawStatus = 'freezing' | 'committed' | 'pending' | 'complete' | 'refused';

export type WinnerStatus = 'won' | 'void' | 'erased';

/** What a replacement draw replaces. */
export interface Replaces {
  readonly drawId: string;
  readonly ticket: number;
}

/** A verifiable draw's commitment (and, once revealed, its beacon): what anyone checks with verify-draw. */
export interface VerifiableView {
  readonly algorithm: string;
  /** drand quicknet's chain hash, or "local" (the local runtime's beacon: not publicly verifiable). */
  readonly chainHash: string;
  /** A local beacon's key. */
  readonly publicKey?: string;
  readonly poolHash: string;
  readonly poolSize: number;
  readonly round: number;
  readonly committedAt: string;
  /** The round that decided, as published in beacon.json. */
  readonly beacon?: Beacon;
  readonly refusedBecause?: string;
}

/**
 * A draw's times, the same in the organiser's DrawView and the public PublicDraw. A page that says when
 * a draw happened shows `happenedAt`, and only it: one draw, one time, on the console and the results
 * alike. The other two say when something else happened and are kept for the API's readers.
 */
export interface DrawTimes {
  /**
   * When the draw happened: when its winners were recorded (`completedAt`); for a verifiable draw not
   * complete yet (status "committed", or "pending" while its walk runs), when it was committed
   * (`verifiable.committedAt`): the moment after which nobody could change its pool; for a draw still
   * under way with neither (a fast draw being claimed, a large pool freezing), `drawnAt`.
   */
  readonly happenedAt: string;
  /** When the draw was asked for (its record written, before any winner). */
  readonly drawnAt: string;
  /** When its winners were recorded, or it was refused; null until then. */
  readonly completedAt: string | null;
}

/**
 * The reason of a void the claim sweep makes (functions/shared/claim-state.ts UNCLAIMED_REASON): the
 * win was not claimed by its deadline. The console words it instead of showing it as the organiser's text.
 */
export type UnclaimedReason = 'unclaimed';

/** A void of one win, as the organiser sees it. */
export interface VoidView {
  /** The organiser's words, or UnclaimedReason for a void of the claim sweep. */
  readonly reason: string;
  readonly voidedBy: string;
  readonly voidedAt: string;
  /** The draw of one that replaces the voided winner (it may have found nobody left). */
  readonly replacementDrawId: string;
}

/**
 * Where a win stands in its claim period (functions/shared/claims.ts): claimed (by the winner's link, or
 * marked by the organiser), waiting (the deadline is ahead), or expired (it passed unclaimed: the claim
 * sweep voids the win with the reason "unclaimed" and draws the replacement, at most
 * LIMITS.claim.sweepMinutes later).
 */
export type ClaimState = 'claimed' | 'waiting' | 'expired';

/** A win's claim, as the organiser sees it; null on a draw made without a claim period. */
export interface ClaimView {
  readonly state: ClaimState;
  /** The deadline: the draw's completion plus the raffle's claimDays at that time. */
  readonly claimBy: string;
  readonly claimedAt: string | null;
  /** "link": the winner POSTed their emailed link; "organiser": marked by hand (markedBy, note). */
  readonly claimedThrough: 'link' | 'organiser' | null;
  readonly markedBy: string | null;
  readonly note: string | null;
}

export interface WinnerView {
  readonly ticket: number;
  readonly status: WinnerStatus;
  /** Null once the entrant was erased. */
  readonly email: string | null;
  readonly name: string | null;
  readonly phone: string | null;
  readonly void: VoidView | null;
  readonly claim: ClaimView | null;
}

/**
 * A draw as POST …/draw, its void and GET …/draws return it (admin only: winners with contact details).
 * Pages show `happenedAt` as the draw's time (see DrawTimes).
 */
export interface DrawView extends DrawTimes {
  readonly drawId: string;
  readonly status: DrawStatus;
  readonly prize: string | null;
  readonly requested: number;
  readonly winnerCount: number;
  readonly winners: readonly WinnerView[];
  /** True when fewer winners were drawn than requested (not enough eligible entrants). */
  readonly shortfall: boolean;
  readonly entrantCount: number;
  readonly eligibleCount: number;
  readonly ticketSpace: number;
  readonly method: string | null;
  readonly randomness: string;
  readonly attempts: number;
  readonly drawnBy: string;
  readonly replaces: Replaces | null;
  readonly verifiable: VerifiableView | null;
}

/** POST /raffle/raffles/{raffleId}/draws/{drawId}/void. */
export interface VoidAnswer {
  readonly replacement: DrawView;
  readonly voided: DrawView;
}

/** GET /raffle/raffles/{raffleId}/draws. */
export interface DrawsAnswer {
  readonly draws: readonly DrawView[];
}

/** One confirmed entrant in the organiser's list (GET /raffle/raffles/{raffleId}/entrants) and export. */
export interface EntrantView {
  /** The address as the person typed it. */
  readonly email: string;
  readonly name: string;
  readonly phone: string;
  /** When the entry was confirmed (it counts from then). */
  readonly enteredAt: string;
  readonly won: boolean;
  readonly wonDrawId: string | null;
  readonly wonAt: string | null;
  /** Set when the organiser voided their win. */
  readonly voidedAt: string | null;
}

/** GET …/entrants: one page; the cursor is absent on the last page. */
export interface EntrantsPage {
  readonly entrants: readonly EntrantView[];
  readonly cursor?: string;
}

/** A winner on the public results. */
export interface PublicWinner {
  /** Masked (functions/results/mask.ts); null once the winner was erased, or when nothing in the name can be shown. */
  readonly name: string | null;
  readonly status: WinnerStatus;
  /**
   * The draw that replaced this winner (its `replaces` names this draw), or null. Set for a voided winner
   * and for an erased one whose slot was replaced: an erased winner keeps the status "erased".
   */
  readonly replacedBy: string | null;
  /**
   * The win's claim: "claimed", "waiting" (until claimBy), or "unclaimed" (its deadline passed: the win is
   * void, or about to be, and replaced from the same draw's rules). Null on a draw without a claim period,
   * and for a win voided for another reason.
   */
  readonly claim: 'claimed' | 'waiting' | 'unclaimed' | null;
  /** The claim deadline; null without a claim period. */
  readonly claimBy: string | null;
}

/**
 * A draw on the public results (GET /raffle/raffles/{raffleId}/results): names masked, never an address
 * or a phone. The page shows `happenedAt` as the draw's time (see DrawTimes), with `status`.
 */
export interface PublicDraw extends DrawTimes {
  readonly drawId: string;
  readonly prize: string | null;
  readonly entrantCount: number;
  readonly winners: readonly PublicWinner[];
  /** A replacement names the draw whose voided (or erased) winner it replaces. */
  readonly replaces: { readonly drawId: string } | null;
  /** complete, or committed: a verifiable draw waiting for its beacon round (or, in a large raffle, for its walk to finish). */
  readonly status: 'complete' | 'committed';
  readonly verifiable: VerifiableView | null;
}

/** GET /raffle/raffles/{raffleId}/results. */
export interface ResultsAnswer {
  readonly draws: readonly PublicDraw[];
}

/**
 * POST /raffle/raffles/{raffleId}/apply: `201` "registered" (the raffle counts entries at once), or `202`
 * "check_email" (its entries are confirmed by email), for a new address, one already entered and a bot
 * alike. Only when the resend limit held the email back (an email went to that address less than a
 * minute ago, or the day's are spent; the confirmation and the already-entered email count alike, so
 * this says nothing of which it was) does the answer say so: `emailSent: false`, and in how many whole
 * seconds another email may go. A page must not say a link was sent then.
 */
export interface ApplyAnswer {
  readonly status: 'registered' | 'check_email';
  /**
   * With "registered" only: the label of the entry this request admitted (see ConfirmAnswer). For an
   * address that had entered already the answer must not differ, and must not give away that entry's
   * label (anyone can type an address): it carries a fresh random label that names no entry.
   */
  readonly label?: string;
  /** Present (false) only when the resend limit held the email back. */
  readonly emailSent?: false;
  /** With emailSent: seconds until another email may be sent to that address. */
  readonly retryAfterSeconds?: number;
}

/** POST /raffle/confirm: the entry counts, in the token's raffle. */
export interface ConfirmAnswer {
  readonly status: 'confirmed';
  readonly raffleId: string;
  /**
   * The entry's pseudonymous label in that raffle: 20 hex digits, 80 random bits drawn when the entry
   * was admitted (functions/shared/admission.ts), never derived from the address or the raffle. Every
   * entry has one, whether or not the raffle offers verifiable draws; it is what a verifiable draw's
   * pool.txt and result.json list, so its owner can find themselves there (results.html).
   */
  readonly label: string;
}

/**
 * POST /raffle/claim, the button of claim.html (the link in a winner's email), and the organiser's
 * POST …/draws/{drawId}/claim: the win is claimed. The same again answers the same (the first claim's time).
 */
export interface ClaimAnswer {
  readonly status: 'claimed';
  readonly raffleId: string;
  readonly drawId: string;
  readonly prize: string | null;
  readonly claimedAt: string;
  readonly claimedThrough: 'link' | 'organiser';
}

/**
 * GET …/draws/{drawId}/alternates (admin): who a verifiable draw's next replacements would be, in rank
 * order after its walk, skipping those no longer eligible. For planning only: nobody is claimed or told.
 */
export interface AlternatesAnswer {
  readonly drawId: string;
  readonly alternates: ReadonlyArray<{
    /** 1-based place in the draw's ranking. */
    readonly rank: number;
    readonly label: string;
    readonly name: string;
    readonly email: string;
    readonly phone: string | null;
  }>;
}

/** A raffle in GET /raffle/raffles. */
export interface RaffleSummary {
  readonly raffleId: string;
  readonly title: string;
  readonly status: RaffleStatus;
  readonly opensAt: string | null;
  readonly closesAt: string;
  /** What its pages speak unless the visitor chose another (model/i18n.ts LANGUAGES). */
  readonly language: Language;
}

/** GET /raffle/raffles: the public's open, upcoming and recently drawn raffles; the organiser's every one (with counts). */
export interface RafflesAnswer {
  readonly raffles: ReadonlyArray<RaffleSummary & { readonly count?: number }>;
}

/** GET /raffle/raffles/{raffleId}, and what POST and PATCH answer (`201`/`200`). */
export interface RaffleView extends RaffleSummary {
  readonly description: string;
  readonly prizes: readonly Prize[];
  readonly drawAt: string | null;
  readonly rulesUrl: string | null;
  readonly privacyUrl: string | null;
  readonly confirmEntries: boolean;
  readonly verifiableDraws: boolean;
  /** Days each winner has to claim (null: wins are not claimed). */
  readonly claimDays: number | null;
  /** Confirmed entrants, exact. */
  readonly count: number;
  /** The organiser's view only: when it was created, published, closed early, first drawn, archived. */
  readonly createdAt?: string;
  readonly publishedAt?: string | null;
  readonly closedAt?: string | null;
  readonly drawnAt?: string | null;
  readonly archivedAt?: string | null;
}

/** GET /raffle/raffles/{raffleId}/stats (admin). */
export interface StatsAnswer {
  readonly confirmed: number;
  /** Registered, waiting for their address to be confirmed (links not yet expired). */
  readonly pending: number;
  /** Confirmed registrations per hour (by confirmation time), from the hour of the first one; UTC hours. */
  readonly perHour: ReadonlyArray<{ readonly hour: string; readonly confirmed: number }>;
}

/** Every error: a stable code, a message safe to show, the field at fault and what is wrong with it, and a 5xx's request id. */
export interface ErrorAnswer {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly field?: string;
    readonly reason?: FieldProblem;
    readonly requestId?: string;
  };
}
