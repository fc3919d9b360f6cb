// @ts-check
/**
 * The public entry page (apply.html?raffle=<id>): the raffle's title, description, prizes and closing
 * time in the visitor's time zone with the time left, and its entry form (apply-form.js) while it
 * takes entries. A raffle that is closed, drawn, not open yet or unknown says so at once instead of
 * showing the form. With no raffle named, the raffles open for entries to pick from, or straight to
 * the only one. Every piece of server data reaches the page as text.
 */
/** @import { RaffleView } from '../model/api' */
import { describeFailure, fillRoutePath, request } from './api.js';
import { createEntryForm } from './apply-form.js';
import { byId, clear, el } from './dom.js';
import { formatDeadline, spanText } from './format.js';
import { adoptRaffleLanguage, t } from './i18n.js';
import { inPhase, loadRaffles, raffleItem, startPublicPage } from './raffle-list.js';
import { appendParagraphs, enteredText, fillPrizes, pageFor, phaseOf, raffleParam, timingText } from './raffle-text.js';

startPublicPage();

// The time left is said again this often (not announced: the page does not talk while someone types).
const TICK_MS = 30_000;

const title = byId('title', HTMLElement);
const loading = byId('loading', HTMLElement);
const notice = byId('notice', HTMLElement);
const details = byId('raffle', HTMLElement);
const entry = byId('entry', HTMLElement);
const raffleId = raffleParam();
const form = createEntryForm({ onEntered: () => void load(), onRefused: refused });
/** @type {RaffleView | null} the raffle as last read */
let shown = null;
/** What the page showed it as: its phase, and whether the form was up. */
let shownState = '';
/**
 * Why the API refused an entry since the page read the raffle: it knows better than a read of the raffle,
 * which may be a few seconds old (the public raffle is read through a short cache).
 * @type {string | null}
 */
let refusedBecause = null;

/**
 * @param {RaffleView} raffle
 * @param {number} now
 */
function stateOf(raffle, now) {
  return `${phaseOf(raffle, now)}:${Date.parse(raffle.closesAt) > now}`;
}

/**
 * Says why there is no form, with a link onwards.
 * @param {string} text
 * @param {{ href: string; label: string } | null} next
 */
function say(text, next) {
  byId('notice-text', HTMLElement).textContent = text;
  const a = byId('notice-link-a', HTMLAnchorElement);
  if (next) {
    a.href = next.href;
    a.textContent = next.label;
  }
  byId('notice-link', HTMLElement).hidden = next === null;
  notice.dataset.state = 'info';
  notice.hidden = false;
}

/**
 * The raffle as it stands now: the form while it takes entries, otherwise why not.
 * @param {RaffleView} raffle
 */
function render(raffle) {
  const now = Date.now();
  const phase = phaseOf(raffle, now);
  const results = { href: pageFor('results.html', raffle.raffleId), label: t('apply.seeResults') };
  const taking = refusedBecause === null && phase === 'open' && Date.parse(raffle.closesAt) > now;
  shownState = stateOf(raffle, now);
  // The organiser's title is isolated (bdi): a right-to-left title keeps its punctuation on its side.
  title.replaceChildren(el('bdi', '', raffle.title));
  document.title = t('apply.titleFor', { title: raffle.title });
  loading.hidden = true;
  details.hidden = false;
  const timing = byId('timing', HTMLElement);
  timing.textContent = timingText(raffle, now);
  // Without the form, the notice says when (and what next) instead.
  timing.hidden = !taking;
  const description = byId('description', HTMLElement);
  clear(description);
  appendParagraphs(description, raffle.description);
  const prizes = byId('prizes', HTMLElement);
  clear(prizes);
  fillPrizes(prizes, raffle.prizes);
  byId('count', HTMLElement).textContent = enteredText(raffle.count);
  const resultsLink = byId('results-link', HTMLAnchorElement);
  resultsLink.href = results.href;
  resultsLink.textContent = t('apply.resultsLink');
  entry.hidden = !taking;
  notice.hidden = taking;
  if (taking) form.show(raffle);
  else if (phase === 'upcoming' && raffle.opensAt)
    say(t('apply.notYet', { opens: formatDeadline(raffle.opensAt), span: spanText(Date.parse(raffle.opensAt) - now) }), null);
  else if (phase === 'drawn') say(`${timingText(raffle, now)} ${t('apply.drawn')}`, { ...results, label: t('apply.seeWinners') });
  else if (refusedBecause === 'entries_not_open' || phase === 'upcoming') say(t('apply.notYetLater'), null);
  else say(`${closedText(raffle, now)} ${t('apply.closedThanks')}`, results);
}

