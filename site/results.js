// @ts-check
/**
 * The public results of one raffle (results.html?raffle=<id>): every completed draw, grouped by prize,
 * with its winners as the server shows them to the public (first name and initial,
 * functions/results/mask.ts), voided winners and replacement draws marked, and each verifiable draw's
 * commitment, files and the command that checks it. The server never sends an address or a phone
 * number, so this page cannot show one. With no raffle named: the public raffles to pick from.
 */
/** @import { PublicDraw, RaffleSummary, RaffleView, ResultsAnswer, VerifiableView } from '../model/api' */
/** @import { Answer } from './api.js' */
import { describeFailure, fillRoutePath, request } from './api.js';
import { byId, clear, el, showStatus } from './dom.js';
import { durationText, formatTime } from './format.js';
import { renderPrizeGroups } from './prize-groups.js';
import { inPhase, loadRaffles, raffleItem } from './raffle-list.js';
import { pageFor, phaseOf, raffleParam, timingText } from './raffle-text.js';
import { config, isLocalBeacon } from './site-config.js';

const status = byId('status', HTMLElement);
const results = byId('results', HTMLElement);
const empty = byId('results-empty', HTMLElement);
const freshness = byId('freshness', HTMLElement);

const NO_PRIZE_HEADING = 'Other draws';
// A verifiable draw's files (functions/draw/verifiable.ts publishes them, verify-draw reads them): two at its commitment, two at its reveal.
const COMMITMENT_FILES = ['commitment.json', 'pool.txt'];
const REVEAL_FILES = ['beacon.json', 'result.json'];

freshness.textContent = `A new draw shows here within ${durationText(config.limits.resultsMaxAgeSeconds)} of being made.`;

/** @param {PublicDraw} draw */
function drawTime(draw) {
  return formatTime(draw.completedAt || draw.drawnAt);
}

/** @param {PublicDraw['winners'][number]} winner */
function winnerItem(winner) {
  const li = el('li', 'winner');
  li.dataset.status = winner.status;
  li.appendChild(el('span', 'name', winner.name || '(erased)'));
  if (winner.status === 'void') li.appendChild(el('span', 'badge badge-void', 'void: replaced'));
  return li;
}

/**
 * A verifiable draw's commitment, its files, and the command that checks it.
 * @param {PublicDraw} draw
 * @param {VerifiableView} commitment
 */
function verifiableBlock(draw, commitment) {
  const box = el('div', 'verifiable');
  const waiting = draw.status === 'committed';
  box.appendChild(
    el(
      'p',
      'commitment',
      (waiting ? 'Verifiable draw, committed: waiting for ' : 'Verifiable draw, decided by ') +
        (isLocalBeacon(commitment) ? 'the local beacon (not publicly verifiable), ' : 'drand quicknet, ') +
        `round ${commitment.round}, over ${commitment.poolSize.toLocaleString()} entrants (list SHA-256 ${commitment.poolHash.slice(0, 16)}…).`,
    ),
  );
  const files = el('p', 'files', 'Files: ');
  (waiting ? COMMITMENT_FILES : [...COMMITMENT_FILES, ...REVEAL_FILES]).forEach((name, i) => {
    if (i > 0) files.appendChild(document.createTextNode(' · '));
    const a = el('a', '', name);
    a.href = `draws/${encodeURIComponent(draw.drawId)}/${name}`;
    files.appendChild(a);
  });
  box.appendChild(files);
  box.appendChild(el('code', 'verify', `npm run verify-draw -- --site ${window.location.origin} ${draw.drawId}`));
  return box;
}

/**
 * @param {PublicDraw} draw
 * @param {ReadonlyMap<string, PublicDraw>} drawsById the draws shown: a replacement names the draw it replaces
 */
