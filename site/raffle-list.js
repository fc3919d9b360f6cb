// @ts-check
/**
 * The public raffles as lists of links (index.html, apply.html and results.html without a raffle):
 * GET /raffle/raffles, the raffles in phases, and one item per raffle with its title, its phase and
 * when it opens or closes. Also what every public page does first: its words and its language switcher.
 */
/** @import { RaffleSummary, RafflesAnswer } from '../model/api' */
/** @import { Answer } from './api.js' */
/** @import { Phase } from './raffle-text.js' */
import { request, routePath } from './api.js';
import { byId, el, link } from './dom.js';
import { languageSwitcher, translatePage } from './i18n.js';
import { phaseLabel, pageFor, phaseOf, timingText } from './raffle-text.js';

/** A public page's start: its static words in the page's language, and the switcher in its header (#language). */
export function startPublicPage() {
  translatePage();
  languageSwitcher(byId('language', HTMLElement));
}

/**
 * The public raffles, or the failed answer (or null: the API could not be reached).
 * @returns {Promise<{ raffles: readonly RaffleSummary[] } | { failed: Answer | null }>}
 */
export async function loadRaffles() {
  try {
    const answer = await request(routePath('raffles'));
    if (!answer.res.ok) return { failed: answer };
    return { raffles: /** @type {RafflesAnswer} */ (answer.body).raffles };
  } catch {
    return { failed: null };
  }
}

/**
 * The raffles in one phase, those closing (or opening) soonest first, drawn ones latest first.
 * @param {readonly RaffleSummary[]} raffles
 * @param {Phase} phase
 * @param {number} now
 */
export function inPhase(raffles, phase, now) {
  const when = (/** @type {RaffleSummary} */ r) => Date.parse(phase === 'upcoming' ? (r.opensAt ?? r.closesAt) : r.closesAt);
  const sorted = raffles.filter((r) => phaseOf(r, now) === phase).sort((a, b) => when(a) - when(b));
  return phase === 'drawn' ? sorted.reverse() : sorted;
}

/**
 * One raffle: its title as a link to `page` for it, its phase as a badge, and its times.
 * @param {RaffleSummary} raffle
 * @param {number} now
 * @param {string} page e.g. "apply.html"
 * @param {string} [extra] a second link's page and words, e.g. the results of a drawn raffle
 * @param {string} [extraLabel]
 */
export function raffleItem(raffle, now, page, extra, extraLabel) {
  const phase = phaseOf(raffle, now);
  const li = el('li', 'raffle-item');
  li.dataset.raffleId = raffle.raffleId;
  li.dataset.phase = phase;
  const heading = el('h3', 'raffle-title');
  // The organiser's title is isolated: a right-to-left title keeps its own punctuation order.
  const a = link('', pageFor(page, raffle.raffleId), '');
  a.appendChild(el('bdi', '', raffle.title));
  heading.appendChild(a);
  li.appendChild(heading);
  const meta = el('p', 'raffle-meta');
  meta.appendChild(el('span', `badge badge-${phase}`, phaseLabel(phase)));
  meta.appendChild(document.createTextNode(` ${timingText(raffle, now)}`));
  li.appendChild(meta);
  if (extra && extraLabel) {
    const more = el('p', 'raffle-more');
    more.appendChild(link('', pageFor(extra, raffle.raffleId), extraLabel));
    li.appendChild(more);
  }
  return li;
}
