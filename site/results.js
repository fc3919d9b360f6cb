// @ts-check
/**
 * The public results of one raffle (results.html?raffle=<id>): every completed draw, grouped by prize,
 * with its winners as the server shows them to the public (functions/results/mask.ts), voided and
 * erased winners linked to their replacement, replacement draws linked to the draw they replace, and
 * each verifiable draw's commitment and files. The results come first; how winners are drawn and shown,
 * and the command that checks a verifiable draw, follow folded. The server never sends an address or a
 * phone number, so this page cannot show one. With no raffle named: the public raffles to pick from.
 */
/** @import { PublicDraw, RaffleSummary, RaffleView, ResultsAnswer, VerifiableView } from '../model/api' */
/** @import { Answer } from './api.js' */
import { describeFailure, fillRoutePath, request } from './api.js';
import { byId, clear, el, showStatus } from './dom.js';
import { durationText, formatDeadline, formatTime } from './format.js';
import { adoptRaffleLanguage, t, tParts } from './i18n.js';
import { drawFilePath, showLabelCheck } from './label-check.js';
import { renderPrizeGroups } from './prize-groups.js';
import { inPhase, loadRaffles, raffleItem, startPublicPage } from './raffle-list.js';
import { pageFor, phaseOf, raffleParam, timingText } from './raffle-text.js';
import { config, isLocalBeacon } from './site-config.js';

startPublicPage();

const status = byId('status', HTMLElement);
const results = byId('results', HTMLElement);
const empty = byId('results-empty', HTMLElement);
const freshness = byId('freshness', HTMLElement);

// A verifiable draw's files (functions/draw/verifiable.ts publishes them, verify-draw reads them): two at its commitment, two at its reveal.
const COMMITMENT_FILES = ['commitment.json', 'pool.txt'];
const REVEAL_FILES = ['beacon.json', 'result.json'];

/**
 * The one time a draw happened (model/api.ts DrawTimes): when its winners were recorded.
 * @param {PublicDraw} draw
 */
function drawTime(draw) {
  return formatTime(draw.happenedAt || draw.completedAt || draw.drawnAt);
}

/**
 * The anchor of a draw on this page, so a replaced winner can point at the draw that replaced them.
 * @param {string} drawId
 */
function anchorOf(drawId) {
  return `draw-${drawId}`;
}

/**
 * A link to a draw shown on this page.
 * @param {string} drawId
 * @param {string} text
 */
function drawLink(drawId, text) {
  const a = el('a', '', text);
  a.href = `#${anchorOf(drawId)}`;
  return a;
}

/** @param {PublicDraw['winners'][number]} winner */
function winnerItem(winner) {
  const li = el('li', 'winner');
  li.dataset.status = winner.status;
  // A name is whatever someone typed: isolated (bdi), a right-to-left name keeps the punctuation after it on its side.
  if (winner.name === null || winner.status === 'erased') li.appendChild(el('span', 'name erased', t('results.erased')));
  else li.appendChild(el('bdi', 'name', winner.name));
  // Nobody is left to claim an erased winner's prize: an erased winner shows no claim, only its replacement.
  const claim = winner.status === 'erased' ? null : winner.claim;
  if (claim === 'unclaimed') {
    const words = winner.replacedBy
      ? tParts('results.replacedUnclaimed', { link: drawLink(winner.replacedBy, t('results.replacedLink')) })
      : [t('results.unclaimed')];
    li.appendChild(claimLine('unclaimed', words));
  } else if (winner.replacedBy) {
    const badge = el('span', 'badge badge-void');
    badge.append(`${t('results.replaced')}: `, drawLink(winner.replacedBy, t('results.replacedLink')));
    li.append(' ', badge);
  } else if (winner.status === 'void') li.append(' ', el('span', 'badge badge-void', t('results.voidNoReplacement')));
  else if (claim === 'claimed') li.append(' ', el('span', 'badge badge-claimed', t('results.claimed')));
  else if (claim === 'waiting' && winner.claimBy)
    li.appendChild(claimLine('waiting', [t('results.claimWaiting', { deadline: formatDeadline(winner.claimBy) })]));
  return li;
}

/**
 * A win's claim as a line under the name: waiting (until its deadline, in the reader's zone), or not
 * claimed in time (replaced, or about to be: the sweep replaces it at most LIMITS.claim.sweepMinutes
 * after the deadline). Too long for a badge beside the name on a phone.
 * @param {'waiting' | 'unclaimed'} claim
 * @param {(string | Node)[]} words
 */
function claimLine(claim, words) {
  const line = el('span', 'claim-line');
  line.dataset.claim = claim;
  line.append(...words);
  return line;
}

/**
 * A verifiable draw's commitment and its files (the command that checks it is in the folded help).
 * @param {PublicDraw} draw
 * @param {VerifiableView} commitment
 */
function verifiableBlock(draw, commitment) {
  const box = el('div', 'verifiable');
  const waiting = draw.status === 'committed';
  const beacon = isLocalBeacon(commitment) ? t('results.verifiable.local') : t('results.verifiable.drand');
  box.appendChild(
    el(
      'p',
      'commitment',
      t(waiting ? 'results.verifiable.committed' : 'results.verifiable.decided', { beacon, round: String(commitment.round) }),
    ),
  );
  box.appendChild(el('p', 'hash', t('results.verifiable.hash', { hash: commitment.poolHash.slice(0, 16) })));
  const files = el('p', 'files', `${t('results.verifiable.files')} `);
  (waiting ? COMMITMENT_FILES : [...COMMITMENT_FILES, ...REVEAL_FILES]).forEach((name, i) => {
    if (i > 0) files.appendChild(document.createTextNode(' · '));
    const a = el('a', '', name);
    a.href = drawFilePath(draw.drawId, name);
    files.appendChild(a);
  });
  box.appendChild(files);
  return box;
}

