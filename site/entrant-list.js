// @ts-check
/**
 * The entrant list on the organiser's console: a page at a time (Previous / Next over the API's
 * cursor), a search by the start of an address, erasure on request (after the organiser confirms),
 * and the link to the CSV export.
 */
/** @import { EntrantView, EntrantsPage } from '../model/api' */
import { errorOf, fillRoutePath, request } from './api.js';
import { report, reportFailure } from './console-status.js';
import { byId, clear, el } from './dom.js';
import { entrantsText, shortId } from './draw-text.js';
import { formatTime } from './format.js';
import { config } from './site-config.js';

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
    if (!entrant.wonDrawId) return 'No';
    return `${entrant.voidedAt ? 'Void, draw' : 'Yes, draw'} ${shortId(entrant.wonDrawId)}`;
  }

  /** @param {EntrantView} entrant */
  function entrantRow(entrant) {
    const tr = el('tr');
    tr.dataset.email = entrant.email;
    tr.appendChild(el('td', 'address', entrant.email));
    tr.appendChild(el('td', 'name', entrant.name));
    tr.appendChild(el('td', 'phone', entrant.phone));
    tr.appendChild(el('td', 'entered', formatTime(entrant.enteredAt)));
    tr.appendChild(el('td', 'won', wonText(entrant)));
    const actions = el('td', 'actions');
    const erase = el('button', 'secondary danger erase-button', 'Erase');
    erase.type = 'button';
    erase.setAttribute('aria-label', `Erase ${entrant.email}`);
    erase.addEventListener('click', () => void eraseEntrant(entrant, erase));
    actions.appendChild(erase);
    tr.appendChild(actions);
    return tr;
  }

  /** @param {readonly EntrantView[]} entrants */
  function render(entrants) {
    clear(body);
    for (const entrant of entrants) body.appendChild(entrantRow(entrant));
    const page = listing.cursors.length;
    const search = listing.prefix ? ` whose address starts with “${listing.prefix}”` : '';
    tableWrap.hidden = entrants.length === 0;
    summary.textContent = entrants.length === 0 ? `No entrants${search}.` : `${entrantsText(entrants.length)}${search} on page ${page}.`;
    pageLabel.textContent = `Page ${page}`;
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
        reportFailure('The entrant list could not be loaded', answer);
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
      if (thisRequest === latestRequest) report('error', 'Could not reach the raffle API: the entrant list is not up to date.');
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
    const question =
      `Erase ${entrant.email}${entrant.name ? ` (${entrant.name})` : ''}?\n\n` +
      'Their entry in this raffle, name and phone number are deleted for good, also from its past draws. This cannot be undone.';
    if (!window.confirm(question)) {
      report('info', 'Nothing was erased.');
      return;
    }
    button.disabled = true;
    try {
      const answer = await request(fillRoutePath('eraseEntrant', { raffleId, email: entrant.email }), { method: 'DELETE' });
      if (answer.res.ok) report('success', `${entrant.email} was erased.`);
      else reportFailure('The erasure failed', answer);
    } catch {
      report('error', 'Could not reach the raffle API. The erasure may or may not have happened: the list below says.');
    }
    button.disabled = false;
    await refreshAll();
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
