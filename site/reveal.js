// @ts-check
/**
 * The reveal of a verifiable draw. Its first answer is 202: committed (the entrant list and a future
 * beacon round are fixed, and the round does not exist yet), or, in a large raffle, its list still
 * being frozen (the commitment is to come), or its round out and its winners being claimed. The very
 * same request, with the same key, is sent again every few seconds until the round decides it (201,
 * or 200 if another tab got there first) or the server refuses it; "beacon unavailable" (503) and a
 * dropped connection mean ask again, since the same key always names the same draw and the same
 * round. The key and the request are kept (commitments.js) from the first 202 until the draw is settled.
 */
/** @import { DrawView } from '../model/api' */
/** @import { Answer } from './api.js' */
import { errorOf, postWithKey, sleep } from './api.js';
import { forgetCommitment, saveCommitment } from './commitments.js';
import { report } from './console-status.js';
import { entrantsText } from './draw-text.js';
import { t } from './i18n.js';
import { isLocalBeacon } from './site-config.js';

// drand quicknet makes a round every 3 s: asking more often would only get more 202s.
const REVEAL_POLL_MS = 3000;

/**
 * How the console shows a reveal as it goes.
 * @typedef {object} RevealDisplay
 * @property {(drawId: string) => void} revealing the draw being revealed, once its id is known
 * @property {(label: string) => void} setButtonLabel the draw button's label: what the page waits for
 * @property {(message: string) => void} setProgress the progress line under the draw button
 * @property {() => void} refreshPastDraws the past draws, reloaded: they show the commitment at once
 */

/**
 * Asks again until the draw is decided or refused; resolves with the last answer: the winners, or a
 * failure that asking again would not mend.
 * @param {Answer} first the answer to `request`
 * @param {object} request the draw request, sent again as it is
 * @param {string} key its Idempotency-Key
 * @param {string} path the raffle's draw route, where the request was sent
 * @param {RevealDisplay} display
 * @param {string} [knownDrawId] the draw, when the page resumes one it knows
 * @returns {Promise<Answer>}
 */
export async function awaitReveal(first, request, key, path, display, knownDrawId = '') {
  let drawId = knownDrawId;
  /** @type {boolean | null} whether the browser kept the key; null until the first 202 */
  let kept = null;
  let announced = false;
  /** @type {Answer | null} null: the API could not be reached */
  let answer = first;
  for (let asked = 0; ; asked++) {
    if (answer && answer.res.status === 202) {
      const draw = /** @type {DrawView} */ (answer.body);
      drawId ||= draw.drawId;
      display.revealing(drawId);
      // Kept before anything is shown: once the page says "freezing" or "committed", a reload can resume it.
      kept ??= saveCommitment(drawId, key, request);
      const keepOpen = kept ? '' : ` ${t('console.reveal.keepOpen')}`;
      const askedAgain = asked === 0 ? '…' : t('console.reveal.askedAgain', { count: asked });
      if (draw.status === 'freezing') {
        // A large raffle: the list is read off the request, and the commitment follows.
        display.setButtonLabel(t('console.reveal.freezingButton'));
        display.setProgress(`${t('console.reveal.freezing')}${askedAgain}${keepOpen}`);
        if (asked === 0) display.refreshPastDraws();
      } else if (draw.status === 'pending') {
        // A large raffle again: the round is out and verified, and the winners are claimed off the request.
        display.setButtonLabel(t('console.reveal.claimingButton'));
        display.setProgress(`${t('console.reveal.claiming', { round: String(draw.verifiable?.round ?? '') })}${askedAgain}${keepOpen}`);
      } else {
        const round = draw.verifiable?.round;
        if (!announced && draw.verifiable) {
          announced = true;
          // Announced once (a status region re-read every 3 seconds would drown everything else).
          const values = {
            round: String(round),
            entrants: entrantsText(draw.verifiable.poolSize),
            hash: `${draw.verifiable.poolHash.slice(0, 16)}…`,
          };
          report(
            'info',
            t(isLocalBeacon(draw.verifiable) ? 'console.reveal.committedLocal' : 'console.reveal.committed', values) + keepOpen,
          );
          display.refreshPastDraws();
        }
        display.setButtonLabel(t('console.reveal.waitingButton', { round: String(round) }));
        display.setProgress(`${t('console.reveal.waiting')}${askedAgain}`);
      }
    } else if (!answer || (answer.res.status === 503 && errorOf(answer.body).code === 'beacon_unavailable')) {
      const reason = answer ? t('console.reveal.beaconDown') : t('console.unreachable');
      display.setProgress(`${reason} ${t('console.reveal.askingAgain', { count: asked })}`);
    } else {
      if (drawId && settles(answer)) forgetCommitment(drawId);
      return answer;
    }
    await sleep(REVEAL_POLL_MS);
    answer = await postWithKey(path, request, key).catch(() => null);
  }
}

/**
 * Whether an answer settles a verifiable draw for good, so its key has no use left: drawn (200, 201),
 * refused (502 beacon_invalid), or refused as a request (a 4xx with the API's error code: the same
 * request would get the same answer). A 403 without a code (no client certificate), a 429 and any
 * other 5xx say nothing about the draw: the key is kept.
 * @param {Answer} answer
 */
function settles({ res, body }) {
  const { code } = errorOf(body);
  if (res.status === 200 || res.status === 201) return true;
  if (res.status === 502) return code === 'beacon_invalid';
  return res.status >= 400 && res.status < 500 && res.status !== 429 && code !== undefined;
}
