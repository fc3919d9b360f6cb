// @ts-check
/**
 * A draw's winners on the organiser's console, in the result and in the past draws alike: name,
 * contact links, standing, and "Void and redraw" while they stand as a winner.
 */
/** @import { DrawView, WinnerView } from '../model/api' */
import { clear, el, link } from './dom.js';
import { shortId } from './draw-text.js';
import { formatTime } from './format.js';

/**
 * What "Void and redraw" does with the winner of a draw; `button` is the one pressed.
 * @callback VoidHandler
 * @param {DrawView} draw
 * @param {WinnerView & { email: string }} winner
 * @param {HTMLButtonElement} button
 * @returns {void}
 */

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
  const head = el('div', 'winner-head');
  head.appendChild(el('span', 'name', winner.name ?? '(erased)'));
  if (winner.status === 'void' || winner.status === 'erased') head.appendChild(el('span', `badge badge-${winner.status}`, winner.status));
  li.appendChild(head);
  const { email, phone } = winner;
  if (email || phone) {
    const contact = el('div', 'contact');
    if (email) contact.appendChild(link('email', mailtoHref(email), email));
    if (email && phone) contact.appendChild(document.createTextNode(' · '));
    if (phone) contact.appendChild(link('phone', telHref(phone), phone));
    li.appendChild(contact);
  }
  if (winner.void) {
    const { reason, voidedAt, replacementDrawId } = winner.void;
    li.appendChild(
      el(
        'p',
        'void-note',
        `Void: ${reason}` +
          (voidedAt ? ` · ${formatTime(voidedAt)}` : '') +
          (replacementDrawId ? ` · replaced in draw ${shortId(replacementDrawId)}` : ''),
      ),
    );
  }
  if (winner.status === 'won' && email && draw.status !== 'pending') {
    const voidButton = el('button', 'secondary void-button', 'Void and redraw');
    voidButton.type = 'button';
    voidButton.setAttribute('aria-label', `Void the win of ${winner.name || email} and draw a replacement`);
    voidButton.addEventListener('click', () => onVoid(draw, { ...winner, email }, voidButton));
    li.appendChild(voidButton);
  }
  return li;
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
