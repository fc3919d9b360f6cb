// @ts-check
/** How the pages word times, counts and durations: in the page's language (./i18n.js) and the reader's own time zone. */
import { language, t } from './i18n.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** @type {Map<string, Intl.DateTimeFormat>} */
const formats = new Map();

/**
 * A date format in the page's language, made once per language and style.
 * @param {'long' | 'short' | 'plain'} style
 */
function dateFormat(style) {
  const key = `${language()}:${style}`;
  let format = formats.get(key);
  if (!format) {
    /** @type {Record<typeof style, Intl.DateTimeFormatOptions>} */
    const options = {
      // The day, the date and the time with the zone's short name, e.g. "Tuesday 31 March 2027 at 18:00 BST".
      long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
      // For a table's cell, e.g. "Tue, 31 Mar 2027, 18:00" (the page names the time zone once).
      short: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' },
      plain: { dateStyle: 'medium', timeStyle: 'medium' },
    };
    format = new Intl.DateTimeFormat(language(), options[style]);
    formats.set(key, format);
  }
  return format;
}

/**
 * @param {string | null} iso
 * @param {'long' | 'short' | 'plain'} style
 */
function formatInstant(iso, style) {
  const ms = Date.parse(iso ?? '');
  return Number.isFinite(ms) ? dateFormat(style).format(new Date(ms)) : (iso ?? '');
}

/**
 * An ISO-8601 instant in the page's language and the reader's time zone; anything else as it is.
 * @param {string | null} iso
 */
export function formatTime(iso) {
  return formatInstant(iso, 'plain');
}

/**
 * An instant as a person reads a deadline: day, date, time and the reader's own time zone.
 * @param {string} iso
 */
export function formatDeadline(iso) {
  return formatInstant(iso, 'long');
}

/**
 * An instant in a table's cell: day, date and time, in the reader's time zone (which the page names once).
 * @param {string} iso
 */
export function formatShort(iso) {
  return formatInstant(iso, 'short');
}

/** The reader's time zone as its name, e.g. "Europe/London" (what the times on the page are in). */
export function readerTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A number in the page's language, e.g. "1,234" or "1.234".
 * @param {number} n
 */
export function formatNumber(n) {
  return n.toLocaleString(language());
}

/**
 * "30 seconds", "5 minutes".
 * @param {number} seconds
 */
export function durationText(seconds) {
  return seconds < 120 ? t('span.seconds', { count: Math.round(seconds) }) : t('span.minutes', { count: Math.round(seconds / 60) });
}

/**
 * A span as people say it, in its two largest units: "3 days and 4 hours", "5 hours and 12 minutes",
 * "12 minutes", "less than a minute". Rounded down: a deadline is never said to be further than it is.
 * @param {number} ms
 */
export function spanText(ms) {
  if (ms < MINUTE_MS) return t('span.lessThanMinute');
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  /**
   * @param {string} larger
   * @param {number} count
   * @param {string} smaller
   */
  const pair = (larger, count, smaller) => (count > 0 ? t('span.pair', { larger, smaller }) : larger);
  if (days > 0) return pair(t('span.days', { count: days }), hours, t('span.hours', { count: hours }));
  if (hours > 0) return pair(t('span.hours', { count: hours }), minutes, t('span.minutes', { count: minutes }));
  return t('span.minutes', { count: minutes });
}
