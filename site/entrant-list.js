// @ts-check
/**
 * The entrant list on the organiser's console: a page at a time (Previous / Next over the API's
 * cursor), a search by the start of an address, erasure on request (after the organiser confirms),
 * and the link to the CSV export.
 */
/** @import { EntrantView, EntrantsPage } from '../model/api' */
import { errorOf, fillRoutePath, request } from './api.js';
import { report, reportFailure, reportUnreachable } from './console-status.js';
import { byId, clear, el } from './dom.js';
import { bdi, phoneText, shortId } from './draw-text.js';
import { formatShort } from './format.js';
import { t } from './i18n.js';
import { config } from './site-config.js';

/**
 * An address that breaks only before its "@" and its dots when the column is narrow (<wbr>), never in
 * the middle of a word; the text stays the address as typed.
 * @param {string} email
 */
function addressNode(email) {
  const node = el('span', 'address');
  email.split(/(?=[@.])/).forEach((piece, i) => {
    if (i > 0) node.appendChild(document.createElement('wbr'));
    node.appendChild(document.createTextNode(piece));
  });
  return node;
}

/**
 * @typedef {object} EntrantList
 * @property {() => Promise<void>} load asks for the page shown again (the first, after a new search)
 */

/**
 * @param {object} parts
 * @param {string} parts.raffleId the raffle whose entrants these are
 * @param {() => Promise<unknown>} parts.refreshAll reloads what an erasure changes
 * @returns {EntrantList}
 */
