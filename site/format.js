// @ts-check
/** How the pages word times, counts and durations. */

/**
 * An ISO-8601 instant in the reader's locale and time zone; anything else as it is.
 * @param {string | null} iso
 */
export function formatTime(iso) {
  const t = Date.parse(iso ?? '');
  return Number.isFinite(t) ? new Date(t).toLocaleString() : (iso ?? '');
}

/**
 * "1 winner", "2 winners".
 * @param {number} n
 * @param {string} word
 */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * "30 seconds", "5 minutes".
 * @param {number} seconds
 */
export function durationText(seconds) {
  return seconds < 120 ? plural(Math.round(seconds), 'second') : plural(Math.round(seconds / 60), 'minute');
}
