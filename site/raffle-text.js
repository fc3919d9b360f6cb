// @ts-check
/**
 * A raffle as the public pages word it (model/api.ts RaffleSummary, RaffleView): which raffle the
 * address names, its phase (open, opening later, closed, drawn), when it opens or closes and how long
 * is left, its description as paragraphs and its prizes. Server text reaches the page as text only.
 */
/** @import { RaffleSummary } from '../model/api' */
/** @import { Prize } from '../model/raffle' */
import { el } from './dom.js';
import { formatDeadline, plural, spanText } from './format.js';

/**
 * What a visitor is told a raffle is: its status, with an open raffle whose opensAt is still ahead
 * "upcoming" (the API says open: it is published and will take entries).
 * @typedef {RaffleSummary['status'] | 'upcoming'} Phase
 */

/** @type {Readonly<Record<Phase, string>>} */
export const PHASE_LABELS = {
  draft: 'Draft',
  open: 'Open',
  upcoming: 'Opens soon',
  closed: 'Closed',
  drawn: 'Drawn',
  archived: 'Archived',
};

/** The raffle the page's address names (?raffle=<id>), or null when it names none. */
export function raffleParam() {
  const id = new URLSearchParams(window.location.search).get('raffle');
  return id === null || id.trim() === '' ? null : id.trim();
}

/**
 * A page's address for one raffle, e.g. pageFor('apply.html', 'spring') → "apply.html?raffle=spring".
 * @param {string} page
 * @param {string} raffleId
 */
export function pageFor(page, raffleId) {
  return `${page}?${new URLSearchParams({ raffle: raffleId })}`;
}

/**
 * @param {RaffleSummary} raffle
 * @param {number} now
 * @returns {Phase}
 */
export function phaseOf(raffle, now) {
  if (raffle.status === 'open' && raffle.opensAt !== null && Date.parse(raffle.opensAt) > now) return 'upcoming';
  return raffle.status;
}

/**
 * When entries open or close, in the reader's time zone, with how long is left, e.g. "Entries close
 * Tuesday 31 March 2027 at 18:00 BST: 3 days and 4 hours left."
 * @param {RaffleSummary} raffle
 * @param {number} now
 */
export function timingText(raffle, now) {
  const closes = Date.parse(raffle.closesAt);
  switch (phaseOf(raffle, now)) {
    case 'upcoming': {
      const opensAt = raffle.opensAt ?? raffle.closesAt;
      return `Entries open ${formatDeadline(opensAt)}, in ${spanText(Date.parse(opensAt) - now)}, and close ${formatDeadline(raffle.closesAt)}.`;
    }
    case 'open':
      return closes > now
        ? `Entries close ${formatDeadline(raffle.closesAt)}: ${spanText(closes - now)} left.`
        : `Entries closed ${formatDeadline(raffle.closesAt)}.`;
    case 'draft':
      return `Not published. Entries would close ${formatDeadline(raffle.closesAt)}.`;
    default:
      // Closed early by the organiser: the planned closing time never came.
      return closes <= now ? `Entries closed ${formatDeadline(raffle.closesAt)}.` : 'Entries are closed.';
  }
}

/**
 * Appends a description (plain text, a blank line between paragraphs) as paragraphs; a single line
 * break stays a line break. Never markup: each line is a text node.
 * @param {HTMLElement} container
 * @param {string} text
 */
export function appendParagraphs(container, text) {
  for (const paragraph of text.split(/\n\s*\n/)) {
    if (paragraph.trim() === '') continue;
    const p = el('p');
    paragraph.split('\n').forEach((line, i) => {
      if (i > 0) p.appendChild(el('br'));
      p.appendChild(document.createTextNode(line));
    });
    container.appendChild(p);
  }
}

/**
 * The prizes, in the order they are drawn: "First prize: 1 winner".
 * @param {HTMLElement} list a <ul> or <ol>
 * @param {readonly Prize[]} prizes
 */
export function fillPrizes(list, prizes) {
  for (const prize of prizes) {
    const li = el('li', 'prize');
    li.appendChild(el('span', 'prize-name', prize.name));
    li.appendChild(document.createTextNode(`: ${plural(prize.winners, 'winner')}`));
    list.appendChild(li);
  }
}

/**
 * "12 people have entered." / "1 person has entered." / "Nobody has entered yet."
 * @param {number} n
 */
export function enteredText(n) {
  if (n === 0) return 'Nobody has entered yet.';
  return n === 1 ? '1 person has entered.' : `${n.toLocaleString()} people have entered.`;
}
