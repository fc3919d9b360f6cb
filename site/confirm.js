// @ts-check
/**
 * The page the confirmation email links to (confirm.html). Loading it confirms nothing: mail scanners
 * fetch links, so only the button (a POST with the token) does. The token leaves the address bar once
 * read, so it is neither bookmarked nor shown over someone's shoulder.
 */
/** @import { ConfirmAnswer, RaffleView } from '../model/api' */
/** @import { StatusState } from './dom.js' */
import { errorOf, fillRoutePath, request, routePath } from './api.js';
import { byId, showStatus } from './dom.js';
import { pageFor } from './raffle-text.js';

const form = byId('confirm-form', HTMLFormElement);
const button = byId('confirm-button', HTMLButtonElement);
const status = byId('status', HTMLElement);
const back = byId('back-link', HTMLAnchorElement);
const token = new URLSearchParams(window.location.search).get('token') ?? '';
const BUTTON_LABEL = button.textContent;

window.history.replaceState(null, '', window.location.pathname);

/**
 * @param {StatusState} state
 * @param {string} message
 */
function done(state, message) {
  showStatus(status, state, message);
  button.textContent = BUTTON_LABEL;
}

/** Posts the token and says whether the entry now counts. */
async function confirmEntry() {
  button.disabled = true;
  button.textContent = 'Confirming…';
  try {
    const { res, body } = await request(routePath('confirm'), { method: 'POST', json: { token } });
    const error = errorOf(body);
    if (res.ok) {
      done('success', 'You are entered. Good luck! We will contact you if you win.');
      const { raffleId } = /** @type {ConfirmAnswer} */ (body);
      if (typeof raffleId === 'string' && raffleId !== '') void linkBack(raffleId);
    } else if (error.code === 'invalid_token') {
      done('error', 'This link does not work any more: it has expired or was already used. Enter again to get a new one.');
    } else if (error.code === 'phone_already_registered') {
      done('error', 'This phone number is already used by another entry. There is one entry per person.');
    } else {
      button.disabled = false;
      done(
        'error',
        'Something went wrong and your entry is not confirmed yet. Please try again.' +
          (error.requestId ? ` (Reference: ${error.requestId})` : ''),
      );
    }
  } catch {
    button.disabled = false;
    done('error', 'We could not reach the raffle. Check your connection and try again.');
  }
}

/**
 * The link back to the raffle the entry is in, named by its title when the raffle can be read.
 * @param {string} raffleId
 */
async function linkBack(raffleId) {
  back.href = pageFor('apply.html', raffleId);
  back.textContent = 'Back to the raffle';
  try {
    const { res, body } = await request(fillRoutePath('raffle', { raffleId }));
    if (res.ok) back.textContent = `Back to the raffle: ${/** @type {RaffleView} */ (body).title}`;
  } catch {
    // The link works without its title.
  }
}

if (token) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!button.disabled) void confirmEntry();
  });
} else {
  button.disabled = true;
  showStatus(status, 'error', 'This link has no confirmation code. Open the link from your email again.');
}
