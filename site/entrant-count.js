// @ts-check
/** The number of entrants, on the entry form and the organiser's console. */
/** @import { CountAnswer } from '../model/api' */
import { request, routePath } from './api.js';

/**
 * Shows the entrant count in `countEl`, worded by `describe(n)`, or says it is unavailable. Never
 * rejects: a page works without its count.
 * @param {HTMLElement} countEl
 * @param {(n: number) => string} describe
 * @returns {Promise<void>}
 */
export async function showCount(countEl, describe) {
  try {
    const { res, body } = await request(routePath('count'));
    const n = res.ok ? Number(/** @type {CountAnswer} */ (body).count) : NaN;
    if (!Number.isFinite(n)) throw new Error(`no count (HTTP ${res.status})`);
    countEl.textContent = describe(n);
  } catch {
    countEl.textContent = 'The number of entrants is not available right now.';
  }
}
