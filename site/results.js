// @ts-check
/**
 * The public results (results.html): every completed draw, grouped by prize, with its winners as the
 * server shows them to the public (first name and initial, functions/results/mask.ts), voided winners
 * and replacement draws marked, and each verifiable draw's commitment, files and the command that
 * checks it. The server never sends an address or a phone number, so this page cannot show one.
 */
/** @import { PublicDraw, ResultsAnswer, VerifiableView } from '../model/api' */
import { describeFailure, request, routePath } from './api.js';
import { byId, clear, el, showStatus } from './dom.js';
import { durationText, formatTime } from './format.js';
import { renderPrizeGroups } from './prize-groups.js';
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
}

request(routePath('results'))
  .then((answer) => {
    if (answer.res.ok) {
      render(/** @type {ResultsAnswer} */ (answer.body).draws);
    } else {
      empty.textContent = '';
      showStatus(status, 'error', describeFailure('The results could not be loaded', answer));
    }
  })
  .catch(() => {
    empty.textContent = '';
    showStatus(status, 'error', 'We could not reach the raffle. Check your connection and try again.');
  });