export function createEntrantList({ raffleId, refreshAll }) {
  const section = byId('entrants', HTMLElement);
  const heading = byId('entrants-heading', HTMLElement);
  const searchForm = byId('search-form', HTMLFormElement);
  const prefixInput = byId('prefix', HTMLInputElement);
  // The box the table scrolls sideways in (draw.html), hidden with the table when the list is empty.
  const tableWrap = /** @type {HTMLElement} */ (byId('entrants-table', HTMLTableElement).parentElement);
  const body = byId('entrants-body', HTMLTableSectionElement);
  const summary = byId('entrants-summary', HTMLElement);
  const prevButton = byId('prev-page', HTMLButtonElement);
  const nextButton = byId('next-page', HTMLButtonElement);
  const pageLabel = byId('page-label', HTMLElement);
  byId('export-link', HTMLAnchorElement).href = fillRoutePath('entrantsCsv', { raffleId });
  prefixInput.maxLength = config.limits.emailLength;

  /**
   * Where the list is: the search, and the cursor of each page visited (undefined for the first), so
   * Previous goes back through them; `next` is the cursor of the following page, if there is one.
   * @type {{ prefix: string; cursors: (string | undefined)[]; next: string | undefined }}
   */
  const listing = { prefix: '', cursors: [undefined], next: undefined };
  // Answers to older requests that arrive late are ignored.
  let latestRequest = 0;

  function pageUrl() {
    const query = new URLSearchParams();
    if (listing.prefix) query.set('prefix', listing.prefix);
    const cursor = listing.cursors[listing.cursors.length - 1];
    if (cursor) query.set('cursor', cursor);
    const q = query.toString();
    return fillRoutePath('entrants', { raffleId }) + (q ? `?${q}` : '');
  }

  /** @param {EntrantView} entrant */
  function wonText(entrant) {
    if (!entrant.wonDrawId) return t('console.entrants.no');
    const draw = shortId(entrant.wonDrawId);
    return entrant.voidedAt ? t('console.entrants.voided', { draw }) : t('console.entrants.yes', { draw });
  }

  /**
   * One entrant: who (name, address, phone; on a phone also when), when, whether they won, and behind
   * "More" the erasure, which asks first: a destructive action is never one stray tap away.
   * @param {EntrantView} entrant
   */
  function entrantRow(entrant) {
    const tr = el('tr');
    tr.dataset.email = entrant.email;
    const entered = formatShort(entrant.enteredAt);
    const who = el('td', 'entrant');
    const name = bdi(entrant.name);
    name.className = 'name';
    who.append(name, addressNode(entrant.email), el('span', 'phone', phoneText(entrant.phone)));
    who.appendChild(el('span', 'entered-inline', t('console.entrants.enteredAt', { time: entered })));
    tr.appendChild(who);
    tr.appendChild(el('td', 'entered col-entered', entered));
    tr.appendChild(el('td', 'won', wonText(entrant)));
    const actions = el('td', 'row-actions');
    const more = el('details', 'row-more');
    // Each accessible name holds the visible word, then the entrant (WCAG 2.5.3).
    const summary = el('summary', '', t('console.entrants.more'));
    summary.setAttribute('aria-label', t('console.entrants.moreLabel', { email: entrant.email }));
    const erase = el('button', 'secondary danger erase-button', t('console.entrants.erase'));
    erase.type = 'button';
    erase.setAttribute('aria-label', t('console.entrants.eraseLabel', { email: entrant.email }));
    erase.addEventListener('click', () => void eraseEntrant(entrant, erase));
    more.append(summary, erase);
    actions.appendChild(more);
    tr.appendChild(actions);
    return tr;
  }

  /** @param {readonly EntrantView[]} entrants */
  function render(entrants) {
    clear(body);
    for (const entrant of entrants) body.appendChild(entrantRow(entrant));
    const page = listing.cursors.length;
    const { prefix } = listing;
    tableWrap.hidden = entrants.length === 0;
    const count = entrants.length;
    summary.textContent =
      count === 0
        ? prefix
          ? t('console.entrants.noneMatching', { prefix })
          : t('console.entrants.none')
        : prefix
          ? t('console.entrants.matchingOnPage', { count, prefix, page })
          : t('console.entrants.onPage', { count, page });
    pageLabel.textContent = t('console.entrants.page', { page });
    const hadFocus = document.activeElement;
    prevButton.disabled = page <= 1;
    nextButton.disabled = !listing.next;
    // A pager button that just became disabled would drop the keyboard focus to the page: keep it on the pager.
    if (hadFocus === prevButton && prevButton.disabled) nextButton.focus();
    if (hadFocus === nextButton && nextButton.disabled) prevButton.focus();
  }

  /** @returns {Promise<void>} */
  async function load() {
    const thisRequest = ++latestRequest;
    section.setAttribute('aria-busy', 'true');
    try {
      const answer = await request(pageUrl());
      if (thisRequest !== latestRequest) return;
      if (!answer.res.ok) {
        // A cursor from an older list (or another search): start again from the first page.
        if (errorOf(answer.body).code === 'invalid_cursor' && listing.cursors.length > 1) {
          listing.cursors = [undefined];
          return await load();
        }
        reportFailure(t('console.entrants.notLoaded'), answer);
        return;
      }
      const { entrants, cursor } = /** @type {EntrantsPage} */ (answer.body);
      // The last entrants of this page were erased: show the page before.
      if (entrants.length === 0 && listing.cursors.length > 1) {
        listing.cursors.pop();
        return await load();
      }
      listing.next = cursor || undefined;
      render(entrants);
    } catch {
      if (thisRequest === latestRequest) reportUnreachable(t('console.entrants.stale'));
    } finally {
      if (thisRequest === latestRequest) section.removeAttribute('aria-busy');
    }
  }

  /**
   * Erases one entrant on request, after the organiser confirms; then the list, the count and the draws show it.
   * @param {EntrantView} entrant
   * @param {HTMLButtonElement} button
   */
  async function eraseEntrant(entrant, button) {
    if (!window.confirm(t('console.erase.ask', { email: entrant.email, name: entrant.name }))) {
      report('info', t('console.erase.cancelled'));
      return;
    }
    button.disabled = true;
    let erased = false;
    try {
      const answer = await request(fillRoutePath('eraseEntrant', { raffleId, email: entrant.email }), { method: 'DELETE' });
      erased = answer.res.ok;
      if (erased) report('success', t('console.erase.done', { email: entrant.email }));
      else reportFailure(t('console.erase.failed'), answer);
    } catch {
      reportUnreachable(t('console.erase.unsure'));
    }
    button.disabled = false;
    await refreshAll();
    // The row is gone: the focus goes to the list it was in (an error has taken it to the message already).
    if (erased) heading.focus();
  }

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    listing.prefix = prefixInput.value.trim();
    listing.cursors = [undefined];
    listing.next = undefined;
    void load();
  });
  nextButton.addEventListener('click', () => {
    if (!listing.next) return;
    listing.cursors.push(listing.next);
    listing.next = undefined;
    void load();
  });
  prevButton.addEventListener('click', () => {
    if (listing.cursors.length <= 1) return;
    listing.cursors.pop();
    void load();
  });

  return { load };
}
