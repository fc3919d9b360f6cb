// @ts-check
/**
 * The past draws on the organiser's console, one group per prize (the newest draw's group first),
 * with voided, erased and replacement winners marked and each verifiable draw's round; and the notice
 * of the verifiable draws this browser committed that still wait for their reveal, each with its
 * Reveal button.
 */
/** @import { DrawsAnswer, DrawView } from '../model/api' */
/** @import { VoidHandler } from './winner-list.js' */
import { fillRoutePath, request } from './api.js';
import { forgetCommitment, savedCommitment, savedDrawIds } from './commitments.js';
import { byId, clear, el } from './dom.js';
import { awaitsReveal, replacesText, shortId, summaryText, verifiableText, waitingFor } from './draw-text.js';
import { renderPrizeGroups } from './prize-groups.js';
import { fillWinners } from './winner-list.js';

const NO_PRIZE_HEADING = 'Draws without a prize named';

/**
 * @typedef {object} PastDraws
 * @property {() => Promise<void>} refresh asks the API for the latest draws and shows them
 * @property {() => void} render shows the same draws again (a reveal started or ended)
 * @property {(drawId: string) => DrawView | undefined} pastDraw a draw among those shown
 */

/**
 * @param {object} actions
 * @param {string} actions.raffleId the raffle whose draws these are
 * @param {VoidHandler} actions.onVoid "Void and redraw" on a winner
 * @param {(drawId: string) => void} actions.onReveal "Reveal" on a verifiable draw this browser committed
 * @param {() => boolean} actions.isDrawing whether a draw or a reveal runs: one at a time, so Reveal waits
 * @param {() => string | null} actions.revealingDrawId the verifiable draw this page is revealing, if any
 * @returns {PastDraws}
 */
export function createPastDraws({ raffleId, onVoid, onReveal, isDrawing, revealingDrawId }) {
  const list = byId('history', HTMLElement);
  const empty = byId('history-empty', HTMLElement);
  const waiting = byId('waiting', HTMLElement);
  /** @type {readonly DrawView[]} the latest draws as the API gave them, newest first */
  let shown = [];
  /** @type {ReadonlyMap<string, DrawView>} the same, by id: a replacement names the draw it replaces */
  let byDrawId = new Map();

  /** @param {readonly DrawView[]} draws */
  function render(draws) {
    shown = draws;
    byDrawId = new Map(draws.map((d) => [d.drawId, d]));
    clear(list);
    empty.hidden = draws.length > 0;
    empty.textContent = 'No draws yet.';
    renderPrizeGroups(list, draws, 'h3', NO_PRIZE_HEADING, drawItem);
    renderWaiting();
  }

  /** @param {DrawView} draw */
  function drawItem(draw) {
    const li = el('li', 'draw');
    li.dataset.drawId = draw.drawId;
    li.appendChild(el('div', 'meta', `Draw ${shortId(draw.drawId)} · ${summaryText(draw)}${draw.method ? ` · ${draw.method}` : ''}`));
    if (draw.replaces) li.appendChild(el('p', 'replaces', replacesText(draw.replaces, byDrawId.get(draw.replaces.drawId))));
    const verifiable = verifiableText(draw);
    if (verifiable) li.appendChild(el('p', 'verifiable-note', verifiable));
    if (awaitsReveal(draw)) li.appendChild(revealControl(draw, 'reveal-button'));
    const winners = el('ul', 'winners');
    fillWinners(winners, draw, onVoid);
    li.appendChild(winners);
    return li;
  }

  /**
   * What a verifiable draw still waiting for its reveal offers: the Reveal button when this browser
   * holds its key (only the page that committed it knows the key), a note saying so when it does not,
   * and neither while this page is already revealing it.
   * @param {DrawView} draw
   * @param {string} className
   */
  function revealControl(draw, className) {
    if (draw.drawId === revealingDrawId()) return el('p', 'reveal-note', 'Being revealed on this page: waiting for its round…');
    if (!savedCommitment(draw.drawId)) {
      return el('p', 'reveal-note', 'Started in another browser: reveal it from there, or repeat the request with its Idempotency-Key.');
    }
    const button = el('button', `secondary ${className}`, 'Reveal');
    button.type = 'button';
    button.setAttribute('aria-label', `Reveal draw ${shortId(draw.drawId)} (${waitingFor(draw)})`);
    button.disabled = isDrawing();
    button.addEventListener('click', () => onReveal(draw.drawId));
    return button;
  }

  /**
   * The notice at the top: the verifiable draws this browser committed that are still waiting, each
   * with its Reveal button. The keys of draws now settled (complete or refused) are forgotten here.
   */
  function renderWaiting() {
    const open = savedDrawIds().flatMap((drawId) => {
      const draw = byDrawId.get(drawId);
      // A draw not among the latest shown is left alone: it may be older than the list.
      if (!draw) return [];
      if (!awaitsReveal(draw)) {
        forgetCommitment(drawId);
        return [];
      }
      return drawId === revealingDrawId() ? [] : [draw];
    });
    clear(waiting);
    waiting.hidden = open.length === 0;
    if (open.length === 0) return;
    waiting.appendChild(
      el(
        'p',
        'waiting-intro',
        open.length === 1
          ? 'A verifiable draw started in this browser is waiting to be revealed:'
          : `${open.length} verifiable draws started in this browser are waiting to be revealed:`,
      ),
    );
    const items = el('ul', 'waiting-list');
    for (const draw of open) {
      const li = el('li');
      const prize = draw.prize !== null ? ` · Prize: ${draw.prize}` : '';
      li.appendChild(el('span', 'waiting-draw', `Draw ${shortId(draw.drawId)}${prize} · ${waitingFor(draw)} `));
      li.appendChild(revealControl(draw, 'waiting-reveal'));
      items.appendChild(li);
    }
    waiting.appendChild(items);
  }

  async function refresh() {
    try {
      const { res, body } = await request(fillRoutePath('draws', { raffleId }));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      render(/** @type {DrawsAnswer} */ (body).draws);
    } catch {
      clear(list);
      empty.hidden = false;
      empty.textContent = 'Past draws are not available right now.';
    }
  }

  return { refresh, render: () => render(shown), pastDraw: (drawId) => byDrawId.get(drawId) };
}
