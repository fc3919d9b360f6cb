// @ts-check
/**
 * "Mark claimed" on the organiser's console: the organiser reached a winner (a phone call, at the
 * counter) and records the claim, with an optional note, before its deadline (POST
 * …/draws/{drawId}/claim {"ticket": n, "note"?: "…"}). The claim is the server's to keep once: the same
 * request again answers the first claim, so a retry needs no Idempotency-Key, and a winner who claimed
 * through their link meanwhile is said to have. Then the draw is shown again where it was, with the
 * keyboard on the claim's new words.
 */
/** @import { ClaimAnswer, WinnerView } from '../model/api' */
/** @import { WinnerAction } from './winner-list.js' */
/** @import { DrawResult } from './draw-result.js' */
import { fillRoutePath, request } from './api.js';
import { focusStatus, report, reportFailure, reportUnreachable } from './console-status.js';
import { shortId } from './draw-text.js';
import { t } from './i18n.js';
import { config } from './site-config.js';
import { drawAnchor } from './winner-list.js';

/**
 * @param {object} parts
 * @param {string} parts.raffleId the raffle whose draws these are
 * @param {DrawResult} parts.result the result section, shown again if it shows the draw
 * @param {() => Promise<unknown>} parts.refreshAll reloads the past draws (and what else a change may move)
 * @returns {WinnerAction}
 */
export function createMarkClaimed({ raffleId, result, refreshAll }) {
  const noteLength = config.limits.claim.noteLength;

  return async function markClaimed(draw, winner, button) {
    const who = `${winner.name ?? ''} <${winner.email ?? ''}>`;
    const question = t('console.claim.ask', { who, draw: shortId(draw.drawId) });
    const answer = window.prompt(`${question}\n\n${t('console.claim.note', { max: noteLength })}`, '');
    if (answer === null) {
      report('info', t('console.claim.cancelled'));
      return;
    }
    const note = answer.trim();
    if (Array.from(note).length > noteLength) {
      report('error', t('console.claim.tooLong', { max: noteLength }));
      return;
    }
    // Where the button was: the keyboard goes back to the same winner there once the draw is shown again.
    const inResult = button.closest('#result') !== null;
    const label = button.querySelector('.button-label');
    const words = label?.textContent ?? '';
    const name = button.getAttribute('aria-label') ?? '';
    button.disabled = true;
    if (label) label.textContent = t('console.claim.busy');
    // The name follows the words: while busy, it says so.
    button.removeAttribute('aria-label');
    let marked = false;
    try {
      const sent = await request(fillRoutePath('markClaimed', { raffleId, drawId: draw.drawId }), {
        method: 'POST',
        json: note === '' ? { ticket: winner.ticket } : { ticket: winner.ticket, note },
      });
      if (sent.res.ok) {
        const claim = /** @type {ClaimAnswer} */ (sent.body);
        report('success', claim.claimedThrough === 'link' ? t('console.claim.byLinkBefore', { who }) : t('console.claim.done', { who }));
        marked = true;
      } else {
        reportFailure(t('console.claim.failed'), sent);
      }
    } catch {
      reportUnreachable(t('console.claim.unsure'));
    }
    button.disabled = false;
    if (label) label.textContent = words;
    button.setAttribute('aria-label', name);
    // Refused or not, the draw is shown as it stands now (a refusal may come from a change made elsewhere).
    await refreshAll();
    result.update();
    if (marked) focusClaim(inResult ? document.getElementById('winners-list') : document.getElementById(drawAnchor(draw.drawId)), winner);
  };
}

/**
 * The keyboard to the winner's claim, as shown again in `list`; the status line if it is not shown.
 * @param {HTMLElement | null} list
 * @param {WinnerView} winner
 */
function focusClaim(list, winner) {
  const note = list?.querySelector(`li.winner[data-ticket="${winner.ticket}"] .claim-note`);
  if (note instanceof HTMLElement) note.focus();
  else focusStatus();
}
