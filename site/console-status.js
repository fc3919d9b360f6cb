// @ts-check
/**
 * The organiser's console's status line (#status): the outcome of every action on the page,
 * announced; errors become alerts.
 */
/** @import { Answer } from './api.js' */
/** @import { StatusState } from './dom.js' */
import { describeFailure, errorOf } from './api.js';
import { byId, showStatus } from './dom.js';

const status = byId('status', HTMLElement);

/**
 * @param {StatusState} state
 * @param {string} message
 */
export function report(state, message) {
  showStatus(status, state, message);
}

/**
 * Says that `what` failed, and why. A 403 without the API's error code comes from the mutual-TLS door
 * itself: the browser presented no organiser certificate.
 * @param {string} what e.g. "The draw failed"
 * @param {Answer} answer
 */
export function reportFailure(what, answer) {
  if (answer.res.status === 403 && !errorOf(answer.body).code) {
    report('error', `${what}: access refused. This page needs the organiser client certificate.`);
  } else {
    report('error', describeFailure(what, answer));
  }
}
