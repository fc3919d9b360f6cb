// @ts-check
/**
 * The chart of confirmed registrations on the organiser's console (GET …/stats perHour): inline SVG
 * built with DOM calls (no library, no markup strings, no style attributes: the CSP allows neither),
 * one bar per hour, or per day when the raffle has run longer than three days. For screen readers the
 * SVG is one image with a title and a description, and the same figures are a table below it.
 */
/** @import { StatsAnswer } from '../model/api' */
import { byId, clear, el } from './dom.js';
import { formatNumber } from './format.js';
import { language, t } from './i18n.js';

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

// In the page's language and the reader's time zone.
const HOUR = new Intl.DateTimeFormat(language(), { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(language(), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/**
 * The bars: one per hour (UTC hours, shown in the reader's time zone), or the hours added up per day
 * of the reader's calendar.
 * @param {StatsAnswer['perHour']} perHour
 * @returns {{ bars: Bar[]; unit: 'hour' | 'day' }}
 */
function barsOf(perHour) {
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
    summary.textContent = stats ? t('console.chart.none') : t('console.chart.unavailable');
    return;
  }
  const { bars, unit } = barsOf(perHour);
  const most = bars.reduce((best, bar) => (bar.confirmed > best.confirmed ? bar : best), bars[0]);
  const total = bars.reduce((sum, bar) => sum + bar.confirmed, 0);
  const hourly = unit === 'hour';
  const span =
    bars.length === 1
      ? t(hourly ? 'console.chart.inHour' : 'console.chart.onDay', { when: bars[0].label })
      : t('console.chart.span', { first: bars[0].label, last: bars[bars.length - 1].label });
  const values = { total: t('console.chart.total', { count: total }), span, most: formatNumber(most.confirmed), when: most.label };
  const description = t(hourly ? 'console.chart.descHour' : 'console.chart.descDay', values);
  summary.textContent = t(hourly ? 'console.chart.summaryHour' : 'console.chart.summaryDay', { description });
  byId('chart-period', HTMLElement).textContent = hourly ? t('console.chart.hour') : t('console.chart.day');

  const image = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-labelledby': 'chart-title',
    'aria-describedby': 'chart-desc',
    class: 'chart-svg',
  });
  const title = svg('title', { id: 'chart-title' });
  title.textContent = hourly ? t('console.chart.titleHour') : t('console.chart.titleDay');
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
    tip.textContent = `${bar.label}: ${formatNumber(bar.confirmed)}`;
    rect.appendChild(tip);
    image.appendChild(rect);
  });
  figure.appendChild(image);
  // The scale and the span in words beside the drawing (text in a stretched drawing would be stretched too).
  const caption = el('figcaption', 'chart-caption', t(hourly ? 'console.chart.captionHour' : 'console.chart.captionDay', values));
  // Said already by the image's description.
  caption.setAttribute('aria-hidden', 'true');
  figure.appendChild(caption);

  for (const bar of bars) {
    const tr = el('tr');
    tr.appendChild(el('td', '', bar.label));
    tr.appendChild(el('td', 'number', formatNumber(bar.confirmed)));
    body.appendChild(tr);
  }
}
