// @ts-check
/**
 * The page a winner's email links to (claim.html?token=…). Loading it claims nothing: mail scanners
 * fetch links, so only the button (POST /raffle/claim with the token) does, as on confirm.html. The token
 * leaves the address bar once read; it stays with this entry of the tab's history (history.state), with
 * the claim once made, so Back shows the prize claimed again without a second POST. The same link again
 * answers the first claim (model/api.ts ClaimAnswer), so a second press is harmless. A link that cannot
 * claim (its deadline passed, a code nobody issued, no code) leaves only the reason on the page; a
 * failure that may pass (503, no network) keeps the button for another try.
 */
/** @import { ClaimAnswer, RaffleView } from '../model/api' */
/** @import { StatusState } from './dom.js' */
import { errorOf, fillRoutePath, request, routePath } from './api.js';
import { byId, el, showStatus } from './dom.js';
import { formatTime } from './format.js';
import { adoptRaffleLanguage, t, tParts } from './i18n.js';
import { startPublicPage } from './raffle-list.js';
import { pageFor } from './raffle-text.js';

startPublicPage();

const form = byId('claim-form', HTMLFormElement);
const button = byId('claim-button', HTMLButtonElement);
const lead = byId('lead', HTMLElement);
const status = byId('status', HTMLElement);
const results = byId('results-link', HTMLAnchorElement);

/**
 * What this history entry remembers: the token, and the claim once made.
 * @typedef {{ token: string; claimed: ClaimAnswer | null }} Kept
 */

/** @returns {Kept | null} */
function kept() {
  /** @type {unknown} */
  const state = window.history.state;
  if (state === null || typeof state !== 'object' || !('token' in state) || typeof state.token !== 'string') return null;
  const claimed =
    'claimed' in state && state.claimed !== null && typeof state.claimed === 'object' ? /** @type {ClaimAnswer} */ (state.claimed) : null;
  return { token: state.token, claimed };
}

const before = kept();
const token = new URLSearchParams(window.location.search).get('token') ?? before?.token ?? '';

/** @param {ClaimAnswer | null} claimed */
function remember(claimed) {
  /** @type {Kept} */
  const state = { token, claimed };
  window.history.replaceState(state, '', window.location.pathname);
}

remember(before?.claimed ?? null);

/**
 * @param {StatusState} state
 * @param {(string | Node)[]} parts
 */
function say(state, parts) {
  showStatus(status, state, '');
  status.replaceChildren(...parts);
  button.textContent = t('claim.button');
  status.focus();
}

/**
 * The invitation and its button go: the claim is made, or the link cannot make it.
 */
function closeForm() {
  form.hidden = true;
  lead.hidden = true;
}

/** @param {ClaimAnswer} claim */
function claimedWords(claim) {
  const when = formatTime(claim.claimedAt);
  return claim.prize ? tParts('claim.claimedPrize', { prize: el('bdi', '', claim.prize), when }) : [t('claim.claimed', { when })];
}

/**
 * The prize is claimed: said (and said again on Back), with the way to the raffle's results.
 * @param {ClaimAnswer} claim
 */
function showClaimed(claim) {
  closeForm();
  say('success', claimedWords(claim));
  results.href = pageFor('results.html', claim.raffleId);
  void nameRaffle(claim);
}

/**
 * The raffle the win is in, which only the answer names (the token is opaque): the page then speaks the
 * raffle's language, as the winner's email did, and the link to its results names it.
 * @param {ClaimAnswer} claim
 */
async function nameRaffle(claim) {
  try {
    const { res, body } = await request(fillRoutePath('raffle', { raffleId: claim.raffleId }));
    if (!res.ok) return;
    const raffle = /** @type {RaffleView} */ (body);
    // Said again in that language, the focus left where it is (on the message).
    if (adoptRaffleLanguage(raffle.language)) status.replaceChildren(...claimedWords(claim));
    results.replaceChildren(...tParts('claim.resultsFor', { title: el('bdi', '', raffle.title) }));
  } catch {
    // The link works without the raffle's title.
  }
}

/** Posts the token and says whether the prize is now claimed. */
async function claimPrize() {
  button.disabled = true;
  button.textContent = t('claim.busy');
  try {
    const { res, body } = await request(routePath('claim'), { method: 'POST', json: { token } });
    if (res.ok) {
      const claim = /** @type {ClaimAnswer} */ (body);
      remember(claim);
      showClaimed(claim);
      return;
    }
    const error = errorOf(body);
    if (error.code === 'claim_expired' || error.code === 'invalid_token') {
      closeForm();
      say('error', [t(error.code === 'claim_expired' ? 'claim.expired' : 'claim.invalid')]);
    } else {
      button.disabled = false;
      const reference = error.requestId;
      say('error', [t('claim.failed') + (reference ? ` ${t('network.reference', { reference })}` : '')]);
    }
  } catch {
    button.disabled = false;
    say('error', [t('network.unreachable')]);
  }
}

if (before?.claimed) {
  // Back (or a reload) on a page whose prize was claimed: say so again, and send nothing.
  showClaimed(before.claimed);
} else if (token) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!button.disabled) void claimPrize();
  });
} else {
  button.disabled = true;
  closeForm();
  say('error', [t('claim.noToken')]);
}
