// @ts-check
/**
 * The draw on one raffle's page of the organiser's console: which of the raffle's prizes, the number of
 * winners (the prize's own by default) and, when the raffle offers them and the deployment has them
 * (config.js gives the beacon margin), a verifiable draw. A fresh Idempotency-Key per click; retries
 * of that click, and a verifiable draw's reveal (reveal.js), reuse it. Also "Reveal": resuming a
 * verifiable draw this browser committed before a reload or in a tab since closed.
 */
/** @import { ErrorCode } from '../model/errors' */
/** @import { DrawView, RaffleView } from '../model/api' */
/** @import { Answer } from './api.js' */
/** @import { DrawResult } from './draw-result.js' */
/** @import { PastDraws } from './past-draws.js' */
/** @import { RevealDisplay } from './reveal.js' */
import { errorOf, errorWords, fillRoutePath, newIdempotencyKey, postWithKey } from './api.js';
import { savedCommitment } from './commitments.js';
import { focusStatus, report, reportFailure, reportUnreachable } from './console-status.js';
import { byId, setFieldError } from './dom.js';
import { shortId } from './draw-text.js';
import { durationText, formatDeadline } from './format.js';
import { codeWords, t, tOr } from './i18n.js';
import { awaitReveal } from './reveal.js';
import { config } from './site-config.js';

/**
 * The body of POST …/draw (functions/draw/request.ts): one of the raffle's prizes by name.
 * @typedef {{ mode?: 'verifiable'; winners: number; prize: string; early?: boolean }} DrawRequest
 */

/** @typedef {'winners' | 'prize'} DrawField */

// The server's answers for "too early": entries still open, or a scheduled draw still to come.
/** @type {readonly ErrorCode[]} */
const TOO_EARLY = ['draw_before_deadline', 'scheduled_draw_pending'];

/**
 * @typedef {object} DrawForm
 * @property {(raffle: RaffleView) => void} setRaffle the raffle drawn: its prizes, and whether it offers verifiable draws
 * @property {(drawId: string) => void} resumeReveal "Reveal": asks again for a verifiable draw this browser committed
 * @property {() => boolean} isDrawing whether a draw or a reveal runs
 * @property {() => string | null} revealingDrawId the verifiable draw this page is revealing, if any
 */

/**
 * @param {object} parts
 * @param {string} parts.raffleId the raffle drawn
 * @param {DrawResult} parts.result where a draw's winners show
 * @param {PastDraws} parts.pastDraws
 * @param {() => Promise<unknown>} parts.refreshAll reloads what a draw changes
 * @returns {DrawForm}
 */
