// @ts-check
/**
 * The verifiable draws this browser committed and has not seen settled. A committed draw is revealed
 * only by the same request with the same Idempotency-Key, and only the page that sent it knows the
 * key: from the first 202 until the draw is settled, { key, body } is kept in localStorage under
 * raffle:verifiable:<drawId>, so a reload or a closed tab does not abandon the draw. Where storage is
 * refused (turned off, a sandbox), every function here answers as if nothing were kept.
 */

const STORE_PREFIX = 'raffle:verifiable:';

/**
 * The request a verifiable draw was committed with, and its key.
 * @typedef {{ readonly key: string; readonly body: object }} Commitment
 */

/** @returns {Storage | null} */
function store() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The kept commitment of a draw, or null.
 * @param {string} drawId
 * @returns {Commitment | null}
 */
export function savedCommitment(drawId) {
  const s = store();
  if (!s || !drawId) return null;
  try {
    /** @type {unknown} */
    const saved = JSON.parse(s.getItem(STORE_PREFIX + drawId) ?? 'null');
    if (saved === null || typeof saved !== 'object' || !('key' in saved) || !('body' in saved)) return null;
    const { key, body } = saved;
    return typeof key === 'string' && key !== '' && body !== null && typeof body === 'object' ? { key, body } : null;
  } catch {
    return null;
  }
}

/**
 * Keeps a draw's key and request; false when the browser would not (then only this page can reveal it).
 * @param {string} drawId
 * @param {string} key
 * @param {object} body
 */
export function saveCommitment(drawId, key, body) {
  const s = store();
  if (!s || !drawId) return false;
  try {
    s.setItem(STORE_PREFIX + drawId, JSON.stringify({ key, body }));
    return true;
  } catch {
    return false;
  }
}

/** @param {string} drawId */
export function forgetCommitment(drawId) {
  const s = store();
  if (!s || !drawId) return;
  try {
    s.removeItem(STORE_PREFIX + drawId);
  } catch {
    // Nothing to do: the next page load tries again.
  }
}

/** The ids of the draws whose commitments this browser keeps. */
export function savedDrawIds() {
  const s = store();
  if (!s) return [];
  try {
    /** @type {string[]} */
    const ids = [];
    for (let i = 0; i < s.length; i++) {
      const name = s.key(i);
      if (name?.startsWith(STORE_PREFIX)) ids.push(name.slice(STORE_PREFIX.length));
    }
    return ids;
  } catch {
    return [];
  }
}
