// @ts-check
/**
 * "Void and redraw" on the organiser's console: voids one winner, with a reason the organiser gives,
 * and shows the replacement the server draws for them at once.
 */
/** @import { VoidAnswer } from '../model/api' */
/** @import { VoidHandler } from './winner-list.js' */
/** @import { DrawResult } from './draw-result.js' */
import { fillRoutePath, newIdempotencyKey, postWithKey } from './api.js';
import { report, reportFailure } from './console-status.js';
import { shortId } from './draw-text.js';
import { config } from './site-config.js';

/**
 * @param {object} parts
 * @param {string} parts.raffleId the raffle whose draws these are
 * @param {DrawResult} parts.result where the replacement shows
 * @param {() => Promise<unknown>} parts.refreshAll reloads what a void changes
 * @returns {VoidHandler}
 */
export function createVoidWinner({ raffleId, result, refreshAll }) {
  const reasonLength = config.limits.voidReasonLength;

  return async function voidAndRedraw(draw, winner, button) {
    const who = `${winner.name ?? ''} <${winner.email}>`;
    const answer = window.prompt(
      `Void the win of ${who} in draw ${shortId(draw.drawId)} and draw a replacement at once?\n\n` +
        `Reason (required, at most ${reasonLength} characters):`,
      '',
    );
    if (answer === null) {
      report('info', 'Nothing was voided.');
      return;
    }
    const reason = answer.trim();
    if (reason === '') {
      report('error', 'A reason is required to void a win: nothing was voided.');
      return;
    }
    if (Array.from(reason).length > reasonLength) {
      report('error', `The reason is longer than ${reasonLength} characters: nothing was voided.`);
      return;
    }
    button.disabled = true;
    button.textContent = 'Voiding…';
    try {
      // A fresh key per action; retries of this action reuse it, so a retry never draws a second replacement.
      const voided = await postWithKey(
        fillRoutePath('voidWinner', { raffleId, drawId: draw.drawId }),
        { email: winner.email, reason },
        newIdempotencyKey(),
      );
      if (voided.res.ok) {
        const { replacement } = /** @type {VoidAnswer} */ (voided.body);
        result.show(replacement, 'Replacement winner');
        report('success', `The win of ${who} is void. ${replacementText(replacement)}`);
      } else {
        reportFailure('The void failed', voided);
      }
    } catch {
      report('error', 'Could not reach the raffle API. The void may or may not have happened: check the past draws below.');
    }
    button.disabled = false;
    button.textContent = 'Void and redraw';
    await refreshAll();
  };
}

/** @param {VoidAnswer['replacement']} replacement */
function replacementText(replacement) {
  const drawn = replacement.winners.find((w) => w.status === 'won');
  if (drawn) return `Replacement drawn: ${drawn.name ?? ''} <${drawn.email ?? ''}>.`;
  return replacement.status === 'pending'
    ? 'The replacement draw is not finished yet: retry to complete it.'
    : 'No one was left to draw as a replacement.';
}