export function createDrawForm({ raffleId, result, pastDraws, refreshAll }) {
  const { limits } = config;
  const drawPath = fillRoutePath('draw', { raffleId });
  const form = byId('draw-form', HTMLFormElement);
  const button = byId('draw-button', HTMLButtonElement);
  const progress = byId('draw-progress', HTMLElement);
  const verifiableInput = byId('verifiable', HTMLInputElement);
  const fields = {
    winners: { input: byId('winners', HTMLInputElement), error: byId('winners-error', HTMLElement) },
    prize: { input: byId('prize', HTMLSelectElement), error: byId('prize-error', HTMLElement) },
  };
  /** @type {RaffleView['prizes']} */
  let prizes = [];
  /** @type {RaffleView | null} the raffle drawn: its closing and scheduled times, for the question before an early draw */
  let raffle = null;
  const BUTTON_LABEL = t('console.draw.button');
  /** @type {string | null} the verifiable draw this page is revealing: its Reveal button is not offered twice */
  let revealingId = null;

  fields.winners.input.min = String(limits.winners.min);
  fields.winners.input.max = String(limits.winners.max);
  fields.winners.input.value = String(limits.winners.default);

  // Seconds from a verifiable draw's commitment to its round: config.js gives them when the deployment offers
  // verifiable draws; without them, or when the raffle does not offer them, the checkbox stays hidden.
  const marginSeconds = config.beaconMarginSeconds ?? null;
  let offersVerifiable = false;
  const duration = durationText(marginSeconds ?? 0);
  byId('verifiable-label', HTMLElement).textContent = t('console.draw.verifiable', { duration });
  byId('verifiable-hint', HTMLElement).textContent = t('console.draw.verifiableHint', { duration });
  verifiableInput.checked = false;
  byId('verifiable-field', HTMLElement).hidden = true;

  /** @param {RaffleView} shown */
  function setRaffle(shown) {
    raffle = shown;
    const chosen = fields.prize.input.value;
    prizes = shown.prizes;
    while (fields.prize.input.options.length > 0) fields.prize.input.remove(0);
    for (const prize of prizes) {
      const winners = t('prize.winners', { count: prize.winners });
      fields.prize.input.add(new Option(t('console.draw.prizeOption', { prize: prize.name, winners }), prize.name));
    }
    // The organiser's choice stays across a reload of the raffle; a new page starts with the first prize and its winners.
    if (chosen !== '' && prizes.some((p) => p.name === chosen)) fields.prize.input.value = chosen;
    else if (prizes.length > 0) fields.winners.input.value = String(prizes[0].winners);
    offersVerifiable = marginSeconds !== null && shown.verifiableDraws;
    byId('verifiable-field', HTMLElement).hidden = !offersVerifiable;
    if (!offersVerifiable) verifiableInput.checked = false;
  }

  /** @type {RevealDisplay} */
  const revealDisplay = {
    revealing: (drawId) => {
      revealingId = drawId;
    },
    setButtonLabel: (label) => {
      button.textContent = label;
    },
    setProgress: showProgress,
    refreshPastDraws: () => void pastDraws.refresh(),
  };

  /** @param {string} message empty hides the line */
  function showProgress(message) {
    progress.textContent = message;
    progress.hidden = message === '';
  }

  /** @param {boolean} on */
  function setDrawing(on) {
    button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.textContent = on ? t('console.draw.busy') : BUTTON_LABEL;
    if (!on) showProgress('');
  }

  /**
   * @param {DrawField} field
   * @param {string} message empty to clear
   */
  function setError(field, message) {
    setFieldError(fields[field].input, fields[field].error, message);
  }

  /**
   * The request the form asks for, or null (and the field marked) when a field is not acceptable.
   * @returns {DrawRequest | null}
   */
  function readRequest() {
    const { min, max } = limits.winners;
    const raw = fields.winners.input.value.trim();
    const winners = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isInteger(winners) || winners < min || winners > max) {
      setError('winners', t('console.draw.winnersRange', { min, max }));
      fields.winners.input.focus();
      return null;
    }
    const prize = fields.prize.input.value;
    if (prize === '') {
      setError('prize', t('console.draw.noPrize'));
      return null;
    }
    return offersVerifiable && verifiableInput.checked ? { mode: 'verifiable', prize, winners } : { prize, winners };
  }

  /**
   * Draws, and when the server says it is too early, asks the organiser before drawing anyway: nothing
   * is ever drawn early by accident. Null when the organiser chose not to.
   * @param {DrawRequest} request
   * @param {string} key
   * @returns {Promise<{ answer: Answer; request: DrawRequest } | null>}
   */
  async function drawAskingIfEarly(request, key) {
    const answer = await postWithKey(drawPath, request, key);
    const error = errorOf(answer.body);
    if (answer.res.status !== 409 || error.code === undefined || !TOO_EARLY.includes(error.code)) return { answer, request };
    if (!window.confirm(earlyQuestion(error.code))) return null;
    // The refused request recorded nothing, so the same key is still unused.
    const early = { ...request, early: true };
    return { answer: await postWithKey(drawPath, early, key), request: early };
  }

  /**
   * Why it is early, with the time in the organiser's own zone, and the question.
   * @param {ErrorCode} code draw_before_deadline or scheduled_draw_pending
   */
  function earlyQuestion(code) {
    const why =
      code === 'draw_before_deadline' && raffle
        ? t('console.draw.earlyDeadline', { time: formatDeadline(raffle.closesAt) })
        : code === 'scheduled_draw_pending' && raffle?.drawAt
          ? t('console.draw.earlyScheduled', { time: formatDeadline(raffle.drawAt) })
          : codeWords(code);
    return `${why}\n\n${t('console.draw.askEarly')}`;
  }

  /**
   * The last answer of a draw (or of a reveal): the winners, or why there are none. True when drawn.
   * A failure takes the last result away and says why in the status line (which the caller focuses).
   * @param {Answer} answer
   */
  function showOutcome(answer) {
    const { res, body } = answer;
    const error = errorOf(body);
    if (res.ok) {
      const draw = /** @type {DrawView} */ (body);
      result.show(draw, t('console.result.winners'));
      const count = draw.winnerCount;
      report(
        'success',
        draw.verifiable ? t('console.draw.doneRound', { count, round: String(draw.verifiable.round) }) : t('console.draw.done', { count }),
      );
      return true;
    }
    result.hide();
    if (res.status === 409 && error.code === 'no_eligible_entrants') {
      report('info', t('console.draw.nobody'));
    } else if (error.code === 'raffle_locked') {
      report('info', t('console.draw.notDrawnBecause', { why: errorWords(answer) }));
    } else if (res.status === 400 && (error.field === 'winners' || error.field === 'prize')) {
      setError(error.field, error.reason ? tOr(`problem.${error.reason}`, 'error.invalid_field') : errorWords(answer));
      fields[error.field].input.focus();
    } else {
      reportFailure(t('console.draw.failed'), answer);
    }
    return false;
  }

  /**
   * After the button comes back: the winners' heading when drawn, the field at fault when it has the
   * focus already, else the status line that says what happened (never <body>).
   * @param {boolean} drawn
   */
  function focusAfter(drawn) {
    if (drawn) result.focus();
    else if (document.activeElement === null || document.activeElement === document.body || document.activeElement === button) {
      focusStatus();
    }
  }

  /** @param {DrawRequest} request */
  async function drawWinners(request) {
    setDrawing(true);
    const key = newIdempotencyKey();
    let drawn = false;
    try {
      const attempt = await drawAskingIfEarly(request, key);
      if (attempt === null) report('info', t('console.draw.cancelled'));
      else
        drawn = showOutcome(
          request.mode === 'verifiable' ? await awaitReveal(attempt.answer, attempt.request, key, drawPath, revealDisplay) : attempt.answer,
        );
    } catch {
      result.hide();
      reportUnreachable(t('console.draw.unsure'));
    }
    revealingId = null;
    setDrawing(false);
    focusAfter(drawn);
    await refreshAll();
  }

  /**
   * Resumes a verifiable draw with the very request and key it was committed with, and asks as the
   * draw form does. The keyboard focus, taken from the button that goes away, waits on the progress
   * line and then moves to the winners (or back to the draw button).
   * @param {string} drawId
   */
  async function resumeReveal(drawId) {
    if (button.disabled) return;
    const saved = savedCommitment(drawId);
    if (!saved) {
      report('error', t('console.reveal.noKey', { draw: shortId(drawId) }));
      void pastDraws.refresh();
      return;
    }
    revealingId = drawId;
    setDrawing(true);
    pastDraws.render();
    showProgress(t('console.reveal.asking', { draw: shortId(drawId) }));
    progress.focus();
    let drawn = false;
    try {
      const first = await postWithKey(drawPath, saved.body, saved.key);
      drawn = showOutcome(await awaitReveal(first, saved.body, saved.key, drawPath, revealDisplay, drawId));
    } catch {
      reportUnreachable(t('console.draw.unsure'));
    }
    revealingId = null;
    setDrawing(false);
    focusAfter(drawn);
    await refreshAll();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    setError('winners', '');
    setError('prize', '');
    const request = readRequest();
    if (request) void drawWinners(request);
  });
  fields.winners.input.addEventListener('input', () => setError('winners', ''));
  // Another prize: its own number of winners, which the organiser may still change.
  fields.prize.input.addEventListener('change', () => {
    setError('prize', '');
    const prize = prizes.find((p) => p.name === fields.prize.input.value);
    if (prize) fields.winners.input.value = String(prize.winners);
  });

  return {
    setRaffle,
    resumeReveal: (drawId) => void resumeReveal(drawId),
    isDrawing: () => button.disabled,
    revealingDrawId: () => revealingId,
  };
}
