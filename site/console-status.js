// @ts-check
/**
 * The organiser's console's status line (#status): the outcome of every action on the page,
 * announced; errors become alerts and take the keyboard focus (the line has tabindex=-1), so whoever
 * pressed the button that failed lands on why, not on <body>.
 */
/** @import { Answer } from './api.js' */
/** @import { StatusState } from './dom.js' */
import { describeFailure, errorOf } from './api.js';
import { byId, showStatus } from './dom.js';
import { t } from './i18n.js';

const status = byId('status', HTMLElement);

/**
 * @param {StatusState} state
 * @param {string} message
 */
export function report(state, message) {
  showStatus(status, state, message);
  if (state === 'error') status.focus();
}

/**
 * Says that `what` failed, and why, in words (never the server's sentence). A 403 without the API's
 * error code comes from the mutual-TLS door itself: the browser presented no organiser certificate.
 * @param {string} what e.g. "The draw failed"
 * @param {Answer} answer
 */
export function reportFailure(what, answer) {
  if (answer.res.status === 403 && !errorOf(answer.body).code) {
    report('error', t('failure.line', { what, why: t('console.failure.noCertificate') }));
  } else {
    report('error', describeFailure(what, answer));
  }
}

/** The API could not be reached: `what` says what that leaves undone or uncertain. */
export function reportUnreachable(/** @type {string} */ what) {
  report('error', `${t('console.unreachable')} ${what}`);
}

/** The status line takes the keyboard focus: after an action whose button went away or was disabled. */
export function focusStatus() {
  if (!status.hidden) status.focus();
}
