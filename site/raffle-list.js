// @ts-check
/**
 * The public raffles as lists of links (index.html, apply.html and results.html without a raffle):
 * GET /raffle/raffles, the raffles in phases, and one item per raffle with its title, its phase and
 * when it opens or closes.
 */
/** @import { RaffleSummary, RafflesAnswer } from '../model/api' */
/** @import { Answer } from './api.js' */
/** @import { Phase } from './raffle-text.js' */
import { request, routePath } from './api.js';
import { el, link } from './dom.js';
import { phaseLabel, pageFor, phaseOf, timingText } from './raffle-text.js';

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
  heading.appendChild(link('', pageFor(page, raffle.raffleId), raffle.title));
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
