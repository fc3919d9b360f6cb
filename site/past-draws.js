// @ts-check
/**
 * The past draws on the organiser's console, one group per prize (the newest draw's group first),
 * with voided, erased and replacement winners marked, their claims, and each verifiable draw's round
 * and alternates; and the notice of the verifiable draws this browser committed that still wait for
 * their reveal, each with its Reveal button.
 */
/** @import { DrawsAnswer, DrawView } from '../model/api' */
/** @import { WinnerActions } from './winner-list.js' */
import { createAlternates } from './alternates.js';
import { fillRoutePath, request } from './api.js';
import { forgetCommitment, savedCommitment, savedDrawIds } from './commitments.js';
import { byId, clear, el } from './dom.js';
import { awaitsReveal, bdi, joined, methodText, replacesText, shortId, summaryParts, verifiableText, waitingFor } from './draw-text.js';
import { t, tParts } from './i18n.js';
import { renderPrizeGroups } from './prize-groups.js';
import { drawAnchor, fillWinners } from './winner-list.js';

/**
 * @typedef {object} PastDraws
 * @property {() => Promise<void>} refresh asks the API for the latest draws and shows them
 * @property {() => void} render shows the same draws again (a reveal started or ended)
 * @property {(drawId: string) => DrawView | undefined} pastDraw a draw among those shown
 */

/**
 * @param {object} actions
 * @param {string} actions.raffleId the raffle whose draws these are
 * @param {WinnerActions} actions.winnerActions what a winner's buttons do
 * @param {(drawId: string) => void} actions.onReveal "Reveal" on a verifiable draw this browser committed
 * @param {() => boolean} actions.isDrawing whether a draw or a reveal runs: one at a time, so Reveal waits
 * @param {() => string | null} actions.revealingDrawId the verifiable draw this page is revealing, if any
 * @returns {PastDraws}
 */
export function createPastDraws({ raffleId, winnerActions, onReveal, isDrawing, revealingDrawId }) {
  const alternates = createAlternates(raffleId);
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
    empty.textContent = t('console.history.empty');
    renderPrizeGroups(list, draws, 'h3', t('console.history.noPrize'), drawItem);
    renderWaiting();
  }

  /** @param {DrawView} draw */
  function drawItem(draw) {
    const li = el('li', 'draw');
    li.dataset.drawId = draw.drawId;
    // A replaced slot's link lands here; the item takes the focus it brings.
    li.id = drawAnchor(draw.drawId);
    li.tabIndex = -1;
    const meta = el('div', 'meta');
    meta.append(...joined([t('console.history.draw', { draw: shortId(draw.drawId) }), summaryParts(draw), methodText(draw)]));
    li.appendChild(meta);
    if (draw.replaces) li.appendChild(el('p', 'replaces', replacesText(draw.replaces, byDrawId.get(draw.replaces.drawId))));
    const verifiable = verifiableText(draw);
    if (verifiable) li.appendChild(el('p', 'verifiable-note', verifiable));
    if (awaitsReveal(draw)) li.appendChild(revealControl(draw, 'reveal-button'));
    const winners = el('ul', 'winners');
    fillWinners(winners, draw, winnerActions);
    li.appendChild(winners);
    // Once, on the draw whose ranking it is: its replacements continue the same ranking.
    if (draw.verifiable && draw.status === 'complete' && !draw.replaces) li.appendChild(alternates(draw));
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
    if (draw.drawId === revealingDrawId()) return el('p', 'reveal-note', t('console.reveal.here'));
    if (!savedCommitment(draw.drawId)) return el('p', 'reveal-note', t('console.reveal.elsewhere'));
    // The accessible name holds the visible word (WCAG 2.5.3), then which draw, for a list of buttons.
    const button = el('button', `secondary ${className}`, t('console.reveal.button'));
    button.type = 'button';
    button.setAttribute('aria-label', t('console.reveal.label', { draw: shortId(draw.drawId), waiting: waitingFor(draw) }));
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
    waiting.appendChild(el('p', 'waiting-intro', t('console.reveal.waitingIntro', { count: open.length })));
    const items = el('ul', 'waiting-list');
    for (const draw of open) {
      const li = el('li');
      const line = el('span', 'waiting-draw');
      line.append(
        ...joined([
          t('console.history.draw', { draw: shortId(draw.drawId) }),
          ...(draw.prize !== null ? [tParts('console.summary.prize', { prize: bdi(draw.prize) })] : []),
          waitingFor(draw),
        ]),
        ' ',
      );
      li.appendChild(line);
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
      empty.textContent = t('console.history.unavailable');
    }
  }

  return { refresh, render: () => render(shown), pastDraw: (drawId) => byDrawId.get(drawId) };
}
