// @ts-check
/** How the pages word times, counts and durations, in the reader's own locale and time zone. */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * An ISO-8601 instant in the reader's locale and time zone; anything else as it is.
 * @param {string | null} iso
 */
export function formatTime(iso) {
  const t = Date.parse(iso ?? '');
  return Number.isFinite(t) ? new Date(t).toLocaleString() : (iso ?? '');
}

// The day, the date and the time with the zone's short name, e.g. "Tuesday 31 March 2027 at 18:00 BST".
const LONG_TIME = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/**
 * An instant as a person reads a deadline: day, date, time and the reader's own time zone.
 * @param {string} iso
 */
export function formatDeadline(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? LONG_TIME.format(new Date(t)) : iso;
}

// The same, short, for a table's cell, e.g. "Tue, 31 Mar 2027, 18:00".
const SHORT_TIME = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/**
 * An instant in a table's cell: day, date and time, in the reader's time zone (which the page names once).
 * @param {string} iso
 */
export function formatShort(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? SHORT_TIME.format(new Date(t)) : iso;
}

/** The reader's time zone as its name, e.g. "Europe/London" (what the times on the page are in). */
export function readerTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'your time zone';
}

/**
 * "1 winner", "2 winners".
 * @param {number} n
 * @param {string} word
 */
export function plural(n, word) {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * "30 seconds", "5 minutes".
 * @param {number} seconds
 */
export function durationText(seconds) {
  return seconds < 120 ? plural(Math.round(seconds), 'second') : plural(Math.round(seconds / 60), 'minute');
}

/**
 * A span as people say it, in its two largest units: "3 days and 4 hours", "5 hours and 12 minutes",
 * "12 minutes", "less than a minute". Rounded down: a deadline is never said to be further than it is.
 * @param {number} ms
 */
export function spanText(ms) {
  if (ms < MINUTE_MS) return 'less than a minute';
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} and ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} and ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  return plural(minutes, 'minute');
}
