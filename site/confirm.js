// @ts-check
/**
 * The page the confirmation email links to (confirm.html). Loading it confirms nothing: mail scanners
 * fetch links, so only the button (a POST with the token) does. The token leaves the address bar once
 * read, so it is neither bookmarked nor shown over someone's shoulder; it stays with this entry of the
 * tab's history (history.state), together with whether it was confirmed, so that coming Back to the page
 * shows the entry confirmed again, without a second POST, instead of "this link has no code". Once
 * confirmed, the page shows the entry's label (model/api.ts ConfirmAnswer), kept in the history entry
 * too, for its owner to find themselves in a verifiable draw's files on results.html.
 */
/** @import { ConfirmAnswer, RaffleView } from '../model/api' */
/** @import { StatusState } from './dom.js' */
import { errorOf, fillRoutePath, request, routePath } from './api.js';
import { byId, el, showStatus } from './dom.js';
import { adoptRaffleLanguage, t, tParts } from './i18n.js';
import { startPublicPage } from './raffle-list.js';
import { pageFor } from './raffle-text.js';

startPublicPage();

const form = byId('confirm-form', HTMLFormElement);
const button = byId('confirm-button', HTMLButtonElement);
const status = byId('status', HTMLElement);
const back = byId('back-link', HTMLAnchorElement);

/**
 * What this history entry remembers: the token, the raffle its entry was confirmed in, and its label there.
 * @typedef {{ token: string; confirmedIn: string | null; label: string | null }} Kept
 */

/** @returns {Kept | null} */
function kept() {
  /** @type {unknown} */
  const state = window.history.state;
  if (state === null || typeof state !== 'object' || !('token' in state) || typeof state.token !== 'string') return null;
  const confirmedIn = 'confirmedIn' in state && typeof state.confirmedIn === 'string' ? state.confirmedIn : null;
  const label = 'label' in state && typeof state.label === 'string' ? state.label : null;
  return { token: state.token, confirmedIn, label };
}

const before = kept();
const token = new URLSearchParams(window.location.search).get('token') ?? before?.token ?? '';

/**
 * @param {string | null} confirmedIn
 * @param {string | null} label
 */
function remember(confirmedIn, label) {
  /** @type {Kept} */
  const state = { token, confirmedIn, label };
  window.history.replaceState(state, '', window.location.pathname);
}

remember(before?.confirmedIn ?? null, before?.label ?? null);

/**
 * @param {StatusState} state
 * @param {string} message
 */
function say(state, message) {
  showStatus(status, state, message);
  button.textContent = t('confirm.button');
}

/**
 * The entry counts: said (and said again on Back), with its label and the way back to its raffle.
 * @param {string} raffleId
 * @param {string | null} label
 */
function showConfirmed(raffleId, label) {
  form.hidden = true;
  byId('lead', HTMLElement).hidden = true;
  say('success', t('entry.entered'));
  if (label) {
    byId('label', HTMLElement).textContent = label;
    byId('label-box', HTMLElement).hidden = false;
  }
  status.focus();
  void linkBack(raffleId);
}

/** Posts the token and says whether the entry now counts. */
async function confirmEntry() {
  button.disabled = true;
  button.textContent = t('confirm.busy');
  try {
    const { res, body } = await request(routePath('confirm'), { method: 'POST', json: { token } });
    const error = errorOf(body);
    if (res.ok) {
      const { raffleId, label } = /** @type {ConfirmAnswer} */ (body);
      const id = typeof raffleId === 'string' ? raffleId : '';
      const code = typeof label === 'string' ? label : null;
      remember(id, code);
      showConfirmed(id, code);
      return;
    }
    if (error.code === 'invalid_token') say('error', t('confirm.invalid'));
    else if (error.code === 'phone_already_registered') say('error', t('confirm.phoneTaken'));
    else if (error.code === 'entries_closed') say('error', t('confirm.drawn'));
    else {
      button.disabled = false;
      const reference = error.requestId;
      say('error', t('confirm.failed') + (reference ? ` ${t('network.reference', { reference })}` : ''));
    }
  } catch {
    button.disabled = false;
    say('error', t('network.unreachable'));
  }
  status.focus();
}

/**
 * The link back to the raffle the entry is in, named by its title when the raffle can be read; the page
 * then speaks the raffle's language, and says that an entry confirmed after the deadline still counts.
 * @param {string} raffleId
 */
async function linkBack(raffleId) {
  if (raffleId === '') return;
  back.href = pageFor('apply.html', raffleId);
  back.textContent = t('confirm.back');
  try {
    const { res, body } = await request(fillRoutePath('raffle', { raffleId }));
    if (!res.ok) return;
    const raffle = /** @type {RaffleView} */ (body);
    if (adoptRaffleLanguage(raffle.language)) button.textContent = t('confirm.button');
    back.replaceChildren(...tParts('confirm.backTo', { title: el('bdi', '', raffle.title) }));
    // Confirmed in the grace period: the form is closed now, and the entry was made in time.
    const late = Date.parse(raffle.closesAt) <= Date.now() || raffle.status === 'closed';
    say('success', late ? `${t('entry.entered')} ${t('confirm.afterDeadline')}` : t('entry.entered'));
  } catch {
    // The link works without its title.
  }
}

if (before?.confirmedIn) {
  // Back (or a reload) on a page whose entry was confirmed: say so again, and send nothing.
  showConfirmed(before.confirmedIn, before.label);
} else if (token) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!button.disabled) void confirmEntry();
  });
} else {
  button.disabled = true;
  say('error', t('confirm.noToken'));
}
