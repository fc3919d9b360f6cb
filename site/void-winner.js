// @ts-check
/**
 * "Void and redraw" on the organiser's console: voids one winner, with a reason the organiser gives,
 * and shows the replacement the server draws for them at once. "Replace" does the same for the slot
 * of a winner erased on request. Either names the slot by its ticket ({"ticket": n}): a standing
 * winner's ticket names them as surely as their address, and an erased one has no address left.
 */
/** @import { VoidAnswer } from '../model/api' */
/** @import { WinnerAction } from './winner-list.js' */
/** @import { DrawResult } from './draw-result.js' */
import { fillRoutePath, newIdempotencyKey, postWithKey } from './api.js';
import { report, reportFailure, reportUnreachable } from './console-status.js';
import { shortId } from './draw-text.js';
import { t } from './i18n.js';
import { config } from './site-config.js';

/**
 * @param {object} parts
 * @param {string} parts.raffleId the raffle whose draws these are
 * @param {DrawResult} parts.result where the replacement shows
 * @param {() => Promise<unknown>} parts.refreshAll reloads what a void changes
 * @returns {WinnerAction}
 */
export function createVoidWinner({ raffleId, result, refreshAll }) {
  const reasonLength = config.limits.voidReasonLength;

  return async function voidAndRedraw(draw, winner, button) {
    const erased = winner.status === 'erased';
    const who = erased ? t('console.winner.erasedName') : `${winner.name ?? ''} <${winner.email ?? ''}>`;
    const question = erased
      ? t('console.void.askErased', { draw: shortId(draw.drawId), ticket: String(winner.ticket) })
      : t('console.void.ask', { who, draw: shortId(draw.drawId) });
    const answer = window.prompt(`${question}\n\n${t('console.void.reason', { max: reasonLength })}`, '');
    if (answer === null) {
      report('info', t('console.void.cancelled'));
      return;
    }
    const reason = answer.trim();
    if (reason === '') {
      report('error', t('console.void.noReason'));
      return;
    }
    if (Array.from(reason).length > reasonLength) {
      report('error', t('console.void.tooLong', { max: reasonLength }));
      return;
    }
    const label = button.querySelector('.button-label');
    const words = label?.textContent ?? '';
    const name = button.getAttribute('aria-label') ?? '';
    button.disabled = true;
    if (label) label.textContent = t('console.void.busy');
    // The name follows the words: while busy, it says so.
    button.removeAttribute('aria-label');
    let replaced = false;
    try {
      // A fresh key per action; retries of this action reuse it, so a retry never draws a second replacement.
      const voided = await postWithKey(
        fillRoutePath('voidWinner', { raffleId, drawId: draw.drawId }),
        { ticket: winner.ticket, reason },
        newIdempotencyKey(),
      );
      if (voided.res.ok) {
        const { replacement } = /** @type {VoidAnswer} */ (voided.body);
        result.show(replacement, t('console.result.replacement'));
        const drawn = replacement.winners.find((w) => w.status === 'won');
        const outcome = drawn
          ? t('console.void.replacedBy', { who: `${drawn.name ?? ''} <${drawn.email ?? ''}>` })
          : replacement.status === 'pending'
            ? t('console.void.pending')
            : t('console.void.noneLeft');
        report('success', `${erased ? t('console.void.doneErased') : t('console.void.done', { who })} ${outcome}`);
        replaced = true;
      } else {
        reportFailure(t('console.void.failed'), voided);
      }
    } catch {
      reportUnreachable(t('console.void.unsure'));
    }
    button.disabled = false;
    if (label) label.textContent = words;
    button.setAttribute('aria-label', name);
    await refreshAll();
    // The button is gone with the reloaded history: the focus goes to the replacement.
    if (replaced) result.focus();
  };
}