/**
 * "Entries closed <when>." once the closing time has passed; before it, the organiser closed them early.
 * @param {RaffleView} raffle
 * @param {number} now
 */
function closedText(raffle, now) {
  return Date.parse(raffle.closesAt) <= now ? t('timing.closedAt', { closes: formatDeadline(raffle.closesAt) }) : t('apply.closedEarly');
}

/**
 * The API refused an entry: the raffle is closed, not open yet, or gone.
 * @param {'entries_closed' | 'entries_not_open' | 'raffle_not_found'} code
 */
function refused(code) {
  refusedBecause = code;
  if (code === 'raffle_not_found') renderMissing();
  else if (shown) render(shown);
}

/** No raffle at this address (unknown, or not published). */
function renderMissing() {
  title.textContent = t('raffle.notFound');
  document.title = t('raffle.notFound');
  loading.hidden = true;
  details.hidden = true;
  entry.hidden = true;
  say(t('apply.notFound'), { href: 'index.html', label: t('apply.seeOpen') });
}

/** @param {string} message */
function renderUnreachable(message) {
  loading.hidden = true;
  say(message, null);
  notice.dataset.state = 'error';
}

async function load() {
  if (raffleId === null) return;
  try {
    const answer = await request(fillRoutePath('raffle', { raffleId }));
    if (answer.res.ok) {
      shown = /** @type {RaffleView} */ (answer.body);
      // Before any words are written: the raffle's pages speak its language unless the visitor chose one.
      adoptRaffleLanguage(shown.language);
      render(shown);
    } else if (answer.res.status === 404 || answer.res.status === 400) {
      shown = null;
      renderMissing();
    } else {
      renderUnreachable(describeFailure(t('apply.loadFailed'), answer));
    }
  } catch {
    renderUnreachable(t('network.unreachable'));
  }
}

/** apply.html with no raffle named: the raffles open for entries, or straight to the only one. */
async function pick() {
  const loaded = await loadRaffles();
  if (!('raffles' in loaded)) {
    renderUnreachable(loaded.failed ? describeFailure(t('raffles.failed'), loaded.failed) : t('network.unreachable'));
    return;
  }
  const now = Date.now();
  const open = inPhase(loaded.raffles, 'open', now);
  if (open.length === 1) {
    window.location.replace(pageFor('apply.html', open[0].raffleId));
    return;
  }
  loading.hidden = true;
  if (open.length === 0) {
    say(t('apply.noneOpen'), { href: 'index.html', label: t('apply.seeSoon') });
    return;
  }
  title.textContent = t('apply.title');
  const list = byId('picker-list', HTMLElement);
  for (const raffle of open) list.appendChild(raffleItem(raffle, now, 'apply.html'));
  byId('picker', HTMLElement).hidden = false;
}

if (raffleId === null) void pick();
else {
  void load();
  // The time left, said again; a raffle whose closing (or opening) time comes while the page is open changes its state.
  window.setInterval(() => {
    if (!shown) return;
    const now = Date.now();
    if (stateOf(shown, now) !== shownState) render(shown);
    else byId('timing', HTMLElement).textContent = timingText(shown, now);
  }, TICK_MS);
}
