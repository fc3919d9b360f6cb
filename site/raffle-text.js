// @ts-check
/**
 * A raffle as the public pages word it (model/api.ts RaffleSummary, RaffleView): which raffle the
 * address names, its phase (open, opening later, closed, drawn), when it opens or closes and how long
 * is left, its description as paragraphs and its prizes. Server text reaches the page as text only.
 */
/** @import { RaffleSummary } from '../model/api' */
/** @import { Prize } from '../model/raffle' */
import { el } from './dom.js';
import { formatDeadline, spanText } from './format.js';
import { t, tParts } from './i18n.js';

/**
 * What a visitor is told a raffle is: its status, with an open raffle whose opensAt is still ahead
 * "upcoming" (the API says open: it is published and will take entries).
 * @typedef {RaffleSummary['status'] | 'upcoming'} Phase
 */

/**
 * The phase in words, e.g. "Opens soon".
 * @param {Phase} phase
 */
export function phaseLabel(phase) {
  return t(`phase.${phase}`);
}

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
      return t('timing.upcoming', {
        opens: formatDeadline(opensAt),
        span: spanText(Date.parse(opensAt) - now),
        closes: formatDeadline(raffle.closesAt),
      });
    }
    case 'open':
      return closes > now
        ? t('timing.open', { closes: formatDeadline(raffle.closesAt), span: spanText(closes - now) })
        : t('timing.closedAt', { closes: formatDeadline(raffle.closesAt) });
    case 'draft':
      return t('timing.draft', { closes: formatDeadline(raffle.closesAt) });
    default:
      // Closed early by the organiser: the planned closing time never came.
      return closes <= now ? t('timing.closedAt', { closes: formatDeadline(raffle.closesAt) }) : t('timing.closed');
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
    // The name is isolated (bdi): a right-to-left prize name keeps the colon after it on its own side.
    li.append(
      ...tParts('prize.line', { prize: el('bdi', 'prize-name', prize.name), winners: t('prize.winners', { count: prize.winners }) }),
    );
    list.appendChild(li);
  }
}

/**
 * "12 people have entered." / "1 person has entered." / "Nobody has entered yet."
 * @param {number} n
 */
export function enteredText(n) {
  return t('entered.count', { count: n });
}
