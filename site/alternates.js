// @ts-check
/**
 * "Show alternates" under a complete verifiable draw in the past draws: a disclosure (a button with
 * aria-expanded, and the panel it controls) that asks GET …/draws/{drawId}/alternates and lists the
 * next eligible entrants of the draw's ranking, each with rank, name, email and phone. For planning
 * only, and the panel says so: nothing is claimed, written or told until a win is voided, and the
 * list may change before then. A panel left open stays open (and is asked again) when the history is
 * shown again after an action.
 */
/** @import { AlternatesAnswer, DrawView } from '../model/api' */
import { fillRoutePath, request } from './api.js';
import { reportFailure, reportUnreachable } from './console-status.js';
import { clear, el, link } from './dom.js';
import { bdi, phoneText, shortId } from './draw-text.js';
import { t } from './i18n.js';
import { mailtoHref, telHref } from './winner-list.js';

/**
 * @param {string} raffleId the raffle whose draws these are
 * @returns {(draw: DrawView) => HTMLElement} the disclosure of one draw's alternates
 */
export function createAlternates(raffleId) {
  /** @type {Set<string>} the draws whose alternates are open */
  const open = new Set();

  return function alternatesOf(draw) {
    const box = el('div', 'alternates');
    const panelId = `alternates-${draw.drawId}`;
    const button = el('button', 'secondary alternates-button', t('console.alternates.show'));
    button.type = 'button';
    // The visible words first (WCAG 2.5.3), then which draw, for a screen reader's list of buttons.
    button.setAttribute('aria-label', t('console.alternates.label', { draw: shortId(draw.drawId) }));
    button.setAttribute('aria-controls', panelId);
    const panel = el('div', 'alternates-panel');
    panel.id = panelId;
    box.append(button, panel);

    /** @param {boolean} expanded */
    function setExpanded(expanded) {
      button.setAttribute('aria-expanded', String(expanded));
      panel.hidden = !expanded;
      if (expanded) open.add(draw.drawId);
      else open.delete(draw.drawId);
    }

    async function load() {
      clear(panel);
      panel.appendChild(el('p', 'alternates-intro', t('console.alternates.intro')));
      const loading = el('p', 'hint', t('console.alternates.loading'));
      panel.appendChild(loading);
      panel.setAttribute('aria-busy', 'true');
      try {
        const answer = await request(fillRoutePath('alternates', { raffleId, drawId: draw.drawId }));
        if (answer.res.ok) {
          loading.replaceWith(alternatesList(draw, /** @type {AlternatesAnswer} */ (answer.body)));
        } else {
          setExpanded(false);
          reportFailure(t('console.alternates.failed'), answer);
        }
      } catch {
        setExpanded(false);
        reportUnreachable(t('console.reload'));
      }
      panel.removeAttribute('aria-busy');
    }

    button.addEventListener('click', () => {
      const expanded = button.getAttribute('aria-expanded') !== 'true';
      setExpanded(expanded);
      if (expanded) void load();
    });
    setExpanded(open.has(draw.drawId));
    if (open.has(draw.drawId)) void load();
    return box;
  };
}

/**
 * The alternates in rank order (their ranks in the draw's ranking, which skip those no longer eligible).
 * @param {DrawView} draw
 * @param {AlternatesAnswer} answer
 */
function alternatesList(draw, answer) {
  if (answer.alternates.length === 0) return el('p', 'alternates-none', t('console.alternates.none'));
  const list = el('ul', 'alternates-list');
  list.setAttribute('aria-label', t('console.alternates.list', { draw: shortId(draw.drawId) }));
  for (const alternate of answer.alternates) {
    const li = el('li', 'alternate');
    const head = el('div', 'alternate-head');
    head.append(el('span', 'alternate-rank', t('console.alternates.rank', { rank: String(alternate.rank) })), ' ');
    const name = bdi(alternate.name);
    name.className = 'name';
    head.appendChild(name);
    const contact = el('div', 'contact');
    contact.appendChild(link('email', mailtoHref(alternate.email), alternate.email));
    if (alternate.phone) contact.append(' · ', link('phone', telHref(alternate.phone), phoneText(alternate.phone)));
    li.append(head, contact);
    list.appendChild(li);
  }
  return list;
}