function drawItem(draw, drawsById) {
  const li = el('li', 'draw');
  li.dataset.drawId = draw.drawId;
  li.appendChild(
    el(
      'div',
      'meta',
      `Drawn ${drawTime(draw)} · ${draw.entrantCount === 1 ? '1 entrant' : `${draw.entrantCount.toLocaleString()} entrants`}`,
    ),
  );
  if (draw.replaces) {
    const original = drawsById.get(draw.replaces.drawId);
    li.appendChild(
      el('p', 'replaces', `Replacement for a voided winner of ${original ? `the draw of ${drawTime(original)}` : 'an earlier draw'}.`),
    );
  }
  if (draw.verifiable) li.appendChild(verifiableBlock(draw, draw.verifiable));
  const ul = el('ul', 'winners');
  if (draw.winners.length === 0)
    ul.appendChild(el('li', 'none', draw.status === 'committed' ? 'Winners are known once the round exists.' : 'No one was left to draw.'));
  for (const winner of draw.winners) ul.appendChild(winnerItem(winner));
  li.appendChild(ul);
  return li;
}

/** @param {readonly PublicDraw[]} draws */
function render(draws) {
  const drawsById = new Map(draws.map((d) => [d.drawId, d]));
  clear(results);
  empty.hidden = draws.length > 0;
  empty.textContent = 'No draws yet: come back after the draw.';
  renderPrizeGroups(results, draws, 'h2', NO_PRIZE_HEADING, (draw) => drawItem(draw, drawsById));
  if (draws.some((d) => d.verifiable)) byId('verify-help', HTMLElement).hidden = false;
}

/**
 * The raffle above its results: its title, its times, whether it offers verifiable draws, and a link to enter while it is open.
 * @param {RaffleView} raffle
 */
function renderRaffle(raffle) {
  const now = Date.now();
  byId('title', HTMLElement).textContent = `Results: ${raffle.title}`;
  document.title = `Results: ${raffle.title}`;
  const timing = byId('timing', HTMLElement);
  timing.textContent = timingText(raffle, now);
  timing.hidden = false;
  if (raffle.verifiableDraws) byId('verify-help', HTMLElement).hidden = false;
  const phase = phaseOf(raffle, now);
  if (phase === 'open' || phase === 'upcoming') {
    const onward = byId('onward-link', HTMLAnchorElement);
    onward.href = pageFor('apply.html', raffle.raffleId);
    onward.textContent = phase === 'open' ? 'Enter this raffle' : 'About this raffle';
  }
}

/** @param {Answer | null} answer null: the API could not be reached */
function fail(answer) {
  empty.textContent = '';
  showStatus(
    status,
    'error',
    answer
      ? describeFailure('The results could not be loaded', answer)
      : 'We could not reach the raffle. Check your connection and try again.',
  );
}

/** @param {string} raffleId */
async function showRaffle(raffleId) {
  try {
    const [raffle, answer] = await Promise.all([
      request(fillRoutePath('raffle', { raffleId })),
      request(fillRoutePath('results', { raffleId })),
    ]);
    if (raffle.res.status === 404 || raffle.res.status === 400) {
      byId('title', HTMLElement).textContent = 'Raffle not found';
      document.title = 'Raffle not found';
      empty.textContent = 'There is no raffle at this address: check the link you followed, or pick a raffle from the list of raffles.';
      return;
    }
    if (raffle.res.ok) renderRaffle(/** @type {RaffleView} */ (raffle.body));
    if (answer.res.ok) render(/** @type {ResultsAnswer} */ (answer.body).draws);
    else fail(answer);
  } catch {
    fail(null);
  }
}

/** Every public raffle, drawn ones first, each a link to its results. */
async function pick() {
  for (const id of ['how-shown', 'freshness']) byId(id, HTMLElement).hidden = true;
  const loaded = await loadRaffles();
  if (!('raffles' in loaded)) {
    fail(loaded.failed);
    return;
  }
  const now = Date.now();
  /** @type {RaffleSummary[]} */
  const raffles = [
    ...inPhase(loaded.raffles, 'drawn', now),
    ...inPhase(loaded.raffles, 'open', now),
    ...inPhase(loaded.raffles, 'upcoming', now),
  ];
  const list = byId('picker-list', HTMLElement);
  for (const raffle of raffles) list.appendChild(raffleItem(raffle, now, 'results.html'));
  byId('picker', HTMLElement).hidden = raffles.length === 0;
  empty.hidden = raffles.length > 0;
  empty.textContent = 'There is no raffle to show right now.';
}

const raffleId = raffleParam();
if (raffleId === null) void pick();
else void showRaffle(raffleId);
