// @ts-check
/**
 * A draw's winners on the organiser's console, in the result and in the past draws alike: name,
 * contact links, standing, their claim (winner-claim.js) with "Mark claimed" while it waits, and "Void
 * and redraw" while they stand as a winner, or "Replace" for the slot of a winner erased on request
 * (named by its ticket: nothing of the person is left). A replaced slot links to the draw that replaced it.
 */
/** @import { DrawView, WinnerView } from '../model/api' */
import { clear, el, link } from './dom.js';
import { bdi, phoneText, shortId } from './draw-text.js';
import { formatTime } from './format.js';
import { t, tParts } from './i18n.js';
import { canMarkClaimed, claimBadge, claimNote, markClaimedButton, unclaimedVoidText } from './winner-claim.js';

/**
 * What a winner's button does with their slot of a draw; `button` is the one pressed.
 * @callback WinnerAction
 * @param {DrawView} draw
 * @param {WinnerView} winner
 * @param {HTMLButtonElement} button
 * @returns {void}
 */

/**
 * @typedef {object} WinnerActions
 * @property {WinnerAction} onVoid "Void and redraw" (or "Replace", for an erased winner)
 * @property {WinnerAction} onMarkClaimed "Mark claimed", for a winner whose claim waits
 */

/**
 * The id of a draw's item in the past draws, which a replaced slot links to.
 * @param {string} drawId
 */
export function drawAnchor(drawId) {
  return `draw-${drawId}`;
}

/**
 * Fills `list` with the winners of `draw`.
 * @param {HTMLElement} list
 * @param {DrawView} draw
 * @param {WinnerActions} actions
 */
export function fillWinners(list, draw, actions) {
  clear(list);
  for (const winner of draw.winners) list.appendChild(winnerItem(winner, draw, actions));
}

/**
 * @param {WinnerView} winner
 * @param {DrawView} draw
 * @param {WinnerActions} actions
 */
function winnerItem(winner, draw, actions) {
  const li = el('li', 'winner');
  li.dataset.status = winner.status;
  li.dataset.ticket = String(winner.ticket);
  const erased = winner.status === 'erased';
  const head = el('div', 'winner-head');
  const name = erased || winner.name === null ? el('span', 'name', t('console.winner.erasedName')) : bdi(winner.name);
  name.classList.add('name');
  head.appendChild(name);
  if (winner.status === 'void') head.appendChild(el('span', 'badge badge-void', t('console.winner.void')));
  if (erased) head.appendChild(el('span', 'badge badge-erased', t('console.winner.erased')));
  // A void says why in its own note; the claim of a win that stands (or of an erased slot, which the sweep replaces too) shows.
  if (winner.claim && !winner.void) head.appendChild(claimBadge(winner.claim));
  li.appendChild(head);
  // An erased winner has no address or phone left; should a stale answer still carry them, they are not shown.
  const email = erased ? null : winner.email;
  const phone = erased ? null : winner.phone;
  if (email || phone) {
    const contact = el('div', 'contact');
    if (email) contact.appendChild(link('email', mailtoHref(email), email));
    if (email && phone) contact.appendChild(document.createTextNode(' · '));
    if (phone) contact.appendChild(link('phone', telHref(phone), phoneText(phone)));
    li.appendChild(contact);
  }
  if (winner.void) li.appendChild(voidNote(winner, erased));
  else if (winner.claim) li.appendChild(claimNote(winner.claim));
  const buttons = el('div', 'winner-actions');
  if (canMarkClaimed(winner)) buttons.appendChild(markClaimedButton(winner, draw, actions.onMarkClaimed));
  if (draw.status !== 'pending' && !winner.void && (winner.status === 'won' || erased)) {
    buttons.appendChild(voidButton(winner, draw, actions.onVoid));
  }
  if (buttons.childElementCount > 0) li.appendChild(buttons);
  return li;
}

/**
 * "Void: <reason> · <when> · replaced in draw 1a2b3c4d" (linked); an erased slot's reason is not said
 * (the API replaces it, as it may have named them).
 * @param {WinnerView} winner
 * @param {boolean} erased
 */
function voidNote(winner, erased) {
  const { reason, voidedAt, replacementDrawId } = /** @type {NonNullable<WinnerView['void']>} */ (winner.void);
  const note = el('p', 'void-note');
  // The claim sweep's void is worded; any other reason is the organiser's own text.
  const unclaimed = unclaimedVoidText(winner);
  const why = unclaimed === null ? tParts('console.winner.voidReason', { reason: bdi(reason) }) : [unclaimed];
  if (!erased) note.append(...why, ' · ', formatTime(voidedAt));
  if (replacementDrawId) {
    if (!erased) note.append(' · ');
    const to = link('replacement-link', `#${drawAnchor(replacementDrawId)}`, shortId(replacementDrawId));
    note.append(...tParts(erased ? 'console.winner.replacedErased' : 'console.winner.replaced', { draw: to }));
  }
  return note;
}

/**
 * The button's accessible name holds its visible words (WCAG 2.5.3), then the winner it acts on, for a
 * screen reader's list of buttons.
 * @param {WinnerView} winner
 * @param {DrawView} draw
 * @param {WinnerAction} onVoid
 */
function voidButton(winner, draw, onVoid) {
  const erased = winner.status === 'erased';
  const button = el('button', `secondary void-button${erased ? ' replace-button' : ''}`);
  button.type = 'button';
  button.appendChild(el('span', 'button-label', erased ? t('console.winner.replace') : t('console.winner.voidButton')));
  button.setAttribute(
    'aria-label',
    erased
      ? t('console.winner.replaceLabel', { ticket: String(winner.ticket) })
      : t('console.winner.voidLabel', { name: winner.name || winner.email || '' }),
  );
  button.addEventListener('click', () => onVoid(draw, winner, button));
  return button;
}

/**
 * A mailto: link for an address, built from parts: the scheme is ours and the address is
 * percent-encoded (but its "@"), so no address can turn the link into something else.
 * @param {string} email
 */
export function mailtoHref(email) {
  return `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}`;
}

/**
 * A tel: link: the number's digits and its leading "+", nothing else.
 * @param {string} phone
 */
export function telHref(phone) {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