/**
 * How many the draw was about, one count only: a verifiable draw names its pool (those who had not won,
 * fixed at its commitment); a fast draw, everyone who had entered.
 * @param {PublicDraw} draw
 */
function countText(draw) {
  return draw.verifiable ? t('results.pool', { count: draw.verifiable.poolSize }) : t('results.entrants', { count: draw.entrantCount });
}

/**
 * @param {PublicDraw} draw
 * @param {ReadonlyMap<string, PublicDraw>} drawsById the draws shown: a replacement names the draw it replaces
 */
function drawItem(draw, drawsById) {
  const li = el('li', 'draw');
  li.id = anchorOf(draw.drawId);
  li.dataset.drawId = draw.drawId;
  // A verifiable draw waiting for its round has no winners yet: its time is its commitment's.
  const when = t(draw.status === 'committed' ? 'results.committedAt' : 'results.drawn', { time: drawTime(draw) });
  li.appendChild(el('p', 'meta', `${when} · ${countText(draw)}`));
  if (draw.replaces) {
    const original = drawsById.get(draw.replaces.drawId);
    const which = original
      ? drawLink(original.drawId, t('results.replacesDraw', { time: drawTime(original) }))
      : t('results.replacesEarlier');
    const p = el('p', 'replaces');
    p.append(...tParts('results.replaces', { draw: which }));
    li.appendChild(p);
  }
  // The winners first: what people came for; how a verifiable draw can be checked after them.
  const ul = el('ul', 'winners');
  if (draw.winners.length === 0)
    ul.appendChild(el('li', 'none', draw.status === 'committed' ? t('results.waiting') : t('results.noneLeft')));
  for (const winner of draw.winners) ul.appendChild(winnerItem(winner));
  li.appendChild(ul);
  if (draw.verifiable) li.appendChild(verifiableBlock(draw, draw.verifiable));
  return li;
}

/** @param {readonly PublicDraw[]} draws */
function render(draws) {
  const drawsById = new Map(draws.map((d) => [d.drawId, d]));
  clear(results);
  empty.hidden = draws.length > 0;
  empty.textContent = t('results.none');
  renderPrizeGroups(results, draws, 'h2', t('results.otherDraws'), (draw) => drawItem(draw, drawsById));
  if (draws.some((d) => d.verifiable)) byId('verify-help', HTMLElement).hidden = false;
  showLabelCheck(
    draws,
    (draw) =>
      `${draw.prize ?? t('results.otherDraws')} · ${t(draw.status === 'committed' ? 'results.committedAt' : 'results.drawn', { time: drawTime(draw) })}`,
  );
  freshness.textContent = t('results.freshness', { span: durationText(config.limits.resultsMaxAgeSeconds) });
}

/**
 * The raffle above its results: its title, its times, whether it offers verifiable draws, and a link to enter while it is open.
 * @param {RaffleView} raffle
 */
function renderRaffle(raffle) {
  const now = Date.now();
  const title = byId('title', HTMLElement);
  title.replaceChildren(...tParts('results.titleFor', { title: el('bdi', '', raffle.title) }));
  document.title = t('results.titleFor', { title: raffle.title });
  const timing = byId('timing', HTMLElement);
  timing.textContent = timingText(raffle, now);
  timing.hidden = false;
  if (raffle.verifiableDraws) byId('verify-help', HTMLElement).hidden = false;
  const phase = phaseOf(raffle, now);
  if (phase === 'open' || phase === 'upcoming') {
    const onward = byId('onward-link', HTMLAnchorElement);
    onward.href = pageFor('apply.html', raffle.raffleId);
    onward.textContent = phase === 'open' ? t('results.enter') : t('results.aboutRaffle');
  }
}

/** @param {Answer | null} answer null: the API could not be reached */
function fail(answer) {
  empty.textContent = '';
  showStatus(status, 'error', answer ? describeFailure(t('results.failed'), answer) : t('network.unreachable'));
}

/** @param {string} raffleId */
async function showRaffle(raffleId) {
  byId('verify-command', HTMLElement).textContent =
    `npm ci && npm run verify-draw -- --site ${window.location.origin} <${t('results.verifyDrawId')}>`;
  try {
    const [raffle, answer] = await Promise.all([
      request(fillRoutePath('raffle', { raffleId })),
      request(fillRoutePath('results', { raffleId })),
    ]);
    if (raffle.res.status === 404 || raffle.res.status === 400) {
      byId('title', HTMLElement).textContent = t('raffle.notFound');
      document.title = t('raffle.notFound');
      empty.textContent = t('results.notFound');
      byId('about', HTMLElement).hidden = true;
      return;
    }
    if (raffle.res.ok) {
      const view = /** @type {RaffleView} */ (raffle.body);
      adoptRaffleLanguage(view.language);
      renderRaffle(view);
    }
    if (answer.res.ok) render(/** @type {ResultsAnswer} */ (answer.body).draws);
    else fail(answer);
  } catch {
    fail(null);
  }
}

/** Every public raffle, drawn ones first, each a link to its results. */
async function pick() {
  byId('about', HTMLElement).hidden = true;
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
  empty.textContent = t('results.noRaffles');
}

const raffleId = raffleParam();
if (raffleId === null) void pick();
else void showRaffle(raffleId);
