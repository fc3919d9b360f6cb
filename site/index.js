// @ts-check
/**
 * The public front door (index.html): the raffles open for entries, those opening soon and those
 * drawn lately (GET /raffle/raffles), each with its phase and its times in the visitor's time zone,
 * linking to its entry form or its results. The page speaks the visitor's language (no one raffle's).
 */
/** @import { RaffleSummary } from '../model/api' */
/** @import { Phase } from './raffle-text.js' */
import { describeFailure } from './api.js';
import { byId, clear, showStatus } from './dom.js';
import { readerTimeZone } from './format.js';
import { t } from './i18n.js';
import { inPhase, loadRaffles, raffleItem, startPublicPage } from './raffle-list.js';

startPublicPage();

const status = byId('status', HTMLElement);
const loading = byId('raffles-loading', HTMLElement);

/** @type {ReadonlyArray<{ phase: Phase; section: string; list: string; page: string }>} */
const GROUPS = [
  { phase: 'open', section: 'open-section', list: 'open-list', page: 'apply.html' },
  { phase: 'upcoming', section: 'upcoming-section', list: 'upcoming-list', page: 'apply.html' },
  { phase: 'drawn', section: 'drawn-section', list: 'drawn-list', page: 'results.html' },
];

/** @param {readonly RaffleSummary[]} raffles */
function render(raffles) {
  const now = Date.now();
  let shown = 0;
  for (const group of GROUPS) {
    const list = byId(group.list, HTMLElement);
    clear(list);
    for (const raffle of inPhase(raffles, group.phase, now)) {
      list.appendChild(raffleItem(raffle, now, group.page));
      shown++;
    }
    byId(group.section, HTMLElement).hidden = list.childElementCount === 0;
  }
  loading.hidden = shown > 0;
  loading.textContent = t('index.none');
  // Said once, under the times it is about.
  byId('zone-note', HTMLElement).textContent = shown > 0 ? t('zone.note', { zone: readerTimeZone() }) : '';
}

void loadRaffles().then((loaded) => {
  if ('raffles' in loaded) {
    render(loaded.raffles);
    return;
  }
  loading.hidden = true;
  showStatus(status, 'error', loaded.failed ? describeFailure(t('raffles.failed'), loaded.failed) : t('network.unreachable'));
});
