// @ts-check
/**
 * Every raffle on the organiser's console (draw.html with no raffle named): GET /raffle/raffles as
 * the organiser sees it (drafts and archived ones too, each with its count of confirmed entrants), one
 * row each, its title a link to its page.
 */
/** @import { RafflesAnswer } from '../model/api' */
import { request, routePath } from './api.js';
import { reportFailure, reportUnreachable } from './console-status.js';
import { byId, clear, el, link } from './dom.js';
import { formatNumber, formatShort, readerTimeZone } from './format.js';
import { t } from './i18n.js';
import { phaseLabel, pageFor, phaseOf } from './raffle-text.js';

// Drafts and open raffles first (what the organiser works on), archived ones last.
const ORDER = ['draft', 'upcoming', 'open', 'closed', 'drawn', 'archived'];

/** Shows every raffle; resolves once shown (or once the failure is said). */
export async function showRaffleList() {
  const body = byId('raffles-body', HTMLTableSectionElement);
  const empty = byId('raffles-empty', HTMLElement);
  const wrap = byId('raffles-wrap', HTMLElement);
  try {
    const answer = await request(routePath('raffles'));
    if (!answer.res.ok) {
      reportFailure(t('console.list.notLoaded'), answer);
      return;
    }
    const now = Date.now();
    const raffles = [.../** @type {RafflesAnswer} */ (answer.body).raffles].sort(
      (a, b) => ORDER.indexOf(phaseOf(a, now)) - ORDER.indexOf(phaseOf(b, now)) || Date.parse(a.closesAt) - Date.parse(b.closesAt),
    );
    clear(body);
    for (const raffle of raffles) {
      const phase = phaseOf(raffle, now);
      const tr = el('tr');
      tr.dataset.raffleId = raffle.raffleId;
      const name = el('td', 'raffle-name');
      const title = link('', pageFor('draw.html', raffle.raffleId), raffle.title);
      title.dir = 'auto';
      name.appendChild(title);
      name.appendChild(el('span', 'raffle-id', raffle.raffleId));
      // On a phone the status and the closing time go under the title (console.css hides one of each pair:
      // never both read), so the table fits the screen in every language.
      const inline = el('span', 'raffle-status-inline');
      inline.appendChild(el('span', `badge badge-${phase}`, phaseLabel(phase)));
      name.appendChild(inline);
      name.appendChild(el('span', 'raffle-closes', t('console.list.closesAt', { time: formatShort(raffle.closesAt) })));
      tr.appendChild(name);
      const status = el('td', 'raffle-status col-status');
      status.appendChild(el('span', `badge badge-${phase}`, phaseLabel(phase)));
      tr.appendChild(status);
      tr.appendChild(el('td', 'number', raffle.count === undefined ? '' : formatNumber(raffle.count)));
      tr.appendChild(el('td', 'closes col-closes', formatShort(raffle.closesAt)));
      body.appendChild(tr);
    }
    byId('raffles-zone', HTMLElement).textContent = t('zone.note', { zone: readerTimeZone() });
    empty.hidden = raffles.length > 0;
    wrap.hidden = raffles.length === 0;
  } catch {
    reportUnreachable(t('console.reload'));
  }
}
