// @ts-check
/**
 * The chart of confirmed registrations on the organiser's console (GET …/stats perHour): inline SVG
 * built with DOM calls (no library, no markup strings, no style attributes: the CSP allows neither),
 * one bar per hour, or per day when the raffle has run longer than three days. For screen readers the
 * SVG is one image with a title and a description, and the same figures are a table below it.
 */
/** @import { StatsAnswer } from '../model/api' */
import { byId, clear, el } from './dom.js';
import { plural } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
/** More hours than this are shown a day per bar: thinner bars would be unreadable. */
const MAX_HOURLY_BARS = 72;
/** The drawing has room for at least this many bars: a raffle's first hours are not one wall of colour. */
const MIN_SLOTS = 24;
// The drawing's own units: the CSS stretches it to the box's width, so a bar's width is a share of it.
const WIDTH = 1000;
const HEIGHT = 200;

/**
 * @typedef {{ label: string; confirmed: number }} Bar
 */

/**
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number>} attributes
 * @returns {SVGElementTagNameMap[K]}
 */
function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

const HOUR = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/**
 * The bars: one per hour (UTC hours, shown in the reader's time zone), or the hours added up per day
 * of the reader's calendar.
 * @param {StatsAnswer['perHour']} perHour
 * @returns {{ bars: Bar[]; unit: 'hour' | 'day' }}
 */
export function barsOf(perHour) {
  if (perHour.length <= MAX_HOURLY_BARS) {
    return { unit: 'hour', bars: perHour.map((h) => ({ label: `${HOUR.format(new Date(h.hour))}`, confirmed: h.confirmed })) };
  }
  /** @type {Map<string, number>} */
  const days = new Map();
  for (const h of perHour) {
    const label = DAY.format(new Date(h.hour));
    days.set(label, (days.get(label) ?? 0) + h.confirmed);
  }
  return { unit: 'day', bars: [...days].map(([label, confirmed]) => ({ label, confirmed })) };
}

/**
 * Draws the chart and fills the table, or says there is nothing to draw yet.
 * @param {StatsAnswer | null} stats
 */
export function renderChart(stats) {
  const figure = byId('chart', HTMLElement);
  const summary = byId('chart-summary', HTMLElement);
  const details = byId('chart-details', HTMLDetailsElement);
  const body = byId('chart-body', HTMLTableSectionElement);
  clear(figure);
  clear(body);
  const perHour = stats?.perHour ?? [];
  figure.hidden = perHour.length === 0;
  details.hidden = perHour.length === 0;
  if (!stats || perHour.length === 0) {
    summary.textContent = stats
      ? 'No confirmed registrations yet: the chart starts with the first.'
      : 'The registrations are not available right now.';
    return;
  }
  const { bars, unit } = barsOf(perHour);
  const most = bars.reduce((best, bar) => (bar.confirmed > best.confirmed ? bar : best), bars[0]);
  const total = bars.reduce((sum, bar) => sum + bar.confirmed, 0);
  const span =
    bars.length === 1
      ? `${unit === 'hour' ? 'in the hour from' : 'on'} ${bars[0].label}`
      : `from ${bars[0].label} to ${bars[bars.length - 1].label}`;
  const description = `${plural(total, 'confirmed registration')} ${span}; the most in one ${unit}: ${most.confirmed.toLocaleString()}, ${unit === 'hour' ? 'in the hour from' : 'on'} ${most.label}.`;
  summary.textContent = `Confirmed registrations per ${unit}, in your time zone. ${description}`;
  byId('chart-period', HTMLElement).textContent = unit === 'hour' ? 'Hour from' : 'Day';

  const image = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-labelledby': 'chart-title',
    'aria-describedby': 'chart-desc',
    class: 'chart-svg',
  });
  const title = svg('title', { id: 'chart-title' });
  title.textContent = `Confirmed registrations per ${unit}`;
  const desc = svg('desc', { id: 'chart-desc' });
  desc.textContent = description;
  image.append(title, desc);
  image.appendChild(svg('line', { x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5, class: 'chart-axis' }));
  const step = WIDTH / Math.max(bars.length, MIN_SLOTS);
  const top = Math.max(1, most.confirmed);
  bars.forEach((bar, i) => {
    const height = (bar.confirmed / top) * (HEIGHT - 4);
    const rect = svg('rect', { x: i * step + step * 0.1, y: HEIGHT - height, width: step * 0.8, height, class: 'chart-bar' });
    // A tooltip for a pointer; screen readers get the table.
    const tip = svg('title', {});
    tip.textContent = `${bar.label}: ${bar.confirmed.toLocaleString()}`;
    rect.appendChild(tip);
    image.appendChild(rect);
  });
  figure.appendChild(image);
  // The scale and the span in words beside the drawing (text in a stretched drawing would be stretched too).
  const caption = el(
    'figcaption',
    'chart-caption',
    `One bar per ${unit}, oldest first, ${span}. The highest bar is ${most.confirmed.toLocaleString()}.`,
  );
  // Said already by the image's description.
  caption.setAttribute('aria-hidden', 'true');
  figure.appendChild(caption);

  for (const bar of bars) {
    const tr = el('tr');
    tr.appendChild(el('td', '', bar.label));
    tr.appendChild(el('td', 'number', bar.confirmed.toLocaleString()));
    body.appendChild(tr);
  }
}
