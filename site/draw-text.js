// @ts-check
/**
 * How the organiser's console words a draw (model/api.ts DrawView): its standing, its summary line,
 * its verifiable commitment, what it replaces. Text only, no DOM, no state.
 */
/** @import { DrawView, Replaces } from '../model/api' */
import { formatTime, plural } from './format.js';
import { isLocalBeacon } from './site-config.js';

/**
 * A draw id as people read it: its first 8 characters (ids are random, 50 draws never share them).
 * @param {string} id
 */
export function shortId(id) {
  return id.slice(0, 8);
}

/** @param {number} n */
export function entrantsText(n) {
  return n === 1 ? '1 entrant' : `${n.toLocaleString()} entrants`;
}

/**
 * A verifiable draw still to be revealed: its list being frozen, its round awaited, or its winners still being claimed.
 * @param {DrawView} draw
 */
export function awaitsReveal(draw) {
  return draw.status === 'freezing' || (draw.verifiable !== null && (draw.status === 'committed' || draw.status === 'pending'));
}

/**
 * What a verifiable draw still to be revealed waits for: "beacon round 123", or "freezing the list" before it has a round.
 * @param {DrawView} draw
 */
export function waitingFor(draw) {
  return draw.verifiable ? `beacon round ${draw.verifiable.round}` : 'freezing the list';
}

/**
 * "Verifiable: drand round 123 over 45 entrants", or waiting for its round, or refused, or still
 * freezing; null for a draw that is not verifiable.
 * @param {DrawView} draw
 * @returns {string | null}
 */
export function verifiableText(draw) {
  if (draw.status === 'freezing')
    return 'Verifiable: freezing the list of entrants (a large raffle is read off the request); the round is chosen after';
  const commitment = draw.verifiable;
  if (!commitment) return null;
  const source = isLocalBeacon(commitment) ? 'local beacon (not publicly verifiable), ' : 'drand ';
  const round = `${draw.status === 'committed' ? 'waiting for round' : 'round'} ${commitment.round}`;
  const refused = draw.status === 'refused' ? ` · refused${commitment.refusedBecause ? `: ${commitment.refusedBecause}` : ''}` : '';
  return `Verifiable: ${source}${round} over ${entrantsText(commitment.poolSize)}${refused}`;
}

/**
 * The draw in one line: prize, winners (or why there are none yet), entrants, when, and whether it is unfinished.
 * @param {DrawView} draw
 */
export function summaryText(draw) {
  const { status } = draw;
  const parts = [];
  if (draw.prize !== null) parts.push(`Prize: ${draw.prize}`);
  // A committed draw has no winners yet, and a refused one never will: neither fell short.
  const open = status === 'pending' || status === 'freezing' || status === 'committed' || status === 'refused';
  if (status === 'freezing' || status === 'committed') parts.push(`${plural(draw.requested, 'winner')} to draw`);
  else if (status === 'refused') parts.push('refused: nobody was drawn');
  else if (draw.replaces && draw.winnerCount === 0 && status !== 'pending') parts.push('no one was left to draw');
  else parts.push(plural(draw.winnerCount, 'winner'));
  if (!open && draw.requested !== draw.winnerCount && !draw.replaces) {
    parts.push(`${draw.requested} requested: fewer people were still eligible, so all of them were drawn`);
  }
  parts.push(`${draw.entrantCount} entrants`);
  parts.push(`${status === 'freezing' ? 'asked for' : status === 'committed' ? 'committed' : 'drawn'} ${formatTime(draw.drawnAt)}`);
  if (status === 'pending') parts.push('not finished yet: retry to complete it');
  return parts.join(' · ');
}

/**
 * "Replaces a voided winner of draw 1a2b3c4d (drawn …)".
 * @param {Replaces} replaces
 * @param {DrawView | undefined} original the replaced draw, when it is among the past draws shown
 */
export function replacesText(replaces, original) {
  return `Replaces a voided winner of draw ${shortId(replaces.drawId)}${original ? ` (drawn ${formatTime(original.drawnAt)})` : ''}`;
}
