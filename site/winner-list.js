// @ts-check
/**
 * A draw's winners on the organiser's console, in the result and in the past draws alike: name,
 * contact links, standing, and "Void and redraw" while they stand as a winner, or "Replace" for the
 * slot of a winner erased on request (named by its ticket: nothing of the person is left). A replaced
 * slot links to the draw that replaced it.
 */
/** @import { DrawView, WinnerView } from '../model/api' */
import { clear, el, link } from './dom.js';
import { bdi, phoneText, shortId } from './draw-text.js';
import { formatTime } from './format.js';
import { t, tParts } from './i18n.js';

/**
 * What "Void and redraw" (or "Replace", for an erased winner) does with a winner's slot of a draw; `button` is the one pressed.
 * @callback VoidHandler
 * @param {DrawView} draw
 * @param {WinnerView} winner
 * @param {HTMLButtonElement} button
 * @returns {void}
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
 * @param {VoidHandler} onVoid
 */
export function fillWinners(list, draw, onVoid) {
  clear(list);
  for (const winner of draw.winners) list.appendChild(winnerItem(winner, draw, onVoid));
}

/**
 * @param {WinnerView} winner
 * @param {DrawView} draw
 * @param {VoidHandler} onVoid
 */
function winnerItem(winner, draw, onVoid) {
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
  if (draw.status !== 'pending' && !winner.void && (winner.status === 'won' || erased)) li.appendChild(voidButton(winner, draw, onVoid));
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
  if (!erased) note.append(...tParts('console.winner.voidReason', { reason: bdi(reason) }), ' · ', formatTime(voidedAt));
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
 * @param {VoidHandler} onVoid
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
function mailtoHref(email) {
  return `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}`;
}

/**
 * A tel: link: the number's digits and its leading "+", nothing else.
 * @param {string} phone
 */
function telHref(phone) {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
