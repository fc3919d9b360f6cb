// @ts-check
/**
 * A winner's claim on the organiser's console (model/api.ts ClaimView), beside their name in the
 * result and the past draws: claimed (through their link, or marked by an organiser, with the note),
 * waiting (the deadline and the time left, said again as time passes), or expired (the claim sweep
 * voids and replaces the win within LIMITS.claim.sweepMinutes); the words of a void the sweep made;
 * the "Mark claimed" button; and the notes that say winners are not emailed on this deployment.
 */
/** @import { ClaimState, ClaimView, DrawView, RaffleView, UnclaimedReason, WinnerView } from '../model/api' */
/** @import { MessageKey } from '../model/i18n' */
/** @import { WinnerAction } from './winner-list.js' */
import { byId, clear, el } from './dom.js';
import { bdi } from './draw-text.js';
import { durationText, formatDeadline, formatTime, spanText } from './format.js';
import { t, tParts } from './i18n.js';
import { config } from './site-config.js';

/** @type {UnclaimedReason} the reason of the claim sweep's void, typed against the model's one definition */
const UNCLAIMED_REASON = 'unclaimed';

/** The notes near the winners (draw.html) that say nobody can claim by link here. */
const NO_MAIL_NOTES = ['claim-mail-note', 'history-claim-mail-note'];

/** @type {Readonly<Record<ClaimState, MessageKey>>} */
const BADGES = {
  claimed: 'console.claim.badge.claimed',
  waiting: 'console.claim.badge.waiting',
  expired: 'console.claim.badge.expired',
};

/** @type {Map<HTMLElement, ClaimView>} the waiting claims shown, whose time left tickClaims says again */
const waiting = new Map();

/**
 * Where a claim stands now: the server's state, but a waiting claim whose deadline this browser has
 * seen pass reads as expired (the page is not reloaded for it; the sweep's void shows on the next).
 * @param {ClaimView} claim
 * @param {number} now
 * @returns {ClaimState}
 */
function stateAt(claim, now) {
  return claim.state === 'waiting' && now >= Date.parse(claim.claimBy) ? 'expired' : claim.state;
}

/**
 * Who marked a claim: the common name of their certificate's subject (the DN's other parts name the
 * organisation, the same for every organiser), or the whole identity when it has none (an IAM role).
 * @param {string} markedBy
 */
function markerName(markedBy) {
  return /(?:^|,)\s*CN=([^,]+)/.exec(markedBy)?.[1] ?? markedBy;
}

/**
 * The words of a claim at `now`, as parts (the organiser's name and note each in their own <bdi>).
 * @param {ClaimView} claim
 * @param {number} now
 */
function claimParts(claim, now) {
  const state = stateAt(claim, now);
  if (state === 'claimed') {
    const time = formatTime(claim.claimedAt);
    if (claim.claimedThrough === 'link') return [t('console.claim.byLink', { time })];
    const who = bdi(markerName(claim.markedBy ?? ''));
    return claim.note
      ? tParts('console.claim.byOrganiserNote', { who, time, note: bdi(claim.note) })
      : tParts('console.claim.byOrganiser', { who, time });
  }
  const deadline = formatDeadline(claim.claimBy);
  if (state === 'waiting') return [t('console.claim.waiting', { deadline, left: spanText(Date.parse(claim.claimBy) - now) })];
  return [t('console.claim.expired', { deadline, within: durationText(config.limits.claim.sweepMinutes * 60) })];
}

/**
 * The claim's standing at a glance, for the winner's heading line.
 * @param {ClaimView} claim
 */
export function claimBadge(claim) {
  const state = stateAt(claim, Date.now());
  return el('span', `badge badge-claim-${state}`, t(BADGES[state]));
}

/**
 * The claim in a sentence; a waiting one is said again by tickClaims. It can take the focus: after
 * "Mark claimed", the keyboard lands on what was marked.
 * @param {ClaimView} claim
 */
export function claimNote(claim) {
  const note = el('p', 'claim-note');
  note.tabIndex = -1;
  fillClaimNote(note, claim);
  if (claim.state === 'waiting') waiting.set(note, claim);
  return note;
}

/**
 * @param {HTMLElement} note
 * @param {ClaimView} claim
 */
function fillClaimNote(note, claim) {
  const now = Date.now();
  note.dataset.claim = stateAt(claim, now);
  clear(note);
  note.append(...claimParts(claim, now));
}

/** Says each waiting claim's time left again (and an expired deadline as such); forgets the lines no longer shown. */
export function tickClaims() {
  for (const [note, claim] of waiting) {
    if (note.isConnected) fillClaimNote(note, claim);
    else waiting.delete(note);
  }
}

/**
 * "Void: not claimed by the deadline, <deadline>" for the claim sweep's void (its reason is the
 * sweep's, not the organiser's words); null for any other void.
 * @param {WinnerView} winner
 */
export function unclaimedVoidText(winner) {
  if (winner.void?.reason !== UNCLAIMED_REASON || !winner.claim) return null;
  return t('console.winner.voidUnclaimed', { deadline: formatDeadline(winner.claim.claimBy) });
}

/**
 * Whether the organiser can mark the win claimed: a standing winner (not erased, not void) whose claim waits.
 * @param {WinnerView} winner
 */
export function canMarkClaimed(winner) {
  return winner.status === 'won' && !winner.void && winner.claim?.state === 'waiting';
}

/**
 * "Mark claimed": its accessible name holds the visible words (WCAG 2.5.3), then the winner it acts on.
 * @param {WinnerView} winner
 * @param {DrawView} draw
 * @param {WinnerAction} onMarkClaimed
 */
export function markClaimedButton(winner, draw, onMarkClaimed) {
  const button = el('button', 'secondary mark-claimed-button');
  button.type = 'button';
  button.appendChild(el('span', 'button-label', t('console.claim.mark')));
  button.setAttribute('aria-label', t('console.claim.markLabel', { name: winner.name || winner.email || '' }));
  button.addEventListener('click', () => onMarkClaimed(draw, winner, button));
  return button;
}

/**
 * Shown where a raffle's winners must claim and this deployment emails no winner (config.js
 * winnerMail false): no claim link reaches anyone, so every claim is the organiser's to mark.
 * @param {RaffleView} raffle
 */
export function showNoMailNotes(raffle) {
  const shown = raffle.claimDays !== null && !config.winnerMail;
  for (const id of NO_MAIL_NOTES) byId(id, HTMLElement).hidden = !shown;
}
