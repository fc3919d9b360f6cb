// @ts-check
/**
 * How the organiser's console words a draw (model/api.ts DrawView): its standing, its summary line,
 * its verifiable commitment, what it replaces; and a phone number for reading. Text (or text with a
 * name in its own <bdi>), no state. The words are model/messages' (console.ts).
 */
/** @import { DrawView, Replaces } from '../model/api' */
import { formatTime } from './format.js';
import { t, tParts } from './i18n.js';
import { isLocalBeacon } from './site-config.js';

/** @typedef {(string | Node)[]} Parts text, and names in their own <bdi>, to append in order */

/**
 * A draw id as people read it: its first 8 characters (ids are random, 50 draws never share them).
 * @param {string} id
 */
export function shortId(id) {
  return id.slice(0, 8);
}

/**
 * What a person typed (a name, a prize), isolated: a right-to-left name keeps the punctuation after it
 * on its own side of the sentence.
 * @param {string} text
 */
export function bdi(text) {
  const node = document.createElement('bdi');
  node.textContent = text;
  return node;
}

/**
 * Parts joined by " · ", as the console's one-line summaries read.
 * @param {readonly (string | Parts)[]} pieces
 * @returns {Parts}
 */
export function joined(pieces) {
  return pieces.flatMap((piece, i) => [...(i > 0 ? [' · '] : []), ...(typeof piece === 'string' ? [piece] : piece)]);
}

/** @param {number} n */
export function entrantsText(n) {
  return t('console.draw.entrants', { count: n });
}

/**
 * When a draw happened, as the results page says it too: one time per draw (model/api.ts DrawTimes).
 * @param {DrawView} draw
 */
function happenedText(draw) {
  const time = formatTime(draw.happenedAt ?? draw.completedAt ?? draw.drawnAt);
  if (draw.status === 'freezing') return t('console.summary.askedFor', { time });
  if (draw.status === 'committed') return t('console.summary.committed', { time });
  return t('console.summary.drawn', { time });
}

/**
 * How the draw picked, in words people know (not the algorithm's name).
 * @param {DrawView} draw
 */
export function methodText(draw) {
  return draw.verifiable || draw.status === 'freezing' ? t('console.method.verifiable') : t('console.method.random');
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
  return draw.verifiable ? t('console.waitingFor.round', { round: String(draw.verifiable.round) }) : t('console.waitingFor.freezing');
}

/**
 * "Verifiable: drand, round 123 over 45 entrants", or waiting for its round, or refused, or still
 * freezing; null for a draw that is not verifiable.
 * @param {DrawView} draw
 * @returns {string | null}
 */
export function verifiableText(draw) {
  if (draw.status === 'freezing') return t('console.verifiable.freezing');
  const commitment = draw.verifiable;
  if (!commitment) return null;
  const values = {
    source: isLocalBeacon(commitment) ? t('console.verifiable.local') : t('console.verifiable.drand'),
    round: String(commitment.round),
    entrants: entrantsText(commitment.poolSize),
  };
  const text = t(draw.status === 'committed' ? 'console.verifiable.waiting' : 'console.verifiable.round', values);
  // Why the beacon was refused is the server's sentence: the words here say what it means.
  return draw.status === 'refused' ? `${text} · ${t('console.verifiable.refused')}` : text;
}

/**
 * The draw in one line: prize, winners (or why there are none yet), entrants, when, and whether it is unfinished.
 * @param {DrawView} draw
 * @returns {Parts}
 */
export function summaryParts(draw) {
  const { status } = draw;
  /** @type {(string | Parts)[]} */
  const pieces = [];
  if (draw.prize !== null) pieces.push(tParts('console.summary.prize', { prize: bdi(draw.prize) }));
  // A committed draw has no winners yet, and a refused one never will: neither fell short.
  const open = status === 'pending' || status === 'freezing' || status === 'committed' || status === 'refused';
  if (status === 'freezing' || status === 'committed') pieces.push(t('console.summary.toDraw', { count: draw.requested }));
  else if (status === 'refused') pieces.push(t('console.summary.refused'));
  else if (draw.replaces && draw.winnerCount === 0 && status !== 'pending') pieces.push(t('console.summary.noneLeft'));
  else pieces.push(t('prize.winners', { count: draw.winnerCount }));
  if (!open && draw.requested !== draw.winnerCount && !draw.replaces) {
    pieces.push(t('console.summary.fewer', { requested: draw.requested }));
  }
  pieces.push(entrantsText(draw.entrantCount));
  pieces.push(happenedText(draw));
  if (status === 'pending') pieces.push(t('console.summary.pending'));
  return joined(pieces);
}

/**
 * "Replaces a voided winner of draw 1a2b3c4d (drawn …)", or "an erased winner" when the slot's winner was erased.
 * @param {Replaces} replaces
 * @param {DrawView | undefined} original the replaced draw, when it is among the past draws shown
 */
export function replacesText(replaces, original) {
  const erased = original?.winners.some((w) => w.ticket === replaces.ticket && w.status === 'erased') ?? false;
  const draw = shortId(replaces.drawId);
  if (!original) return t('console.replaces.voided', { draw });
  const time = formatTime(original.happenedAt ?? original.drawnAt);
  return erased ? t('console.replaces.erasedAt', { draw, time }) : t('console.replaces.voidedAt', { draw, time });
}

// Calling codes of one digit (North America, Russia) and of two; every other code has three (ITU E.164).
const TWO_DIGIT_CODES = /^(2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;

/**
 * A phone in E.164 (+447911123400) grouped for reading: "+44 7911 123400", "+1 202 555 0123",
 * "+49 15112 345678". The country code, then the national number with its last six digits together (a
 * reader compares numbers by their end); North American numbers as 3-3-4. Anything else as it is.
 * Not every country's own grouping (that needs libphonenumber's data, which the console does not load).
 * @param {string} phone
 */
export function phoneText(phone) {
  const match = /^\+(\d{4,15})$/.exec(phone);
  if (!match) return phone;
  const digits = match[1];
  const codeLength = digits[0] === '1' || digits[0] === '7' ? 1 : TWO_DIGIT_CODES.test(digits) ? 2 : 3;
  const code = digits.slice(0, codeLength);
  const national = digits.slice(codeLength);
  if (code === '1' && national.length === 10) return `+1 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  const groups = national.length > 7 ? [national.slice(0, -6), national.slice(-6)] : [national];
  return `+${code} ${groups.join(' ')}`;
}
