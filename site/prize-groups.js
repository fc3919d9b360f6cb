// @ts-check
/**
 * Draws shown one section per prize, on the organiser's history and the public results alike: the
 * groups in the order they first appear (draws come newest first, so the newest draw's group leads).
 */
import { el } from './dom.js';

/**
 * Appends `draws` to `container` as one section per prize, each a heading (`noPrizeHeading` for the
 * draws without one) over an ordered list of `itemOf(draw)`.
 * @template {{ readonly prize: string | null }} D
 * @param {HTMLElement} container
 * @param {readonly D[]} draws
 * @param {'h2' | 'h3'} headingTag
 * @param {string} noPrizeHeading
 * @param {(draw: D) => HTMLElement} itemOf
 */
export function renderPrizeGroups(container, draws, headingTag, noPrizeHeading, itemOf) {
  for (const [prize, group] of groupByPrize(draws)) {
    const section = el('section', 'prize-group');
    const heading = el(headingTag, 'prize-heading', prize ?? noPrizeHeading);
    // A prize's name is typed by people: it reads in its own direction.
    heading.dir = 'auto';
    section.appendChild(heading);
    const list = el('ol', 'history');
    for (const draw of group) list.appendChild(itemOf(draw));
    section.appendChild(list);
    container.appendChild(section);
  }
}

/**
 * The draws by prize (null: no prize), in first-appearance order, each group in the draws' order.
 * @template {{ readonly prize: string | null }} D
 * @param {readonly D[]} draws
 * @returns {Map<string | null, D[]>}
 */
function groupByPrize(draws) {
  /** @type {Map<string | null, D[]>} */
  const groups = new Map();
  for (const draw of draws) {
    const group = groups.get(draw.prize);
    if (group) group.push(draw);
    else groups.set(draw.prize, [draw]);
  }
  return groups;
}
